//! The `Msg` table: every UI string, declared once with its English and Dutch text, so a missing
//! translation is a compile error. A message crosses the wire (in errors) by its name.

use super::Locale;
use serde::{Deserialize, Serialize};

macro_rules! messages {
    ($($key:ident { en: $en:literal, nl: $nl:literal })*) => {
        /// A translatable UI string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg { $($key),* }

        impl Msg {
            pub fn text(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $(
                        (Msg::$key, Locale::En) => $en,
                        (Msg::$key, Locale::Nl) => $nl,
                    )*
                }
            }

            pub fn name(self) -> &'static str {
                match self { $(Msg::$key => stringify!($key),)* }
            }

            pub fn from_name(name: &str) -> Option<Msg> {
                match name { $(stringify!($key) => Some(Msg::$key),)* _ => None }
            }
        }
    };
}

// A message crosses the wire (in errors) by name.
impl Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Msg {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A name this build does not know (a newer server) falls back to a generic message.
        let name = String::deserialize(d)?;
        Ok(Msg::from_name(&name).unwrap_or(Msg::ErrorText))
    }
}

messages! {
    SiteName { en: "CollectivePower", nl: "CollectieveKracht" }
    SiteTagline { en: "Knowledge exchange for citizen collectives", nl: "Kennisuitwisseling voor burgercollectieven" }
    SkipToContent { en: "Skip to content", nl: "Naar de inhoud" }
    NavMain { en: "Main navigation", nl: "Hoofdnavigatie" }
    NavLabs { en: "Labs", nl: "Labs" }
    NavQuestions { en: "Questions", nl: "Vragen" }
    NavCollectives { en: "Collectives", nl: "Collectieven" }
    LanguageSwitch { en: "Language", nl: "Taal" }
    SwitchToOther { en: "Nederlands", nl: "English" }
    FooterAbout { en: "CollectivePower connects energy, housing, care, food and neighbourhood collectives with each other and with four Partner Labs, so that what one collective learned helps the next.", nl: "CollectieveKracht verbindt energie-, wonen-, zorg-, voedsel- en buurtcollectieven met elkaar en met vier Partner Labs, zodat wat het ene collectief leerde het volgende helpt." }
    FooterPillars { en: "Knowledge exchange · Building connections · Mapping the movement", nl: "Kennis delen · Verbindingen leggen · De beweging in kaart" }
    HomeHeroTitle { en: "Collectives learn faster together", nl: "Collectieven leren sneller samen" }
    HomeHeroText { en: "Thousands of citizen collectives hit the same walls once they are founded: money, volunteers, member engagement, the municipality, scaling up. Here a care cooperative's answer helps an energy cooperative, and banks, municipalities, umbrella organisations and researchers answer in their Partner Labs.", nl: "Duizenden burgercollectieven lopen na hun oprichting tegen dezelfde muren aan: geld, vrijwilligers, betrokken leden, de gemeente, opschalen. Hier helpt het antwoord van een zorgcoöperatie een energiecoöperatie, en beantwoorden banken, gemeenten, koepels en onderzoekers vragen in hun Partner Labs." }
    HomeBrowseQuestions { en: "Browse the questions", nl: "Bekijk de vragen" }
    HomeFindCollectives { en: "Find collectives", nl: "Vind collectieven" }
    HomeLabsTitle { en: "Five labs, one movement", nl: "Vijf labs, één beweging" }
    HomeLatestTitle { en: "Latest questions", nl: "Nieuwste vragen" }
    HomeStatsCollectives { en: "collectives", nl: "collectieven" }
    HomeStatsQuestions { en: "questions", nl: "vragen" }
    HomeStatsAnswers { en: "answers", nl: "antwoorden" }
    HomeStatsTitle { en: "The platform in figures", nl: "Het platform in cijfers" }
    AllQuestions { en: "All questions", nl: "Alle vragen" }
    LabQuestionsTitle { en: "Recent questions", nl: "Recente vragen" }
    LabRoutedExplainer { en: "Questions routed to this lab are answered by its partners; their answers carry the lab's badge.", nl: "Vragen die naar dit lab zijn doorgezet, worden beantwoord door de partners van het lab; hun antwoorden dragen het labkenmerk." }
    LabCollectivesExplainer { en: "The heart of the platform: every question from every collective, across sectors.", nl: "Het hart van het platform: elke vraag van elk collectief, over sectoren heen." }
    LabPartners { en: "Partners", nl: "Partners" }
    LabNoQuestions { en: "No questions here yet.", nl: "Hier zijn nog geen vragen." }
    LabOpenCount { en: "waiting for an answer", nl: "wachten op antwoord" }
    QuestionsTitle { en: "Questions", nl: "Vragen" }
    QuestionsIntro { en: "What collectives asked each other and the Partner Labs, newest first.", nl: "Wat collectieven elkaar en de Partner Labs vroegen, nieuwste eerst." }
    Asked { en: "Asked", nl: "Gevraagd" }
    RoutedTo { en: "Routed to", nl: "Doorgezet naar" }
    NoAnswersYet { en: "No answers yet. The lab's partners and other collectives can answer this question.", nl: "Nog geen antwoorden. Partners van het lab en andere collectieven kunnen deze vraag beantwoorden." }
    AcceptedAnswer { en: "Accepted answer", nl: "Geaccepteerd antwoord" }
    ExpertAnswer { en: "Expert answer", nl: "Expertantwoord" }
    StatusOpen { en: "Open", nl: "Open" }
    StatusAnswered { en: "Answered", nl: "Beantwoord" }
    StatusResolved { en: "Resolved", nl: "Opgelost" }
    StatusClosed { en: "Closed", nl: "Gesloten" }
    CollectivesTitle { en: "Collectives", nl: "Collectieven" }
    CollectivesIntro { en: "Citizen collectives on the platform, across sectors and provinces.", nl: "Burgercollectieven op het platform, over sectoren en provincies heen." }
    FilterSector { en: "Sector", nl: "Sector" }
    FilterProvince { en: "Province", nl: "Provincie" }
    FilterAll { en: "All", nl: "Alle" }
    FilterApply { en: "Filter", nl: "Filteren" }
    FilterReset { en: "Clear filters", nl: "Filters wissen" }
    NoCollectivesMatch { en: "No collectives match these filters.", nl: "Geen collectieven gevonden met deze filters." }
    Founded { en: "Founded", nl: "Opgericht" }
    Members { en: "Members", nl: "Leden" }
    Volunteers { en: "Volunteers", nl: "Vrijwilligers" }
    LegalForm { en: "Legal form", nl: "Rechtsvorm" }
    Stage { en: "Stage", nl: "Fase" }
    Umbrella { en: "Umbrella organisations", nl: "Koepelorganisaties" }
    Website { en: "Website", nl: "Website" }
    CollectiveQuestions { en: "Questions from this collective", nl: "Vragen van dit collectief" }
    CollectiveMembersOnPlatform { en: "Members on the platform", nl: "Leden op het platform" }
    NotFoundTitle { en: "Page not found", nl: "Pagina niet gevonden" }
    NotFoundText { en: "This page does not exist (any more). Perhaps the search or the labs will help.", nl: "Deze pagina bestaat niet (meer). Misschien helpen de labs of de vragenlijst verder." }
    BackHome { en: "Back to the home page", nl: "Terug naar de startpagina" }
    ErrorTitle { en: "Something went wrong", nl: "Er ging iets mis" }
    ErrorText { en: "We could not load this page. Please try again in a moment.", nl: "We konden deze pagina niet laden. Probeer het zo nog eens." }
    Loading { en: "Loading…", nl: "Laden…" }
    SearchLabel { en: "Search", nl: "Zoeken" }
    SearchTitle { en: "Search", nl: "Zoeken" }
    SearchButton { en: "Search", nl: "Zoek" }
    SearchPlaceholder { en: "Search questions and collectives", nl: "Zoek in vragen en collectieven" }
    SearchKindQuestions { en: "Questions", nl: "Vragen" }
    SearchKindCollectives { en: "Collectives", nl: "Collectieven" }
    SearchKindQuestion { en: "Question", nl: "Vraag" }
    SearchKindCollective { en: "Collective", nl: "Collectief" }
    SearchIntro { en: "Search the questions, answers and collectives of every sector, in Dutch and English at once. Put words between quotes for an exact phrase.", nl: "Zoek in de vragen, antwoorden en collectieven van alle sectoren, in het Nederlands en het Engels tegelijk. Zet woorden tussen aanhalingstekens voor een exacte zin." }
    SearchTry { en: "Try", nl: "Probeer" }
    SearchNoResults { en: "Nothing found for this search.", nl: "Niets gevonden voor deze zoekopdracht." }
    SearchTryWithout { en: "There are filters on. Try without:", nl: "Er staan filters aan. Probeer het zonder:" }
    SearchRemoveFilter { en: "Remove", nl: "Weghalen" }
    SearchNoResultsTips { en: "Check the spelling, use fewer or other words, or try the words in the other language.", nl: "Controleer de spelling, gebruik minder of andere woorden, of probeer de woorden in de andere taal." }
    SearchCorrected { en: "No exact match for some words; also searched for:", nl: "Sommige woorden kwamen niet precies voor; ook gezocht op:" }
    SearchQueryCut { en: "Your search was very long; only its first 200 characters were used.", nl: "Je zoekopdracht was erg lang; alleen de eerste 200 tekens zijn gebruikt." }
    SearchIndexBuilding { en: "Search is being rebuilt; results may be incomplete for a moment.", nl: "De zoekfunctie wordt opnieuw opgebouwd; resultaten kunnen even onvolledig zijn." }
    SearchNothingSearchable { en: "Type one or more words to search for.", nl: "Typ een of meer woorden om op te zoeken." }
    SearchPages { en: "More results", nl: "Meer resultaten" }
    SearchPrevious { en: "Previous", nl: "Vorige" }
    SearchNext { en: "Next", nl: "Volgende" }
    FilterType { en: "Type", nl: "Soort" }
    FilterLab { en: "Lab", nl: "Lab" }
    FilterTopic { en: "Topic", nl: "Thema" }
    FilterStatus { en: "Status", nl: "Status" }
    NextPage { en: "Older", nl: "Ouder" }
    Pagination { en: "Pages", nl: "Pagina's" }
    // issue 15: bounded pages (history, thread, collectives, lists)
    HistoryNewer { en: "Newer versions", nl: "Nieuwere versies" }
    HistoryOlder { en: "Older versions", nl: "Oudere versies" }
    HistoryNotCompared { en: "Too large to compare word by word: the whole text is shown as replaced.", nl: "Te groot om woord voor woord te vergelijken: de hele tekst staat er als vervangen." }
    TooManyEdits { en: "You have saved many edits in the last hour. Please wait a while before editing again.", nl: "Je hebt het afgelopen uur veel bewerkingen opgeslagen. Wacht even voordat je weer iets bewerkt." }
    PreviousPage { en: "Previous page", nl: "Vorige pagina" }
    FollowingPage { en: "Next page", nl: "Volgende pagina" }
    PageNumber { en: "Page", nl: "Pagina" }
    AnswerPages { en: "Pages of answers", nl: "Pagina's met antwoorden" }
    MoreComments { en: "more comments", nl: "meer reacties" }
    AllComments { en: "All comments", nl: "Alle reacties" }
    BackToThread { en: "Back to the question", nl: "Terug naar de vraag" }
    // end of issue 15: bounded pages
    FormerMember { en: "former member", nl: "voormalig lid" }
    SignIn { en: "Sign in", nl: "Inloggen" }
    SignUp { en: "Create account", nl: "Account maken" }
    SignOut { en: "Sign out", nl: "Uitloggen" }
    SignUpIntro { en: "One account for your questions, answers and collectives. Your email address is never shown to others.", nl: "Eén account voor je vragen, antwoorden en collectieven. Je e-mailadres is nooit zichtbaar voor anderen." }
    SignUpSubmit { en: "Create my account", nl: "Maak mijn account" }
    NoAccountYet { en: "No account yet?", nl: "Nog geen account?" }
    HaveAccount { en: "Already have an account?", nl: "Heb je al een account?" }
    Email { en: "Email address", nl: "E-mailadres" }
    Password { en: "Password", nl: "Wachtwoord" }
    PasswordHint { en: "At least 10 characters; a few words in a row work well.", nl: "Minstens 10 tekens; een paar woorden achter elkaar werkt goed." }
    DisplayName { en: "Name", nl: "Naam" }
    CurrentPassword { en: "Current password", nl: "Huidig wachtwoord" }
    NewPassword { en: "New password", nl: "Nieuw wachtwoord" }
    SignInRequired { en: "Please sign in to continue.", nl: "Log in om verder te gaan." }
    Forbidden { en: "Your account may not do this.", nl: "Je account mag dit niet." }
    ForbiddenTitle { en: "Not allowed", nl: "Niet toegestaan" }
    RateLimited { en: "Too many attempts. Wait a minute and try again.", nl: "Te veel pogingen. Wacht een minuut en probeer het opnieuw." }
    EmailMissing { en: "Enter your email address.", nl: "Vul je e-mailadres in." }
    EmailInvalid { en: "This is not a valid email address.", nl: "Dit is geen geldig e-mailadres." }
    EmailTaken { en: "An account with this email address already exists. Sign in instead?", nl: "Er bestaat al een account met dit e-mailadres. Wil je inloggen?" }
    PasswordMissing { en: "Enter your password.", nl: "Vul je wachtwoord in." }
    PasswordTooShort { en: "Use at least 10 characters.", nl: "Gebruik minstens 10 tekens." }
    PasswordTooLong { en: "Use at most 128 characters.", nl: "Gebruik hoogstens 128 tekens." }
    WrongCredentials { en: "The email address or password is not right.", nl: "Het e-mailadres of wachtwoord klopt niet." }
    WrongPassword { en: "This password is not right.", nl: "Dit wachtwoord klopt niet." }
    NameMissing { en: "Enter your name.", nl: "Vul je naam in." }
    NameInvalid { en: "Use 2 to 60 characters.", nl: "Gebruik 2 tot 60 tekens." }
    AccountTitle { en: "Your account", nl: "Je account" }
    MemberSince { en: "Member since", nl: "Lid sinds" }
    ChangePassword { en: "Change password", nl: "Wachtwoord wijzigen" }
    PasswordChanged { en: "Your password is changed. Other devices are signed out.", nl: "Je wachtwoord is gewijzigd. Andere apparaten zijn uitgelogd." }
    YourData { en: "Your data", nl: "Je gegevens" }
    YourDataText { en: "Download everything the platform holds about you: your account, memberships, questions, answers and sessions, as a JSON file.", nl: "Download alles wat het platform over je bewaart: je account, lidmaatschappen, vragen, antwoorden en sessies, als JSON-bestand." }
    DownloadData { en: "Download my data", nl: "Download mijn gegevens" }
    DeleteAccount { en: "Delete my account", nl: "Mijn account verwijderen" }
    DeleteAccountText { en: "Your name, email address, memberships and roles are removed for good. Your questions and answers stay, shown as by a former member, so threads others rely on stay whole.", nl: "Je naam, e-mailadres, lidmaatschappen en rollen worden definitief verwijderd. Je vragen en antwoorden blijven staan, als van een voormalig lid, zodat gesprekken waar anderen op bouwen heel blijven." }
    DeleteConfirm { en: "Yes, delete my account", nl: "Ja, verwijder mijn account" }
    DeleteConfirmMissing { en: "Tick the box to confirm.", nl: "Vink het vakje aan om te bevestigen." }
    RoleModerator { en: "Moderator", nl: "Moderator" }
    RoleAdmin { en: "Admin", nl: "Beheerder" }
    RoleCollectiveAdmin { en: "admin", nl: "beheerder" }
    ProfileLabs { en: "Partner in", nl: "Partner in" }
    ProfileCollectives { en: "Collectives", nl: "Collectieven" }
    ProfileNoCollectives { en: "Not a member of a collective on the platform yet.", nl: "Nog geen lid van een collectief op het platform." }
    ProfileQuestions { en: "Questions", nl: "Vragen" }
    ProfileAnswers { en: "Answers", nl: "Antwoorden" }
    ProfileNone { en: "None yet.", nl: "Nog geen." }
    AdminTitle { en: "Admin", nl: "Beheer" }
    AdminSearch { en: "Name or email address", nl: "Naam of e-mailadres" }
    GrantPartner { en: "Make partner", nl: "Maak partner" }
    RevokePartner { en: "Remove", nl: "Verwijder" }
    GrantModerator { en: "Make moderator", nl: "Maak moderator" }
    RevokeModerator { en: "Remove moderator role", nl: "Moderatorrol intrekken" }
    Organisation { en: "Organisation", nl: "Organisatie" }
    OrganisationInvalid { en: "Name the organisation (2 to 120 characters).", nl: "Noem de organisatie (2 tot 120 tekens)." }
    LabInvalid { en: "Choose a Partner Lab.", nl: "Kies een Partner Lab." }
    MembershipTitle { en: "Membership", nl: "Lidmaatschap" }
    MembershipAsk { en: "Ask to join", nl: "Vraag lidmaatschap aan" }
    MembershipPending { en: "Your request to join is waiting for the collective's admins.", nl: "Je aanvraag wacht op de beheerders van het collectief." }
    MembershipActive { en: "You are a member of this collective.", nl: "Je bent lid van dit collectief." }
    MembershipAdmin { en: "You are an admin of this collective.", nl: "Je bent beheerder van dit collectief." }
    MembershipRefused { en: "Your earlier request was declined. You can ask again.", nl: "Je eerdere aanvraag is afgewezen. Je kunt het opnieuw vragen." }
    MembershipSignInToJoin { en: "Sign in to join", nl: "Log in om lid te worden" }
    JoinRequestsTitle { en: "Join requests", nl: "Aanvragen" }
    JoinRequestsNone { en: "No open requests.", nl: "Geen openstaande aanvragen." }
    JoinApprove { en: "Approve", nl: "Goedkeuren" }
    JoinRefuse { en: "Decline", nl: "Afwijzen" }
    NewCollectiveTitle { en: "Add your collective", nl: "Voeg je collectief toe" }
    NewCollectiveIntro { en: "Put your collective on the map. You become its first admin and can approve the members who join.", nl: "Zet je collectief op de kaart. Je wordt de eerste beheerder en keurt de leden goed die zich aanmelden." }
    NewCollectiveSubmit { en: "Add collective", nl: "Collectief toevoegen" }
    CollectiveName { en: "Name of the collective", nl: "Naam van het collectief" }
    CollectiveSectors { en: "Sectors", nl: "Sectoren" }
    Municipality { en: "Municipality", nl: "Gemeente" }
    UmbrellasHint { en: "Separate several with commas.", nl: "Scheid er meerdere met komma's." }
    DescriptionNl { en: "Description (Dutch)", nl: "Beschrijving (Nederlands)" }
    DescriptionEn { en: "Description (English)", nl: "Beschrijving (Engels)" }
    ConsentOpenData { en: "Our profile may be part of the platform's open data (for research).", nl: "Ons profiel mag deel zijn van de open data van het platform (voor onderzoek)." }
    CollectiveNameInvalid { en: "Use 2 to 120 characters.", nl: "Gebruik 2 tot 120 tekens." }
    SectorsMissing { en: "Choose at least one sector.", nl: "Kies minstens één sector." }
    MunicipalityInvalid { en: "Enter the municipality (2 to 80 characters).", nl: "Vul de gemeente in (2 tot 80 tekens)." }
    ProvinceMissing { en: "Choose a province.", nl: "Kies een provincie." }
    LegalFormMissing { en: "Choose a legal form.", nl: "Kies een rechtsvorm." }
    StageMissing { en: "Choose a stage.", nl: "Kies een fase." }
    NumberInvalid { en: "Enter a whole number in the expected range, or leave it empty.", nl: "Vul een heel getal binnen het verwachte bereik in, of laat het leeg." }
    WebsiteInvalid { en: "Enter a web address starting with https://.", nl: "Vul een webadres in dat begint met https://." }
    UmbrellasInvalid { en: "At most 10 names of at most 120 characters.", nl: "Hoogstens 10 namen van hoogstens 120 tekens." }
    DescriptionTooLong { en: "Use at most 4,000 characters.", nl: "Gebruik hoogstens 4.000 tekens." }
    AccountDeleted { en: "Your account is deleted. Thank you for what you shared.", nl: "Je account is verwijderd. Bedankt voor wat je hebt gedeeld." }
    AcceptThisAnswer { en: "Accept this answer", nl: "Accepteer dit antwoord" }
    YourAnswer { en: "Your answer", nl: "Jouw antwoord" }
    AnswerHint { en: "Markdown works: **bold**, lists, [links](https://…). Share what worked for your collective, and what did not.", nl: "Markdown werkt: **vet**, lijstjes, [links](https://…). Deel wat bij jullie collectief werkte, en wat niet." }
    PostAnswer { en: "Post answer", nl: "Antwoord plaatsen" }
    SignInToAnswer { en: "Sign in to answer", nl: "Log in om te antwoorden" }
    AnswerMissing { en: "Write your answer (at least 2 characters).", nl: "Schrijf je antwoord (minstens 2 tekens)." }
    AnswerTooLong { en: "Use at most 20,000 characters.", nl: "Gebruik hoogstens 20.000 tekens." }
    QuestionClosed { en: "This question is closed for new answers.", nl: "Deze vraag is gesloten voor nieuwe antwoorden." }
    InvalidRequest { en: "This request is not valid.", nl: "Dit verzoek is niet geldig." }
    OwnPostVote { en: "You cannot vote on your own post.", nl: "Je kunt niet op je eigen bericht stemmen." }
    SortBy { en: "Sort questions", nl: "Vragen sorteren" }
    SortNewest { en: "Newest", nl: "Nieuwste" }
    SortActive { en: "Active", nl: "Actief" }
    SortVotes { en: "Most votes", nl: "Meeste stemmen" }
    SortUnanswered { en: "Unanswered", nl: "Onbeantwoord" }
    AnyChoice { en: "Any", nl: "Alle" }
    FilterUnanswered { en: "Only without answers", nl: "Alleen zonder antwoorden" }
    ApplyFilters { en: "Apply", nl: "Toepassen" }
    TitleTooShort { en: "Write a title of at least 10 characters.", nl: "Schrijf een titel van minstens 10 tekens." }
    TitleTooLong { en: "Keep the title under 150 characters.", nl: "Houd de titel onder de 150 tekens." }
    QuestionBodyTooShort { en: "Describe your question in at least 20 characters.", nl: "Beschrijf je vraag in minstens 20 tekens." }
    TopicsMissing { en: "Choose at least one challenge.", nl: "Kies minstens één uitdaging." }
    ChoiceUnknown { en: "Choose one of the options.", nl: "Kies een van de mogelijkheden." }
    CommentMissing { en: "Write your comment (at least 2 characters).", nl: "Schrijf je reactie (minstens 2 tekens)." }
    CommentTooLong { en: "Use at most 1,000 characters.", nl: "Gebruik hoogstens 1.000 tekens." }
    VoteUp { en: "Useful", nl: "Nuttig" }
    VoteDown { en: "Not useful", nl: "Niet nuttig" }
    Score { en: "Score", nl: "Score" }
    Comments { en: "Comments", nl: "Reacties" }
    AddComment { en: "Add a comment", nl: "Reageer" }
    PostComment { en: "Post comment", nl: "Plaats reactie" }
    Follow { en: "Follow", nl: "Volgen" }
    Following { en: "Following ✓", nl: "Volgend ✓" }
    Edit { en: "Edit", nl: "Bewerken" }
    Edited { en: "edited · history", nl: "bewerkt · geschiedenis" }
    EditConflict { en: "Someone saved a newer version while you were editing; it is shown here. Your text was not saved but is kept: save again to replace the newer version.", nl: "Iemand heeft intussen een nieuwere versie opgeslagen; die staat hier. Je tekst is niet opgeslagen maar bewaard: sla opnieuw op om de nieuwere versie te vervangen." }
    NewerVersion { en: "The newer version", nl: "De nieuwere versie" }
    Write { en: "Write", nl: "Schrijven" }
    PlainTextHint { en: "Plain text; an empty line starts a new paragraph.", nl: "Platte tekst; een lege regel begint een nieuwe alinea." }
    EditReasonRequiredHint { en: "Required: you are editing someone else's text. Shown in the history and the moderation log.", nl: "Verplicht: je bewerkt de tekst van iemand anders. Staat in de geschiedenis en het moderatielogboek." }
    Suspended { en: "Your account is suspended by a moderator: you can read, but not post, vote or flag until the suspension ends. Your notifications say why.", nl: "Je account is door een moderator geschorst: je kunt lezen, maar niets plaatsen, stemmen of melden tot de schorsing afloopt. Je meldingen zeggen waarom." }
    // issue 15: suspension everywhere, founding limits (helper B)
    SuspendedStaff { en: "Your account is suspended: until the suspension ends you can read, but not use moderator, admin or collective-admin powers.", nl: "Je account is geschorst: tot de schorsing afloopt kun je lezen, maar geen moderator-, beheerders- of collectiefbeheerdersrechten gebruiken." }
    CollectivesPerDay { en: "You have added the most collectives allowed in a day. Please try again tomorrow.", nl: "Je hebt het maximale aantal collectieven voor vandaag toegevoegd. Probeer het morgen opnieuw." }
    NewAccountCollectiveLinks { en: "New accounts can give at most 2 links for a collective (the website counts as one). Remove some links; this limit ends 3 days after you joined.", nl: "Nieuwe accounts kunnen hoogstens 2 links bij een collectief opgeven (de website telt als een). Haal links weg; deze grens vervalt 3 dagen na je aanmelding." }
    // end of issue 15: suspension everywhere
    // issue 15: hidden content and redaction (helper D)
    LogRedact { en: "redacted an old version of a", nl: "wiste een oude versie van een" }
    RedactVersion { en: "Redact this version", nl: "Deze versie wissen" }
    RedactReason { en: "Reason for redacting", nl: "Reden om te wissen" }
    RedactHint { en: "The text of this version is erased for everyone, for good (the current text stays; edit it if it holds the same). The reason goes into the public moderation log: do not repeat what you remove.", nl: "De tekst van deze versie wordt voor iedereen en voorgoed gewist (de huidige tekst blijft; bewerk die als hij hetzelfde bevat). De reden komt in het openbare moderatielogboek: herhaal niet wat je weghaalt." }
    VersionRedacted { en: "The text of this version was redacted by a moderator.", nl: "De tekst van deze versie is door een moderator gewist." }
    CurrentVersionNotRedactable { en: "The current version cannot be redacted: edit the text instead.", nl: "De huidige versie kun je niet wissen: bewerk de tekst." }
    AlreadyRedacted { en: "This version was redacted already.", nl: "Deze versie is al gewist." }
    // end of issue 15: hidden content and redaction
    ThreadLocked { en: "This thread is locked by a moderator: it takes no new answers or comments.", nl: "Deze draad is door een moderator gesloten: er kunnen geen antwoorden of reacties meer bij." }
    ThreadLockedNotice { en: "Locked by a moderator: no new answers or comments. The moderation log says why.", nl: "Gesloten door een moderator: geen nieuwe antwoorden of reacties. Het moderatielogboek zegt waarom." }
    OwnPostFlag { en: "You cannot flag your own post; edit it instead.", nl: "Je kunt je eigen bericht niet melden; bewerk het liever." }
    AlreadyFlagged { en: "You flagged this post already; a moderator will look at it.", nl: "Je hebt dit bericht al gemeld; een moderator kijkt ernaar." }
    FlagReasonRequired { en: "Choose why you flag this post.", nl: "Kies waarom je dit bericht meldt." }
    FlagNoteRequired { en: "Tell the moderators what is wrong (at least 3 characters).", nl: "Vertel de moderators wat er mis is (minstens 3 tekens)." }
    Flag { en: "Flag", nl: "Melden" }
    FlagWhy { en: "What is wrong with this post?", nl: "Wat is er mis met dit bericht?" }
    FlagNote { en: "Note for the moderators (optional; required for “other”)", nl: "Toelichting voor de moderators (optioneel; verplicht bij “anders”)" }
    SendFlag { en: "Send to the moderators", nl: "Naar de moderators sturen" }
    FlagThanks { en: "Thank you: a moderator will look at it.", nl: "Dank je: een moderator kijkt ernaar." }
    FlagSpam { en: "Spam or advertising", nl: "Spam of reclame" }
    FlagOffTopic { en: "Off-topic", nl: "Hoort hier niet" }
    FlagAbusive { en: "Abusive or hurtful", nl: "Beledigend of kwetsend" }
    FlagNeedsExpert { en: "Needs an expert (a Partner Lab should answer)", nl: "Vraagt om een expert (een Partner Lab moet antwoorden)" }
    FlagOther { en: "Something else", nl: "Iets anders" }
    Flags { en: "flags", nl: "meldingen" }
    Moderate { en: "Moderate", nl: "Modereren" }
    ModReason { en: "Reason", nl: "Reden" }
    ModReasonHint { en: "Shown in the public moderation log (3–300 characters).", nl: "Staat in het openbare moderatielogboek (3–300 tekens)." }
    ModReasonRequired { en: "Give the reason for this action (at least 3 characters); it is shown in the moderation log.", nl: "Geef de reden van deze actie (minstens 3 tekens); die staat in het moderatielogboek." }
    ModDismiss { en: "Dismiss flags", nl: "Meldingen afwijzen" }
    ModHide { en: "Hide", nl: "Verbergen" }
    ModDelete { en: "Delete", nl: "Verwijderen" }
    ModRestore { en: "Show again", nl: "Weer tonen" }
    ModLock { en: "Lock thread", nl: "Draad sluiten" }
    ModUnlock { en: "Unlock thread", nl: "Draad heropenen" }
    ModWarn { en: "Warn the author", nl: "Schrijver waarschuwen" }
    ModSuspend { en: "Suspend", nl: "Schorsen" }
    ModUnsuspend { en: "Lift the suspension", nl: "Schorsing opheffen" }
    ModPin { en: "Pin to the lab page", nl: "Vastzetten op de labpagina" }
    ModUnpin { en: "Unpin", nl: "Losmaken" }
    ModDuplicate { en: "Close as duplicate", nl: "Sluiten als dubbele vraag" }
    SuspendDays { en: "Days", nl: "Dagen" }
    SuspendDaysRange { en: "A suspension lasts 1 to 365 days.", nl: "Een schorsing duurt 1 tot 365 dagen." }
    SuspendedUntil { en: "Suspended until", nl: "Geschorst tot" }
    ThreadTools { en: "Thread tools", nl: "Draadbeheer" }
    PinLab { en: "Lab page", nl: "Labpagina" }
    ChooseLab { en: "Choose a lab.", nl: "Kies een lab." }
    DuplicateOf { en: "Duplicate of", nl: "Dubbel met" }
    DuplicateOfHint { en: "The number or address of the question that stays; this thread's answers move there.", nl: "Het nummer of adres van de vraag die blijft; de antwoorden van deze draad gaan daarheen." }
    DuplicateTargetInvalid { en: "Give the number or address of a visible question that is not itself a duplicate.", nl: "Geef het nummer of adres van een zichtbare vraag die zelf geen dubbele vraag is." }
    DuplicateOfItself { en: "A question cannot be a duplicate of itself.", nl: "Een vraag kan niet dubbel zijn met zichzelf." }
    AlreadyDuplicate { en: "This question was closed as a duplicate already.", nl: "Deze vraag is al als dubbel gesloten." }
    HiddenPost { en: "Hidden by a moderator — only moderators see this", nl: "Verborgen door een moderator — alleen moderators zien dit" }
    DeletedPost { en: "Deleted by a moderator — only moderators see this", nl: "Verwijderd door een moderator — alleen moderators zien dit" }
    NavModeration { en: "Moderation", nl: "Moderatie" }
    FlagQueue { en: "Flags to review", nl: "Meldingen te beoordelen" }
    FlagQueueLead { en: "Most flagged first, then the longest waiting. Every action needs a reason and appears in the public log.", nl: "Meest gemeld eerst, dan wat het langst wacht. Elke actie vraagt een reden en komt in het openbare logboek." }
    FlagQueueEmpty { en: "No open flags. Well done.", nl: "Geen open meldingen. Goed gedaan." }
    KindQuestion { en: "question", nl: "vraag" }
    KindAnswer { en: "answer", nl: "antwoord" }
    KindComment { en: "comment", nl: "reactie" }
    KindMember { en: "member", nl: "lid" }
    KindCollective { en: "collective profile", nl: "collectiefprofiel" }
    KindLab { en: "lab page", nl: "labpagina" }
    WrittenBy { en: "Written by", nl: "Geschreven door" }
    ModerationLog { en: "Moderation log", nl: "Moderatielogboek" }
    ModerationLogLead { en: "Everything moderators did, when and why. The log names the role, not the person.", nl: "Alles wat moderators deden, wanneer en waarom. Het logboek noemt de rol, niet de persoon." }
    AuditLog { en: "Audit log", nl: "Auditlogboek" }
    LogEmpty { en: "Nothing in the log yet.", nl: "Nog niets in het logboek." }
    LogWhen { en: "When", nl: "Wanneer" }
    LogWho { en: "Who", nl: "Wie" }
    LogWhat { en: "What", nl: "Wat" }
    LogReason { en: "Reason", nl: "Reden" }
    LogMember { en: "member:", nl: "lid:" }
    LogDismiss { en: "dismissed flags on a", nl: "wees meldingen af over een" }
    LogHide { en: "hid a", nl: "verborg een" }
    LogDelete { en: "deleted a", nl: "verwijderde een" }
    LogRestore { en: "showed again a", nl: "toonde weer een" }
    LogLock { en: "locked the thread of a", nl: "sloot de draad van een" }
    LogUnlock { en: "unlocked the thread of a", nl: "heropende de draad van een" }
    LogPin { en: "pinned a", nl: "zette vast: een" }
    LogUnpin { en: "unpinned a", nl: "maakte los: een" }
    LogDuplicate { en: "closed as duplicate a", nl: "sloot als dubbel een" }
    LogWarn { en: "warned a", nl: "waarschuwde een" }
    LogSuspend { en: "suspended a", nl: "schorste een" }
    LogUnsuspend { en: "lifted the suspension of a", nl: "hief de schorsing op van een" }
    LogEdit { en: "edited a", nl: "bewerkte een" }
    PinnedQuestions { en: "Pinned by the moderators", nl: "Vastgezet door de moderators" }
    NotificationWarned { en: "A moderator warned you", nl: "Een moderator heeft je gewaarschuwd" }
    NotificationSuspended { en: "A moderator suspended your account until", nl: "Een moderator heeft je account geschorst tot" }
    NotificationUnsuspended { en: "A moderator lifted your suspension", nl: "Een moderator heeft je schorsing opgeheven" }
    EditPostTitle { en: "Edit post", nl: "Bericht bewerken" }
    QuestionTitleLabel { en: "Title", nl: "Titel" }
    QuestionTitleHint { en: "One sentence: what do you want to know?", nl: "Eén zin: wat wil je weten?" }
    BodyLabel { en: "Text", nl: "Tekst" }
    QuestionBodyHint { en: "Your situation, what you tried, what you need. Markdown: **bold**, lists, [links](https://…).", nl: "Je situatie, wat je al probeerde, wat je nodig hebt. Markdown: **vet**, lijstjes, [links](https://…)." }
    SaveEdit { en: "Save", nl: "Opslaan" }
    NewAccountLinks { en: "New accounts can put at most 2 links in a post. Remove some links; this limit ends 3 days after you joined.", nl: "Nieuwe accounts kunnen hoogstens 2 links in een bericht zetten. Haal links weg; deze grens vervalt 3 dagen na je aanmelding." }
    NewAccountPostsPerHour { en: "New accounts can post 10 times an hour. Please wait a while; this limit ends 3 days after you joined.", nl: "Nieuwe accounts kunnen 10 keer per uur iets plaatsen. Wacht even; deze grens vervalt 3 dagen na je aanmelding." }
    EditReason { en: "Reason for the edit", nl: "Reden van de wijziging" }
    EditReasonHint { en: "Shown in the history. Required when you edit someone else's post.", nl: "Staat in de geschiedenis. Verplicht als je het bericht van iemand anders wijzigt." }
    EditReasonRequired { en: "Say why you change someone else's post (at least 3 characters).", nl: "Zeg waarom je het bericht van iemand anders wijzigt (minstens 3 tekens)." }
    ReasonTooLong { en: "Keep the reason under 300 characters.", nl: "Houd de reden onder de 300 tekens." }
    RestoreVersion { en: "Restore this version", nl: "Deze versie terugzetten" }
    Cancel { en: "Cancel", nl: "Annuleren" }
    History { en: "History", nl: "Geschiedenis" }
    Version { en: "Version", nl: "Versie" }
    AskQuestion { en: "Ask a question", nl: "Stel een vraag" }
    AskTitle { en: "Ask a question", nl: "Stel een vraag" }
    AskIntro { en: "Collectives in every sector hit the same walls. Ask yours; answers may come from a care cooperative, an energy cooperative or a Partner Lab.", nl: "Collectieven in alle sectoren lopen tegen dezelfde muren aan. Stel je vraag; antwoorden kunnen komen van een zorgcoöperatie, een energiecoöperatie of een Partner Lab." }
    QuestionSectors { en: "Sectors it concerns", nl: "Sectoren waar het om gaat" }
    QuestionTopics { en: "Challenges", nl: "Uitdagingen" }
    AskForCollective { en: "On behalf of", nl: "Namens" }
    AskForCollectiveHint { en: "Optional: the collective you ask for.", nl: "Optioneel: het collectief namens wie je vraagt." }
    RouteToLab { en: "Route to a Partner Lab", nl: "Doorsturen naar een Partner Lab" }
    RouteToLabHint { en: "Optional: the lab's partners see it in their queue and answer as experts.", nl: "Optioneel: de partners van het lab zien de vraag in hun wachtrij en antwoorden als expert." }
    Preview { en: "Preview", nl: "Voorbeeld" }
    PostQuestion { en: "Post question", nl: "Plaats vraag" }
    SimilarQuestions { en: "Similar questions, from every sector", nl: "Vergelijkbare vragen, uit alle sectoren" }
    Notifications { en: "Notifications", nl: "Meldingen" }
    MarkAllRead { en: "Mark all read", nl: "Alles gelezen" }
    NoNotifications { en: "No notifications yet. Follow a question to hear about new answers.", nl: "Nog geen meldingen. Volg een vraag om over nieuwe antwoorden te horen." }
    NotificationAnswered { en: "answered", nl: "beantwoordde" }
    // Lab dashboards, statistics and the platform overview (issue 7).
    DashboardTitle { en: "Dashboard", nl: "Dashboard" }
    DashboardRoutedScope { en: "How this lab serves the collectives: the questions routed to it. Time-based figures cover the last 12 months.", nl: "Hoe dit lab de collectieven helpt: de vragen die ernaar zijn doorgezet. Cijfers over tijd gaan over de laatste 12 maanden." }
    DashboardAllScope { en: "Every question on the platform. Time-based figures cover the last 12 months.", nl: "Alle vragen op het platform. Cijfers over tijd gaan over de laatste 12 maanden." }
    DashboardUpdated { en: "Figures of", nl: "Cijfers van" }
    DashboardRefreshNote { en: "this page updates itself every 30 seconds.", nl: "deze pagina werkt zichzelf elke 30 seconden bij." }
    StatsTitle { en: "Statistics", nl: "Statistieken" }
    StatsIntro { en: "Mapping the movement: how questions flow through the platform and its five labs, and who answers them.", nl: "De beweging in kaart: hoe vragen door het platform en zijn vijf labs gaan, en wie ze beantwoordt." }
    OverviewTitle { en: "Platform overview", nl: "Platformoverzicht" }
    OverviewIntro { en: "The figures of all labs together, and what needs the admins' attention.", nl: "De cijfers van alle labs samen, en wat aandacht van de beheerders vraagt." }
    OpsTitle { en: "Needs attention", nl: "Vraagt aandacht" }
    OpsMembers { en: "Members", nl: "Leden" }
    OpsNewMembers { en: "New members (30 days)", nl: "Nieuwe leden (30 dagen)" }
    OpsCollectives { en: "Collectives", nl: "Collectieven" }
    OpsPartners { en: "Partners", nl: "Partners" }
    OpsPendingMemberships { en: "Join requests waiting", nl: "Wachtende lidmaatschapsverzoeken" }
    OpsOpenFlags { en: "Open flags", nl: "Open meldingen" }
    OpsSuspended { en: "Suspended members", nl: "Geschorste leden" }
    CompareLabsTitle { en: "The labs side by side", nl: "De labs naast elkaar" }
    KpiTotal { en: "Questions", nl: "Vragen" }
    KpiOpen { en: "Open", nl: "Open" }
    KpiUnanswered { en: "Waiting for a first answer", nl: "Wachten op een eerste antwoord" }
    KpiOverdue { en: "Unanswered > 7 days", nl: "Onbeantwoord > 7 dagen" }
    KpiUnclaimed { en: "Routed, not claimed", nl: "Doorgezet, niet opgepakt" }
    KpiFirstAnswer { en: "Time to first answer (median)", nl: "Tijd tot eerste antwoord (mediaan)" }
    KpiFirstExpertAnswer { en: "Time to first expert answer (median)", nl: "Tijd tot eerste expertantwoord (mediaan)" }
    KpiResolved { en: "Resolved", nl: "Opgelost" }
    KpiAskedYear { en: "Asked in 12 months", nl: "Gesteld in 12 maanden" }
    UnitHours { en: "h", nl: "uur" }
    UnitDays { en: "days", nl: "dagen" }
    TrendTitle { en: "Asked and answered per week", nl: "Gesteld en beantwoord per week" }
    ChartTitle { en: "Questions asked and first answered per week, last 12 months", nl: "Vragen gesteld en voor het eerst beantwoord per week, laatste 12 maanden" }
    ChartDescription { en: "Over the last {weeks} weeks, {asked} questions were asked and {answered} got their first answer.", nl: "In de laatste {weeks} weken werden {asked} vragen gesteld en kregen er {answered} hun eerste antwoord." }
    ChartBusiestWeek { en: "The busiest week began {date}, with {asked} questions.", nl: "De drukste week begon op {date}, met {asked} vragen." }
    ChartAsked { en: "Asked", nl: "Gesteld" }
    ChartAnswered { en: "First answered", nl: "Eerste antwoord" }
    ChartAsTable { en: "Show the numbers as a table", nl: "Toon de cijfers als tabel" }
    ChartWeekOf { en: "Week of", nl: "Week van" }
    HeatTitle { en: "Where the questions come from", nl: "Waar de vragen vandaan komen" }
    HeatIntro { en: "Questions of the last 12 months by sector and challenge; the stronger the colour, the more.", nl: "Vragen van de laatste 12 maanden naar sector en uitdaging; hoe sterker de kleur, hoe meer." }
    HeatEmpty { en: "No questions in the last 12 months.", nl: "Geen vragen in de laatste 12 maanden." }
    GivingTitle { en: "Who gives: answers by stakeholder", nl: "Wie geeft: antwoorden per belanghebbende" }
    GivingIntro { en: "Answers of the last 12 months by who wrote them: collectives, umbrella networks, finance, government and science.", nl: "Antwoorden van de laatste 12 maanden naar wie ze schreef: collectieven, koepels, financiers, overheid en wetenschap." }
    GivingWho { en: "Stakeholder", nl: "Belanghebbende" }
    GivingAnswers { en: "Answers", nl: "Antwoorden" }
    GivingAccepted { en: "Accepted", nl: "Geaccepteerd" }
    GivingPeople { en: "People", nl: "Mensen" }
    GivingTop { en: "Top contributors", nl: "Grootste bijdragers" }
    StakeholderCollectives { en: "Collectives", nl: "Collectieven" }
    StakeholderNetwork { en: "Network (umbrella organisations)", nl: "Netwerk (koepels)" }
    StakeholderFinance { en: "Finance", nl: "Financiering" }
    StakeholderGovernment { en: "Government", nl: "Overheid" }
    StakeholderScience { en: "Science", nl: "Wetenschap" }
    LabUnansweredTitle { en: "Waiting for an answer", nl: "Wachten op antwoord" }
    // The partner queue (issue 7).
    QueueTitle { en: "Partner queue", nl: "Partnerwachtrij" }
    QueueFor { en: "Open questions routed to:", nl: "Open vragen doorgezet naar:" }
    QueueFilters { en: "Queue filters", nl: "Filters van de wachtrij" }
    QueueFilterOpen { en: "All open", nl: "Alle open" }
    QueueFilterUnclaimed { en: "Unclaimed", nl: "Niet opgepakt" }
    QueueFilterMine { en: "Mine", nl: "Van mij" }
    QueueFilterWaiting { en: "Waiting on asker", nl: "Wacht op vrager" }
    QueueEmpty { en: "Nothing here. Well done!", nl: "Niets hier. Goed gedaan!" }
    QueueClaimedByYou { en: "You picked this up", nl: "Jij hebt deze opgepakt" }
    QueueClaimedBy { en: "Picked up by", nl: "Opgepakt door" }
    QueueUnclaimed { en: "Nobody has picked this up yet", nl: "Nog door niemand opgepakt" }
    QueueWaitingSince { en: "Waiting on the asker since", nl: "Wacht op de vrager sinds" }
    QueueClaim { en: "Pick up", nl: "Oppakken" }
    QueueRelease { en: "Let go", nl: "Loslaten" }
    QueueAnswer { en: "Answer", nl: "Beantwoorden" }
    QueueChangeStatus { en: "Change status", nl: "Status wijzigen" }
    QueueNoteLabel { en: "What do you need to know from the asker?", nl: "Wat wil je van de vrager weten?" }
    QueueAskAsker { en: "Ask the asker and wait", nl: "Vraag het de vrager en wacht" }
    QueueBackToWork { en: "No longer waiting", nl: "Niet meer wachten" }
    QueueMarkResolved { en: "Mark resolved", nl: "Markeer als opgelost" }
    QueueNotOpen { en: "This question is no longer open.", nl: "Deze vraag is niet meer open." }
    AlreadyClaimed { en: "Another partner already picked this question up.", nl: "Een andere partner heeft deze vraag al opgepakt." }
    NotYourClaim { en: "You have not picked this question up.", nl: "Jij hebt deze vraag niet opgepakt." }
    ResolveNeedsAnswer { en: "A question needs an answer before it can be resolved.", nl: "Een vraag heeft een antwoord nodig voordat ze opgelost kan zijn." }
    NotificationLabQuestion { en: "asked in a lab you follow:", nl: "stelde een vraag in een lab dat je volgt:" }
    NotificationWaiting { en: "needs more information from you about", nl: "heeft meer informatie van je nodig over" }
    NotificationAskerReplied { en: "replied to your request for information on", nl: "reageerde op je vraag om informatie bij" }
    CollectivesWelcome { en: "Welcome! Find your collective and ask to join, or add it if it is not here yet.", nl: "Welkom! Zoek je collectief en vraag lidmaatschap aan, of voeg het toe als het er nog niet staat." }
    // Page descriptions (`<meta name="description">`, link previews; `ui::head`).
    HomeDescription { en: "Citizen collectives in energy, housing, care, food and more ask each other and four Partner Labs about money, volunteers, governance and the municipality.", nl: "Burgercollectieven in energie, wonen, zorg, voedsel en meer vragen elkaar en vier Partner Labs om raad over geld, vrijwilligers, bestuur en de gemeente." }
    LabDashboardDescription { en: "how quickly questions are answered, by whom, and what is still waiting.", nl: "hoe snel vragen beantwoord worden, door wie, en wat nog wacht." }
    ProfileDescription { en: "questions and answers on CollectivePower.", nl: "vragen en antwoorden op CollectieveKracht." }
    CollectiveDescriptionFallback { en: "a citizen collective on CollectivePower.", nl: "een burgercollectief op CollectieveKracht." }
    CommentsDescription { en: "Every comment on this post, oldest first.", nl: "Alle reacties op dit bericht, oudste eerst." }
    EditPostDescription { en: "Change a post. Every version is kept and shown in its public history.", nl: "Een bericht wijzigen. Elke versie blijft bewaard en staat in de openbare geschiedenis." }
    HistoryDescription { en: "Every version of this text: who changed it, when and why.", nl: "Elke versie van deze tekst: wie hem wijzigde, wanneer en waarom." }
    NotificationsDescription { en: "Answers, comments and requests that concern you.", nl: "Antwoorden, reacties en verzoeken die jou aangaan." }
    SignInDescription { en: "Sign in to ask, answer, comment and follow questions and labs.", nl: "Log in om te vragen, te antwoorden, te reageren en vragen en labs te volgen." }
    AccountDescription { en: "Your name, password, data and sessions.", nl: "Je naam, wachtwoord, gegevens en sessies." }
    AdminDescription { en: "Roles and Partner Lab memberships of the platform's accounts.", nl: "Rollen en Partner Lab-lidmaatschappen van de accounts op het platform." }
    AuditLogDescription { en: "Every change to roles and accounts, for the admins.", nl: "Elke wijziging van rollen en accounts, voor de beheerders." }
    AskDescription { en: "Ask the collectives of every sector and the Partner Labs what your collective is stuck on.", nl: "Vraag collectieven uit alle sectoren en de Partner Labs waar jouw collectief op vastloopt." }
    SearchDescription { en: "Search the questions, answers and collectives of every sector, in Dutch and English at once.", nl: "Zoek in de vragen, antwoorden en collectieven van alle sectoren, in het Nederlands en Engels tegelijk." }
    QueueDescription { en: "The questions routed to your lab: pick one up, answer it, or ask the asker for more.", nl: "De vragen die naar je lab zijn doorgezet: pak er een op, beantwoord hem of vraag de vrager om meer." }
}
