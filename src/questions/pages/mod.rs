//! The routed pages of questions (named only by `app.rs`) and the components only they use: the
//! list, a thread (its answers, what every post shows, votes, comments), asking, and all comments
//! of one post.

mod answers;
mod ask;
mod comments;
mod list;
mod posts;
mod thread;
mod votes;

pub use ask::AskPage;
pub use comments::PostCommentsRoute;
pub use list::QuestionsPage;
pub use thread::QuestionThreadPage;
