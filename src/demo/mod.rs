//! The demo platform: collectives across every sector and province, partners in each lab, and
//! question threads in Dutch and English. Only the README's run command (`serve --demo`) and the
//! `seed-demo` command write it; a plain `serve` on an empty database starts clean.
//!
//! The content lives in `content.json`; this module checks it against the reference data and
//! writes it in one transaction. Timestamps are fixed offsets from `ANCHOR_MS`, so every seed of
//! the demo is identical (stable tests and screenshots).

mod db;
pub mod generate;

use crate::server::db::Db;
use crate::server::markdown;
use serde::Deserialize;
use sqlx::{Any, Transaction};
use std::collections::HashMap;
use std::fmt;

/// 2026-11-02T09:00:00Z: "now" in the demo.
pub const ANCHOR_MS: i64 = 1_793_610_000_000;
const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;

#[derive(Deserialize)]
struct Content {
    users: Vec<DemoUser>,
    collectives: Vec<DemoCollective>,
    questions: Vec<DemoQuestion>,
}

#[derive(Deserialize)]
struct DemoUser {
    key: String,
    name: String,
    #[serde(default)]
    bio_nl: String,
    #[serde(default)]
    bio_en: String,
    #[serde(default)]
    member_of: Vec<String>,
    #[serde(default)]
    admin_of: Vec<String>,
    lab: Option<String>,
    organisation: Option<String>,
    /// A second Partner Lab (same organisation): shows the routed lab's badge rule.
    also_lab: Option<String>,
    #[serde(default)]
    moderator: bool,
    #[serde(default)]
    admin: bool,
}

/// Every demo account signs in with this password (demo only; see the README).
pub const DEMO_PASSWORD: &str = "demo-collectief";

#[derive(Deserialize)]
struct DemoCollective {
    slug: String,
    name: String,
    sectors: Vec<String>,
    founded: Option<i64>,
    legal_form: String,
    members: Option<i64>,
    volunteers: Option<i64>,
    municipality: String,
    province: String,
    stage: String,
    #[serde(default)]
    umbrella: Vec<String>,
    website: Option<String>,
    description_nl: String,
    description_en: String,
}

#[derive(Deserialize)]
struct DemoQuestion {
    key: String,
    lang: String,
    title: String,
    body: String,
    author: String,
    collective: Option<String>,
    sectors: Vec<String>,
    topics: Vec<String>,
    routed_lab: Option<String>,
    status: String,
    days_ago: i64,
    #[serde(default)]
    answers: Vec<DemoAnswer>,
}

#[derive(Deserialize)]
struct DemoAnswer {
    author: String,
    lang: Option<String>,
    body: String,
    days_after: i64,
    #[serde(default)]
    accepted: bool,
}

/// What a seed wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub already_present: bool,
    pub users: usize,
    pub collectives: usize,
    pub questions: usize,
    pub answers: usize,
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.already_present {
            return write!(f, "demo data is already present; nothing written");
        }
        write!(
            f,
            "demo data written: {} people, {} collectives, {} questions, {} answers",
            self.users, self.collectives, self.questions, self.answers
        )
    }
}

/// Why the demo could not be written (nothing is written then: one transaction).
#[derive(Debug)]
pub enum DemoError {
    /// Reading what is already there failed.
    Read(sqlx::Error),
    /// `content.json` does not parse.
    Malformed(serde_json::Error),
    /// The reference data (sectors, topics, labs) could not be read.
    ReferenceData(sqlx::Error),
    /// `DEMO_PASSWORD` breaks the password rules (the rule it breaks).
    WeakPassword(crate::i18n::Msg),
    /// The demo password could not be hashed.
    Hash(crate::accounts::password::HashError),
    /// The write transaction could not start.
    Begin(sqlx::Error),
    /// Writing the content failed (the transaction is rolled back).
    Write(SeedError),
}

impl fmt::Display for DemoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DemoError::Read(e) => write!(f, "cannot read the database: {e}"),
            DemoError::Malformed(e) => write!(f, "demo content is malformed: {e}"),
            DemoError::ReferenceData(e) => write!(f, "{e}"),
            DemoError::WeakPassword(_) => write!(f, "the demo password is too short"),
            DemoError::Hash(e) => write!(f, "{e}"),
            DemoError::Begin(e) => write!(f, "cannot start the demo transaction: {e}"),
            DemoError::Write(e) => write!(f, "writing the demo data failed: {e}"),
        }
    }
}

impl std::error::Error for DemoError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DemoError::Read(e) | DemoError::ReferenceData(e) | DemoError::Begin(e) => Some(e),
            DemoError::Malformed(e) => Some(e),
            DemoError::WeakPassword(_) => None,
            DemoError::Hash(e) => Some(e),
            DemoError::Write(e) => Some(e),
        }
    }
}

impl From<crate::accounts::password::HashError> for DemoError {
    fn from(e: crate::accounts::password::HashError) -> Self {
        DemoError::Hash(e)
    }
}

impl From<SeedError> for DemoError {
    fn from(e: SeedError) -> Self {
        DemoError::Write(e)
    }
}

/// True when no collective, question or person exists yet (reference data does not count).
pub async fn database_is_empty(db: &Db) -> Result<bool, DemoError> {
    let n = db::content_count(db).await.map_err(DemoError::Read)?;
    Ok(n == 0)
}

/// A stable pseudo-random hour offset from a key (FNV-1a), so demo timestamps look natural but
/// never change between seeds.
fn hours_from(key: &str, spread: i64) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash % spread as u64) as i64
}

struct Ids {
    sectors: HashMap<String, i64>,
    topics: HashMap<String, i64>,
    labs: HashMap<String, i64>,
}

fn lookup<K>(map: &HashMap<K, i64>, what: &'static str, key: &str) -> Result<i64, SeedError>
where
    K: std::borrow::Borrow<str> + std::hash::Hash + Eq,
{
    map.get(key)
        .copied()
        .ok_or_else(|| SeedError::UnknownReference {
            what,
            key: key.to_string(),
        })
}

pub async fn seed(db: &Db) -> Result<SeedReport, DemoError> {
    let present = db::demo_user_count(db).await.map_err(DemoError::Read)?;
    if present > 0 {
        return Ok(SeedReport {
            already_present: true,
            ..SeedReport::default()
        });
    }
    let content: Content =
        serde_json::from_str(include_str!("content.json")).map_err(DemoError::Malformed)?;
    let ids = Ids {
        sectors: db::slug_ids(db, "sectors")
            .await
            .map_err(DemoError::ReferenceData)?,
        topics: db::slug_ids(db, "challenge_topics")
            .await
            .map_err(DemoError::ReferenceData)?,
        labs: db::slug_ids(db, "labs")
            .await
            .map_err(DemoError::ReferenceData)?,
    };
    let password =
        crate::accounts::Password::parse(DEMO_PASSWORD).map_err(DemoError::WeakPassword)?;
    let password_hash = crate::accounts::password::hash(&password).await?;
    let mut tx = db.begin_write().await.map_err(DemoError::Begin)?;
    let report = write_content(&mut tx, &content, &ids, &password_hash).await?;
    // Every search node picks the new content up from the change feed.
    for (entity, table) in [("question", "questions"), ("collective", "collectives")] {
        db::record_search_changes(&mut tx, entity, table, crate::server::db::now_ms())
            .await
            .map_err(|e| DemoError::Write(e.into()))?;
    }
    tx.commit().await.map_err(|e| DemoError::Write(e.into()))?;
    Ok(report)
}

/// Why writing the demo content failed: the database, or content that refers to something that
/// is not there.
#[derive(Debug)]
pub enum SeedError {
    Db(sqlx::Error),
    /// A slug in `content.json` names no sector, topic, lab, collective or person.
    UnknownReference {
        what: &'static str,
        key: String,
    },
    UnknownProvince {
        collective: String,
        province: String,
    },
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeedError::Db(e) => write!(f, "{e}"),
            SeedError::UnknownReference { what, key } => {
                write!(f, "demo content refers to unknown {what} '{key}'")
            }
            SeedError::UnknownProvince {
                collective,
                province,
            } => write!(f, "collective {collective} has unknown province {province}"),
        }
    }
}

impl std::error::Error for SeedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SeedError::Db(e) => Some(e),
            SeedError::UnknownReference { .. } | SeedError::UnknownProvince { .. } => None,
        }
    }
}

impl From<sqlx::Error> for SeedError {
    fn from(e: sqlx::Error) -> Self {
        SeedError::Db(e)
    }
}

async fn write_content(
    tx: &mut Transaction<'static, Any>,
    content: &Content,
    ids: &Ids,
    password_hash: &str,
) -> Result<SeedReport, SeedError> {
    let mut collective_ids: HashMap<&str, i64> = HashMap::new();
    for (i, c) in content.collectives.iter().enumerate() {
        if !crate::i18n::PROVINCES.iter().any(|(p, _)| *p == c.province) {
            return Err(SeedError::UnknownProvince {
                collective: c.slug.clone(),
                province: c.province.clone(),
            });
        }
        let created = ANCHOR_MS - (900 - i as i64 * 7) * DAY_MS;
        let website = c
            .website
            .clone()
            .filter(|w| w.starts_with("https://") || w.starts_with("http://"));
        let id = db::insert_collective(
            tx,
            db::CollectiveRow {
                slug: &c.slug,
                name: &c.name,
                founded_year: c.founded,
                legal_form: &c.legal_form,
                member_count: c.members,
                volunteer_count: c.volunteers,
                municipality: &c.municipality,
                province: &c.province,
                stage: &c.stage,
                website,
                description_nl: &c.description_nl,
                description_en: &c.description_en,
                created_at: created,
            },
        )
        .await?;
        for sector in &c.sectors {
            db::add_collective_sector(tx, id, lookup(&ids.sectors, "sector", sector)?).await?;
        }
        for (position, name) in c.umbrella.iter().enumerate() {
            db::add_collective_umbrella(tx, id, position as i64, name).await?;
        }
        collective_ids.insert(&c.slug, id);
    }

    let mut user_ids: HashMap<&str, i64> = HashMap::new();
    let mut partner_labs: HashMap<&str, Vec<i64>> = HashMap::new();
    for (i, u) in content.users.iter().enumerate() {
        let created = ANCHOR_MS - (800 - i as i64 * 5) * DAY_MS;
        let id = db::insert_user(
            tx,
            db::UserRow {
                display_name: &u.name,
                email: format!("{}@demo.collectievekracht.example", u.key),
                bio_nl: &u.bio_nl,
                bio_en: &u.bio_en,
                created_at: created,
                password_hash,
                is_moderator: u.moderator,
                is_admin: u.admin,
            },
        )
        .await?;
        for slug in &u.member_of {
            let role = if u.admin_of.contains(slug) {
                "admin"
            } else {
                "member"
            };
            let collective_id = lookup(&collective_ids, "collective", slug)?;
            db::add_membership(tx, id, collective_id, role, created).await?;
        }
        for lab in u.lab.iter().chain(u.also_lab.iter()) {
            let lab_id = lookup(&ids.labs, "lab", lab)?;
            let organisation = u.organisation.clone().unwrap_or_default();
            db::add_lab_partner(tx, id, lab_id, organisation, created).await?;
            partner_labs.entry(&u.key).or_default().push(lab_id);
        }
        user_ids.insert(&u.key, id);
    }

    let mut answers = 0;
    for q in &content.questions {
        let created = ANCHOR_MS - q.days_ago * DAY_MS - hours_from(&q.key, 10) * HOUR_MS;
        let author = lookup(&user_ids, "person", &q.author)?;
        let collective = match &q.collective {
            Some(slug) => Some(lookup(&collective_ids, "collective", slug)?),
            None => None,
        };
        let routed = match &q.routed_lab {
            Some(lab) => Some(lookup(&ids.labs, "lab", lab)?),
            None => None,
        };
        let answer_times: Vec<i64> = q
            .answers
            .iter()
            .enumerate()
            .map(|(i, a)| {
                created
                    + a.days_after * DAY_MS
                    + (1 + hours_from(&format!("{}-{i}", q.key), 9)) * HOUR_MS
            })
            .collect();
        let last_activity = answer_times.iter().copied().max().unwrap_or(created);
        let qid = db::insert_question(
            tx,
            db::QuestionRow {
                lang: &q.lang,
                title: &q.title,
                body_md: &q.body,
                body_html: markdown::render(&q.body),
                author_id: author,
                collective_id: collective,
                routed_lab_id: routed,
                status: &q.status,
                answer_count: q.answers.len() as i64,
                created_at: created,
                last_activity_at: last_activity,
            },
        )
        .await?;
        // Askers follow their questions, as `questions::db::create` does for new ones.
        db::add_follow(tx, author, qid, created).await?;
        for sector in &q.sectors {
            db::add_question_sector(tx, qid, lookup(&ids.sectors, "sector", sector)?).await?;
        }
        for topic in &q.topics {
            let topic_id = lookup(&ids.topics, "challenge topic", topic)?;
            db::add_question_topic(tx, qid, topic_id).await?;
        }
        for (a, at) in q.answers.iter().zip(answer_times) {
            let author_id = lookup(&user_ids, "person", &a.author)?;
            // The expert badge is derived: the author is a partner of the lab it was routed to.
            let expert_lab = routed.filter(|lab| {
                partner_labs
                    .get(a.author.as_str())
                    .is_some_and(|labs| labs.contains(lab))
            });
            db::insert_answer(
                tx,
                db::AnswerRow {
                    question_id: qid,
                    lang: a.lang.as_deref().unwrap_or(&q.lang),
                    author_id,
                    body_md: &a.body,
                    body_html: markdown::render(&a.body),
                    expert_lab_id: expert_lab,
                    is_accepted: a.accepted,
                    score: hours_from(&format!("score-{}-{}", q.key, a.author), 12),
                    created_at: at,
                },
            )
            .await?;
            answers += 1;
        }
    }
    db::set_first_answer_times(tx).await?;
    Ok(SeedReport {
        already_present: false,
        users: content.users.len(),
        collectives: content.collectives.len(),
        questions: content.questions.len(),
        answers,
    })
}

#[cfg(test)]
mod tests;
