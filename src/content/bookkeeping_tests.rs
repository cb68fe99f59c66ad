//! What every write to a thread must also do happens in the database (migration 0010), so even a
//! write that no code of ours makes — plain SQL here — keeps the page cache, the author cards, the
//! first-answer times and the search feed right.

use crate::server::testing::{TestDb, backend_tests, count, demo_user, fixtures};

async fn cache_version(t: &TestDb, question: i64) -> i64 {
    count(
        t,
        &format!("SELECT cache_version FROM questions WHERE id = {question}"),
    )
    .await
}

async fn people(t: &TestDb) -> i64 {
    count(t, "SELECT value FROM cache_versions WHERE name = 'people'").await
}

async fn changes(t: &TestDb, entity: &str, id: i64) -> i64 {
    count(
        t,
        &format!(
            "SELECT COUNT(*) FROM search_changes WHERE entity_type = '{entity}' AND entity_id = {id}"
        ),
    )
    .await
}

async fn first_answer_at(t: &TestDb, question: i64) -> i64 {
    count(
        t,
        &format!("SELECT COALESCE(first_answer_at, -1) FROM questions WHERE id = {question}"),
    )
    .await
}

async fn exec(t: &TestDb, sql: &str) {
    sqlx::query(sql).execute(&t.db.write).await.expect(sql);
}

backend_tests! {
    seeded;

    /// Answers and comments written, changed and removed by hand move their thread's version and
    /// its search document; a change to the question itself moves it once.
    async fn raw_writes_to_a_thread_move_its_version_and_its_search_document(t) {
        let anna = demo_user(t, "anna").await;
        let q = fixtures::question(t, anna, "How do we share one bookkeeper between cooperatives?").await;
        let mut version = cache_version(t, q).await;
        let mut search = changes(t, "question", q).await;
        let now = crate::server::db::now_ms();
        exec(t, &format!(
            "INSERT INTO answers (question_id, lang, author_id, body_md, body_html, created_at, updated_at)
             VALUES ({q}, 'en', {anna}, 'Hire one together.', '<p>Hire one together.</p>', {now}, {now})"
        )).await;
        let answer = count(t, &format!("SELECT MAX(id) FROM answers WHERE question_id = {q}")).await;
        // A new answer moves it (its first-answer time may move it once more).
        assert!(cache_version(t, q).await > version, "{:?}", t.db.backend);
        version = cache_version(t, q).await;
        for sql in [
            format!("UPDATE answers SET body_md = 'Share one.' WHERE id = {answer}"),
            format!(
                "INSERT INTO comments (question_id, entity_type, entity_id, lang, author_id, body_md,
                                       body_html, created_at, updated_at)
                 VALUES ({q}, 'answer', {answer}, 'en', {anna}, 'Which one?', '<p>Which one?</p>', {now}, {now})"
            ),
            format!("UPDATE questions SET title = 'How do we share a bookkeeper?' WHERE id = {q}"),
        ] {
            exec(t, &sql).await;
            let moved = cache_version(t, q).await;
            assert_eq!(moved, version + 1, "{:?}: {sql}", t.db.backend);
            version = moved;
        }
        assert!(changes(t, "question", q).await >= search + 3, "{:?}", t.db.backend);
        search = changes(t, "question", q).await;
        // Moving the version by hand is not counted twice.
        exec(t, &format!("UPDATE questions SET cache_version = cache_version + 1 WHERE id = {q}")).await;
        assert_eq!(cache_version(t, q).await, version + 1, "{:?}", t.db.backend);
        exec(t, &format!("DELETE FROM answers WHERE id = {answer}")).await;
        // (Removing the answer also moves its first-answer time: counted once more, harmless.)
        assert!(cache_version(t, q).await > version + 1, "{:?}", t.db.backend);
        assert!(changes(t, "question", q).await > search, "{:?}", t.db.backend);
    }

    /// The first-answer times follow the visible answers, however they change.
    async fn first_answer_times_follow_raw_writes(t) {
        let anna = demo_user(t, "anna").await;
        let q = fixtures::question(t, anna, "Where do we find a second treasurer?").await;
        assert_eq!(first_answer_at(t, q).await, -1);
        exec(t, &format!(
            "INSERT INTO answers (question_id, lang, author_id, body_md, body_html, created_at, updated_at)
             VALUES ({q}, 'en', {anna}, 'Ask the members.', '<p>x</p>', 1000, 1000)"
        )).await;
        assert_eq!(first_answer_at(t, q).await, 1000, "{:?}", t.db.backend);
        exec(t, &format!("UPDATE answers SET hidden_at = 2000 WHERE question_id = {q}")).await;
        assert_eq!(first_answer_at(t, q).await, -1, "{:?}: hidden answers do not count", t.db.backend);
        exec(t, &format!("UPDATE answers SET hidden_at = NULL WHERE question_id = {q}")).await;
        assert_eq!(first_answer_at(t, q).await, 1000, "{:?}", t.db.backend);
        exec(t, &format!("DELETE FROM answers WHERE question_id = {q}")).await;
        assert_eq!(first_answer_at(t, q).await, -1, "{:?}", t.db.backend);
    }

    /// Names, memberships and partner roles move the author cards' version; a collective's
    /// profile moves its search document.
    async fn author_cards_and_collectives_follow_raw_writes(t) {
        let henk = demo_user(t, "henk").await;
        let mut version = people(t).await;
        let collective = count(t, "SELECT MIN(id) FROM collectives").await;
        for sql in [
            format!("UPDATE users SET display_name = 'Henk B.' WHERE id = {henk}"),
            format!("DELETE FROM memberships WHERE user_id = {henk}"),
            format!(
                "INSERT INTO lab_partners (user_id, lab_id, organisation, created_at)
                 VALUES ({henk}, (SELECT id FROM labs WHERE slug = 'science'), 'TU Delft', 0)"
            ),
        ] {
            exec(t, &sql).await;
            let moved = people(t).await;
            assert!(moved > version, "{:?}: {sql}", t.db.backend);
            version = moved;
        }
        let before = changes(t, "collective", collective).await;
        exec(t, &format!("UPDATE collectives SET description_en = 'Changed.' WHERE id = {collective}")).await;
        assert_eq!(changes(t, "collective", collective).await, before + 1, "{:?}", t.db.backend);
    }
}
