//! # grill
//!
//! An offline knowledge base for interview preparation, with the seed corpus
//! (system design, backend and behavioural questions) compiled into the
//! binary at build time.
//!
//! ```
//! let kb = grill::embedded();
//! let q = kb.question("sample-interview-qa/why-postgresql-over-dynamodb").unwrap();
//! assert_eq!(q.prompt(), "Why PostgreSQL over DynamoDB?");
//! assert!(q.answer().unwrap().contains("strong consistency"));
//! ```
//!
//! Everything else, the archive format, the views and the compiler, comes
//! from [`grill_core`] and is re-exported here.

#![deny(missing_docs)]

pub use grill_core::*;

/// Aligns `include_bytes!` data so the archive can be read in place.
#[repr(C, align(16))]
struct Aligned<B: ?Sized>(B);

static EMBEDDED: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/grill.kb")));

/// The archive of the seed corpus, compiled from `data/` by the build.
pub fn embedded_bytes() -> &'static [u8] {
    &EMBEDDED.0
}

/// Opens the embedded archive: O(1), no validation, no copy.
pub fn embedded() -> KnowledgeBase<'static> {
    // SAFETY: the bytes were written by `grill_core::archive::write` in this
    // crate's build script, from this very version of grill-core, and are
    // 16-byte aligned by `Aligned`; they cannot have been modified since.
    match unsafe { KnowledgeBase::from_bytes_unchecked(embedded_bytes()) } {
        Ok(kb) => kb,
        // The header of our own build output cannot be wrong; fall back to an
        // empty knowledge base rather than panic if it somehow is.
        Err(_) => empty(),
    }
}

/// An archive of no documents, compiled by the build like the seed's.
static EMPTY: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/empty.kb")));

/// The knowledge base of no documents, validated.
fn empty() -> KnowledgeBase<'static> {
    KnowledgeBase::from_bytes(&EMPTY.0).unwrap_or_else(|_| unreachable_empty())
}

#[cold]
fn unreachable_empty() -> KnowledgeBase<'static> {
    // The compiler's archive of no documents validates (tested below).
    std::process::abort()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fallback_of_no_documents_opens_validated() {
        let kb = super::empty();
        assert_eq!(kb.len(), 0);
        assert_eq!(kb.documents().len(), 0);
        let hits = kb.search("kafka", &crate::SearchOptions::default());
        assert!(hits.is_ok_and(|h| h.is_empty()));
    }
}
