//! Sessions: the one query that turns a session id into its person, touching, creating and
//! ending sessions, and the notification conditions the header's unread count shares.

use crate::server::db::Db;

#[derive(sqlx::FromRow)]
pub(in crate::accounts) struct SessionRow {
    pub(in crate::accounts) user_id: i64,
    pub(in crate::accounts) last_seen_at: i64,
    pub(in crate::accounts) display_name: String,
    pub(in crate::accounts) is_moderator: i64,
    pub(in crate::accounts) is_admin: i64,
    pub(in crate::accounts) unread: i64,
    pub(in crate::accounts) suspended_until: Option<i64>,
    /// One row per Partner Lab of the person (NULL when none): one query serves the request.
    pub(in crate::accounts) lab_slug: Option<String>,
}

/// The live session `id` (the token's digest) with its person: not expired at `now`, seen after
/// `idle_since`, of an account that is not deleted. One row per Partner Lab (none: one row).
pub(in crate::accounts) async fn session_rows(
    db: &Db,
    id: &str,
    now: i64,
    idle_since: i64,
) -> Result<Vec<SessionRow>, sqlx::Error> {
    // The unread count is the one the notifications list shows (`SHOWN`).
    static LOOKUP: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT s.user_id, s.last_seen_at, u.display_name, u.is_moderator, u.is_admin,
                    {} AS unread,
                    CASE WHEN u.suspended_until > $2 THEN u.suspended_until END AS suspended_until,
                    l.slug AS lab_slug
             FROM sessions s
             JOIN users u ON u.id = s.user_id
             LEFT JOIN lab_partners p ON p.user_id = s.user_id
             LEFT JOIN labs l ON l.id = p.lab_id
             WHERE s.id = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.deleted_at IS NULL
             ORDER BY l.position",
            unread_subquery("s.user_id")
        )
    });
    sqlx::query_as::<_, SessionRow>(LOOKUP.as_str())
        .bind(id)
        .bind(now)
        .bind(idle_since)
        .fetch_all(&db.read)
        .await
}

/// Writes `last_seen_at` of session `id`.
pub(in crate::accounts) async fn touch_session(
    db: &Db,
    id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&db.write)
        .await?;
    Ok(())
}

/// Stores a new session (`id`: the token's digest) and, in the same transaction, deletes the
/// expired sessions and those of `user_id` not seen since `idle_since`.
pub(in crate::accounts) async fn insert_session(
    db: &Db,
    id: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
    user_agent: &str,
    idle_since: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, user_agent)
         VALUES ($1, $2, $3, $3, $4, $5)",
    )
    .bind(id)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .bind(user_agent)
    .execute(&mut *tx)
    .await?;
    // Expired sessions are of no use to anyone.
    sqlx::query(
        "DELETE FROM sessions WHERE expires_at < $1 OR (user_id = $2 AND last_seen_at < $3)",
    )
    .bind(now)
    .bind(user_id)
    .bind(idle_since)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Deletes one session.
pub(in crate::accounts) async fn delete_session(
    db: &Db,
    session_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(session_id)
        .execute(&db.write)
        .await?;
    Ok(())
}

/// The condition (on a notification aliased `n`) for being shown: nothing about a hidden
/// question, a hidden answer, a hidden comment or a comment under a hidden answer (its
/// actor's name and link would show what was hidden), except a moderator's warnings and
/// suspensions (whose thread may be the hidden one). Every count and list of notifications
/// uses it (`notifications::db`), the header's unread count in the session lookup included.
pub const SHOWN: &str = "(n.log_id IS NOT NULL OR (
        NOT EXISTS (SELECT 1 FROM questions hq
                    WHERE hq.id = n.question_id AND hq.hidden_at IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM answers ha
                    WHERE ha.id = n.answer_id AND ha.hidden_at IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM comments hc
                    LEFT JOIN answers hp ON hc.entity_type = 'answer' AND hp.id = hc.entity_id
                    WHERE hc.id = n.comment_id
                      AND (hc.hidden_at IS NOT NULL OR hp.hidden_at IS NOT NULL))))";

/// The caller's unread notifications as a scalar subquery, for `user` (a fixed column
/// reference such as `s.user_id`), counted up to `UNREAD_CAP`: it runs on every signed-in
/// request, so its cost must not grow with a pile of unread notifications.
pub fn unread_subquery(user: &str) -> String {
    format!(
        "(SELECT COUNT(*) FROM (SELECT 1 AS one FROM notifications n
          WHERE n.user_id = {user} AND n.read_at IS NULL AND {SHOWN}
          LIMIT {cap}) unread_capped)",
        cap = crate::accounts::UNREAD_CAP
    )
}
