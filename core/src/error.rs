//! The error type of grill-core: what went wrong, with the data to act on it.
//!
//! # One enum, four groups
//!
//! Every fallible call returns [`Error`]. Its variants fall into four groups,
//! named by [`Error::kind`]:
//!
//! - [`ErrorKind::Open`]: the bytes are not an archive this build reads
//!   ([`Error::BadMagic`], [`Error::Version`], [`Error::ReservedFlags`],
//!   [`Error::Truncated`], [`Error::TrailingBytes`], [`Error::Checksum`],
//!   [`Error::Corrupt`] naming the [`Section`] at fault);
//! - [`ErrorKind::Write`]: a corpus could not be written ([`Error::Write`]);
//! - [`ErrorKind::NotFound`]: an id, slug or name the archive does not hold
//!   ([`Error::UnknownId`], [`Error::UnknownDocument`],
//!   [`Error::UnknownTopic`], [`Error::UnknownConcept`],
//!   [`Error::UnknownStart`]);
//! - [`ErrorKind::StudyState`]: a study state's text form is malformed
//!   ([`Error::StudyState`], with the line and what it should hold).
//!
//! Why one enum and not one type per group: calls cross the groups
//! (`mock_interview` looks up its start and then walks follow-ups, a search
//! scope is a lookup), so one type lets `?` flow through every call and
//! through user code without conversions; and each binding maps exactly one
//! type to its own form (the CLI's one-line messages, the C ABI's
//! `grill_status` plus `grill_last_error_message`, the WASM binding's JS
//! `Error`), where [`Error::kind`] decides the status in one exhaustive
//! `match`. Matching a variant gives its data; matching the kind gives the
//! group.
//!
//! Every message is in grill's own words and names what was expected and
//! what was found, so it can be shown to a user as it is: the internals of
//! the libraries underneath (rkyv's validation traces, fst's) never reach it.

use std::fmt;

/// The group an [`Error`] belongs to: what a binding maps to a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The bytes are not an archive this build reads.
    Open,
    /// A corpus could not be written as an archive.
    Write,
    /// Something looked up by id, slug or name does not exist.
    NotFound,
    /// A study state's text form is malformed.
    StudyState,
    /// A sentence-embedding model could not be loaded or used, or does not
    /// match the archive's vectors.
    Model,
}

/// The part of an archive that [`Error::Corrupt`] found at fault.
///
/// The names follow `core/FORMAT.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// The payload as a whole: its bytes do not form the archived layout
    /// (pointers, lengths or text out of place).
    Payload,
    /// The document table.
    Documents,
    /// The topic tree.
    Topics,
    /// The question table.
    Questions,
    /// `by_id`, the questions sorted by id.
    IdIndex,
    /// The search index's postings, offsets and lengths.
    SearchIndex,
    /// The fst dictionary from analysed term to postings.
    TermDictionary,
    /// The fst dictionary from words as written to terms.
    SurfaceDictionary,
    /// The fst dictionary from glossary spellings to concepts.
    SynonymDictionary,
    /// The follow-up graph.
    Graph,
    /// The entry vectors of semantic search.
    Vectors,
}

impl Section {
    /// The section's name as messages and `core/FORMAT.md` write it
    /// (`"term dictionary"`).
    pub fn name(self) -> &'static str {
        match self {
            Section::Payload => "payload",
            Section::Documents => "documents",
            Section::Topics => "topics",
            Section::Questions => "questions",
            Section::IdIndex => "id index",
            Section::SearchIndex => "search index",
            Section::TermDictionary => "term dictionary",
            Section::SurfaceDictionary => "surface dictionary",
            Section::SynonymDictionary => "synonym dictionary",
            Section::Graph => "graph",
            Section::Vectors => "vectors",
        }
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What went wrong while opening an archive, writing one or answering a
/// call.
///
/// The variants fall into four groups, named by [`Error::kind`]: opening an
/// archive, writing one, looking something up, reading a study state. One
/// enum rather than one type per group, because calls cross the groups
/// (`mock_interview` looks up its start, then walks follow-ups) and each
/// binding maps one type to its own form (the CLI's messages, the C
/// `grill_status`, the WASM binding's `Error.kind`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    // ---- Opening an archive ([`ErrorKind::Open`]) ----
    /// The bytes do not start with grill's magic number.
    #[error(
        "not a grill archive: expected the magic {}, found {}",
        Bytes(expected),
        Bytes(found)
    )]
    BadMagic {
        /// The magic grill writes.
        expected: [u8; 8],
        /// The first bytes that were found instead.
        found: Vec<u8>,
    },
    /// The archive was written in a format version this build does not read.
    #[error(
        "unsupported archive format version {found}: this build of grill reads version {expected}"
    )]
    Version {
        /// The version this build reads.
        expected: u32,
        /// The version in the archive's header.
        found: u32,
    },
    /// The header's reserved flags (bytes 12–15) are not zero: the archive
    /// uses a feature this build does not know.
    #[error("archive header's reserved flags are {found:#010x}: this build of grill reads only 0")]
    ReservedFlags {
        /// The flags found, as a little-endian `u32`.
        found: u32,
    },
    /// The bytes end before the archive does.
    #[error("archive truncated: {needed} bytes needed, only {len} present")]
    Truncated {
        /// Bytes the header announces (header plus payload).
        needed: u64,
        /// Bytes actually given.
        len: u64,
    },
    /// The bytes continue after the end of the archive.
    #[error("archive has {extra} unexpected trailing bytes after its {expected}-byte end")]
    TrailingBytes {
        /// Bytes the header announces.
        expected: u64,
        /// Bytes beyond that.
        extra: u64,
    },
    /// The payload does not hash to the checksum stored in the header.
    #[error(
        "archive checksum mismatch: header says {expected:#018x}, payload hashes to {found:#018x}"
    )]
    Checksum {
        /// The checksum in the header.
        expected: u64,
        /// The checksum of the payload as given.
        found: u64,
    },
    /// An archive file could not be read (it is missing, unreadable or
    /// cannot be mapped).
    #[error("cannot read {path}: {detail}")]
    Read {
        /// The file.
        path: String,
        /// What the operating system said.
        detail: String,
    },
    /// The payload passed the checksum but one of its sections is not valid.
    #[error("archive is corrupt in its {section}: {detail}")]
    Corrupt {
        /// The part of the archive at fault.
        section: Section,
        /// What is wrong there, in grill's words (`"topic parent 7 out of
        /// range (table has 3)"`).
        detail: String,
    },

    // ---- Writing an archive ([`ErrorKind::Write`]) ----
    /// The corpus does not fit the archive format: its 32-bit offsets
    /// address at most 4 GiB.
    #[error(
        "the corpus ({documents} documents, {questions} questions) could not be written: \
         an archive's 32-bit offsets address at most 4 GiB"
    )]
    Write {
        /// Documents in the corpus.
        documents: usize,
        /// Questions in the corpus.
        questions: usize,
    },

    // ---- Looking things up ([`ErrorKind::NotFound`]) ----
    /// No question has this id.
    #[error("no question with id {0:?}")]
    UnknownId(String),
    /// Several entries answer to what was typed (a part of an id after its
    /// `/`, or a document's slug).
    #[error("{id:?} is ambiguous, it could be: {}", candidates.join(", "))]
    AmbiguousId {
        /// What was typed.
        id: String,
        /// The ids it could mean.
        candidates: Vec<String>,
    },
    /// No document has this slug.
    #[error("no document with slug {0:?}")]
    UnknownDocument(String),
    /// No topic has this id.
    #[error("no topic with id {0:?}")]
    UnknownTopic(String),
    /// No glossary concept has this name or spelling.
    #[error("no concept named {0:?}")]
    UnknownConcept(String),
    /// A mock interview's start is neither a question id nor a topic id.
    #[error("no question or topic with id {0:?} to start a mock interview from")]
    UnknownStart(String),

    // ---- Semantic search ([`ErrorKind::Model`]) ----
    /// A model folder or its files could not be read or used (missing
    /// `tokenizer.json`, a configuration that is not BERT's, an input the
    /// model fails on). The detail says which file and what was wrong.
    #[error("model: {detail}")]
    Model {
        /// What went wrong, in words a user can act on.
        detail: String,
    },
    /// Semantic search was asked for and cannot run: the archive has no
    /// vectors, no model was given, or the model is not the one that made
    /// the archive's vectors.
    #[error("semantic search unavailable: {reason}")]
    SemanticUnavailable {
        /// Why, in words a user can act on.
        reason: String,
    },

    // ---- Reading a study state ([`ErrorKind::StudyState`]) ----
    /// A study state's text form is malformed.
    #[error("study state, line {line}: expected {expected}")]
    StudyState {
        /// The line at fault, counted from 1.
        line: usize,
        /// What that line should hold (`"the header `grill-study 1`"`,
        /// `"7 tab-separated fields"`).
        expected: &'static str,
    },
}

impl Error {
    /// The group this error belongs to.
    ///
    /// ```
    /// use grill_core::{Error, ErrorKind};
    ///
    /// assert_eq!(Error::UnknownId("x".into()).kind(), ErrorKind::NotFound);
    /// assert_eq!(Error::ReservedFlags { found: 1 }.kind(), ErrorKind::Open);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::BadMagic { .. }
            | Error::Version { .. }
            | Error::ReservedFlags { .. }
            | Error::Truncated { .. }
            | Error::TrailingBytes { .. }
            | Error::Checksum { .. }
            | Error::Corrupt { .. }
            | Error::Read { .. } => ErrorKind::Open,
            Error::Write { .. } => ErrorKind::Write,
            Error::UnknownId(_)
            | Error::AmbiguousId { .. }
            | Error::UnknownDocument(_)
            | Error::UnknownTopic(_)
            | Error::UnknownConcept(_)
            | Error::UnknownStart(_) => ErrorKind::NotFound,
            Error::StudyState { .. } => ErrorKind::StudyState,
            Error::Model { .. } | Error::SemanticUnavailable { .. } => ErrorKind::Model,
        }
    }
}

/// Bytes as a Rust byte-string literal (`b"GRILLKB\0"`): readable for text,
/// exact for anything else.
struct Bytes<'a>(&'a [u8]);

impl fmt::Display for Bytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("b\"")?;
        for &b in self.0 {
            write!(f, "{}", std::ascii::escape_default(b))?;
        }
        f.write_str("\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_is_shown_as_a_byte_string() {
        let e = Error::BadMagic {
            expected: *b"GRILLKB\0",
            found: b"vm\n".to_vec(),
        };
        assert_eq!(
            e.to_string(),
            r#"not a grill archive: expected the magic b"GRILLKB\x00", found b"vm\n""#
        );
    }

    #[test]
    fn corrupt_names_its_section() {
        let e = Error::Corrupt {
            section: Section::TermDictionary,
            detail: "3 terms, postings 4".into(),
        };
        assert_eq!(
            e.to_string(),
            "archive is corrupt in its term dictionary: 3 terms, postings 4"
        );
        assert_eq!(e.kind(), ErrorKind::Open);
    }
}
