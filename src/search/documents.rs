//! What goes into the index. Each searchable content type implements `Indexable` — its entity
//! name (as written to `search_changes`), how to list its ids, and how to load documents — and is
//! listed once in `ENTITIES`; the sync loop, `reindex` and the tests go through that list only.
//! The SQL they run is in `db`.

use super::DocKind;
use super::db;
use super::engine::{SearchDoc, bit, status_code};
use crate::content::QuestionStatus;
use crate::i18n::{Locale, province_name};
use crate::server::db::Db;
use crate::server::markdown::plain_text;
use crate::taxonomy::Term;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

/// The reference vocabularies with their database ids (fixed by the migrations).
#[derive(Clone, Debug, Default)]
pub struct Taxonomy {
    pub sectors: Vec<(i64, Term)>,
    pub topics: Vec<(i64, Term)>,
    pub labs: Vec<(i64, Term)>,
}

impl Taxonomy {
    pub async fn load(db: &Db) -> Result<Taxonomy, sqlx::Error> {
        Ok(Taxonomy {
            sectors: db::vocabulary(db, "sectors").await?,
            topics: db::vocabulary(db, "challenge_topics").await?,
            labs: db::vocabulary(db, "labs").await?,
        })
    }

    fn find(list: &[(i64, Term)], id: i64) -> Option<&Term> {
        list.iter().find(|(i, _)| *i == id).map(|(_, t)| t)
    }

    pub fn id_of(list: &[(i64, Term)], slug: &str) -> Option<i64> {
        list.iter().find(|(_, t)| t.slug == slug).map(|(i, _)| *i)
    }

    pub fn sectors_in(&self, mask: u64) -> Vec<Term> {
        self.sectors
            .iter()
            .filter(|(id, _)| bit(*id) & mask != 0)
            .map(|(_, t)| t.clone())
            .collect()
    }

    pub fn lab(&self, id: u64) -> Option<Term> {
        i64::try_from(id)
            .ok()
            .and_then(|id| Self::find(&self.labs, id))
            .cloned()
    }

    fn names(list: &[(i64, Term)], ids: &[i64], out: &mut String) {
        for id in ids {
            if let Some(t) = Self::find(list, *id) {
                out.push_str(&t.name_nl);
                out.push(' ');
                out.push_str(&t.name_en);
                out.push(' ');
            }
        }
    }
}

pub type DocsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Vec<SearchDoc>, sqlx::Error>> + Send + 'a>>;
pub type IdsFuture<'a> = Pin<Box<dyn Future<Output = Result<Vec<i64>, sqlx::Error>> + Send + 'a>>;

/// A searchable content type.
pub trait Indexable: Sync {
    /// The `entity_type` in `search_changes`.
    fn entity(&self) -> &'static str;
    /// The table whose rows are the documents (for counting while rebuilding).
    fn table(&self) -> &'static str;
    /// Up to `limit` ids above `after`, ascending (for rebuilding).
    fn ids_after<'a>(&'a self, db: &'a Db, after: i64, limit: i64) -> IdsFuture<'a>;
    /// The documents for these ids; an id without a document (deleted, hidden) is left out and
    /// so leaves the index.
    fn load<'a>(&'a self, db: &'a Db, tax: &'a Taxonomy, ids: &'a [i64]) -> DocsFuture<'a>;
}

pub struct Questions;
pub struct Collectives;

/// Every searchable content type.
pub static ENTITIES: [&dyn Indexable; 2] = [&Questions, &Collectives];

pub fn indexable(entity: &str) -> Option<&'static dyn Indexable> {
    ENTITIES.iter().copied().find(|e| e.entity() == entity)
}

fn ids_after<'a>(db: &'a Db, table: &'static str, after: i64, limit: i64) -> IdsFuture<'a> {
    Box::pin(db::ids_after(db, table, after, limit))
}

impl Indexable for Questions {
    fn entity(&self) -> &'static str {
        "question"
    }

    fn table(&self) -> &'static str {
        "questions"
    }

    fn ids_after<'a>(&'a self, db: &'a Db, after: i64, limit: i64) -> IdsFuture<'a> {
        ids_after(db, "questions", after, limit)
    }

    fn load<'a>(&'a self, db: &'a Db, tax: &'a Taxonomy, ids: &'a [i64]) -> DocsFuture<'a> {
        Box::pin(async move {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let rows = db::questions(db, ids).await?;
            let sectors = db::question_sectors(db, ids).await?;
            let topics = db::question_topics(db, ids).await?;
            let mut answers: HashMap<i64, Vec<(Locale, String)>> = HashMap::new();
            for (qid, lang, md) in db::answers(db, ids).await? {
                answers.entry(qid).or_default().push((
                    Locale::from_code(&lang).unwrap_or_default(),
                    plain_text(&md),
                ));
            }
            Ok(rows
                .into_iter()
                .map(|(id, lang, title, body_md, status, lab, answer_count)| {
                    let lang = Locale::from_code(&lang).unwrap_or_default();
                    let sector_ids = sectors.get(&id).cloned().unwrap_or_default();
                    let topic_ids = topics.get(&id).cloned().unwrap_or_default();
                    let mut extra = String::new();
                    Taxonomy::names(&tax.sectors, &sector_ids, &mut extra);
                    Taxonomy::names(&tax.topics, &topic_ids, &mut extra);
                    if let Some(lab) = lab {
                        Taxonomy::names(&tax.labs, &[lab], &mut extra);
                    }
                    let mut body = vec![(lang, plain_text(&body_md))];
                    body.extend(answers.remove(&id).unwrap_or_default());
                    SearchDoc {
                        kind: Some(DocKind::Question),
                        id,
                        lang: Some(lang),
                        title,
                        body,
                        extra,
                        url: format!("/questions/{id}"),
                        place: String::new(),
                        sector_mask: sector_ids.iter().fold(0, |m, s| m | bit(*s)),
                        topic_mask: topic_ids.iter().fold(0, |m, t| m | bit(*t)),
                        lab_id: lab.and_then(|l| u64::try_from(l).ok()).unwrap_or(0),
                        status: QuestionStatus::parse(&status).map(status_code).unwrap_or(0),
                        answer_count: u64::try_from(answer_count).unwrap_or(0),
                    }
                })
                .collect())
        })
    }
}

impl Indexable for Collectives {
    fn entity(&self) -> &'static str {
        "collective"
    }

    fn table(&self) -> &'static str {
        "collectives"
    }

    fn ids_after<'a>(&'a self, db: &'a Db, after: i64, limit: i64) -> IdsFuture<'a> {
        ids_after(db, "collectives", after, limit)
    }

    fn load<'a>(&'a self, db: &'a Db, tax: &'a Taxonomy, ids: &'a [i64]) -> DocsFuture<'a> {
        Box::pin(async move {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let rows = db::collectives(db, ids).await?;
            let sectors = db::collective_sectors(db, ids).await?;
            Ok(rows
                .into_iter()
                .map(|(id, slug, name, municipality, province, nl, en)| {
                    let sector_ids = sectors.get(&id).cloned().unwrap_or_default();
                    let province = province_name(&province).to_string();
                    let mut extra = format!("{municipality} {province} ");
                    Taxonomy::names(&tax.sectors, &sector_ids, &mut extra);
                    SearchDoc {
                        kind: Some(DocKind::Collective),
                        id,
                        lang: None,
                        title: name,
                        body: vec![(Locale::Nl, nl), (Locale::En, en)],
                        extra,
                        url: format!("/collectives/{slug}"),
                        place: format!("{municipality}, {province}"),
                        sector_mask: sector_ids.iter().fold(0, |m, s| m | bit(*s)),
                        ..SearchDoc::default()
                    }
                })
                .collect())
        })
    }
}
