//! The words every binding shows: the names of kinds, relations, match kinds
//! and study reasons, and the sentences that explain them.
//!
//! Defined once here so the CLI's JSON, the WebAssembly binding's objects and
//! the C ABI's strings cannot drift apart. Names are stable, lower-case
//! `snake_case` identifiers meant for programs (`docs/JSON.md` lists them);
//! the `describe` sentences are for readers and may be reworded.
//!
//! ```
//! use grill_core::{QuestionKind, Relation, Scope, StudyReason};
//!
//! assert_eq!(QuestionKind::Group.name(), "group");
//! assert_eq!(Relation::SameTopic.name(), "same_topic");
//! assert_eq!(StudyReason::New.describe(), "new question");
//! assert_eq!(
//!     Scope::from_parts(Some("kafka".into()), None),
//!     Ok(Scope::Document("kafka".into()))
//! );
//! ```

use std::borrow::Cow;

use crate::graph::Relation;
use crate::model::QuestionKind;
use crate::search::{MatchKind, Scope};
use crate::study::StudyReason;

impl QuestionKind {
    /// Every kind, in the order of the enum.
    pub const ALL: [QuestionKind; 4] = [
        QuestionKind::Answered,
        QuestionKind::Group,
        QuestionKind::Prompt,
        QuestionKind::Section,
    ];

    /// The stable name: `answered`, `group`, `prompt` or `section`.
    ///
    /// ```
    /// assert_eq!(grill_core::QuestionKind::Answered.name(), "answered");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            QuestionKind::Answered => "answered",
            QuestionKind::Group => "group",
            QuestionKind::Prompt => "prompt",
            QuestionKind::Section => "section",
        }
    }

    /// What the kind is, for a reader: "answered", "group of follow-ups",
    /// "unanswered" (listings mark entries without an answer with it) or
    /// "section".
    pub fn describe(self) -> &'static str {
        match self {
            QuestionKind::Answered => "answered",
            QuestionKind::Group => "group of follow-ups",
            QuestionKind::Prompt => "unanswered",
            QuestionKind::Section => "section",
        }
    }
}

impl Relation {
    /// Every relation, in the order of the enum (see [`Relation::name`]).
    pub const ALL: [Relation; 10] = [
        Relation::Opener,
        Relation::FollowUp,
        Relation::NextFollowUp,
        Relation::FollowUpOfSame,
        Relation::SameQuestion,
        Relation::AnsweredBy,
        Relation::Answers,
        Relation::SameTopic,
        Relation::SameConcept,
        Relation::Related,
    ];
}

impl MatchKind {
    /// The stable name: `exact`, `prefix`, `typo:N`, `synonym:CONCEPT` or
    /// `phrase`.
    ///
    /// ```
    /// use grill_core::MatchKind;
    /// assert_eq!(MatchKind::Typo(1).name(), "typo:1");
    /// assert_eq!(MatchKind::Synonym("Kubernetes".into()).name(), "synonym:Kubernetes");
    /// ```
    pub fn name(&self) -> Cow<'static, str> {
        match self {
            MatchKind::Exact => Cow::Borrowed("exact"),
            MatchKind::Prefix => Cow::Borrowed("prefix"),
            MatchKind::Typo(edits) => Cow::Owned(format!("typo:{edits}")),
            MatchKind::Synonym(concept) => Cow::Owned(format!("synonym:{concept}")),
            MatchKind::Phrase => Cow::Borrowed("phrase"),
        }
    }
}

impl StudyReason<'_> {
    /// Every reason's name (see [`StudyReason::name`]), in the order of the enum.
    pub const NAMES: [&'static str; 5] = ["due", "follow_up", "new_topic", "new_concept", "new"];

    /// Why the question is recommended, for a reader: "due for review
    /// (recall 71%, 2 days overdue)", "follow-up of “Why Kafka?”", "new
    /// topic", "new concept" or "new question".
    ///
    /// ```
    /// use grill_core::StudyReason;
    /// let due = StudyReason::Due { retrievability: 0.714, overdue_days: 3.17 };
    /// assert_eq!(due.describe(), "due for review (recall 71%, 3.2 days overdue)");
    /// ```
    pub fn describe(&self) -> String {
        match self {
            StudyReason::Due {
                retrievability,
                overdue_days,
            } => format!(
                "due for review (recall {:.0}%, {} overdue)",
                retrievability * 100.0,
                describe_days(*overdue_days)
            ),
            StudyReason::FollowUp { of } => format!("follow-up of \u{201c}{}\u{201d}", of.prompt()),
            StudyReason::NewTopic => "new topic".to_string(),
            StudyReason::NewConcept => "new concept".to_string(),
            StudyReason::New => "new question".to_string(),
        }
    }
}

/// A span of days for a reader: "5 hours", "1 day", "3.2 days", "41 days"
/// (a negative span reads as "0 hours").
///
/// ```
/// assert_eq!(grill_core::vocabulary::describe_days(0.5), "12 hours");
/// assert_eq!(grill_core::vocabulary::describe_days(41.4), "41 days");
/// ```
pub fn describe_days(days: f64) -> String {
    let days = days.max(0.0);
    if days < 1.0 {
        let hours = (days * 24.0).round() as i64;
        return if hours == 1 {
            "1 hour".to_string()
        } else {
            format!("{hours} hours")
        };
    }
    if days < 10.0 {
        let rounded = (days * 10.0).round() / 10.0;
        if rounded == 1.0 {
            "1 day".to_string()
        } else {
            format!("{rounded} days")
        }
    } else {
        format!("{} days", days.round() as i64)
    }
}

/// A search given both a document and a topic to look in ([`Scope::from_parts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeConflict;

impl std::fmt::Display for ScopeConflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a search is scoped by a document or by a topic, not both")
    }
}

impl std::error::Error for ScopeConflict {}

impl Scope {
    /// The scope of a search given an optional document slug and an
    /// optional topic id, as the bindings take them: neither is
    /// [`Scope::All`]; both is a [`ScopeConflict`], which each binding
    /// reports in its own words.
    ///
    /// ```
    /// use grill_core::Scope;
    /// assert_eq!(Scope::from_parts(None, None), Ok(Scope::All));
    /// assert_eq!(Scope::from_parts(None, Some("kafka/ordering".into())), Ok(Scope::Topic("kafka/ordering".into())));
    /// assert!(Scope::from_parts(Some("kafka".into()), Some("kafka/ordering".into())).is_err());
    /// ```
    pub fn from_parts(
        document: Option<String>,
        topic: Option<String>,
    ) -> Result<Scope, ScopeConflict> {
        match (document, topic) {
            (None, None) => Ok(Scope::All),
            (Some(slug), None) => Ok(Scope::Document(slug)),
            (None, Some(id)) => Ok(Scope::Topic(id)),
            (Some(_), Some(_)) => Err(ScopeConflict),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_and_stable() {
        let kinds: Vec<&str> = QuestionKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(kinds, ["answered", "group", "prompt", "section"]);
        let relations: Vec<&str> = Relation::ALL.iter().map(|r| r.name()).collect();
        let mut unique = relations.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), Relation::ALL.len(), "{relations:?}");
        assert_eq!(relations[0], "opener");
    }

    #[test]
    fn reasons_have_their_names_and_sentences() {
        let reasons = [
            StudyReason::Due {
                retrievability: 0.5,
                overdue_days: 0.5,
            },
            StudyReason::NewTopic,
            StudyReason::NewConcept,
            StudyReason::New,
        ];
        let names: Vec<&str> = reasons.iter().map(|r| r.name()).collect();
        assert_eq!(names, ["due", "new_topic", "new_concept", "new"]);
        assert!(names.iter().all(|n| StudyReason::NAMES.contains(n)));
        assert_eq!(
            reasons[0].describe(),
            "due for review (recall 50%, 12 hours overdue)"
        );
    }

    #[test]
    fn days_read_naturally() {
        assert_eq!(describe_days(0.02), "0 hours");
        assert_eq!(describe_days(1.0 / 24.0), "1 hour");
        assert_eq!(describe_days(0.5), "12 hours");
        assert_eq!(describe_days(1.01), "1 day");
        assert_eq!(describe_days(3.173), "3.2 days");
        assert_eq!(describe_days(41.4), "41 days");
        assert_eq!(describe_days(-2.0), "0 hours");
    }
}
