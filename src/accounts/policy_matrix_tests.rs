//! Every server function × every role (and each role while suspended), through the whole HTTP
//! stack on every backend: who is refused, with exactly which error, and that nothing changes.
//! A new server function gets a row here.

use super::http_tests::fingerprint;
use crate::error::AppError;
use crate::server::testing::{backend_tests, error_of};
use axum::http::StatusCode;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Caller {
    SignedOut,
    Member,
    Partner,
    Moderator,
    Admin,
    CollectiveAdmin,
    // issue 15: the same people while a moderator's suspension lasts.
    SuspendedMember,
    SuspendedPartner,
    SuspendedModerator,
    SuspendedAdmin,
    SuspendedCollectiveAdmin,
}

const CALLERS: [Caller; 11] = [
    Caller::SignedOut,
    Caller::Member,
    Caller::Partner,
    Caller::Moderator,
    Caller::Admin,
    Caller::CollectiveAdmin,
    Caller::SuspendedMember,
    Caller::SuspendedPartner,
    Caller::SuspendedModerator,
    Caller::SuspendedAdmin,
    Caller::SuspendedCollectiveAdmin,
];

impl Caller {
    /// The role, suspended or not.
    fn role(self) -> Caller {
        match self {
            Caller::SuspendedMember => Caller::Member,
            Caller::SuspendedPartner => Caller::Partner,
            Caller::SuspendedModerator => Caller::Moderator,
            Caller::SuspendedAdmin => Caller::Admin,
            Caller::SuspendedCollectiveAdmin => Caller::CollectiveAdmin,
            role => role,
        }
    }

    fn is_suspended(self) -> bool {
        self.role() != self
    }

    /// The demo account playing this caller.
    fn account(self) -> Option<&'static str> {
        match self.role() {
            Caller::Member => Some("henk"),
            Caller::Partner => Some("marloes"),
            Caller::Moderator => Some("moderator"),
            Caller::Admin => Some("admin"),
            Caller::CollectiveAdmin => Some("anna"),
            _ => None,
        }
    }
}

/// Who may call it: the rule each server function must enforce. Every rule but `Anyone` and
/// `Members` is closed to a suspended caller (issue 15).
#[derive(Clone, Copy, Debug)]
enum Rule {
    Anyone,
    /// Any signed-in member, suspended or not: reading, one's own account, follows.
    Members,
    /// Signed-in members who are not suspended: posting, voting, flagging, editing, founding
    /// and joining collectives.
    Participants,
    Admins,
    Moderators,
    CollectiveAdmins,
    /// Partners of a Partner Lab.
    Partners,
}

impl Rule {
    /// Whether the caller's role passes the rule (suspension aside).
    fn allows(self, caller: Caller) -> bool {
        let caller = caller.role();
        match self {
            Rule::Anyone => true,
            Rule::Members | Rule::Participants => caller != Caller::SignedOut,
            Rule::Admins => caller == Caller::Admin,
            Rule::Moderators => matches!(caller, Caller::Admin | Caller::Moderator),
            Rule::CollectiveAdmins => matches!(caller, Caller::Admin | Caller::CollectiveAdmin),
            Rule::Partners => caller == Caller::Partner,
        }
    }

    /// What a suspended caller whose role passes gets instead; None: let through.
    fn when_suspended(self) -> Option<AppError> {
        use crate::i18n::Msg;
        match self {
            Rule::Anyone | Rule::Members => None,
            Rule::Participants | Rule::Partners => Some(AppError::Invalid(Msg::Suspended)),
            Rule::Admins | Rule::Moderators | Rule::CollectiveAdmins => {
                Some(AppError::Invalid(Msg::SuspendedStaff))
            }
        }
    }

    /// The refusal this caller must get, None when they must get past the rule.
    fn refusal(self, caller: Caller) -> Option<AppError> {
        if !self.allows(caller) {
            Some(if caller == Caller::SignedOut {
                AppError::SignInRequired
            } else {
                AppError::Forbidden
            })
        } else if caller.is_suspended() {
            self.when_suspended()
        } else {
            None
        }
    }
}

/// A server function, the arguments it is called with, and who may call it.
type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Rule);

backend_tests! {
    seeded;

    /// Every mutating server function (and every one that reads private data), called by every role
    /// (and by each role while suspended) with input that cannot succeed even when allowed: a
    /// refused caller must get exactly "sign in", "forbidden" or "suspended", an allowed one must
    /// get past the rule, and nothing may change.
    async fn every_server_function_refuses_the_roles_it_must(t) {
        let cases: &[Case] = &[
            (
                "sign_up",
                &[("name", "X"), ("email", "x"), ("password", "x")],
                Rule::Anyone,
            ),
            (
                "sign_in",
                &[
                    ("email", "nobody@example.nl"),
                    ("password", "not it at all"),
                ],
                Rule::Anyone,
            ),
            ("set_language", &[("lang", "en")], Rule::Anyone),
            (
                "change_password",
                &[
                    ("current", "wrong password"),
                    ("new_password", "a new long password"),
                ],
                Rule::Members,
            ),
            (
                "delete_account",
                &[("password", "wrong password")],
                Rule::Members,
            ),
            ("load_account", &[], Rule::Members),
            (
                "request_join",
                &[("slug", "no-such-collective")],
                Rule::Participants,
            ),
            (
                "accept_answer",
                &[("answer_id", "999999")],
                Rule::Participants,
            ),
            (
                "post_answer",
                &[
                    ("question_id", "999999"),
                    ("body", "Ask the bank."),
                    ("lang", "en"),
                ],
                Rule::Participants,
            ),
            (
                "vote",
                &[("kind", "question"), ("post_id", "999999"), ("value", "1")],
                Rule::Participants,
            ),
            (
                "post_comment",
                &[
                    ("kind", "answer"),
                    ("post_id", "999999"),
                    ("body", "Good point."),
                    ("lang", "en"),
                ],
                Rule::Participants,
            ),
            (
                "follow_question",
                &[("question_id", "999999"), ("follow", "true")],
                Rule::Members,
            ),
            (
                "load_thread_viewer_state",
                &[("question_id", "999999")],
                Rule::Anyone,
            ),
            (
                "load_post_source",
                &[("kind", "question"), ("id", "999999")],
                Rule::Members,
            ),
            (
                "edit_post",
                &[
                    ("kind", "answer"),
                    ("id", "999999"),
                    ("base_version", "1"),
                    ("body", "A better answer."),
                ],
                Rule::Participants,
            ),
            (
                "restore_revision",
                &[
                    ("kind", "question"),
                    ("id", "999999"),
                    ("version", "1"),
                    ("base_version", "2"),
                    ("reason", "Spam removed"),
                ],
                Rule::Moderators,
            ),
            (
                "redact_revision",
                &[
                    ("kind", "question"),
                    ("id", "999999"),
                    ("version", "1"),
                    ("reason", "Personal data"),
                ],
                Rule::Moderators,
            ),
            (
                "post_history",
                &[("kind", "question"), ("id", "999999")],
                Rule::Anyone,
            ),
            (
                "post_comments",
                &[("kind", "answer"), ("id", "999999")],
                Rule::Anyone,
            ),
            (
                "edit_post",
                &[
                    ("kind", "collective-nl"),
                    ("id", "999999"),
                    ("base_version", "1"),
                    ("body", "Wij verwarmen 40 huizen."),
                    ("reason", "Typo"),
                ],
                Rule::Participants,
            ),
            (
                "load_post_source",
                &[("kind", "lab-en"), ("id", "999999")],
                Rule::Members,
            ),
            (
                "flag_post",
                &[
                    ("kind", "answer"),
                    ("post_id", "999999"),
                    ("reason", "spam"),
                ],
                Rule::Participants,
            ),
            ("load_flag_queue", &[], Rule::Moderators),
            (
                "moderate_post",
                &[
                    ("kind", "answer"),
                    ("post_id", "999999"),
                    ("action", "hide"),
                    ("reason", "Spam link"),
                ],
                Rule::Moderators,
            ),
            (
                "moderate_post",
                &[
                    ("kind", "comment"),
                    ("post_id", "999999"),
                    ("action", "suspend"),
                    ("reason", "Abuse"),
                    ("days", "7"),
                ],
                Rule::Moderators,
            ),
            (
                "moderate_thread",
                &[
                    ("question_id", "999999"),
                    ("action", "lock"),
                    ("reason", "Heated"),
                ],
                Rule::Moderators,
            ),
            (
                "moderate_thread",
                &[
                    ("question_id", "999999"),
                    ("action", "duplicate"),
                    ("reason", "Asked before"),
                    ("target", "1"),
                ],
                Rule::Moderators,
            ),
            (
                "moderate_thread",
                &[
                    ("question_id", "999999"),
                    ("action", "pin"),
                    ("reason", "Good example"),
                    ("lab", "finance"),
                ],
                Rule::Moderators,
            ),
            (
                "moderate_user",
                &[
                    ("user_id", "999999"),
                    ("action", "suspend"),
                    ("reason", "Spam"),
                    ("days", "3"),
                ],
                Rule::Moderators,
            ),
            ("moderation_log", &[], Rule::Anyone),
            ("audit_log", &[], Rule::Admins),
            ("load_ask_form", &[("preview", "false")], Rule::Members),
            ("preview_markdown", &[("body", "**x**")], Rule::Members),
            (
                "ask_question",
                &[
                    ("title", "Short"),
                    ("body", ""),
                    ("lang", "en"),
                    ("intent", "post"),
                ],
                Rule::Participants,
            ),
            ("list_notifications", &[], Rule::Members),
            ("mark_notifications_read", &[], Rule::Members),
            ("question_filter_options", &[], Rule::Anyone),
            (
                "create_collective",
                &[
                    ("name", ""),
                    ("municipality", ""),
                    ("province", ""),
                    ("legal_form", ""),
                    ("stage", ""),
                    ("founded_year", ""),
                    ("member_count", ""),
                    ("volunteer_count", ""),
                    ("website", ""),
                    ("umbrellas", ""),
                    ("description_nl", ""),
                    ("description_en", ""),
                ],
                Rule::Participants,
            ),
            (
                "decide_join",
                &[
                    ("slug", "zonnedorp-energie"),
                    ("user_id", "999999"),
                    ("decision", "approve"),
                ],
                Rule::CollectiveAdmins,
            ),
            ("list_accounts", &[], Rule::Admins),
            ("lab_dashboard", &[("slug", "finance")], Rule::Anyone),
            ("platform_stats", &[], Rule::Anyone),
            ("admin_overview", &[], Rule::Admins),
            (
                "follow_lab",
                &[("slug", "no-such-lab"), ("follow", "true")],
                Rule::Members,
            ),
            ("load_queue", &[("filter", "unclaimed")], Rule::Partners),
            (
                "claim_question",
                &[("question_id", "999999"), ("claim", "true")],
                Rule::Partners,
            ),
            (
                "set_queue_status",
                &[
                    ("question_id", "999999"),
                    ("status", "waiting"),
                    ("note", "Which bank did you ask?"),
                ],
                Rule::Partners,
            ),
            (
                "answer_from_queue",
                &[
                    ("question_id", "999999"),
                    ("body", "Ask the regional fund."),
                    ("lang", "en"),
                ],
                Rule::Partners,
            ),
            (
                "grant_partner",
                &[("user_id", "1"), ("lab", "finance"), ("organisation", "")],
                Rule::Admins,
            ),
            (
                "revoke_partner",
                &[("user_id", "999999"), ("lab", "finance")],
                Rule::Admins,
            ),
            (
                "set_moderator",
                &[("user_id", "999999"), ("moderator", "true")],
                Rule::Admins,
            ),
        ];
        let flags = ["--signin-limit-ip", "1000"];
        for caller in CALLERS {
            let who = match caller.account() {
                Some(account) => t.client().with_config(&flags).signed_in(account).await,
                None => t.client().with_config(&flags),
            };
            // A suspended caller is suspended for this round only (as `moderate_user` would).
            let suspend = |until: Option<i64>| {
                let (db, account) = (t.db.clone(), caller.account());
                async move {
                    if let (true, Some(account)) = (caller.is_suspended(), account) {
                        sqlx::query("UPDATE users SET suspended_until = $1 WHERE email = $2")
                            .bind(until)
                            .bind(format!("{account}@demo.collectievekracht.example"))
                            .execute(&db.write)
                            .await
                            .expect("suspend");
                    }
                }
            };
            suspend(Some(crate::server::db::now_ms() + 86_400_000)).await;
            for (name, args, rule) in cases {
                let before = fingerprint(t).await;
                let reply = who.call(name, args).await;
                let error = error_of(&reply);
                match rule.refusal(caller) {
                    None => assert!(
                        !matches!(
                            error,
                            Some(
                                AppError::SignInRequired
                                    | AppError::Forbidden
                                    | AppError::Invalid(
                                        crate::i18n::Msg::Suspended
                                            | crate::i18n::Msg::SuspendedStaff
                                    )
                            )
                        ),
                        "{name} must let {caller:?} through: {}",
                        reply.body
                    ),
                    expected => {
                        assert_eq!(error, expected, "{name} for {caller:?}: {}", reply.body)
                    }
                }
                assert_eq!(
                    fingerprint(t).await,
                    before,
                    "{name} by {caller:?} changed data"
                );
            }
            suspend(None).await;
        }
        // The export is private too.
        let visitor = t.client().with_config(&flags);
        let reply = visitor.get("/account/export").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        // And the admin page renders its data only for admins.
        let member = t.client().with_config(&flags).signed_in("henk").await;
        let reply = member.get("/admin").await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert!(!reply.body.contains("@demo.collectievekracht.example"));
        let reply = visitor.get("/admin").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
}
