//! A generated corpus for the search benchmark: questions in Dutch and English across every
//! sector, written from sentence templates about the things collectives really ask (money,
//! volunteers, members, the municipality, scaling up), with answers. Deterministic: the same
//! seed gives the same corpus.

use super::DocKind;
use super::engine::{SearchDoc, bit};
use crate::i18n::Locale;

/// splitmix64: small, fast and reproducible everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Per sector: (sector id in the reference data, Dutch subjects, English subjects).
const SECTORS: [(i64, &[&str], &[&str]); 9] = [
    (
        1,
        &[
            "het warmtenet",
            "de zonnedaken",
            "ons windproject",
            "de buurtbatterij",
            "de energiecoöperatie",
            "het zonnepark",
        ],
        &[
            "the heat network",
            "the solar roofs",
            "our wind project",
            "the neighbourhood battery",
            "the energy cooperative",
            "the solar park",
        ],
    ),
    (
        2,
        &[
            "de wooncoöperatie",
            "het CPO-project",
            "de woongroep",
            "ons woonproject",
            "de huurdersvereniging",
        ],
        &[
            "the housing cooperative",
            "the self-build project",
            "the co-housing group",
            "our housing project",
            "the tenants' association",
        ],
    ),
    (
        3,
        &[
            "de zorgcoöperatie",
            "het buurtzorgteam",
            "de dagbesteding",
            "onze mantelzorgers",
            "het zorgsteunpunt",
        ],
        &[
            "the care cooperative",
            "the neighbourhood care team",
            "the day programme",
            "our informal carers",
            "the care point",
        ],
    ),
    (
        4,
        &[
            "de voedselcoöperatie",
            "de buurtmoestuin",
            "de boerderijwinkel",
            "onze groentepakketten",
            "de zelfoogsttuin",
        ],
        &[
            "the food cooperative",
            "the community garden",
            "the farm shop",
            "our veg boxes",
            "the pick-your-own garden",
        ],
    ),
    (
        5,
        &[
            "het voedselbos",
            "het burgerbos",
            "de natuurwerkgroep",
            "de boomgaard",
        ],
        &[
            "the food forest",
            "the community woodland",
            "the nature group",
            "the orchard",
        ],
    ),
    (
        6,
        &[
            "de deelauto's",
            "de buurtbus",
            "de bakfietsen",
            "de laadpalen",
        ],
        &[
            "the shared cars",
            "the community bus",
            "the cargo bikes",
            "the charging points",
        ],
    ),
    (
        7,
        &[
            "het dorpshuis",
            "de dorpscoöperatie",
            "het buurtinitiatief",
            "de buurtkamer",
            "ons buurthuis",
        ],
        &[
            "the village hall",
            "the village cooperative",
            "the neighbourhood initiative",
            "the neighbourhood living room",
            "our community centre",
        ],
    ),
    (
        8,
        &["ons broodfonds", "de spaarkring", "het buurtfonds"],
        &[
            "our bread fund",
            "the savings circle",
            "the neighbourhood fund",
        ],
    ),
    (
        9,
        &[
            "het cultuurhuis",
            "het filmhuis",
            "het dorpsfestival",
            "het podium",
        ],
        &[
            "the arts centre",
            "the film house",
            "the village festival",
            "the stage",
        ],
    ),
];

/// Per challenge topic: (topic id, Dutch question frames, English question frames); `{}` is the
/// subject.
const TOPICS: [(i64, &[&str], &[&str]); 9] = [
    (
        1,
        &[
            "Hoe financieren we {} met ledenobligaties?",
            "Welke bank wil {} financieren?",
            "Hoe krijgen we een lening rond voor {}?",
            "Subsidie of crowdfunding voor {}?",
        ],
        &[
            "How do we finance {} with member bonds?",
            "Which bank will finance {}?",
            "How do we get a loan for {}?",
            "Subsidy or crowdfunding for {}?",
        ],
    ),
    (
        2,
        &[
            "Hoe houden we vrijwilligers vast bij {}?",
            "Te weinig vrijwilligers voor {}: wat werkt?",
            "Hoe voorkomen we dat het bestuur van {} opbrandt?",
        ],
        &[
            "How do we keep volunteers at {}?",
            "Too few volunteers for {}: what works?",
            "How do we stop the board of {} burning out?",
        ],
    ),
    (
        3,
        &[
            "Hoe betrekken we leden bij {}?",
            "Leden komen niet naar de ledenvergadering van {}",
            "Hoe bereiken we jongeren voor {}?",
        ],
        &[
            "How do we engage members in {}?",
            "Members skip the general meeting of {}",
            "How do we reach young people for {}?",
        ],
    ),
    (
        4,
        &[
            "De gemeente werkt niet mee aan {}: wat nu?",
            "Hoe krijgen we een vergunning voor {}?",
            "Welke afspraken maken we met de gemeente over {}?",
        ],
        &[
            "The municipality does not cooperate on {}: now what?",
            "How do we get a permit for {}?",
            "What should we agree with the municipality about {}?",
        ],
    ),
    (
        5,
        &[
            "Hoe schalen we {} op naar de hele regio?",
            "Samenwerken met andere collectieven rond {}?",
            "Groeien zonder de ziel van {} te verliezen",
        ],
        &[
            "How do we scale {} up to the whole region?",
            "Working with other collectives on {}?",
            "Growing without losing the soul of {}",
        ],
    ),
    (
        6,
        &[
            "Welke rechtsvorm past bij {}?",
            "Statuten en aansprakelijkheid voor {}",
            "Coöperatie of stichting voor {}?",
        ],
        &[
            "Which legal form suits {}?",
            "Articles and liability for {}",
            "Cooperative or foundation for {}?",
        ],
    ),
    (
        7,
        &[
            "Hoe vertellen we het verhaal van {}?",
            "Welke communicatie werkt voor {}?",
        ],
        &[
            "How do we tell the story of {}?",
            "What communication works for {}?",
        ],
    ),
    (
        8,
        &[
            "Hoe meten we de impact van {}?",
            "Welke gegevens over {} delen we met onderzoekers?",
        ],
        &[
            "How do we measure the impact of {}?",
            "Which data about {} do we share with researchers?",
        ],
    ),
    (
        9,
        &[
            "Hoe regelen we de administratie van {}?",
            "Welke software gebruiken jullie voor {}?",
        ],
        &[
            "How do we run the administration of {}?",
            "Which software do you use for {}?",
        ],
    ),
];

const NL_SENTENCES: &[&str] = &[
    "We zijn drie jaar geleden begonnen met een kleine groep bewoners.",
    "De ledenvergadering heeft ingestemd, maar de financiering is nog niet rond.",
    "Onze penningmeester stopt volgend jaar en niemand wil het overnemen.",
    "De gemeente vraagt om een businesscase voordat ze subsidie toekent.",
    "We hebben tweehonderd leden, maar slechts tien actieve vrijwilligers.",
    "Een lokale bank wil meedenken, maar vraagt om eigen vermogen.",
    "Hebben andere coöperaties ervaring met ledenobligaties of crowdfunding?",
    "Het bestuur wil professionaliseren zonder het vrijwillige karakter te verliezen.",
    "We zoeken voorbeelden van afspraken met de gemeente over grond en vergunningen.",
    "De provincie heeft een regeling, maar de voorwaarden zijn ingewikkeld.",
    "Hoe hebben jullie de eerste investering bij elkaar gekregen?",
    "Onze leden zijn vooral ouderen; jongeren haken snel af.",
    "We willen samenwerken met een zorgcoöperatie in het buurdorp.",
    "Het netbeheerder zegt dat er voorlopig geen capaciteit is.",
    "Onderzoekers van de hogeschool willen onze gegevens gebruiken.",
    "Wie heeft een goede begroting voor de eerste vijf jaar?",
];

const EN_SENTENCES: &[&str] = &[
    "We started three years ago with a small group of residents.",
    "The general meeting agreed, but the financing is not in place yet.",
    "Our treasurer steps down next year and nobody wants to take over.",
    "The municipality asks for a business case before granting a subsidy.",
    "We have two hundred members but only ten active volunteers.",
    "A local bank is willing to help but asks for equity first.",
    "Do other cooperatives have experience with member bonds or crowdfunding?",
    "The board wants to professionalise without losing the volunteer spirit.",
    "We are looking for examples of agreements with the municipality about land and permits.",
    "The province has a grant scheme, but the conditions are complicated.",
    "How did you raise the first investment?",
    "Most of our members are older; young people drop out quickly.",
    "We want to work with a care cooperative in the next village.",
    "The grid operator says there is no capacity for now.",
    "Researchers from the university want to use our data.",
    "Who has a good budget for the first five years?",
];

const NL_ANSWERS: &[&str] = &[
    "Wij hebben goede ervaringen met ledenobligaties van 250 euro tegen drie procent rente.",
    "Begin met een kleine pilot en laat de gemeente de resultaten zien.",
    "Maak taken klein en concreet, dan melden vrijwilligers zich sneller.",
    "Vraag de koepelorganisatie om een modelovereenkomst.",
    "Een revolverend fonds van de provincie heeft ons geholpen met de voorfinanciering.",
    "Organiseer de ledenvergadering op een andere plek en met eten erbij.",
    "Leg afspraken met de gemeente vast in een intentieovereenkomst.",
];

const EN_ANSWERS: &[&str] = &[
    "We had good results with member bonds of 250 euros at three percent interest.",
    "Start with a small pilot and show the municipality the results.",
    "Make tasks small and concrete; volunteers sign up more easily.",
    "Ask the umbrella organisation for a model agreement.",
    "A revolving fund from the province helped us with bridge financing.",
    "Hold the general meeting somewhere else and serve food.",
    "Put the agreements with the municipality in a letter of intent.",
];

const PLACES: &[&str] = &[
    "Zwolle",
    "Deventer",
    "Groningen",
    "Leeuwarden",
    "Assen",
    "Arnhem",
    "Utrecht",
    "Haarlem",
    "Delft",
    "Tilburg",
    "Maastricht",
    "Middelburg",
    "Almere",
    "Amersfoort",
    "Nijmegen",
];

/// The `n`-th generated question (0-based) of the corpus with this seed.
pub fn question(seed: u64, n: u64) -> SearchDoc {
    let mut rng = Rng::new(seed ^ n.wrapping_mul(0xA24B_AED4_963E_E407));
    let english = rng.below(100) < 40;
    let lang = if english { Locale::En } else { Locale::Nl };
    let (sector_id, nl_subjects, en_subjects) = *rng.pick(&SECTORS);
    let (topic_id, nl_frames, en_frames) = *rng.pick(&TOPICS);
    let subject = if english {
        *rng.pick(en_subjects)
    } else {
        *rng.pick(nl_subjects)
    };
    let frame = if english {
        *rng.pick(en_frames)
    } else {
        *rng.pick(nl_frames)
    };
    let place = *rng.pick(PLACES);
    let title = frame.replacen("{}", subject, 1);
    let sentences = if english { EN_SENTENCES } else { NL_SENTENCES };
    let mut body = String::new();
    body.push_str(&if english {
        format!("We are {subject} in {place}. ")
    } else {
        format!("Wij zijn {subject} in {place}. ")
    });
    for _ in 0..3 + rng.below(4) {
        body.push_str(rng.pick::<&str>(sentences));
        body.push(' ');
    }
    let mut texts = vec![(lang, body.trim_end().to_string())];
    let answers = rng.below(4);
    for _ in 0..answers {
        let answer_english = if rng.below(100) < 85 {
            english
        } else {
            !english
        };
        let pool = if answer_english {
            EN_ANSWERS
        } else {
            NL_ANSWERS
        };
        let mut text = String::new();
        for _ in 0..1 + rng.below(3) {
            text.push_str(rng.pick::<&str>(pool));
            text.push(' ');
        }
        texts.push((
            if answer_english {
                Locale::En
            } else {
                Locale::Nl
            },
            text.trim_end().to_string(),
        ));
    }
    let mut sector_mask = bit(sector_id);
    if rng.below(100) < 25 {
        sector_mask |= bit(rng.pick(&SECTORS).0);
    }
    let lab = match rng.below(10) {
        0 | 1 => 2 + rng.below(4) as u64,
        _ => 0,
    };
    let id = n as i64 + 1;
    SearchDoc {
        kind: Some(DocKind::Question),
        id,
        lang: Some(lang),
        title,
        body: texts,
        extra: place.to_string(),
        url: format!("/questions/{id}"),
        place: String::new(),
        sector_mask,
        topic_mask: bit(topic_id),
        lab_id: lab,
        status: 1 + rng.below(4) as u64,
        answer_count: answers as u64,
    }
}

/// Queries people type, in both languages, for the benchmark's query mix.
pub const QUERIES: &[&str] = &[
    "warmtenet financiering",
    "ledenobligaties",
    "how to finance a heat network",
    "vrijwilligers vasthouden",
    "keep volunteers",
    "gemeente vergunning",
    "municipality permit",
    "member bonds bank loan",
    "zorgcoöperatie samenwerken",
    "\"general meeting\"",
    "\"lokale bank\" lening",
    "subsidie crowdfunding zonnepark",
    "scale up region cooperative",
    "rechtsvorm coöperatie stichting",
    "young people members",
    "jongeren bereiken",
    "impact meten onderzoekers",
    "voedselbos",
    "repair cafe volunteers",
    "dorpshuis bestuur opbranden",
    "financiering warmtenet ledenobligaties gemeente",
    "how did others finance the solar park",
    "wooncoöperatie grond gemeente",
    "netbeheerder capaciteit",
];

/// Typos of real words, for the near-word part of the mix.
pub const TYPOS: &[&str] = &[
    "finacniering",
    "vrijwiligers",
    "munisipality",
    "crowdfundig",
    "coöperatei",
    "volunteeers",
    "subsidy bnak",
    "ledenobligaites",
];
