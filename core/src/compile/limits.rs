//! Limits on what the compiler reads, so that hostile or accidental input
//! (a 50 MB export, a minified line, a generated file of headings, lists
//! nested thousands deep) costs bounded time and memory and fails with an
//! error that names the limit, the file and the line.
//!
//! The bounds, measured on a release build (x86-64, one core, `/usr/bin/time`):
//! a document of real questions just under [`MAX_DOCUMENT_BYTES`] compiles
//! in about 3 s with 170 MB peak memory; four of them, at
//! [`MAX_CORPUS_BYTES`], in about 15 s with 490 MB; [`MAX_HEADINGS`]
//! questions in one document in about 1 s with 90 MB. A 50 MB file is
//! refused from its size before it is read; a 1 MB line, 100,000 headings
//! or 100,000 nested quotes in well under 0.1 s. Time and memory grow about
//! linearly with the input inside the limits, and an input past a limit is
//! refused after at most one pass over it.
//!
//! Past a limit, [`Compiler::try_add_document`](super::Compiler::try_add_document)
//! and [`Compiler::add_dir`](super::Compiler::add_dir) return
//! [`CompileError::Limit`](super::CompileError::Limit);
//! [`Compiler::add_document`](super::Compiler::add_document) leaves the
//! document out and reports the same message as a [`Diagnostic`](super::Diagnostic).

/// Largest Markdown document, in bytes (8 MiB; the seed corpus is 0.2 MiB).
pub const MAX_DOCUMENT_BYTES: usize = 8 << 20;
/// Largest sum of all documents of one corpus, in bytes (32 MiB), unless a
/// caller sets another with
/// [`Compiler::set_corpus_limit`](super::Compiler::set_corpus_limit).
pub const MAX_CORPUS_BYTES: usize = 32 << 20;
/// Longest line, in bytes (256 KiB; a long paragraph is a few KiB).
pub const MAX_LINE_BYTES: usize = 256 << 10;
/// Most headings in one document (each may open a topic or a question).
pub const MAX_HEADINGS: usize = 50_000;
/// Deepest nesting of lists and block quotes inside one another. Answers
/// are kept as Markdown and rendered by readers (the CLI, a browser, a
/// phone), many of them recursively: this keeps their stacks safe.
pub const MAX_NESTING: usize = 32;

/// A limit an input went past.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    /// The document is larger than [`MAX_DOCUMENT_BYTES`].
    #[error("document is {found} bytes; documents may be at most {limit} bytes")]
    DocumentBytes {
        /// The document's size in bytes.
        found: u64,
        /// [`MAX_DOCUMENT_BYTES`].
        limit: usize,
    },
    /// The documents together are larger than [`MAX_CORPUS_BYTES`].
    #[error(
        "documents add up to {found} bytes with this one; a corpus may be at most {limit} bytes"
    )]
    CorpusBytes {
        /// The size of all documents so far, this one included.
        found: u64,
        /// [`MAX_CORPUS_BYTES`], or the limit the compiler was given.
        limit: usize,
    },
    /// A line is longer than [`MAX_LINE_BYTES`].
    #[error("line {line} is {found} bytes long; lines may be at most {limit} bytes")]
    LineBytes {
        /// The 1-based line.
        line: u32,
        /// Its length in bytes.
        found: usize,
        /// [`MAX_LINE_BYTES`].
        limit: usize,
    },
    /// The document has more than [`MAX_HEADINGS`] headings.
    #[error("line {line}: more than {limit} headings in one document")]
    Headings {
        /// The 1-based line of the first heading past the limit.
        line: u32,
        /// [`MAX_HEADINGS`].
        limit: usize,
    },
    /// Lists and quotes are nested deeper than [`MAX_NESTING`].
    #[error("line {line}: lists and block quotes nested more than {limit} deep")]
    Nesting {
        /// The 1-based line where the nesting goes past the limit.
        line: u32,
        /// [`MAX_NESTING`].
        limit: usize,
    },
}

impl LimitError {
    /// The 1-based line the error points at (1 for whole-document limits).
    pub fn line(&self) -> u32 {
        match self {
            LimitError::DocumentBytes { .. } | LimitError::CorpusBytes { .. } => 1,
            LimitError::LineBytes { line, .. }
            | LimitError::Headings { line, .. }
            | LimitError::Nesting { line, .. } => *line,
        }
    }
}

/// Checks the size limits: the document's, and the corpus's (at most
/// `corpus_limit` bytes) with `before` bytes already added.
pub(crate) fn check_size(len: u64, before: u64, corpus_limit: usize) -> Result<(), LimitError> {
    if len > MAX_DOCUMENT_BYTES as u64 {
        return Err(LimitError::DocumentBytes {
            found: len,
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let total = before.saturating_add(len);
    if total > corpus_limit as u64 {
        return Err(LimitError::CorpusBytes {
            found: total,
            limit: corpus_limit,
        });
    }
    Ok(())
}

/// Checks that no line of `bytes` is longer than [`MAX_LINE_BYTES`].
pub(crate) fn check_lines(bytes: &[u8]) -> Result<(), LimitError> {
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.len() > MAX_LINE_BYTES {
            return Err(LimitError::LineBytes {
                line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                found: line.len(),
                limit: MAX_LINE_BYTES,
            });
        }
    }
    Ok(())
}

/// The 1-based line of a byte offset.
pub(crate) fn line_of(source: &str, offset: usize) -> u32 {
    let end = offset.min(source.len());
    let newlines = source.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    u32::try_from(newlines + 1).unwrap_or(u32::MAX)
}
