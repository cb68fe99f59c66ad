//! Who may do what: the one place where roles (member, collective admin, lab partner, moderator,
//! admin) turn into permissions; README.md, "Accounts and roles", describes them.
//!
//! Every server function that changes something or reads private data asks one of these
//! functions first, on the server. They are pure (the caller looks up any facts they need, such as
//! "is this person an admin of that collective"), so the rules read and test as a table; the
//! components use the same functions only to decide what to show.

use super::Viewer;
use crate::error::AppError;

/// Any signed-in member: ask to join a collective, found one, manage their own account.
pub fn member(viewer: Option<&Viewer>) -> Result<&Viewer, AppError> {
    viewer.ok_or(AppError::SignInRequired)
}

/// Take part: ask, answer, comment, vote, flag, edit, found a collective, ask to join one. A
/// suspended member may still read, sign in and manage their account, but not this (checked on
/// the server on every such request).
pub fn participate(viewer: Option<&Viewer>) -> Result<&Viewer, AppError> {
    let viewer = member(viewer)?;
    // The session lookup sets `suspended_until` only while the suspension lasts.
    if viewer.suspended_until.is_some() {
        Err(AppError::Invalid(crate::i18n::Msg::Suspended))
    } else {
        Ok(viewer)
    }
}

/// A power that comes with a role (moderator, admin, collective admin): the role was checked
/// first (someone without it is `Forbidden`, suspended or not), and a suspension closes it until
/// it ends, reading screens of the role included.
fn staff_power(viewer: &Viewer) -> Result<&Viewer, AppError> {
    if viewer.suspended_until.is_some() {
        Err(AppError::Invalid(crate::i18n::Msg::SuspendedStaff))
    } else {
        Ok(viewer)
    }
}

/// Grant and revoke partner and moderator roles; see every account's email address; every
/// admin screen. Not while suspended.
pub fn manage_roles(viewer: Option<&Viewer>) -> Result<&Viewer, AppError> {
    let viewer = member(viewer)?;
    if viewer.is_admin {
        staff_power(viewer)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Moderate content (the moderation screens build on this). Not while suspended.
pub fn moderate(viewer: Option<&Viewer>) -> Result<&Viewer, AppError> {
    let viewer = member(viewer)?;
    if viewer.is_moderator || viewer.is_admin {
        staff_power(viewer)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Redact an old version of a text (personal data, abuse): moderators and admins, like any
/// moderation (so not while suspended). Redaction erases the version's text for everyone, staff
/// included; the audit log keeps who did it and why.
pub fn redact_revision(viewer: Option<&Viewer>) -> Result<&Viewer, AppError> {
    moderate(viewer)
}

/// See and decide a collective's join requests: its admin members, and platform admins. Not
/// while suspended.
pub fn manage_collective(
    viewer: Option<&Viewer>,
    is_collective_admin: bool,
) -> Result<&Viewer, AppError> {
    let viewer = member(viewer)?;
    if is_collective_admin || viewer.is_admin {
        staff_power(viewer)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Accept an answer: only the person who asked the question.
pub fn question_author(
    viewer: Option<&Viewer>,
    asked_by: Option<i64>,
) -> Result<&Viewer, AppError> {
    let viewer = member(viewer)?;
    if asked_by == Some(viewer.id) {
        Ok(viewer)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Edit a post: its author, or a moderator (who fixes content inline).
pub fn edit_post(viewer: Option<&Viewer>, written_by: Option<i64>) -> Result<&Viewer, AppError> {
    let viewer = participate(viewer)?;
    if written_by == Some(viewer.id) || viewer.is_moderator || viewer.is_admin {
        Ok(viewer)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Edit a collective's profile text: its admin members, and moderators (who fix content inline).
pub fn edit_collective(
    viewer: Option<&Viewer>,
    is_collective_admin: bool,
) -> Result<&Viewer, AppError> {
    let viewer = participate(viewer)?;
    if is_collective_admin || viewer.is_moderator || viewer.is_admin {
        Ok(viewer)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whose text an edit changes, with the facts `edit_text` decides on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextOwner {
    /// A question, answer or comment, written by `author` (`None`: a former member).
    Post { author: Option<i64> },
    /// A collective's profile text; whether the viewer is one of its active admin members.
    Collective { viewer_is_admin: bool },
    /// A lab page's text.
    Lab,
}

/// Edit a text (posts: the author or a moderator; collective profiles: the collective's admins
/// or a moderator; lab texts: moderators). Also says whether the viewer edits as the text's
/// owner (owners need not give a reason).
pub fn edit_text(viewer: Option<&Viewer>, owner: TextOwner) -> Result<(&Viewer, bool), AppError> {
    match owner {
        TextOwner::Post { author } => {
            let viewer = edit_post(viewer, author)?;
            Ok((viewer, author == Some(viewer.id)))
        }
        TextOwner::Collective { viewer_is_admin } => {
            Ok((edit_collective(viewer, viewer_is_admin)?, viewer_is_admin))
        }
        TextOwner::Lab => {
            participate(viewer)?;
            Ok((moderate(viewer)?, false))
        }
    }
}

/// Flag a post for the moderators: any member who may take part, but not on their own post.
pub fn flag(viewer: Option<&Viewer>, written_by: Option<i64>) -> Result<&Viewer, AppError> {
    let viewer = participate(viewer)?;
    if written_by == Some(viewer.id) {
        Err(AppError::Invalid(crate::i18n::Msg::OwnPostFlag))
    } else {
        Ok(viewer)
    }
}

/// Warn or suspend a member: moderators, but only admins act on moderators and admins, and
/// nobody on themselves.
pub fn discipline(
    viewer: Option<&Viewer>,
    target_id: i64,
    target_is_staff: bool,
) -> Result<&Viewer, AppError> {
    let viewer = moderate(viewer)?;
    if target_id == viewer.id || (target_is_staff && !viewer.is_admin) {
        Err(AppError::Forbidden)
    } else {
        Ok(viewer)
    }
}

/// The role a moderation action is logged under (the public log names the role, not the person).
pub fn acting_role(viewer: &Viewer) -> &'static str {
    if viewer.is_admin {
        "admin"
    } else {
        "moderator"
    }
}

/// Vote on a post: any member, but not on their own.
pub fn vote(viewer: Option<&Viewer>, written_by: Option<i64>) -> Result<&Viewer, AppError> {
    let viewer = participate(viewer)?;
    if written_by == Some(viewer.id) {
        Err(AppError::Invalid(crate::i18n::Msg::OwnPostVote))
    } else {
        Ok(viewer)
    }
}

/// Work the partner queue: a partner of at least one Partner Lab (who may take part: the role is
/// checked first, then the suspension).
pub fn partner(viewer: Option<&Viewer>) -> Result<&Viewer, AppError> {
    let viewer = member(viewer)?;
    if viewer.partner_labs.is_empty() {
        Err(AppError::Forbidden)
    } else {
        participate(Some(viewer))
    }
}

/// Claim, answer from the queue or change the queue status of a question routed to `routed_lab`:
/// that lab's partners only (an unrouted question is in nobody's queue).
pub fn partner_of<'a>(
    viewer: Option<&'a Viewer>,
    routed_lab: Option<&str>,
) -> Result<&'a Viewer, AppError> {
    let viewer = partner(viewer)?;
    match routed_lab {
        Some(lab) if viewer.partner_labs.iter().any(|l| l == lab) => Ok(viewer),
        _ => Err(AppError::Forbidden),
    }
}

/// The lab whose badge an answer carries: the lab the question is routed to, if the author is
/// one of its partners. A partner of several labs answers with the routed lab's badge, never
/// another of theirs; an unrouted question gets no expert badge.
pub fn expert_lab<'a>(viewer: &Viewer, routed_lab: Option<&'a str>) -> Option<&'a str> {
    expert_badge(&viewer.partner_labs, routed_lab)
}

/// `expert_lab` for an author known by the slugs of the labs they are a partner of (the
/// answer's write reads them in its transaction, so a role revoked meanwhile counts).
pub fn expert_badge<'a>(partner_labs: &[String], routed_lab: Option<&'a str>) -> Option<&'a str> {
    routed_lab.filter(|lab| partner_labs.iter().any(|l| l == lab))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(moderator: bool, admin: bool, labs: &[&str]) -> Viewer {
        Viewer {
            id: 7,
            name: "Anna".into(),
            is_moderator: moderator,
            is_admin: admin,
            partner_labs: labs.iter().map(|l| l.to_string()).collect(),
            unread_notifications: 0,
            suspended_until: None,
        }
    }

    #[test]
    fn the_role_table() {
        let member = person(false, false, &[]);
        let partner = person(false, false, &["finance"]);
        let moderator = person(true, false, &[]);
        let admin = person(false, true, &[]);
        type Rule = fn(Option<&Viewer>) -> Result<&Viewer, AppError>;
        let rules: [(&str, Rule, [bool; 5]); 7] = [
            // signed out, member, partner, moderator, admin
            ("member", super::member, [false, true, true, true, true]),
            (
                "manage_roles",
                manage_roles,
                [false, false, false, false, true],
            ),
            ("moderate", moderate, [false, false, false, true, true]),
            (
                "partner",
                super::partner,
                [false, false, true, false, false],
            ),
            (
                "partner_of finance",
                |v| partner_of(v, Some("finance")),
                [false, false, true, false, false],
            ),
            (
                "partner_of an unrouted question",
                |v| partner_of(v, None),
                [false, false, false, false, false],
            ),
            (
                "manage_collective (not its admin)",
                |v| manage_collective(v, false),
                [false, false, false, false, true],
            ),
        ];
        for (name, rule, allowed) in rules {
            let callers = [
                None,
                Some(&member),
                Some(&partner),
                Some(&moderator),
                Some(&admin),
            ];
            for (caller, allowed) in callers.into_iter().zip(allowed) {
                let outcome = rule(caller);
                assert_eq!(outcome.is_ok(), allowed, "{name} for {caller:?}");
                if caller.is_none() {
                    assert_eq!(outcome.err(), Some(AppError::SignInRequired), "{name}");
                } else if !allowed {
                    assert_eq!(outcome.err(), Some(AppError::Forbidden), "{name}");
                }
            }
        }
        assert!(manage_collective(Some(&member), true).is_ok());
        assert!(question_author(Some(&member), Some(7)).is_ok());
        assert_eq!(
            question_author(Some(&admin), Some(8)).err(),
            Some(AppError::Forbidden)
        );
        assert_eq!(
            question_author(Some(&member), None).err(),
            Some(AppError::Forbidden)
        );
        assert_eq!(
            question_author(None, Some(7)).err(),
            Some(AppError::SignInRequired)
        );
        assert_eq!(
            manage_collective(None, true).err(),
            Some(AppError::SignInRequired)
        );
        assert!(edit_post(Some(&member), Some(7)).is_ok());
        assert!(edit_post(Some(&moderator), Some(8)).is_ok());
        assert_eq!(
            edit_post(Some(&partner), Some(8)).err(),
            Some(AppError::Forbidden)
        );
        assert_eq!(
            edit_post(Some(&member), None).err(),
            Some(AppError::Forbidden)
        );
        assert!(vote(Some(&member), Some(8)).is_ok());
        assert!(vote(Some(&member), None).is_ok());
        assert_eq!(
            vote(Some(&member), Some(7)).err(),
            Some(AppError::Invalid(crate::i18n::Msg::OwnPostVote))
        );
        assert_eq!(vote(None, Some(8)).err(), Some(AppError::SignInRequired));
    }

    #[test]
    fn moderation_rules() {
        let member = person(false, false, &[]);
        let moderator = person(true, false, &[]);
        let admin = person(false, true, &[]);
        let mut suspended = person(false, false, &[]);
        suspended.suspended_until = Some(i64::MAX);
        let suspended_msg = Some(AppError::Invalid(crate::i18n::Msg::Suspended));
        // A suspended member reads but takes part in nothing.
        assert_eq!(participate(Some(&suspended)).err(), suspended_msg);
        assert_eq!(vote(Some(&suspended), Some(8)).err(), suspended_msg);
        assert_eq!(edit_post(Some(&suspended), Some(7)).err(), suspended_msg);
        assert_eq!(flag(Some(&suspended), Some(8)).err(), suspended_msg);
        assert_eq!(edit_collective(Some(&suspended), true).err(), suspended_msg);
        assert!(member.suspended_until.is_none() && participate(Some(&member)).is_ok());
        // Flags: anyone taking part, never on one's own post.
        assert!(flag(Some(&member), Some(8)).is_ok());
        assert_eq!(
            flag(Some(&member), Some(7)).err(),
            Some(AppError::Invalid(crate::i18n::Msg::OwnPostFlag))
        );
        assert_eq!(flag(None, Some(8)).err(), Some(AppError::SignInRequired));
        // Collective texts: its admins and moderators.
        assert!(edit_collective(Some(&member), true).is_ok());
        assert_eq!(
            edit_collective(Some(&member), false).err(),
            Some(AppError::Forbidden)
        );
        assert!(edit_collective(Some(&moderator), false).is_ok());
        assert!(edit_collective(Some(&admin), false).is_ok());
        // Discipline: moderators on members; only admins on staff; nobody on themselves.
        assert!(discipline(Some(&moderator), 8, false).is_ok());
        assert_eq!(
            discipline(Some(&moderator), 8, true).err(),
            Some(AppError::Forbidden)
        );
        assert!(discipline(Some(&admin), 8, true).is_ok());
        assert_eq!(
            discipline(Some(&moderator), 7, false).err(),
            Some(AppError::Forbidden)
        );
        assert_eq!(
            discipline(Some(&member), 8, false).err(),
            Some(AppError::Forbidden)
        );
        assert_eq!(
            discipline(None, 8, false).err(),
            Some(AppError::SignInRequired)
        );
        assert_eq!(acting_role(&moderator), "moderator");
        assert_eq!(acting_role(&admin), "admin");
    }

    /// Issue 15: a suspension closes every power, staff ones included; the role is still checked
    /// first (a suspended member asking for a staff power is `Forbidden`), and reading stays.
    #[test]
    fn a_suspension_closes_every_power_of_every_role() {
        let suspend = |mut v: Viewer| {
            v.suspended_until = Some(i64::MAX);
            v
        };
        let member = suspend(person(false, false, &[]));
        let partner = suspend(person(false, false, &["finance"]));
        let moderator = suspend(person(true, false, &[]));
        let admin = suspend(person(false, true, &[]));
        let taking_part = Some(AppError::Invalid(crate::i18n::Msg::Suspended));
        let staff = Some(AppError::Invalid(crate::i18n::Msg::SuspendedStaff));
        for who in [&member, &partner, &moderator, &admin] {
            assert!(
                super::member(Some(who)).is_ok(),
                "reading and the account stay"
            );
            assert_eq!(participate(Some(who)).err(), taking_part);
            assert_eq!(manage_collective(Some(who), true).err(), staff);
            assert_eq!(
                discipline(Some(who), 8, false).err(),
                if who.is_moderator || who.is_admin {
                    staff.clone()
                } else {
                    Some(AppError::Forbidden)
                }
            );
        }
        assert_eq!(moderate(Some(&moderator)).err(), staff);
        assert_eq!(moderate(Some(&admin)).err(), staff);
        assert_eq!(manage_roles(Some(&admin)).err(), staff);
        assert_eq!(edit_post(Some(&moderator), Some(8)).err(), taking_part);
        assert_eq!(edit_collective(Some(&admin), false).err(), taking_part);
        assert_eq!(super::partner(Some(&partner)).err(), taking_part);
        assert_eq!(
            partner_of(Some(&partner), Some("finance")).err(),
            taking_part
        );
        // Without the role the answer is the same as for anyone without it.
        assert_eq!(moderate(Some(&member)).err(), Some(AppError::Forbidden));
        assert_eq!(
            manage_roles(Some(&moderator)).err(),
            Some(AppError::Forbidden)
        );
        assert_eq!(
            manage_collective(Some(&member), false).err(),
            Some(AppError::Forbidden)
        );
        assert_eq!(
            super::partner(Some(&member)).err(),
            Some(AppError::Forbidden)
        );
        // Unsuspended, each power is back.
        let mut back = admin.clone();
        back.suspended_until = None;
        assert!(moderate(Some(&back)).is_ok() && manage_roles(Some(&back)).is_ok());
        assert!(manage_collective(Some(&back), false).is_ok());
    }

    #[test]
    fn a_partner_of_several_labs_answers_with_the_routed_labs_badge() {
        let partner = person(false, false, &["finance", "science"]);
        assert_eq!(expert_lab(&partner, Some("science")), Some("science"));
        assert_eq!(expert_lab(&partner, Some("finance")), Some("finance"));
        assert_eq!(expert_lab(&partner, Some("government")), None);
        assert_eq!(expert_lab(&partner, None), None);
        assert_eq!(expert_lab(&person(false, true, &[]), Some("finance")), None);
    }
}

#[cfg(all(test, feature = "ssr"))]
#[path = "suspension_tests.rs"]
mod suspension_tests;
