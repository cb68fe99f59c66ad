//! The demo's SQL, and nowhere else in `demo`: what `seed` writes from `content.json` (in `seed`)
//! and the synthetic benchmark data of `generate` (in `generate`). Both file a question under its
//! sectors and topics with the two helpers here.

mod generate;
mod seed;

pub(super) use generate::{
    SyntheticAnswer, SyntheticQuestion, add_answer_comment, collective_ids,
    insert_synthetic_answer, insert_synthetic_question, lab_partners, partner_lab_ids, sector_ids,
    set_answer_score, set_first_expert_answer_at, topic_ids, user_ids,
};
pub(super) use seed::{
    AnswerRow, CollectiveRow, QuestionRow, UserRow, add_collective_sector, add_collective_umbrella,
    add_follow, add_lab_partner, add_membership, content_count, demo_user_count, insert_answer,
    insert_collective, insert_question, insert_user, record_search_changes, set_first_answer_times,
    slug_ids,
};

use sqlx::{Any, Transaction};

/// Files a question under a sector.
pub(super) async fn add_question_sector(
    tx: &mut Transaction<'static, Any>,
    question_id: i64,
    sector_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO question_sectors (question_id, sector_id) VALUES ($1, $2)")
        .bind(question_id)
        .bind(sector_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Files a question under a challenge topic.
pub(super) async fn add_question_topic(
    tx: &mut Transaction<'static, Any>,
    question_id: i64,
    topic_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO question_topics (question_id, topic_id) VALUES ($1, $2)")
        .bind(question_id)
        .bind(topic_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
