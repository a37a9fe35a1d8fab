//! The error type for reading archives and looking things up.

/// What went wrong while opening an archive or answering a call.
///
/// Every variant names what was expected and what was found, so a message
/// can be shown to a user as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The bytes do not start with grill's magic number.
    #[error("not a grill archive: expected magic {expected:?}, found {found:?}")]
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
    /// The payload passed the checksum but its structure is not a valid archive.
    #[error("archive structure is invalid: {0}")]
    Invalid(String),
    /// The archive could not be written.
    #[error("archive could not be written: {0}")]
    Write(String),
    /// No question has this id.
    #[error("no question with id {0:?}")]
    UnknownId(String),
    /// No topic has this id.
    #[error("no topic with id {0:?}")]
    UnknownTopic(String),
    /// No glossary concept has this name or spelling.
    #[error("no concept named {0:?}")]
    UnknownConcept(String),
    /// A study state's text form is malformed; the message names the line.
    #[error("study state: {0}")]
    State(String),
    /// No document has this slug.
    #[error("no document with slug {0:?}")]
    UnknownDocument(String),
}
