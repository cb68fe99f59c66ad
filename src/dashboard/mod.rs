//! Lab dashboards, the public statistics page and the admins' platform overview: how well each
//! lab serves the collectives. One set of figures (`LabStats`) per scope — every question (the
//! Collectives Lab and the platform) or the questions routed to one Partner Lab — computed by SQL
//! over covering indexes (`db`) and cached per app node until a write moves the `stats` version
//! (`cache`). The server functions (`api`) answer from that cache; the pages (`pages`) render on
//! the server and then refresh themselves in the browser. The types are here.

pub mod api;
#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;
#[cfg(all(test, feature = "ssr"))]
mod tests;

use crate::i18n::{Locale, Msg};
use crate::taxonomy::LabSummary;
use crate::taxonomy::Term;
use serde::{Deserialize, Serialize};

/// Weeks in the trend chart (and the window of the time-based figures): the last 12 months.
pub const WEEKS: usize = 52;
pub const WEEK_MS: i64 = 7 * 24 * 3_600_000;
/// A question without any answer after this many days counts as overdue.
pub const OVERDUE_DAYS: i64 = 7;

/// Which questions a set of figures is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scope {
    /// Every question: the Collectives Lab, the public statistics, the platform overview.
    All,
    /// The questions routed to one Partner Lab (by id).
    Lab(i64),
}

/// The median and 90th percentile of a duration (milliseconds), over `count` questions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Durations {
    pub count: i64,
    pub median_ms: Option<i64>,
    pub p90_ms: Option<i64>,
}

impl Durations {
    /// Nearest-rank percentiles of `values` (sorted here).
    pub fn of(mut values: Vec<i64>) -> Durations {
        values.sort_unstable();
        let rank = |p: usize| {
            if values.is_empty() {
                None
            } else {
                // Nearest rank: the smallest value with at least p% of the values at or below it.
                let index = (p * values.len()).div_ceil(100).max(1) - 1;
                values.get(index).copied()
            }
        };
        Durations {
            count: values.len() as i64,
            median_ms: rank(50),
            p90_ms: rank(90),
        }
    }
}

/// The headline figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Every visible question in the scope, all time.
    pub total: i64,
    /// Their visible answers.
    pub answers: i64,
    /// Not resolved and not closed.
    pub open: i64,
    /// Open without any answer yet.
    pub unanswered: i64,
    /// Of those, asked more than `OVERDUE_DAYS` ago.
    pub overdue: i64,
    /// Open routed questions no partner has claimed.
    pub unclaimed: i64,
    /// Questions asked in the last 12 months.
    pub asked: i64,
    /// Of those, resolved.
    pub resolved: i64,
    /// Time from asking to the first answer (questions of the last 12 months).
    pub first_answer: Durations,
    /// Time from asking to the first answer by a partner of the routed lab.
    pub first_expert_answer: Durations,
}

impl Figures {
    /// Share of the last 12 months' questions that are resolved, in whole percent.
    pub fn resolved_percent(&self) -> Option<i64> {
        (self.asked > 0).then(|| (self.resolved * 100 + self.asked / 2) / self.asked)
    }
}

/// One week of the trend: questions asked, and questions that got their first answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Week {
    /// Monday 00:00 UTC, epoch ms.
    pub start: i64,
    pub asked: i64,
    pub answered: i64,
}

/// Where the questions come from: counts per sector (rows) and challenge topic (columns).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Heat {
    pub sectors: Vec<Term>,
    pub topics: Vec<Term>,
    /// `counts[sector][topic]`, in the order of `sectors` and `topics`.
    pub counts: Vec<Vec<i64>>,
}

impl Heat {
    pub fn max(&self) -> i64 {
        self.counts.iter().flatten().copied().max().unwrap_or(0)
    }
}

/// Who gives: the five stakeholder types of the platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stakeholder {
    Collectives,
    Network,
    Finance,
    Government,
    Science,
}

impl Stakeholder {
    pub const ALL: [Stakeholder; 5] = [
        Stakeholder::Collectives,
        Stakeholder::Network,
        Stakeholder::Finance,
        Stakeholder::Government,
        Stakeholder::Science,
    ];

    /// As in `labs.stakeholder`.
    pub fn parse(s: &str) -> Option<Stakeholder> {
        Stakeholder::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stakeholder::Collectives => "collectives",
            Stakeholder::Network => "network",
            Stakeholder::Finance => "finance",
            Stakeholder::Government => "government",
            Stakeholder::Science => "science",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Stakeholder::Collectives => Msg::StakeholderCollectives,
            Stakeholder::Network => Msg::StakeholderNetwork,
            Stakeholder::Finance => Msg::StakeholderFinance,
            Stakeholder::Government => Msg::StakeholderGovernment,
            Stakeholder::Science => Msg::StakeholderScience,
        }
    }
}

/// One person's answers in the scope and window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contributor {
    pub user_id: i64,
    /// `None` for a former member.
    pub name: Option<String>,
    /// A partner's organisation.
    pub organisation: Option<String>,
    pub answers: i64,
    pub accepted: i64,
}

/// What one stakeholder type gave: answers, accepted answers, people, and the top contributors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Giving {
    pub stakeholder: Stakeholder,
    pub answers: i64,
    pub accepted: i64,
    pub people: i64,
    pub top: Vec<Contributor>,
}

/// Everything a dashboard shows about one scope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabStats {
    pub figures: Figures,
    /// `WEEKS` weeks, oldest first; the last one is the current week.
    pub weeks: Vec<Week>,
    pub heat: Heat,
    /// One entry per stakeholder type, in `Stakeholder::ALL` order.
    pub giving: Vec<Giving>,
    /// When these figures were computed (epoch ms).
    pub computed_at: i64,
}

/// `/labs/:slug/dashboard`
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabDashboard {
    pub lab: LabSummary,
    pub stats: LabStats,
}

/// One lab's row in the platform's comparison table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabRow {
    pub slug: String,
    pub name_nl: String,
    pub name_en: String,
    pub figures: Figures,
}

impl LabRow {
    pub fn name(&self, l: Locale) -> &str {
        l.pick(&self.name_nl, &self.name_en)
    }
}

/// `/stats` (public) and the heart of `/admin/overview`: every question, and each lab side by side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlatformStats {
    pub stats: LabStats,
    pub labs: Vec<LabRow>,
}

/// What only admins see besides the platform figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Operations {
    pub members: i64,
    pub new_members_30_days: i64,
    pub collectives: i64,
    pub partners: i64,
    pub pending_memberships: i64,
    pub open_flags: i64,
    pub suspended: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminOverview {
    pub platform: PlatformStats,
    pub operations: Operations,
}
