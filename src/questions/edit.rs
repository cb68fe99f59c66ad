//! Editing one's own question or answer (moderators may edit any), with every version kept in
//! `revisions` and a history page with a word diff. An edit names the version it started from;
//! when somebody saved in between it is refused and changes nothing.

use super::PostKind;
use crate::app::page_data;
use crate::error::AppError;
use crate::forms::{Field, FormError, FormState};
use crate::i18n::{Locale, Msg, format_date, iso_date, use_i18n};
use crate::revisions::{DiffPart, History};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// A post's markdown as its author wrote it, for the edit form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostSource {
    pub kind: PostKind,
    pub id: i64,
    pub question_id: i64,
    pub lang: Locale,
    /// Questions only.
    pub title: Option<String>,
    pub body_md: String,
    pub version: i64,
}

/// The edit form's content; only the author and moderators get it.
#[server(prefix = "/api", endpoint = "load_post_source")]
pub async fn load_post_source(kind: String, id: i64) -> Result<PostSource, AppError> {
    use crate::accounts::{policy, session};
    let viewer = session::request_viewer();
    policy::member(viewer.as_ref())?;
    let kind = PostKind::parse(&kind).ok_or(AppError::NotFound)?;
    let db = crate::server::use_db()?;
    let (source, author) = db::source(&db, kind, id).await?.ok_or(AppError::NotFound)?;
    policy::edit_post(viewer.as_ref(), author)?;
    Ok(source)
}

/// Saves an edit made from `base_version`. Answers the thread's path.
#[server(prefix = "/api", endpoint = "edit_post")]
pub async fn edit_post(
    kind: String,
    id: i64,
    base_version: i64,
    title: Option<String>,
    body: String,
    reason: Option<String>,
) -> Result<String, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{FieldError, redirect_plain_post, refuse};
    let title_text = title.clone().unwrap_or_default();
    let reason_text = reason.unwrap_or_default();
    let values = [
        ("title", title_text.as_str()),
        ("body", body.as_str()),
        ("reason", reason_text.as_str()),
    ];
    let fail = |e: AppError| refuse("edit", &values, e);
    let viewer = session::request_viewer();
    policy::member(viewer.as_ref()).map_err(fail)?;
    let kind = PostKind::parse(&kind).ok_or_else(|| fail(AppError::NotFound))?;
    let db = crate::server::use_db()?;
    let Some((source, author)) = db::source(&db, kind, id).await? else {
        return Err(fail(AppError::NotFound));
    };
    let viewer = policy::edit_post(viewer.as_ref(), author).map_err(fail)?;
    let mut errors = Vec::new();
    // A moderator editing someone else's post says why (shown in the history).
    let reason = crate::revisions::parse_reason(&reason_text, author != Some(viewer.id))
        .map_err(|m| errors.push(FieldError::new("reason", m)))
        .unwrap_or_default();
    let title = match kind {
        PostKind::Question => match super::QuestionTitle::parse(&title_text) {
            Ok(t) => Some(t.as_str().to_string()),
            Err(m) => {
                errors.push(FieldError::new("title", m));
                None
            }
        },
        PostKind::Answer => None,
    };
    let body = match kind {
        PostKind::Question => super::QuestionBody::parse(&body).map(|b| b.as_str().to_string()),
        PostKind::Answer => super::AnswerBody::parse(&body).map(|b| b.as_str().to_string()),
    };
    let body = match body {
        Ok(b) => Some(b),
        Err(m) => {
            errors.push(FieldError::new("body", m));
            None
        }
    };
    let (Some(body), true) = (body, errors.is_empty()) else {
        return Err(fail(AppError::Fields(errors)));
    };
    crate::accounts::limits::check(
        &db,
        viewer.id,
        &body,
        crate::accounts::limits::Writing::Edit,
    )
    .await
    .map_err(fail)?;
    let saved = db::apply(
        &db,
        kind,
        id,
        base_version,
        viewer.id,
        db::Change {
            title: title.as_deref(),
            body_md: &body,
            reason: &reason,
        },
    )
    .await?;
    if !saved {
        return Err(fail(AppError::Invalid(Msg::EditConflict)));
    }
    let path = super::post_anchor(kind, source.question_id, id);
    redirect_plain_post(&path);
    Ok(path)
}

/// A moderator restores an earlier version; the restored text becomes a new version (with the
/// reason), so nothing is lost. Refused like an edit when the post moved on meanwhile.
#[server(prefix = "/api", endpoint = "restore_revision")]
pub async fn restore_revision(
    kind: String,
    id: i64,
    version: i64,
    base_version: i64,
    reason: String,
) -> Result<String, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{FieldError, redirect_plain_post, refuse};
    let fail = |e: AppError| refuse("restore", &[("reason", reason.as_str())], e);
    let viewer = session::request_viewer();
    let viewer = policy::moderate(viewer.as_ref()).map_err(fail)?;
    let kind = PostKind::parse(&kind).ok_or_else(|| fail(AppError::NotFound))?;
    let reason = crate::revisions::parse_reason(&reason, true)
        .map_err(|m| fail(AppError::Fields(vec![FieldError::new("reason", m)])))?;
    let db = crate::server::use_db()?;
    let Some((source, _)) = db::source(&db, kind, id).await? else {
        return Err(fail(AppError::NotFound));
    };
    let Some((title, body)) =
        crate::revisions::db::text_of(&db, kind.as_str(), id, version).await?
    else {
        return Err(fail(AppError::NotFound));
    };
    let change = db::Change {
        title: title.as_deref(),
        body_md: &body,
        reason: &reason,
    };
    if !db::apply(&db, kind, id, base_version, viewer.id, change).await? {
        return Err(fail(AppError::Invalid(Msg::EditConflict)));
    }
    let path = super::post_anchor(kind, source.question_id, id);
    redirect_plain_post(&path);
    Ok(path)
}

/// Every version of a post, newest first, each compared with the one before. Public, like the
/// thread.
#[server(prefix = "/api", endpoint = "post_history")]
pub async fn post_history(kind: String, id: i64) -> Result<History, AppError> {
    let kind = PostKind::parse(&kind).ok_or(AppError::NotFound)?;
    let db = crate::server::use_db()?;
    match db::history(&db, kind, id).await? {
        Some(history) => Ok(history),
        None => {
            crate::error::mark_not_found();
            Err(AppError::NotFound)
        }
    }
}

#[cfg(feature = "ssr")]
pub mod db {
    use super::PostSource;
    use crate::i18n::Locale;
    use crate::questions::PostKind;
    use crate::revisions::{self, History, RevisionView, db::Version};
    use crate::server::db::{Db, now_ms};
    use sqlx::FromRow;

    #[derive(FromRow)]
    struct SourceRow {
        id: i64,
        question_id: i64,
        lang: String,
        title: Option<String>,
        body_md: String,
        version: i64,
        author_id: Option<i64>,
        created_at: i64,
        updated_at: i64,
        question_title: String,
    }

    async fn row(db: &Db, kind: PostKind, id: i64) -> Result<Option<SourceRow>, sqlx::Error> {
        let sql = match kind {
            PostKind::Question => {
                "SELECT q.id, q.id AS question_id, q.lang, q.title, q.body_md, q.version,
                        q.author_id, q.created_at, q.updated_at, q.title AS question_title
                 FROM questions q WHERE q.id = $1 AND q.hidden_at IS NULL"
            }
            PostKind::Answer => {
                "SELECT a.id, a.question_id, a.lang, NULL AS title, a.body_md, a.version,
                        a.author_id, a.created_at, a.updated_at, q.title AS question_title
                 FROM answers a JOIN questions q ON q.id = a.question_id
                 WHERE a.id = $1 AND q.hidden_at IS NULL"
            }
        };
        sqlx::query_as::<_, SourceRow>(sql)
            .bind(id)
            .fetch_optional(&db.read)
            .await
    }

    /// A visible post's source and its author.
    pub async fn source(
        db: &Db,
        kind: PostKind,
        id: i64,
    ) -> Result<Option<(PostSource, Option<i64>)>, sqlx::Error> {
        Ok(row(db, kind, id).await?.map(|r| {
            (
                PostSource {
                    kind,
                    id: r.id,
                    question_id: r.question_id,
                    lang: Locale::from_code(&r.lang).unwrap_or_default(),
                    title: r.title,
                    body_md: r.body_md,
                    version: r.version,
                },
                r.author_id,
            )
        }))
    }

    /// The new text of a post and why it changed.
    pub struct Change<'a> {
        /// Questions only; `None` keeps the title.
        pub title: Option<&'a str>,
        pub body_md: &'a str,
        pub reason: &'a str,
    }

    /// Saves an edit if the post is still at `base_version`: stores the version it replaces (if
    /// that was never stored) and the new one, renders the markdown, and records the search
    /// change, in one transaction. Returns false (and changes nothing) on a conflict.
    pub async fn apply(
        db: &Db,
        kind: PostKind,
        id: i64,
        base_version: i64,
        editor_id: i64,
        change: Change<'_>,
    ) -> Result<bool, sqlx::Error> {
        let Change {
            title,
            body_md,
            reason,
        } = change;
        let now = now_ms();
        let html = crate::server::markdown::render(body_md);
        let mut tx = db.begin_write().await?;
        let sql = match kind {
            PostKind::Question => {
                "SELECT q.id, q.id AS question_id, q.lang, q.title, q.body_md, q.version,
                        q.author_id, q.created_at, q.updated_at, q.title AS question_title
                 FROM questions q WHERE q.id = $1"
            }
            PostKind::Answer => {
                "SELECT a.id, a.question_id, a.lang, NULL AS title, a.body_md, a.version,
                        a.author_id, a.created_at, a.updated_at, q.title AS question_title
                 FROM answers a JOIN questions q ON q.id = a.question_id WHERE a.id = $1"
            }
        };
        let Some(current) = sqlx::query_as::<_, SourceRow>(sql)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(false);
        };
        if current.version != base_version {
            return Ok(false);
        }
        // The version being replaced: stored already, unless the post predates revisions.
        revisions::db::record(
            &mut tx,
            Version {
                entity_type: kind.as_str(),
                entity_id: id,
                version: current.version,
                editor_id: current.author_id,
                title: current.title.as_deref(),
                body_md: &current.body_md,
                reason: "",
                created_at: if current.version == 1 {
                    current.created_at
                } else {
                    current.updated_at
                },
            },
        )
        .await?;
        let new_version = current.version + 1;
        match kind {
            PostKind::Question => {
                sqlx::query(
                    "UPDATE questions SET title = $2, body_md = $3, body_html = $4, version = $5,
                         updated_at = $6, last_activity_at = $6,
                         cache_version = cache_version + 1
                     WHERE id = $1 AND version = $7",
                )
                .bind(id)
                .bind(title.unwrap_or(&current.question_title))
                .bind(body_md)
                .bind(&html)
                .bind(new_version)
                .bind(now)
                .bind(base_version)
                .execute(&mut *tx)
                .await?;
            }
            PostKind::Answer => {
                sqlx::query(
                    "UPDATE answers SET body_md = $2, body_html = $3, version = $4, updated_at = $5
                     WHERE id = $1 AND version = $6",
                )
                .bind(id)
                .bind(body_md)
                .bind(&html)
                .bind(new_version)
                .bind(now)
                .bind(base_version)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE questions SET last_activity_at = $2, cache_version = cache_version + 1
                     WHERE id = $1",
                )
                .bind(current.question_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
        revisions::db::record(
            &mut tx,
            Version {
                entity_type: kind.as_str(),
                entity_id: id,
                version: new_version,
                editor_id: Some(editor_id),
                title: match kind {
                    PostKind::Question => Some(title.unwrap_or(&current.question_title)),
                    PostKind::Answer => None,
                },
                body_md,
                reason,
                created_at: now,
            },
        )
        .await?;
        crate::search::changes::record(&mut tx, "question", current.question_id).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The history of a visible post; a post that was never edited has one version, itself.
    pub async fn history(db: &Db, kind: PostKind, id: i64) -> Result<Option<History>, sqlx::Error> {
        let Some(current) = row(db, kind, id).await? else {
            return Ok(None);
        };
        let mut versions = revisions::db::versions(db, kind.as_str(), id).await?;
        if versions.is_empty() {
            let editor_name: Option<String> = match current.author_id {
                Some(author) => {
                    sqlx::query_scalar(
                        "SELECT display_name FROM users WHERE id = $1 AND deleted_at IS NULL",
                    )
                    .bind(author)
                    .fetch_optional(&db.read)
                    .await?
                }
                None => None,
            };
            versions.push(RevisionView {
                version: current.version,
                editor_id: editor_name.as_ref().and(current.author_id),
                editor_name,
                created_at: current.created_at,
                reason: String::new(),
                title: current.title.as_deref().map(|t| revisions::diff("", t)),
                body: revisions::diff("", &current.body_md),
            });
        }
        Ok(Some(History {
            kind,
            id,
            question_id: current.question_id,
            question_title: current.question_title,
            lang: Locale::from_code(&current.lang).unwrap_or_default(),
            versions,
        }))
    }
}

fn kind_and_id() -> Memo<Option<(String, i64)>> {
    let params = use_params_map();
    Memo::new(move |_| {
        let p = params.read();
        let kind = p.get("kind").filter(|k| PostKind::parse(k).is_some())?;
        let id = p.get("id")?.parse::<i64>().ok()?;
        Some((kind, id))
    })
}

/// `/edit/:kind/:id`
#[component]
pub fn EditPostPage() -> impl IntoView {
    let i18n = use_i18n();
    let key = kind_and_id();
    let source = Resource::new_blocking(
        move || key.get(),
        |key| async move {
            match key {
                Some((kind, id)) => load_post_source(kind, id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.head(Msg::EditPostTitle) />
        <section class="page page--narrow">
            <header class="page__header">
                <h1>{i18n.t(Msg::EditPostTitle)}</h1>
            </header>
            {page_data(source, |source| view! { <EditForm source /> })}
        </section>
    }
}

#[component]
fn EditForm(source: PostSource) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<EditPost>::new();
    let form = FormState::new("edit", action.value());
    Effect::new(move |_| {
        if let Some(Ok(path)) = action.value().get() {
            crate::accounts::ui::go_to(&path);
        }
    });
    let history = format!("/history/{}/{}", source.kind.as_str(), source.id);
    let back = super::post_anchor(source.kind, source.question_id, source.id);
    let is_question = source.kind == PostKind::Question;
    let title = source.title.clone().unwrap_or_default();
    let body = source.body_md.clone();
    view! {
        <ActionForm action attr:class="form" attr:data-form="edit" attr:data-flash=form.flash_json()>
            <input type="hidden" name="kind" value=source.kind.as_str() />
            <input type="hidden" name="id" value=source.id />
            <input type="hidden" name="base_version" value=source.version />
            <FormError form />
            {is_question
                .then(|| {
                    view! {
                        <Field form name="title" label=Msg::QuestionTitleLabel required=true maxlength=150 value=title />
                    }
                })}
            <Field form name="body" label=Msg::BodyLabel hint=Msg::AnswerHint multiline=true required=true maxlength=20000 value=body />
            <Field form name="reason" label=Msg::EditReason hint=Msg::EditReasonHint maxlength=300 />
            <p class="form__actions">
                <button type="submit" class="button" data-testid="save-edit">{i18n.t(Msg::SaveEdit)}</button>
                " "
                <a href=back>{i18n.t(Msg::Cancel)}</a>
                " · "
                <a href=history>{i18n.t(Msg::History)}</a>
            </p>
        </ActionForm>
    }
}

/// `/history/:kind/:id`
#[component]
pub fn HistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let key = kind_and_id();
    let history = Resource::new_blocking(
        move || key.get(),
        |key| async move {
            match key {
                Some((kind, id)) => post_history(kind, id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.head(Msg::History) />
        <section class="page page--narrow">
            {page_data(history, |history| view! { <HistoryView history /> })}
        </section>
    }
}

#[component]
fn HistoryView(history: History) -> impl IntoView {
    let i18n = use_i18n();
    let can_restore = crate::accounts::use_viewer().is_some_and(|v| v.is_moderator || v.is_admin);
    let current = history.versions.first().map(|v| v.version).unwrap_or(1);
    let (kind, id) = (history.kind, history.id);
    let back = format!("/questions/{}", history.question_id);
    let lang = history.lang.code();
    view! {
        <header class="page__header">
            <h1>{i18n.t(Msg::History)}</h1>
            <p class="lead"><a href=back lang=lang>{history.question_title}</a></p>
        </header>
        <ol class="history">
            {history
                .versions
                .into_iter()
                .map(|v| {
                    let created_at = v.created_at;
                    let version = v.version;
                    view! {
                        <li class="history__version" id=format!("v{version}")>
                            <p class="history__meta">
                                <strong>{move || format!("{} {version}", i18n.t(Msg::Version)())}</strong>
                                " · "
                                <super::ui::AuthorName name=v.editor_name />
                                " · "
                                <time datetime=iso_date(created_at)>{move || format_date(created_at, i18n.get())}</time>
                            </p>
                            {v.title.map(|t| view! { <h2 class="history__title" lang=lang><Diff parts=t /></h2> })}
                            {(!v.reason.is_empty())
                                .then(|| {
                                    view! {
                                        <p class="history__reason" data-testid="edit-reason">
                                            {i18n.t(Msg::EditReason)}
                                            ": "
                                            {v.reason.clone()}
                                        </p>
                                    }
                                })}
                            <pre class="history__body" lang=lang><Diff parts=v.body /></pre>
                            {(can_restore && version != current)
                                .then(|| view! { <RestoreForm kind id version current /> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// "Restore this version" for moderators, with the required reason.
#[component]
fn RestoreForm(kind: PostKind, id: i64, version: i64, current: i64) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RestoreRevision>::new();
    Effect::new(move |_| {
        if let Some(Ok(path)) = action.value().get() {
            crate::accounts::ui::go_to(&path);
        }
    });
    let error = move || {
        action
            .value()
            .with(|v| match v {
                Some(Err(e)) => Some(e.message()),
                _ => None,
            })
            .map(|m| m.text(i18n.get()))
    };
    let field = format!("restore-{version}-reason");
    view! {
        <ActionForm action attr:class="form form--inline history__restore">
            <input type="hidden" name="kind" value=kind.as_str() />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="version" value=version />
            <input type="hidden" name="base_version" value=current />
            <label for=field.clone()>{i18n.t(Msg::EditReason)}</label>
            <input id=field type="text" name="reason" required maxlength="300" />
            <p class="form-error" role="alert">{error}</p>
            <button type="submit" class="button button--small button--secondary" data-testid="restore">
                {i18n.t(Msg::RestoreVersion)}
            </button>
        </ActionForm>
    }
}

/// A word diff: insertions in `<ins>`, deletions in `<del>` (readable without colour too).
#[component]
fn Diff(parts: Vec<DiffPart>) -> impl IntoView {
    parts
        .into_iter()
        .map(|part| match part {
            DiffPart::Same(t) => view! { <span>{t}</span> }.into_any(),
            DiffPart::Added(t) => view! { <ins>{t}</ins> }.into_any(),
            DiffPart::Removed(t) => view! { <del>{t}</del> }.into_any(),
        })
        .collect_view()
}
