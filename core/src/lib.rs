//! # grill-core
//!
//! The core of grill, an offline knowledge base for interview preparation.
//! A Markdown corpus of interview questions is compiled once, at build time,
//! into a single archive; readers open that archive in place and answer
//! lookups, searches, follow-up walks and study plans without deserialising
//! anything.
//!
//! ## Quick start
//!
//! ```
//! use grill_core::{compile::Compiler, KnowledgeBase, SearchOptions, StudyState};
//!
//! // Compile a corpus (build scripts and `grill compile` do this once)...
//! let mut compiler = Compiler::new();
//! compiler.add_document(
//!     "kafka.md",
//!     "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n\
//!      **Q: What about ordering?**\nPer partition.\n",
//! );
//! let bytes = compiler.finish().archive()?;
//!
//! // ...then open it, validating every byte, and read it in place.
//! let kb = KnowledgeBase::from_bytes(&bytes)?;
//! let hits = kb.search("rabbitmq replay", &SearchOptions::default())?;
//! let top = hits[0].question;
//! assert_eq!(top.prompt(), "Why Kafka over RabbitMQ?");
//! assert_eq!(top.answer(), Some("Replay: consumers keep their offsets."));
//!
//! // What an interviewer asks next, and what a learner should study first.
//! let next = kb.follow_ups(top.id(), 3)?;
//! assert_eq!(next[0].question.prompt(), "What about ordering?");
//! let plan = kb.recommend(&StudyState::default(), 1_700_000_000, 1);
//! assert_eq!(plan[0].reason.name(), "new_topic");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The examples in this crate compile a small corpus like this one: the seed
//! corpus is embedded by the `grill` crate, which depends on this one, so it
//! cannot appear here (`grill::embedded()` opens it). grill-core's own
//! tests and doc-tests enable the `compile` feature through a dev-dependency
//! on the crate itself.
//!
//! ## The pieces
//!
//! - [`KnowledgeBase`]: an opened archive. [`KnowledgeBase::from_bytes`]
//!   validates untrusted bytes (checksum, structure, every index) in O(n);
//!   [`KnowledgeBase::from_bytes_unchecked`] opens bytes the program built
//!   itself (the embedded archive) in O(1). The views [`QuestionRef`],
//!   [`TopicRef`], [`DocumentRef`] and [`ConceptRef`] read the archived data
//!   in place: this is the API to use.
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
//! - [`Error`]: what can go wrong, with its data, in four groups
//!   ([`ErrorKind`]).
//! - [`archive`]: the byte format: a 32-byte header (magic, format version,
//!   reserved flags, payload length, xxh3 checksum) followed by an rkyv 0.8
//!   payload, pinned (little endian, 32-bit offsets, aligned) so the bytes
//!   written on x86-64 read the same on wasm32 and on ARM phones. See
//!   `core/FORMAT.md`.
//! - [`layout`]: the archive's raw layout, the rkyv structs the compiler
//!   fills and the archive stores. For tools that write or inspect
//!   archives; readers want the views above.
//! - [`text`]: text analysis shared by index building and querying: words by
//!   Unicode segmentation, lower-casing, technical tokens (`p99`, `k8s`,
//!   `exactly-once`), Snowball stemming and stop words.
//! - `compile` (feature `compile`): the Markdown compiler. Build scripts and
//!   the `grill compile` command use it; readers (WASM, C) leave it out.
//!
//! ## How a lookup flows
//!
//! `KnowledgeBase::question("doc/slug")` binary-searches the archived id index
//! (`by_id`), then returns a [`QuestionRef`] pointing at the archived
//! record; its `answer()` is a `&str` into the archive's bytes.
//!
//! ## How a search flows
//!
//! [`KnowledgeBase::search`] runs four steps, each over archived data:
//!
//! 1. **Query parsing.** The query is cut to its limits (below) and analysed
//!    as the index was: words, technical tokens, stems, stop words; `"quoted
//!    phrases"` become phrase clauses, and the last word may be a prefix
//!    (search-as-you-type).
//! 2. **Clause expansion.** Each clause becomes a set of index terms by
//!    walking the fst dictionaries: the term dictionary for exact and stemmed
//!    terms, the surface dictionary for prefixes and for typos (a
//!    Levenshtein automaton), the synonym dictionary for glossary spellings
//!    (`k8s` finds Kubernetes). Exact matches outrank prefix and typo ones.
//! 3. **Scoring.** BM25F over the fields (prompt, topic headings, answer,
//!    code) with per-field weights, multiplied by how many clauses a question
//!    covers; MaxScore keeps only the top-k, skipping questions whose best
//!    possible score cannot enter it.
//! 4. **Presentation.** The hits get snippets with highlights, and with
//!    [`SearchOptions`]' `explain` an [`Explanation`] of their score.
//!
//! ## Limits
//!
//! - **Queries**: read up to [`search::MAX_QUERY_BYTES`] (4 KiB, moved back
//!   to a character boundary) and [`search::MAX_QUERY_TERMS`] (32) clauses;
//!   the rest is ignored, so a 1 MB query costs what a 4 KiB one does.
//! - **Compiling** (`compile::limits`): documents of at most 8 MiB,
//!   32 MiB in all, lines of at most 256 KiB, 50,000 headings per document,
//!   lists and quotes nested at most 32 deep; past a limit the compiler fails
//!   with `CompileError::Limit` naming the limit, file and line.
//! - **Archives**: at most 4 GiB (32-bit offsets), read by exactly one
//!   [`archive::FORMAT_VERSION`]; every archive starts with the magic and the
//!   version, so another version is named, never misread. Invalid bytes
//!   never cause a panic or undefined behaviour through
//!   [`KnowledgeBase::from_bytes`]: they are refused with an [`Error`]. The
//!   full promise is in `core/FORMAT.md`.

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
mod lookup;
// The archive layout keeps its internal name, `model`, so the compiler,
// search and graph keep their paths; users see it as `layout`.
mod model;
pub mod search;
pub mod semantic;
pub mod study;
pub mod text;
pub mod vocabulary;

pub mod layout {
    //! The archive's raw layout: the rkyv structs the compiler fills and the
    //! archive stores, and their archived forms (`ArchivedCorpus`...).
    //!
    //! Everything is plain data indexed by `u32`: documents, topics and
    //! questions live in flat tables and refer to each other by index, which
    //! keeps the archived form compact and makes every reference a
    //! bounds-checkable number. [`NONE`] stands for "no such reference" (a
    //! root topic's parent, a question without a parent). `core/FORMAT.md`
    //! describes every table.
    //!
    //! This is for tools that write or inspect archives (a [`Corpus`] is what
    //! [`crate::archive::write`] takes). Readers normally want the views,
    //! [`crate::QuestionRef`], [`crate::TopicRef`], [`crate::DocumentRef`]
    //! and [`crate::ConceptRef`], which read these tables in place and keep
    //! their invariants; a change to this layout bumps
    //! [`crate::archive::FORMAT_VERSION`].
    //!
    //! ```
    //! use grill_core::{archive, compile::Compiler, layout::Corpus, KnowledgeBase};
    //!
    //! let mut compiler = Compiler::new();
    //! compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka?\n\nReplay.\n");
    //! let corpus: Corpus = compiler.finish().corpus;
    //! assert_eq!(corpus.questions[0].prompt, "Why Kafka?");
    //! let bytes = archive::write(&corpus)?;
    //! assert_eq!(KnowledgeBase::from_bytes(&bytes)?.len(), 1);
    //! # Ok::<(), grill_core::Error>(())
    //! ```
    pub use crate::model::*;
}

pub use error::{Error, ErrorKind, Section};
pub use graph::{ConceptRef, Neighbor, Relation};
pub use kb::{DocumentRef, KnowledgeBase, QuestionRef, Stats, TopicRef};
pub use model::QuestionKind;
pub use search::{
    ClauseMatch, Explanation, Field, Fusion, Hit, MatchKind, Scope, SearchOptions, Semantic,
    Snippet,
};
pub use study::{Card, Recommendation, StudyReason, StudyState};
pub use vocabulary::ScopeConflict;
