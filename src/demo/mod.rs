//! The demo platform: collectives across every sector and province, partners in each lab, and
//! question threads in Dutch and English. Only the README's run command (`serve --demo`) and the
//! `seed-demo` command write it; a plain `serve` on an empty database starts clean.
//!
//! The content lives in `content.json`; this module checks it against the reference data and
//! writes it in one transaction. Timestamps are fixed offsets from `ANCHOR_MS`, so every seed of
//! the demo is identical (stable tests and screenshots).

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
    let (n,) = sqlx::query_as::<_, (i64,)>(
        "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM collectives)
              + (SELECT COUNT(*) FROM questions)",
    )
    .fetch_one(&db.read)
    .await
    .map_err(DemoError::Read)?;
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

async fn slug_ids(db: &Db, table: &'static str) -> Result<HashMap<String, i64>, sqlx::Error> {
    // `table` is one of three fixed names below, never input.
    let sql = format!("SELECT slug, id FROM {table}");
    Ok(sqlx::query_as::<_, (String, i64)>(&sql)
        .fetch_all(&db.read)
        .await?
        .into_iter()
        .collect())
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
    let (present,) = sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM users WHERE is_demo = 1")
        .fetch_one(&db.read)
        .await
        .map_err(DemoError::Read)?;
    if present > 0 {
        return Ok(SeedReport {
            already_present: true,
            ..SeedReport::default()
        });
    }
    let content: Content =
        serde_json::from_str(include_str!("content.json")).map_err(DemoError::Malformed)?;
    let ids = Ids {
        sectors: slug_ids(db, "sectors")
            .await
            .map_err(DemoError::ReferenceData)?,
        topics: slug_ids(db, "challenge_topics")
            .await
            .map_err(DemoError::ReferenceData)?,
        labs: slug_ids(db, "labs")
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
        sqlx::query(&format!(
            "INSERT INTO search_changes (entity_type, entity_id, created_at)
             SELECT $1, id, $2 FROM {table} ORDER BY id"
        ))
        .bind(entity)
        .bind(crate::server::db::now_ms())
        .execute(&mut *tx)
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
        let (id,) = sqlx::query_as::<_, (i64,)>(
            "INSERT INTO collectives (slug, name, founded_year, legal_form, member_count,
                 volunteer_count, municipality, province, stage, website, description_nl,
                 description_en, consent_open_data, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $13)
             RETURNING id",
        )
        .bind(&c.slug)
        .bind(&c.name)
        .bind(c.founded)
        .bind(&c.legal_form)
        .bind(c.members)
        .bind(c.volunteers)
        .bind(&c.municipality)
        .bind(&c.province)
        .bind(&c.stage)
        .bind(website)
        .bind(&c.description_nl)
        .bind(&c.description_en)
        .bind(created)
        .fetch_one(&mut **tx)
        .await?;
        for sector in &c.sectors {
            sqlx::query(
                "INSERT INTO collective_sectors (collective_id, sector_id) VALUES ($1, $2)",
            )
            .bind(id)
            .bind(lookup(&ids.sectors, "sector", sector)?)
            .execute(&mut **tx)
            .await?;
        }
        for (position, name) in c.umbrella.iter().enumerate() {
            sqlx::query(
                "INSERT INTO collective_umbrellas (collective_id, position, name) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(name)
            .execute(&mut **tx)
            .await?;
        }
        collective_ids.insert(&c.slug, id);
    }

    let mut user_ids: HashMap<&str, i64> = HashMap::new();
    let mut partner_labs: HashMap<&str, Vec<i64>> = HashMap::new();
    for (i, u) in content.users.iter().enumerate() {
        let created = ANCHOR_MS - (800 - i as i64 * 5) * DAY_MS;
        let (id,) = sqlx::query_as::<_, (i64,)>(
            "INSERT INTO users (display_name, email, bio_nl, bio_en, is_demo, created_at,
                                password_hash, is_moderator, is_admin)
             VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8) RETURNING id",
        )
        .bind(&u.name)
        .bind(format!("{}@demo.collectievekracht.example", u.key))
        .bind(&u.bio_nl)
        .bind(&u.bio_en)
        .bind(created)
        .bind(password_hash)
        .bind(i64::from(u.moderator))
        .bind(i64::from(u.admin))
        .fetch_one(&mut **tx)
        .await?;
        for slug in &u.member_of {
            let role = if u.admin_of.contains(slug) {
                "admin"
            } else {
                "member"
            };
            sqlx::query(
                "INSERT INTO memberships (user_id, collective_id, role, status, created_at)
                 VALUES ($1, $2, $3, 'active', $4)",
            )
            .bind(id)
            .bind(lookup(&collective_ids, "collective", slug)?)
            .bind(role)
            .bind(created)
            .execute(&mut **tx)
            .await?;
        }
        for lab in u.lab.iter().chain(u.also_lab.iter()) {
            let lab_id = lookup(&ids.labs, "lab", lab)?;
            sqlx::query(
                "INSERT INTO lab_partners (user_id, lab_id, organisation, created_at)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(lab_id)
            .bind(u.organisation.clone().unwrap_or_default())
            .bind(created)
            .execute(&mut **tx)
            .await?;
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
        let (qid,) = sqlx::query_as::<_, (i64,)>(
            "INSERT INTO questions (lang, title, body_md, body_html, author_id, collective_id,
                 routed_lab_id, status, answer_count, created_at, updated_at, last_activity_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id",
        )
        .bind(&q.lang)
        .bind(&q.title)
        .bind(&q.body)
        .bind(markdown::render(&q.body))
        .bind(author)
        .bind(collective)
        .bind(routed)
        .bind(&q.status)
        .bind(q.answers.len() as i64)
        .bind(created)
        .bind(last_activity)
        .fetch_one(&mut **tx)
        .await?;
        // Askers follow their questions, as `questions::db::create` does for new ones.
        sqlx::query("INSERT INTO follows (user_id, question_id, created_at) VALUES ($1, $2, $3)")
            .bind(author)
            .bind(qid)
            .bind(created)
            .execute(&mut **tx)
            .await?;
        for sector in &q.sectors {
            sqlx::query("INSERT INTO question_sectors (question_id, sector_id) VALUES ($1, $2)")
                .bind(qid)
                .bind(lookup(&ids.sectors, "sector", sector)?)
                .execute(&mut **tx)
                .await?;
        }
        for topic in &q.topics {
            sqlx::query("INSERT INTO question_topics (question_id, topic_id) VALUES ($1, $2)")
                .bind(qid)
                .bind(lookup(&ids.topics, "challenge topic", topic)?)
                .execute(&mut **tx)
                .await?;
        }
        for (a, at) in q.answers.iter().zip(answer_times) {
            let author_id = lookup(&user_ids, "person", &a.author)?;
            // The expert badge is derived: the author is a partner of the lab it was routed to.
            let expert_lab = routed.filter(|lab| {
                partner_labs
                    .get(a.author.as_str())
                    .is_some_and(|labs| labs.contains(lab))
            });
            sqlx::query(
                "INSERT INTO answers (question_id, lang, author_id, body_md, body_html,
                     expert_lab_id, is_accepted, score, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
            )
            .bind(qid)
            .bind(a.lang.as_deref().unwrap_or(&q.lang))
            .bind(author_id)
            .bind(&a.body)
            .bind(markdown::render(&a.body))
            .bind(expert_lab)
            .bind(i64::from(a.accepted))
            .bind(hours_from(&format!("score-{}-{}", q.key, a.author), 12))
            .bind(at)
            .execute(&mut **tx)
            .await?;
            answers += 1;
        }
    }
    sqlx::query(
        "UPDATE questions SET
             first_answer_at = (SELECT MIN(a.created_at) FROM answers a
                                WHERE a.question_id = questions.id AND a.hidden_at IS NULL),
             first_expert_answer_at = (SELECT MIN(a.created_at) FROM answers a
                                       WHERE a.question_id = questions.id AND a.hidden_at IS NULL
                                         AND a.expert_lab_id IS NOT NULL)",
    )
    .execute(&mut **tx)
    .await?;
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
