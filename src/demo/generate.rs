//! Synthetic questions for the benchmarks (`collectivepower generate --questions N`): a demo
//! database grown to N questions across every sector, topic and lab, plus one "benchmark thread"
//! with 30 answers and comments, the page `bench/threads.sh` measures. Deterministic (the same N
//! gives the same data); no search changes are recorded (run `reindex` afterwards).

use super::db;
use crate::server::db::{Db, now_ms};

/// What was generated.
pub struct Generated {
    pub questions: i64,
    pub answers: i64,
    /// The thread with 30 answers.
    pub thread_id: i64,
}

/// A small deterministic generator (SplitMix64): the same data on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PHRASES: [&str; 12] = [
    "keep volunteers after the first year",
    "find a bank for a bridge loan",
    "get the municipality to lease us land",
    "raise member bonds without a prospectus",
    "share the board's work among more people",
    "reach members who never come to meetings",
    "choose between a cooperative and an association",
    "grow from one project to five",
    "pay a coordinator without losing the volunteers",
    "write a subsidy application that wins",
    "measure our social impact for the funders",
    "merge with the collective in the next village",
];

const BODY: &str = "We are a young collective with about **120 members** and a board of five. \
Since last year we have been trying to solve this, and we would like to learn from others.\n\n\
- What did you try first?\n- What did it cost, in money and in volunteer hours?\n- Who helped you \
(umbrella organisation, bank, municipality, researchers)?\n\nAny template or example is welcome.";

const ANSWER: &str = "We had the same problem. What worked for us: a small working group with a \
clear mandate, a budget approved by the members' meeting and a **fixed date** to report back. \
The umbrella organisation had a template we could adapt; ask them first.";

/// Why `generate` stopped.
#[derive(Debug)]
pub enum GenerateError {
    /// The demo platform (its people, sectors, topics) is not in the database.
    NotSeeded,
    Db(sqlx::Error),
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenerateError::NotSeeded => write!(
                f,
                "run `collectivepower seed-demo` first: the generator needs its people"
            ),
            GenerateError::Db(e) => write!(f, "generating failed: {e}"),
        }
    }
}

impl std::error::Error for GenerateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            GenerateError::NotSeeded => None,
            GenerateError::Db(e) => Some(e),
        }
    }
}

impl From<sqlx::Error> for GenerateError {
    fn from(e: sqlx::Error) -> Self {
        GenerateError::Db(e)
    }
}

/// Adds `count` questions (and about one answer per question on average) to a database that
/// holds the demo platform.
pub async fn generate(db: &Db, count: i64) -> Result<Generated, GenerateError> {
    let fail = GenerateError::Db;
    let users = db::user_ids(db).await.map_err(fail)?;
    let sectors = db::sector_ids(db).await.map_err(fail)?;
    let topics = db::topic_ids(db).await.map_err(fail)?;
    let labs = db::partner_lab_ids(db).await.map_err(fail)?;
    // Each lab's partners: they write the expert answers.
    let mut partners: std::collections::HashMap<i64, Vec<i64>> = Default::default();
    for (lab, user) in db::lab_partners(db).await.map_err(fail)? {
        partners.entry(lab).or_default().push(user);
    }
    let collectives = db::collective_ids(db).await.map_err(fail)?;
    if users.is_empty() || sectors.is_empty() || topics.is_empty() {
        return Err(GenerateError::NotSeeded);
    }
    let body_html = crate::server::markdown::render(BODY);
    let answer_html = crate::server::markdown::render(ANSWER);
    let mut rng = Rng(count as u64);
    let now = now_ms();
    let five_years = 5 * 365 * 24 * 3_600_000_i64;
    let mut answers = 0_i64;
    const BATCH: i64 = 10_000;
    let mut done = 0_i64;
    while done < count {
        let n = BATCH.min(count - done);
        let mut tx = db.begin_write().await.map_err(fail)?;
        for _ in 0..n {
            let i = done;
            done += 1;
            let created = now - five_years + (five_years / count.max(1)) * i;
            let answer_count = [0, 0, 1, 1, 1, 2, 3][rng.below(7)] as i64;
            let status = match (answer_count, rng.below(4)) {
                (0, _) => "open",
                (_, 0) => "resolved",
                (_, 1) if i % 50 == 0 => "closed",
                _ => "answered",
            };
            let lab = (rng.below(3) == 0).then(|| labs[rng.below(labs.len())]);
            let collective = (rng.below(2) == 0 && !collectives.is_empty())
                .then(|| collectives[rng.below(collectives.len())]);
            let title = format!(
                "How do other collectives {}? (#{})",
                PHRASES[rng.below(PHRASES.len())],
                i + 1
            );
            // The fields are evaluated in this order: the draws from `rng` stay in it.
            let qid = db::insert_synthetic_question(
                &mut tx,
                db::SyntheticQuestion {
                    lang: if i % 3 == 0 { "en" } else { "nl" },
                    title: &title,
                    body_md: BODY,
                    body_html: &body_html,
                    author_id: users[rng.below(users.len())],
                    collective_id: collective,
                    routed_lab_id: lab,
                    status,
                    answer_count,
                    score: rng.below(25) as i64 - 3,
                    created_at: created,
                    last_activity_at: created + answer_count * 3_600_000 + rng.below(1_000) as i64,
                    first_answer_at: (answer_count > 0).then_some(created + 3_600_000),
                },
            )
            .await
            .map_err(fail)?;
            let first = rng.below(sectors.len());
            let mut chosen = vec![sectors[first]];
            if rng.below(3) == 0 {
                let second = sectors[rng.below(sectors.len())];
                if second != chosen[0] {
                    chosen.push(second);
                }
            }
            for sector in chosen {
                db::add_question_sector(&mut tx, qid, sector)
                    .await
                    .map_err(fail)?;
            }
            db::add_question_topic(&mut tx, qid, topics[rng.below(topics.len())])
                .await
                .map_err(fail)?;
            let mut expert_at = None;
            for a in 0..answer_count {
                // On a routed question, about half of the answers come from the lab's partners.
                let expert = lab
                    .and_then(|lab| partners.get(&lab).map(|p| (lab, p)))
                    .filter(|(_, p)| !p.is_empty() && rng.below(2) == 0);
                let author = match expert {
                    Some((_, p)) => p[rng.below(p.len())],
                    None => users[rng.below(users.len())],
                };
                let at = created + (a + 1) * 3_600_000;
                if expert.is_some() && expert_at.is_none() {
                    expert_at = Some(at);
                }
                db::insert_synthetic_answer(
                    &mut tx,
                    db::SyntheticAnswer {
                        question_id: qid,
                        author_id: author,
                        body_md: ANSWER,
                        body_html: &answer_html,
                        is_accepted: status == "resolved" && a == 0,
                        score: rng.below(10) as i64,
                        created_at: at,
                        expert_lab_id: expert.map(|(lab, _)| lab),
                    },
                )
                .await
                .map_err(fail)?;
                answers += 1;
            }
            if let Some(at) = expert_at {
                db::set_first_expert_answer_at(&mut tx, qid, at)
                    .await
                    .map_err(fail)?;
            }
        }
        tx.commit().await.map_err(fail)?;
    }
    let thread_id = benchmark_thread(db, &users, &sectors, &topics, &labs, &mut rng)
        .await
        .map_err(fail)?;
    Ok(Generated {
        questions: count,
        answers: answers + 30,
        thread_id,
    })
}

/// The thread the benchmark reads: 30 answers by different people (experts among them), votes,
/// an accepted answer and comments, routed to the Finance Lab.
async fn benchmark_thread(
    db: &Db,
    users: &[i64],
    sectors: &[i64],
    topics: &[i64],
    labs: &[i64],
    rng: &mut Rng,
) -> Result<i64, sqlx::Error> {
    let now = now_ms();
    let question = crate::questions::db::NewQuestion {
        lang: crate::i18n::Locale::En,
        title: "Benchmark thread: how do you finance a heat network as a cooperative?".into(),
        body_md: BODY.into(),
        author_id: users.first().copied(),
        collective_id: None,
        routed_lab_id: labs.get(1).copied(),
        sector_ids: sectors.iter().take(2).copied().collect(),
        topic_ids: topics.iter().take(2).copied().collect(),
    };
    let id = crate::questions::db::create(db, &question).await?;
    let mut answer_ids = Vec::new();
    for i in 0..30 {
        let author = users[(i + 1) % users.len()];
        let body = format!("{ANSWER}\n\nAnswer {} of 30.", i + 1);
        let answer =
            crate::questions::db::add_answer(db, id, crate::i18n::Locale::En, Some(author), &body)
                .await?;
        answer_ids.push(answer);
    }
    let mut tx = db.begin_write().await?;
    for (i, answer) in answer_ids.iter().enumerate() {
        db::set_answer_score(&mut tx, *answer, rng.below(15) as i64).await?;
        if i % 3 == 0 {
            db::add_answer_comment(
                &mut tx,
                id,
                *answer,
                users[i % users.len()],
                "Thanks, we will try the working group.",
                "<p>Thanks, we will try the working group.</p>",
                now,
            )
            .await?;
        }
    }
    tx.commit().await?;
    if let Some(first) = answer_ids.get(4) {
        crate::questions::db::accept_answer(db, id, *first).await?;
    }
    Ok(id)
}
