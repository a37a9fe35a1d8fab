//! What one document yields before the documents are assembled: its
//! topics, entries and checklist lines with indices local to it, and what
//! was skipped on purpose.

use super::Diagnostic;
use crate::model::QuestionKind;

/// A topic found in one document (indices are local to the document).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LocalTopic {
    pub title: String,
    pub parent: Option<usize>,
    pub line: u32,
}

/// An entry found in one document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LocalQuestion {
    pub kind: QuestionKind,
    pub topic: Option<usize>,
    pub prompt: String,
    pub title: Option<String>,
    pub answer: Option<String>,
    pub testing: Option<String>,
    pub follow_up_details: Option<String>,
    pub line: u32,
    pub parent: Option<usize>,
    /// The list number written before it (`54. ### What is ...`).
    pub number: Option<u64>,
}

/// A checklist line (`□ question`) and the group topic it sits in.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChecklistItem {
    pub topic: Option<usize>,
    pub prompt: String,
    pub line: u32,
}

/// What the compiler read but kept out of every entry, on purpose: counted
/// for its summary, so that nothing is dropped without a word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Front matter blocks (their `title` names the document).
    pub front_matter: usize,
    /// HTML comments standing between blocks (`<!-- tags: ... -->`).
    pub comments: usize,
    /// Navigation: tables of contents, indexes of links to the same page,
    /// "Back to top" links.
    pub navigation: usize,
}

impl Skipped {
    /// Adds another document's counts.
    pub(crate) fn add(&mut self, other: Skipped) {
        self.front_matter += other.front_matter;
        self.comments += other.comments;
        self.navigation += other.navigation;
    }
}

/// Everything one document yields.
#[derive(Debug, Default)]
pub(crate) struct LocalDocument {
    pub title: Option<String>,
    pub topics: Vec<LocalTopic>,
    pub questions: Vec<LocalQuestion>,
    pub checklist: Vec<ChecklistItem>,
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: Skipped,
}

/// Maps byte offsets to 1-based line numbers.
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub(crate) fn new(source: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    pub(crate) fn line(&self, offset: usize) -> u32 {
        self.starts.partition_point(|&s| s <= offset) as u32
    }
}
