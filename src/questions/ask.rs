//! Asking a question: title, markdown body with a preview, sectors, challenge topics, the
//! collective asked for (optional) and a Partner Lab to route it to (optional). While the title
//! is typed, similar questions from every sector appear (JavaScript); without JavaScript the
//! "Preview" button stores the draft on the server and shows the preview and the similar
//! questions on the next page. The draft (one per member) survives until the question is posted.
// The server function takes the form's fields one by one (that is how forms post).
#![allow(clippy::too_many_arguments)]

use super::CollectiveRef;
use crate::app::page_data;
use crate::error::AppError;
use crate::forms::{Field, FieldError, FormError, FormState};
use crate::i18n::{Msg, use_i18n};
use crate::search::SimilarQuestion;
use crate::taxonomy::Term;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// What the member typed, as kept between the preview step and posting.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub title: String,
    pub body: String,
    pub sectors: Vec<String>,
    pub topics: Vec<String>,
    pub collective: String,
    pub lab: String,
}

/// Everything the ask page needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AskForm {
    pub sectors: Vec<Term>,
    pub topics: Vec<Term>,
    pub labs: Vec<Term>,
    /// The collectives the member is an active member of.
    pub collectives: Vec<CollectiveRef>,
    pub draft: Option<Draft>,
    /// With `?preview=1`: the draft's body rendered and sanitised, and similar questions.
    pub preview_html: Option<String>,
    pub similar: Vec<SimilarQuestion>,
}

/// A question checked field by field, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct NewQuestionInput {
    pub title: super::QuestionTitle,
    pub body: super::QuestionBody,
    pub sectors: Vec<String>,
    pub topics: Vec<String>,
    pub collective: Option<String>,
    pub lab: Option<String>,
}

impl NewQuestionInput {
    /// Checks every field against the known choices; every problem is reported at once.
    pub fn parse(
        draft: &Draft,
        sectors: &[String],
        topics: &[String],
        labs: &[String],
        collectives: &[String],
    ) -> Result<NewQuestionInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = super::QuestionTitle::parse(&draft.title)
            .map_err(|m| errors.push(FieldError::new("title", m)))
            .ok();
        let body = super::QuestionBody::parse(&draft.body)
            .map_err(|m| errors.push(FieldError::new("body", m)))
            .ok();
        let pick = |chosen: &[String], known: &[String]| -> Option<Vec<String>> {
            let picked: Vec<String> = known
                .iter()
                .filter(|k| chosen.contains(k))
                .cloned()
                .collect();
            (!picked.is_empty() && chosen.iter().all(|c| known.contains(c))).then_some(picked)
        };
        let sectors = pick(&draft.sectors, sectors);
        if sectors.is_none() {
            errors.push(FieldError::new("sectors", Msg::SectorsMissing));
        }
        let topics = pick(&draft.topics, topics);
        if topics.is_none() {
            errors.push(FieldError::new("topics", Msg::TopicsMissing));
        }
        let optional =
            |value: &str, known: &[String], field: &str, errors: &mut Vec<FieldError>| {
                let value = value.trim();
                if value.is_empty() {
                    None
                } else if known.iter().any(|k| k == value) {
                    Some(value.to_string())
                } else {
                    errors.push(FieldError::new(field, Msg::ChoiceUnknown));
                    None
                }
            };
        let collective = optional(&draft.collective, collectives, "collective", &mut errors);
        let lab = optional(&draft.lab, labs, "lab", &mut errors);
        match (title, body, sectors, topics) {
            (Some(title), Some(body), Some(sectors), Some(topics)) if errors.is_empty() => {
                Ok(NewQuestionInput {
                    title,
                    body,
                    sectors,
                    topics,
                    collective,
                    lab,
                })
            }
            _ => Err(errors),
        }
    }
}

#[server(prefix = "/api", endpoint = "load_ask_form")]
pub async fn load_ask_form(preview: bool) -> Result<AskForm, AppError> {
    use crate::accounts::{policy, session};
    let viewer = session::request_viewer();
    let viewer = policy::member(viewer.as_ref())?;
    let db = crate::server::use_db()?;
    let draft = db::draft(&db, viewer.id).await?;
    let (preview_html, similar) = match (&draft, preview) {
        (Some(d), true) => {
            let similar = match crate::search::service::use_search() {
                Ok(search) => search
                    .similar(d.title.clone(), d.body.clone(), 5)
                    .await
                    .unwrap_or_default(),
                Err(_) => Vec::new(),
            };
            (Some(crate::server::markdown::render(&d.body)), similar)
        }
        _ => (None, Vec::new()),
    };
    Ok(AskForm {
        sectors: crate::taxonomy::db::sectors(&db).await?,
        topics: crate::taxonomy::db::topics(&db).await?,
        labs: crate::taxonomy::db::partner_labs(&db).await?,
        collectives: db::collectives_of(&db, viewer.id).await?,
        draft,
        preview_html,
        similar,
    })
}

/// The body rendered and sanitised as it will be stored (the live preview).
#[server(prefix = "/api", endpoint = "preview_markdown")]
pub async fn preview_markdown(body: String) -> Result<String, AppError> {
    use crate::accounts::{policy, session};
    policy::member(session::request_viewer().as_ref())?;
    let body: String = body.chars().take(super::QuestionBody::MAX_CHARS).collect();
    Ok(crate::server::markdown::render(&body))
}

/// Posts a question (`intent` = "post") or keeps the draft and shows its preview (`intent` =
/// "preview"). Answers the path to go to: the new thread, or the preview.
#[server(prefix = "/api", endpoint = "ask_question")]
pub async fn ask_question(
    title: String,
    body: String,
    sectors: Option<Vec<String>>,
    topics: Option<Vec<String>>,
    collective: Option<String>,
    lab: Option<String>,
    lang: String,
    intent: Option<String>,
) -> Result<String, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{redirect_plain_post, refuse};
    use crate::i18n::Locale;
    let draft = Draft {
        title,
        body,
        sectors: sectors.unwrap_or_default(),
        topics: topics.unwrap_or_default(),
        collective: collective.unwrap_or_default(),
        lab: lab.unwrap_or_default(),
    };
    // The draft keeps what was typed (checkboxes included); the flash only carries messages.
    let fail = |e: AppError| refuse("ask", &[], e);
    let viewer = session::request_viewer();
    let viewer = policy::participate(viewer.as_ref()).map_err(fail)?;
    let lang = Locale::from_code(&lang).unwrap_or_default();
    let db = crate::server::use_db()?;
    db::save_draft(&db, viewer.id, lang, &draft).await?;
    if intent.as_deref() == Some("preview") {
        let path = "/questions/new?preview=1".to_string();
        redirect_plain_post(&path);
        return Ok(path);
    }
    let slugs = |terms: Vec<Term>| terms.into_iter().map(|t| t.slug).collect::<Vec<_>>();
    let known_sectors = slugs(crate::taxonomy::db::sectors(&db).await?);
    let known_topics = slugs(crate::taxonomy::db::topics(&db).await?);
    let known_labs = slugs(crate::taxonomy::db::partner_labs(&db).await?);
    let mine: Vec<String> = db::collectives_of(&db, viewer.id)
        .await?
        .into_iter()
        .map(|c| c.slug)
        .collect();
    let input = NewQuestionInput::parse(&draft, &known_sectors, &known_topics, &known_labs, &mine)
        .map_err(|errors| fail(AppError::Fields(errors)))?;
    use crate::accounts::limits::{Writing, check};
    check(&db, viewer.id, input.body.as_str(), Writing::NewPost)
        .await
        .map_err(fail)?;
    let id = db::post(&db, viewer.id, lang, &input).await.map_err(fail)?;
    let path = format!("/questions/{id}");
    redirect_plain_post(&path);
    Ok(path)
}

#[cfg(feature = "ssr")]
pub mod db {
    use super::{Draft, NewQuestionInput};
    use crate::i18n::Locale;
    use crate::questions::CollectiveRef;
    use crate::server::db::{Db, now_ms};

    fn split(list: &str) -> Vec<String> {
        list.split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    pub async fn draft(db: &Db, user_id: i64) -> Result<Option<Draft>, sqlx::Error> {
        Ok(
            sqlx::query_as::<_, (String, String, String, String, String, String)>(
                "SELECT title, body_md, sectors, topics, collective, lab FROM question_drafts
             WHERE user_id = $1",
            )
            .bind(user_id)
            .fetch_optional(&db.read)
            .await?
            .map(|(title, body, sectors, topics, collective, lab)| Draft {
                title,
                body,
                sectors: split(&sectors),
                topics: split(&topics),
                collective,
                lab,
            }),
        )
    }

    /// Keeps what was typed (cut to the field limits, so a draft never grows without bound).
    pub async fn save_draft(
        db: &Db,
        user_id: i64,
        lang: Locale,
        d: &Draft,
    ) -> Result<(), sqlx::Error> {
        let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
        let list = |items: &[String]| {
            items
                .iter()
                .take(20)
                .map(|s| cut(s, 40).replace(',', ""))
                .collect::<Vec<_>>()
                .join(",")
        };
        let mut tx = db.begin_write().await?;
        sqlx::query(
            "INSERT INTO question_drafts (user_id, lang, title, body_md, sectors, topics,
                                          collective, lab, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang, title = excluded.title,
                 body_md = excluded.body_md, sectors = excluded.sectors, topics = excluded.topics,
                 collective = excluded.collective, lab = excluded.lab,
                 updated_at = excluded.updated_at",
        )
        .bind(user_id)
        .bind(lang.code())
        .bind(cut(&d.title, 300))
        .bind(cut(
            &d.body,
            crate::questions::QuestionBody::MAX_CHARS + 100,
        ))
        .bind(list(&d.sectors))
        .bind(list(&d.topics))
        .bind(cut(&d.collective, 100))
        .bind(cut(&d.lab, 40))
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    /// The collectives someone may ask on behalf of: those they are an active member of.
    pub async fn collectives_of(db: &Db, user_id: i64) -> Result<Vec<CollectiveRef>, sqlx::Error> {
        Ok(sqlx::query_as::<_, (String, String)>(
            "SELECT c.slug, c.name FROM memberships m JOIN collectives c ON c.id = m.collective_id
             WHERE m.user_id = $1 AND m.status = 'active' ORDER BY c.name",
        )
        .bind(user_id)
        .fetch_all(&db.read)
        .await?
        .into_iter()
        .map(|(slug, name)| CollectiveRef { slug, name })
        .collect())
    }

    async fn ids(db: &Db, table: &'static str, slugs: &[String]) -> Result<Vec<i64>, sqlx::Error> {
        let mut out = Vec::with_capacity(slugs.len());
        for slug in slugs {
            // Only the fixed table names of the caller are formatted in.
            let id: Option<i64> =
                sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE slug = $1"))
                    .bind(slug)
                    .fetch_optional(&db.read)
                    .await?;
            out.extend(id);
        }
        Ok(out)
    }

    /// Stores the question (the asker follows it) and drops the draft.
    /// Publishes the question and drops the draft, in one transaction that counts the new
    /// account's posts again (`limits::check_new_post`: a parallel burst cannot pass).
    pub async fn post(
        db: &Db,
        user_id: i64,
        lang: Locale,
        input: &NewQuestionInput,
    ) -> Result<i64, crate::error::AppError> {
        let collective_id = match &input.collective {
            Some(slug) => crate::collectives::db::id_of(db, slug).await?,
            None => None,
        };
        let routed_lab_id = ids(db, "labs", input.lab.as_slice())
            .await?
            .first()
            .copied();
        let question = crate::questions::db::NewQuestion {
            lang,
            title: input.title.as_str().to_string(),
            body_md: input.body.as_str().to_string(),
            author_id: Some(user_id),
            collective_id,
            routed_lab_id,
            sector_ids: ids(db, "sectors", &input.sectors).await?,
            topic_ids: ids(db, "challenge_topics", &input.topics).await?,
        };
        let html = crate::server::markdown::render(&question.body_md);
        let now = now_ms();
        let mut tx = db.begin_write().await?;
        crate::accounts::limits::check_new_post(&mut tx, user_id, now).await?;
        let id = crate::questions::db::insert_question(&mut tx, &question, &html, now).await?;
        sqlx::query("DELETE FROM question_drafts WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    }
}

/// `/questions/new` (`?preview=1` after the Preview button).
#[component]
pub fn AskPage() -> impl IntoView {
    let i18n = use_i18n();
    let signed_in = crate::accounts::use_viewer().is_some();
    let query = use_query_map();
    let form = Resource::new_blocking(move || query.read().get("preview").is_some(), load_ask_form);
    view! {
        <Title text=i18n.head(Msg::AskTitle) />
        <section class="page page--narrow">
            <header class="page__header">
                <h1>{i18n.t(Msg::AskTitle)}</h1>
                <p class="lead">{i18n.t(Msg::AskIntro)}</p>
            </header>
            {if signed_in {
                page_data(form, |form| view! { <AskFormView form /> }).into_any()
            } else {
                view! { <crate::accounts::ui::SignInFirst next="/questions/new" /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn AskFormView(form: AskForm) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<AskQuestion>::new();
    let state = FormState::new("ask", action.value());
    Effect::new(move |_| {
        if let Some(Ok(path)) = action.value().get() {
            crate::accounts::ui::go_to(&path);
        }
    });
    let draft = form.draft.clone().unwrap_or_default();
    // Similar questions: from the preview step, then live while the title is typed.
    let similar = RwSignal::new(form.similar.clone());
    let preview = RwSignal::new(form.preview_html.clone());
    let typed = RwSignal::new((draft.title.clone(), draft.body.clone()));
    let on_input = move |ev: leptos::ev::Event| {
        let Some(target) = event_target_field(&ev) else {
            return;
        };
        typed.update(|(title, body)| match target.0.as_str() {
            "title" => *title = target.1,
            "body" => *body = target.1,
            _ => {}
        });
    };
    debounced_lookups(typed, similar, preview);
    let choices = move |name: &'static str, terms: Vec<Term>, chosen: Vec<String>, legend: Msg| {
        let error = state.error(name);
        view! {
            <fieldset class="field field--choices" class:field--invalid=move || error.get().is_some()>
                <legend>{i18n.t(legend)}</legend>
                <div class="choices">
                    {terms
                        .into_iter()
                        .enumerate()
                        .map(|(i, t)| {
                            let checked = chosen.contains(&t.slug);
                            view! {
                                <label class="choice">
                                    <input type="checkbox" name=format!("{name}[{i}]") value=t.slug.clone() checked=checked />
                                    <span>{move || t.name(i18n.get()).to_string()}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
                <p class="field__error" role="alert">{move || error.get().map(|m| m.text(i18n.get()))}</p>
            </fieldset>
        }
    };
    let option_list = |items: Vec<(String, String)>| {
        items
            .into_iter()
            .map(|(value, text)| (value, Signal::derive(move || text.clone())))
            .collect::<Vec<_>>()
    };
    let labs: Vec<(String, Signal<String>)> = form
        .labs
        .iter()
        .cloned()
        .map(|lab| {
            let slug = lab.slug.clone();
            (
                slug,
                Signal::derive(move || lab.name(i18n.get()).to_string()),
            )
        })
        .collect();
    let collectives = option_list(
        form.collectives
            .iter()
            .map(|c| (c.slug.clone(), c.name.clone()))
            .collect(),
    );
    let has_collectives = !collectives.is_empty();
    view! {
        <ActionForm action attr:class="form ask-form" attr:data-form="ask" attr:data-flash=state.flash_json() on:input=on_input>
            <input type="hidden" name="lang" value=move || i18n.get().code() />
            <FormError form=state />
            <Field form=state name="title" label=Msg::QuestionTitleLabel hint=Msg::QuestionTitleHint required=true maxlength=150 value=draft.title.clone() />
            <SimilarList similar />
            <Field form=state name="body" label=Msg::BodyLabel hint=Msg::QuestionBodyHint multiline=true required=true maxlength=20000 value=draft.body.clone() />
            <section class="preview" aria-live="polite">
                {move || {
                    preview
                        .get()
                        .map(|html| {
                            view! {
                                <h2 class="preview__heading">{i18n.t(Msg::Preview)}</h2>
                                <div class="prose preview__body" data-testid="preview" inner_html=html></div>
                            }
                        })
                }}
            </section>
            {choices("sectors", form.sectors.clone(), draft.sectors.clone(), Msg::QuestionSectors)}
            {choices("topics", form.topics.clone(), draft.topics.clone(), Msg::QuestionTopics)}
            {has_collectives
                .then(|| {
                    view! {
                        <Field form=state name="collective" label=Msg::AskForCollective hint=Msg::AskForCollectiveHint options=collectives value=draft.collective.clone() />
                    }
                })}
            <Field form=state name="lab" label=Msg::RouteToLab hint=Msg::RouteToLabHint options=labs value=draft.lab.clone() />
            <p class="form__actions">
                <button type="submit" name="intent" value="post" class="button" data-testid="post-question">
                    {i18n.t(Msg::PostQuestion)}
                </button>
                " "
                <button type="submit" name="intent" value="preview" class="button button--secondary" formnovalidate=true data-testid="preview-question">
                    {i18n.t(Msg::Preview)}
                </button>
            </p>
        </ActionForm>
    }
}

/// The name and value of the input or textarea an input event came from.
fn event_target_field(ev: &leptos::ev::Event) -> Option<(String, String)> {
    let name = event_target::<web_sys::Element>(ev).get_attribute("name")?;
    Some((name, event_target_value(ev)))
}

/// In the browser: 300 ms after the title stops changing, similar questions are looked up; 400 ms
/// after the body stops changing, the preview is rendered on the server. Answers to superseded
/// requests are dropped.
fn debounced_lookups(
    typed: RwSignal<(String, String)>,
    similar: RwSignal<Vec<SimilarQuestion>>,
    preview: RwSignal<Option<String>>,
) {
    #[cfg(feature = "hydrate")]
    {
        use std::time::Duration;
        let generation = StoredValue::new((0u32, 0u32));
        let title = Memo::new(move |_| typed.with(|(t, _)| t.clone()));
        let body = Memo::new(move |_| typed.with(|(_, b)| b.clone()));
        Effect::new(move |first: Option<()>| {
            let title = title.get();
            if first.is_none() {
                return;
            }
            generation.update_value(|g| g.0 += 1);
            let mine = generation.get_value().0;
            set_timeout(
                move || {
                    if generation.get_value().0 != mine {
                        return;
                    }
                    if title.trim().chars().count() < 8 {
                        similar.set(Vec::new());
                        return;
                    }
                    let body = body.get_untracked();
                    leptos::task::spawn_local(async move {
                        if let Ok(found) = crate::search::similar_questions(title, body).await
                            && generation.get_value().0 == mine
                        {
                            similar.set(found);
                        }
                    });
                },
                Duration::from_millis(300),
            );
        });
        Effect::new(move |first: Option<()>| {
            let body = body.get();
            if first.is_none() {
                return;
            }
            generation.update_value(|g| g.1 += 1);
            let mine = generation.get_value().1;
            set_timeout(
                move || {
                    if generation.get_value().1 != mine {
                        return;
                    }
                    if body.trim().is_empty() {
                        preview.set(None);
                        return;
                    }
                    leptos::task::spawn_local(async move {
                        if let Ok(html) = preview_markdown(body).await
                            && generation.get_value().1 == mine
                        {
                            preview.set(Some(html));
                        }
                    });
                },
                Duration::from_millis(400),
            );
        });
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (typed, similar, preview);
    }
}

#[component]
fn SimilarList(similar: RwSignal<Vec<SimilarQuestion>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="similar" aria-live="polite" data-testid="similar">
            {move || {
                let items = similar.get();
                (!items.is_empty())
                    .then(|| {
                        view! {
                            <h2 class="similar__heading">{i18n.t(Msg::SimilarQuestions)}</h2>
                            <ul class="similar__list">
                                {items
                                    .into_iter()
                                    .map(|q| {
                                        let sectors = q
                                            .sectors
                                            .iter()
                                            .map(|s| s.name(i18n.get()).to_string())
                                            .collect::<Vec<_>>()
                                            .join(", ");
                                        view! {
                                            <li>
                                                <a href=format!("/questions/{}", q.id) target="_blank" lang=q.lang.code()>{q.title}</a>
                                                " "
                                                <span class="similar__sectors">{sectors}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::{Draft, NewQuestionInput};
    use crate::i18n::Msg;

    fn known() -> (Vec<String>, Vec<String>, Vec<String>, Vec<String>) {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        (
            v(&["energy", "food", "care"]),
            v(&["finance", "volunteers"]),
            v(&["finance", "network"]),
            v(&["zonnedak"]),
        )
    }

    #[test]
    fn a_complete_question_parses() {
        let (s, t, l, c) = known();
        let draft = Draft {
            title: "How do you keep volunteers after the first year?".into(),
            body: "We started with twenty volunteers and now have six left.".into(),
            sectors: vec!["care".into(), "food".into()],
            topics: vec!["volunteers".into()],
            collective: "zonnedak".into(),
            lab: "network".into(),
        };
        let input = NewQuestionInput::parse(&draft, &s, &t, &l, &c).expect("valid");
        assert_eq!(input.sectors, ["food", "care"], "in the known order");
        assert_eq!(input.collective.as_deref(), Some("zonnedak"));
        assert_eq!(input.lab.as_deref(), Some("network"));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let (s, t, l, c) = known();
        let draft = Draft {
            title: "Short".into(),
            body: "Too short".into(),
            sectors: vec![],
            topics: vec!["'; DROP TABLE".into()],
            collective: "someone-elses".into(),
            lab: "collectives".into(),
        };
        let errors = NewQuestionInput::parse(&draft, &s, &t, &l, &c).expect_err("invalid");
        let fields: Vec<(&str, Msg)> = errors.iter().map(|e| (e.field.as_str(), e.msg)).collect();
        assert_eq!(
            fields,
            [
                ("title", Msg::TitleTooShort),
                ("body", Msg::QuestionBodyTooShort),
                ("sectors", Msg::SectorsMissing),
                ("topics", Msg::TopicsMissing),
                ("collective", Msg::ChoiceUnknown),
                ("lab", Msg::ChoiceUnknown),
            ]
        );
    }
}
