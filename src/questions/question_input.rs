//! A question as the ask form posted it (`Draft`), checked field by field into a
//! `NewQuestionInput` before `api` stores it through `db::ask`.

use super::{Draft, QuestionBody, QuestionTitle};
use crate::forms::FieldError;
use crate::i18n::Msg;

/// A question checked field by field, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct NewQuestionInput {
    pub title: QuestionTitle,
    pub body: QuestionBody,
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
        let title = QuestionTitle::parse(&draft.title)
            .map_err(|m| errors.push(FieldError::new("title", m)))
            .ok();
        let body = QuestionBody::parse(&draft.body)
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

#[cfg(test)]
mod tests {
    use super::NewQuestionInput;
    use crate::i18n::Msg;
    use crate::questions::Draft;

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
