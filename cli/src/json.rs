//! The JSON shapes of the commands' `--json` output.
//!
//! These structs are the contract scripts read; they borrow from the archive
//! (no copies) and are shared by every command that prints entries, so the
//! same entry looks the same whichever command prints it.

use grill::{DocumentRef, QuestionKind, QuestionRef, TopicRef};
use serde::Serialize;

/// The stable name of a [`QuestionKind`] in JSON and in listings.
pub fn kind_name(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Answered => "answered",
        QuestionKind::Group => "group",
        QuestionKind::Prompt => "prompt",
    }
}

/// One entry as `list --json` prints it (one object per line).
#[derive(Debug, Serialize)]
pub struct Entry<'k> {
    /// `doc-slug/question-slug`.
    pub id: &'k str,
    /// The document's slug.
    pub doc: &'k str,
    /// Topic titles, outermost first.
    pub path: Vec<&'k str>,
    /// The question as asked.
    pub question: &'k str,
    /// The answer as Markdown, or null.
    pub answer: Option<&'k str>,
    /// True when the corpus holds an answer.
    pub answered: bool,
    /// `"answered"`, `"group"` or `"prompt"`.
    pub kind: &'static str,
    /// A short title where the document gives one.
    pub title: Option<&'k str>,
    /// The source file name.
    pub source: &'k str,
    /// 1-based line in the source file.
    pub line: u32,
    /// Id of the question this one follows up on.
    pub parent: Option<&'k str>,
}

impl<'k> Entry<'k> {
    /// The JSON view of an entry.
    pub fn new(q: &QuestionRef<'k>) -> Entry<'k> {
        let doc = q.document();
        Entry {
            id: q.id(),
            doc: doc.slug(),
            path: q.path(),
            question: q.prompt(),
            answer: q.answer(),
            answered: q.is_answered(),
            kind: kind_name(q.kind()),
            title: q.title(),
            source: doc.source(),
            line: q.line(),
            parent: q.parent().map(|p| p.id()),
        }
    }
}

/// One entry with everything the archive knows about it, as `show --json`
/// prints it: the fields of [`Entry`] plus the details.
#[derive(Debug, Serialize)]
pub struct Detail<'k> {
    /// The fields every listing has.
    #[serde(flatten)]
    pub entry: Entry<'k>,
    /// "What they're testing", as Markdown.
    pub testing: Option<&'k str>,
    /// "Follow-up details", as Markdown.
    pub follow_up_details: Option<&'k str>,
    /// Ids of the follow-ups grouped under it.
    pub children: Vec<&'k str>,
    /// Topic path of the checklist that lists it.
    pub checklist: Option<Vec<&'k str>>,
}

impl<'k> Detail<'k> {
    /// The detailed JSON view of an entry.
    pub fn new(q: &QuestionRef<'k>) -> Detail<'k> {
        Detail {
            entry: Entry::new(q),
            testing: q.testing(),
            follow_up_details: q.follow_up_details(),
            children: q.children().map(|c| c.id()).collect(),
            checklist: q.checklist().map(|t| t.path()),
        }
    }
}

/// A document and its topic tree, as `topics --json` prints it.
#[derive(Debug, Serialize)]
pub struct Document<'k> {
    /// The document's slug.
    pub slug: &'k str,
    /// The document's title.
    pub title: &'k str,
    /// The source file name.
    pub source: &'k str,
    /// Top-level topics.
    pub topics: Vec<Topic<'k>>,
}

impl<'k> Document<'k> {
    /// The JSON view of a document with its whole topic tree.
    pub fn new(d: &DocumentRef<'k>) -> Document<'k> {
        Document {
            slug: d.slug(),
            title: d.title(),
            source: d.source(),
            topics: d.topics().map(|t| Topic::new(&t)).collect(),
        }
    }
}

/// A node of the topic tree.
#[derive(Debug, Serialize)]
pub struct Topic<'k> {
    /// `doc-slug/heading-slug`.
    pub id: &'k str,
    /// The heading text.
    pub title: &'k str,
    /// Entries in this topic and all its sub-topics.
    pub count: usize,
    /// Sub-topics.
    pub children: Vec<Topic<'k>>,
}

impl<'k> Topic<'k> {
    /// The JSON view of a topic and its sub-topics.
    pub fn new(t: &TopicRef<'k>) -> Topic<'k> {
        Topic {
            id: t.id(),
            title: t.title(),
            count: t.question_count(),
            children: t.children().map(|c| Topic::new(&c)).collect(),
        }
    }
}
