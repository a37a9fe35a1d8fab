//! The typed model that the compiler builds and the archive stores.
//!
//! Everything is plain data indexed by `u32`: documents, topics and questions
//! live in flat tables and refer to each other by index, which keeps the
//! archived form compact and makes every reference a bounds-checkable number.
//! [`NONE`] stands for "no such reference" (a root topic's parent, a question
//! without a parent).
//!
//! Readers never touch these owned types: they read the archived form through
//! the views in [`crate::KnowledgeBase`].

use rkyv::{Archive, Deserialize, Serialize};

/// The index value that means "none" in every `u32` reference.
pub const NONE: u32 = u32::MAX;

/// The root of an archive: the whole knowledge base.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Corpus {
    /// Source documents, in file-name order.
    pub documents: Vec<Document>,
    /// Section headings of all documents, in document order (parents before children).
    pub topics: Vec<Topic>,
    /// Questions, group questions and unanswered checklist prompts, in document order.
    pub questions: Vec<Question>,
    /// Indices into `questions`, sorted by question id, for binary-search lookup.
    pub by_id: Vec<u32>,
    /// Glossary concepts (abbreviations and synonyms), in glossary order.
    pub concepts: Vec<Concept>,
    /// The full-text index over the questions.
    pub index: SearchIndex,
    /// The follow-up graph over the questions and concepts.
    pub graph: Graph,
    /// One sentence-embedding vector per question, for semantic search
    /// (empty when the archive was compiled without a model).
    pub vectors: Vectors,
}

/// How two questions are linked in the [`Graph`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[rkyv(derive(Debug, PartialEq, Eq, Clone, Copy))]
#[repr(u8)]
pub enum EdgeKind {
    /// The target is a follow-up the document groups under the source.
    FollowUp,
    /// The target is the question the source follows up on.
    FollowUpOf,
    /// The same question, asked in another place.
    SameQuestion,
    /// The source is an unanswered prompt; the target answers it.
    AnsweredBy,
    /// The source answers the target, an unanswered prompt.
    Answers,
    /// The target is among the source's most similar questions by content.
    Related,
}

/// The entry vectors of semantic search: one per question, in question
/// order, quantised to `i8` with one scale each (see [`crate::semantic`]).
/// `dims == 0` means the archive has none.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Vectors {
    /// The model that made them ([`crate::semantic::ModelInfo::name`]).
    pub model: String,
    /// Hash of the model's files ([`crate::semantic::ModelInfo::hash`]).
    pub hash: u64,
    /// Values per vector; 0 when there are no vectors.
    pub dims: u32,
    /// One scale per question.
    pub scales: Vec<f32>,
    /// `dims` values per question, question after question.
    pub values: Vec<i8>,
}

/// The typed, weighted graph over questions and concepts, in CSR form.
///
/// Topic → question (`contains`) edges are [`Topic::questions`]; the rest
/// are here. Edges of a question are grouped by kind (in [`EdgeKind`]
/// order), strongest first within a kind (document order for follow-ups).
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Graph {
    /// Edges of question `q` are `edges[offsets[q]..offsets[q + 1]]`.
    pub offsets: Vec<u32>,
    /// All question → question edges.
    pub edges: Vec<Edge>,
    /// Concepts of question `q` are `mentions[mention_offsets[q]..mention_offsets[q + 1]]`.
    pub mention_offsets: Vec<u32>,
    /// Question → concept (`mentions`) edges, strongest first; `target` is a concept.
    pub mentions: Vec<Link>,
    /// Questions of concept `c` are `mentioned_by[concept_offsets[c]..concept_offsets[c + 1]]`.
    pub concept_offsets: Vec<u32>,
    /// Concept → question edges, strongest first; `target` is a question.
    pub mentioned_by: Vec<Link>,
}

/// A typed, weighted edge between two questions.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// The question it points to.
    pub target: u32,
    /// What the link means.
    pub kind: EdgeKind,
    /// Its strength in (0, 1]: similarity for `SameQuestion`, `AnsweredBy`,
    /// `Answers` and `Related`; 1 for follow-ups.
    pub weight: f32,
}

/// A weighted link between a question and a concept.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct Link {
    /// The concept (from a question) or the question (from a concept).
    pub target: u32,
    /// How strongly the question is about the concept (prompt mentions count most).
    pub weight: f32,
}

/// A glossary concept: one idea and the ways people write it
/// ("Kubernetes", "k8s"). Search expands a query word to all of them.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Concept {
    /// Canonical display name.
    pub name: String,
    /// `technology`, `aws`, `pattern`, `metric`, `practice`, or empty.
    pub kind: String,
    /// The other spellings, as written in the glossary.
    pub aliases: Vec<String>,
    /// Every spelling (name first) as analysed terms joined by one space
    /// (`dead letter queue`), the form queries are matched in.
    pub keys: Vec<String>,
}

/// The fields a question is indexed under, in weight order.
pub const FIELDS: usize = 4;

/// The inverted index: an fst term dictionary and postings in CSR form.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct SearchIndex {
    /// An `fst::Map` from analysed term to its ordinal.
    pub terms: Vec<u8>,
    /// Postings of term `t` are `postings[offsets[t]..offsets[t + 1]]`.
    pub offsets: Vec<u32>,
    /// Sorted by question, then field.
    pub postings: Vec<Posting>,
    /// Number of distinct questions each term occurs in (BM25's document frequency).
    pub doc_freq: Vec<u32>,
    /// Per question, the number of indexed tokens in each field.
    pub lengths: Vec<[u32; FIELDS]>,
    /// Sum of `lengths` over all questions, per field (for average lengths).
    pub total_lengths: [u64; FIELDS],
    /// Token positions of every posting, `tf` of them from the posting's
    /// `positions` offset, ascending. Positions past `u16::MAX` are clamped.
    pub positions: Vec<u16>,
    /// An `fst::Map` from every word as written (normalised, not stemmed) to
    /// its term's ordinal: typos and prefixes are matched against what
    /// people type, not against stems.
    pub surfaces: Vec<u8>,
    /// An `fst::Map` from a concept spelling key (see [`Concept::keys`]) to
    /// the concept's index in [`Corpus::concepts`].
    pub synonyms: Vec<u8>,
}

/// One term's occurrences in one field of one question.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// The question.
    pub question: u32,
    /// The field: 0 prompt, 1 topic headings, 2 answer prose, 3 code.
    pub field: u8,
    /// How often the term occurs there.
    pub tf: u16,
    /// Where this posting's `tf` positions start in [`SearchIndex::positions`].
    pub positions: u32,
}

/// One source Markdown document.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Document {
    /// Stable slug derived from the file name, e.g. `sample-interview-qa`.
    pub slug: String,
    /// The document's title (its first level-1 heading, else the file stem).
    pub title: String,
    /// The file name it was compiled from, e.g. `sample-interview-qa.md`.
    pub source: String,
    /// Top-level topics of this document, in order.
    pub topics: Vec<u32>,
}

/// A section heading: a node of the topic tree.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Topic {
    /// Stable id, `doc-slug/heading-slug`.
    pub id: String,
    /// The cleaned heading text (no emoji numbering, bold markers or "1." prefixes).
    pub title: String,
    /// Index of the document the topic belongs to.
    pub doc: u32,
    /// Parent topic, or [`NONE`] for a top-level topic.
    pub parent: u32,
    /// Child topics, in order.
    pub children: Vec<u32>,
    /// Questions directly under this topic, in order (the `contains` edges).
    pub questions: Vec<u32>,
    /// For a checklist group: the questions and prompts it lists, in order.
    pub listed: Vec<u32>,
    /// 1-based line of the heading in the source.
    pub line: u32,
}

/// What kind of entry a [`Question`] is.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[rkyv(derive(Debug, PartialEq, Eq, Clone, Copy))]
#[repr(u8)]
pub enum QuestionKind {
    /// A question with an answer in the corpus.
    Answered,
    /// A heading phrased as a question that groups follow-up questions
    /// ("Why Elasticsearch over other solutions?"); it has no answer of its own.
    Group,
    /// A prompt without an answer of its own: a checklist line that no
    /// question of its document answers, or a question heading with no text.
    Prompt,
    /// A heading that is not a question, with text of its own under it
    /// ("Sharding" in a guide): its prompt is the heading, its answer the text.
    Section,
}

/// An entry: a question, a group question, a checklist prompt or a section.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Question {
    /// Stable, human-readable id: `doc-slug/question-slug`.
    pub id: String,
    /// What kind of entry this is.
    pub kind: QuestionKind,
    /// Index of the document.
    pub doc: u32,
    /// Index of the innermost topic containing the question.
    pub topic: u32,
    /// The question as the interviewer asks it, cleaned of quotes and "Q:" markers.
    pub prompt: String,
    /// A short title where the document gives one ("Trade-offs Explanation").
    pub title: Option<String>,
    /// The answer as Markdown, exactly as written in the source (tables, code kept).
    pub answer: Option<String>,
    /// "What they're testing", as Markdown, where present.
    pub testing: Option<String>,
    /// "Follow-up details", as Markdown, where present.
    pub follow_up_details: Option<String>,
    /// 1-based line of the question in its source document.
    pub line: u32,
    /// The question this one follows up on, or [`NONE`].
    pub parent: u32,
    /// Follow-up questions grouped under this one, in document order.
    pub children: Vec<u32>,
    /// The checklist topic that lists this question, or [`NONE`].
    pub checklist: u32,
}
