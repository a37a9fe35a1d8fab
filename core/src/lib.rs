//! # grill-core
//!
//! The core of grill, an offline knowledge base for interview preparation.
//! A Markdown corpus of interview questions is compiled once, at build time,
//! into a single archive; readers open that archive in place and answer
//! lookups without deserialising anything.
//!
//! ## The pieces
//!
//! - [`model`]: the typed model the compiler builds: [`model::Corpus`] with
//!   documents, a topic tree, and questions (with their answers, "what they're
//!   testing", follow-up details and checklist prompts), linked by `u32` indices.
//! - [`archive`]: the byte format: a 32-byte header (magic, format version,
//!   payload length, xxh3 checksum) followed by an rkyv 0.8 payload. The format
//!   is pinned (little endian, 32-bit offsets, aligned) so the bytes written on
//!   x86-64 read the same on wasm32 and on ARM phones. See `core/FORMAT.md`.
//! - [`KnowledgeBase`]: an opened archive. [`KnowledgeBase::from_bytes`]
//!   validates untrusted bytes (checksum, structure, every index) in O(n);
//!   [`KnowledgeBase::from_bytes_unchecked`] opens bytes the program built
//!   itself (the embedded archive) in O(1). Views such as [`QuestionRef`] read
//!   the archived data in place.
//! - [`search`]: BM25F search over the archived fst index with phrases,
//!   glossary synonyms, search-as-you-type, typo tolerance, snippets and
//!   explanations ([`KnowledgeBase::search`]).
//! - [`graph`]: the follow-up graph, computed by the compiler and read in
//!   place: [`KnowledgeBase::follow_ups`], [`KnowledgeBase::related`],
//!   [`KnowledgeBase::same_as`], [`KnowledgeBase::concept`] and
//!   [`KnowledgeBase::mock_interview`].
//! - [`fsrs`] and [`study`]: the FSRS-5 scheduler, a learner's
//!   [`StudyState`], and [`KnowledgeBase::recommend`] (due reviews mixed
//!   with new questions that cover unseen topics and concepts).
//! - [`text`]: text analysis shared by index building and querying: words by
//!   Unicode segmentation, lower-casing, technical tokens (`p99`, `k8s`,
//!   `exactly-once`), Snowball stemming and stop words.
//! - [`compile`] (feature `compile`): the Markdown compiler. Build scripts and
//!   the `grill compile` command use it; readers (WASM, C) leave it out.
//!
//! ## How a lookup flows
//!
//! `KnowledgeBase::question("doc/slug")` binary-searches the archived id index
//! (`Corpus::by_id`), then returns a [`QuestionRef`] pointing at the archived
//! record; its `answer()` is a `&str` into the archive's bytes.

#![deny(rustdoc::broken_intra_doc_links)]

pub mod archive;
#[cfg(feature = "compile")]
pub mod compile;
mod error;
pub mod fsrs;
mod fst_check;
#[cfg(feature = "compile")]
pub mod glossary;
pub mod graph;
mod kb;
pub mod model;
pub mod search;
pub mod study;
pub mod text;
pub mod vocabulary;

pub use error::Error;
pub use graph::{ConceptRef, Neighbor, Relation};
pub use kb::{DocumentRef, KnowledgeBase, QuestionRef, Stats, TopicRef};
pub use model::QuestionKind;
pub use search::{ClauseMatch, Explanation, Field, Hit, MatchKind, Scope, SearchOptions, Snippet};
pub use study::{Card, Recommendation, StudyReason, StudyState};
pub use vocabulary::ScopeConflict;
