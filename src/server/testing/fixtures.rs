//! Shared fixtures: the question and answer most tests start from, written once.

use super::TestDb;
use crate::i18n::Locale;
use crate::questions::db::{NewQuestion, add_answer, create};

/// The body of `question()`'s questions: long enough for every rule.
pub const QUESTION_BODY: &str = "How do other collectives handle this, and what did it cost them?";

/// A question to store: English, no collective, not routed, no sectors or topics.
pub fn new_question(author: Option<i64>, title: &str) -> NewQuestion {
    NewQuestion {
        lang: Locale::En,
        title: title.into(),
        body_md: QUESTION_BODY.into(),
        author_id: author,
        collective_id: None,
        routed_lab_id: None,
        sector_ids: Vec::new(),
        topic_ids: Vec::new(),
    }
}

/// Stores `new_question(Some(author), title)`; its id.
pub async fn question(t: &TestDb, author: i64, title: &str) -> i64 {
    create(&t.db, &new_question(Some(author), title))
        .await
        .expect("question")
}

/// Stores an English answer by `author`; its id.
pub async fn answer(t: &TestDb, question_id: i64, author: i64, body: &str) -> i64 {
    add_answer(&t.db, question_id, Locale::En, Some(author), body)
        .await
        .expect("answer")
}
