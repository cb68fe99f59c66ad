//! SQL for accounts and roles: all of it (the modules beside `db` keep the rules and call here).
//!
//! `users`: accounts, sign-in, passwords and the account page; `roles`: the admin's list and the
//! platform roles (admin, moderator, Partner Lab partner); `erasure`: deleting an account, and
//! what it does with every column that points at a person; `export`: the personal-data export;
//! `sessions`: the session lookup, sessions' rows and the notification conditions it shares;
//! `rate_limit`: the rate limits' hits; `limits`: the facts of new accounts' limits. (Public
//! profiles are `crate::profiles`.)

mod erasure;
mod export;
mod limits;
mod rate_limit;
mod roles;
mod sessions;
mod users;

pub use erasure::{Erasure, Exported, PERSON_COLUMNS, PersonColumn, USER_FIELDS, delete_account};
pub(in crate::accounts) use export::personal_data;
pub(in crate::accounts) use limits::{account_created_at, edits_since, lock_account, posts_since};
pub(in crate::accounts) use rate_limit::{count_hits, delete_hits, record_hits};
pub use roles::{
    admin_users, collective_membership, grant_partner, is_active_admin, is_collective_admin,
    revoke_partner, set_moderator, upsert_admin,
};
pub use sessions::{SHOWN, unread_subquery};
pub(in crate::accounts) use sessions::{
    delete_session, insert_session, session_rows, touch_session,
};
pub use users::{
    CreateUserError, create_user, is_new_account, password_hash, set_password, sign_in_record,
    user_exists,
};
pub(in crate::accounts) use users::{account_facts, pending_collectives};

use super::LabRole;
use crate::taxonomy::Term;
use sqlx::FromRow;

/// A partner role as read with `LAB_ROLE_SELECT` (also by `profiles::db`).
#[derive(FromRow)]
pub(crate) struct LabRoleRow {
    user_id: i64,
    slug: String,
    name_nl: String,
    name_en: String,
    organisation: String,
}

impl LabRoleRow {
    pub(crate) fn into_role(self) -> LabRole {
        LabRole {
            lab: Term {
                slug: self.slug,
                name_nl: self.name_nl,
                name_en: self.name_en,
            },
            organisation: self.organisation,
        }
    }
}

pub(crate) const LAB_ROLE_SELECT: &str =
    "SELECT p.user_id, l.slug, l.name_nl, l.name_en, p.organisation
    FROM lab_partners p JOIN labs l ON l.id = p.lab_id";
