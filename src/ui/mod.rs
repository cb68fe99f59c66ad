//! The ground floor of the UI: what every feature's pages are built from. Imports no feature
//! (`.ci/check-layers` checks it), so any feature may use it.

pub mod cards;
pub mod head;
pub mod href;
pub mod live;
pub mod nav;
pub mod page;

pub use cards::{AuthorName, LabBadge, QuestionCard, QuestionCards, StatusBadge};
pub use head::{PageHead, Share};
pub use href::url_encode;
pub use live::{ThreadVersion, thread_reloader};
pub use nav::{SignInFirst, go_to};
pub use page::{
    ErrorPage, FilterButtons, NotFound, PageLoading, page_data, page_data_in_place, part_data,
    part_data_in_place, resource_by_id,
};
