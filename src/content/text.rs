//! The texts people post, parsed once at the boundary: a question's title and body, an
//! answer, a comment. Invalid input is a `Msg` to show next to the field.

use crate::i18n::Msg;

fn limited(text: &str, min: usize, max: usize, short: Msg, long: Msg) -> Result<String, Msg> {
    let text = text.trim();
    let chars = text.chars().count();
    if chars < min {
        Err(short)
    } else if chars > max {
        Err(long)
    } else {
        Ok(text.to_string())
    }
}

/// A question's title: trimmed, 10 to 150 characters, on one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionTitle(String);

impl QuestionTitle {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 150;

    pub fn parse(text: &str) -> Result<QuestionTitle, Msg> {
        let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
        limited(
            &one_line,
            Self::MIN_CHARS,
            Self::MAX_CHARS,
            Msg::TitleTooShort,
            Msg::TitleTooLong,
        )
        .map(QuestionTitle)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A question's markdown: trimmed, 20 to 20,000 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionBody(String);

impl QuestionBody {
    pub const MIN_CHARS: usize = 20;
    pub const MAX_CHARS: usize = 20_000;

    pub fn parse(text: &str) -> Result<QuestionBody, Msg> {
        limited(
            text,
            Self::MIN_CHARS,
            Self::MAX_CHARS,
            Msg::QuestionBodyTooShort,
            Msg::AnswerTooLong,
        )
        .map(QuestionBody)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A comment's markdown: trimmed, 2 to 1,000 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentBody(String);

impl CommentBody {
    pub const MAX_CHARS: usize = 1_000;

    pub fn parse(text: &str) -> Result<CommentBody, Msg> {
        limited(
            text,
            2,
            Self::MAX_CHARS,
            Msg::CommentMissing,
            Msg::CommentTooLong,
        )
        .map(CommentBody)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An answer's markdown as written: trimmed, 2 to 20,000 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerBody(String);

impl AnswerBody {
    pub const MAX_CHARS: usize = 20_000;

    pub fn parse(text: &str) -> Result<AnswerBody, Msg> {
        limited(
            text,
            2,
            Self::MAX_CHARS,
            Msg::AnswerMissing,
            Msg::AnswerTooLong,
        )
        .map(AnswerBody)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_need_words_and_have_a_limit() {
        assert_eq!(AnswerBody::parse("   "), Err(Msg::AnswerMissing));
        assert_eq!(
            AnswerBody::parse(" Ask the municipality first. ").map(|b| b.0),
            Ok("Ask the municipality first.".to_string())
        );
        let long = "a".repeat(AnswerBody::MAX_CHARS + 1);
        assert_eq!(AnswerBody::parse(&long), Err(Msg::AnswerTooLong));
    }

    #[test]
    fn titles_bodies_and_comments_have_limits() {
        assert_eq!(QuestionTitle::parse("Too short"), Err(Msg::TitleTooShort));
        assert_eq!(
            QuestionTitle::parse("  How do you keep\n volunteers?  ").map(|t| t.0),
            Ok("How do you keep volunteers?".to_string())
        );
        assert_eq!(
            QuestionTitle::parse(&"a".repeat(151)),
            Err(Msg::TitleTooLong)
        );
        assert_eq!(QuestionBody::parse("Kort."), Err(Msg::QuestionBodyTooShort));
        assert!(QuestionBody::parse(&"b".repeat(20_000)).is_ok());
        assert_eq!(
            QuestionBody::parse(&"b".repeat(20_001)),
            Err(Msg::AnswerTooLong)
        );
        assert_eq!(CommentBody::parse(" "), Err(Msg::CommentMissing));
        assert_eq!(
            CommentBody::parse(&"c".repeat(1_001)),
            Err(Msg::CommentTooLong)
        );
    }
}
