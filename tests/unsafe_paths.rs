//! The code paths that rest on `unsafe`: the embedded archive read in place
//! without validation (its alignment, `access_unchecked`), validated
//! archives read in place or through the aligned copy, and the C ABI's raw
//! pointers. Small enough to run under Miri (`cargo +nightly miri test
//! --test unsafe_paths`, a CI step), which checks them for undefined
//! behaviour, leaks included; they run as ordinary tests too.
//!
//! Miri runs with Tree Borrows (`-Zmiri-tree-borrows`): under the default
//! Stacked Borrows, rkyv 0.8.18's own validation
//! (`ArchivedStringRepr::check_bytes`, `rkyv/src/string/repr.rs:292`)
//! reborrows a string's representation from a pointer whose tag covers
//! only an enclosing field, which Stacked Borrows rejects and Tree Borrows
//! accepts; nothing in grill's code is reported under either model.

extern crate grill as grill_rs;

#[allow(dead_code, unused_imports, clippy::all, missing_docs)]
#[path = "../bindings-c/src/lib.rs"]
mod ffi;

use std::ffi::CStr;
use std::ptr;

use grill::{archive, KnowledgeBase, SearchOptions};

/// A 2.7 KB archive (two documents and a glossary) written by the compiler:
/// the `archive` fuzz target's seed, after its mode byte.
fn small() -> Vec<u8> {
    let seed = include_bytes!("../fuzz/seeds/archive/small-raw");
    seed[1..].to_vec()
}

#[test]
fn embedded_archive_is_aligned_and_read_in_place() {
    let bytes = grill::embedded_bytes();
    assert!(archive::is_aligned(bytes));
    let kb = grill::embedded();
    assert_eq!(kb.as_bytes().as_ptr(), bytes.as_ptr(), "no copy was made");
    let q = kb
        .question("sample-interview-qa/why-postgresql-over-dynamodb")
        .unwrap();
    assert_eq!(q.prompt(), "Why PostgreSQL over DynamoDB?");
    assert!(q.answer().unwrap().contains("strong consistency"));
    for q in kb.questions().take(8) {
        assert!(!q.id().is_empty());
        let _ = (q.path(), q.parent().map(|p| p.id()), q.document().slug());
    }
}

#[test]
fn validated_archive_in_place_copied_and_owned() {
    let bytes = small();
    // In place, when aligned.
    let mut aligned = rkyv::util::AlignedVec::<16>::new();
    aligned.extend_from_slice(&bytes);
    let in_place = KnowledgeBase::from_bytes(&aligned).unwrap();
    assert_eq!(in_place.as_bytes().as_ptr(), aligned.as_ptr());
    // One byte off: validated on an aligned copy.
    let mut shifted = vec![0u8];
    shifted.extend_from_slice(&bytes);
    let copied = KnowledgeBase::from_bytes(&shifted[1..]).unwrap();
    assert!(archive::is_aligned(copied.as_bytes()));
    let owned = KnowledgeBase::from_vec(bytes.clone()).unwrap();
    for kb in [&in_place, &copied, &owned] {
        assert_eq!(kb.as_bytes(), &bytes[..]);
        let q = kb
            .question("k/how-do-you-ensure-exactly-once-semantics")
            .unwrap();
        assert_eq!(q.answer(), Some("Idempotent producers and transactions."));
        let hits = kb.search("k8s", &SearchOptions::default()).unwrap();
        assert_eq!(hits[0].question.id(), "p/why-postgresql-over-dynamodb");
    }
}

#[test]
fn c_abi_open_search_read_free() {
    use ffi::*;
    let bytes = small();
    // SAFETY: every pointer is NULL, a live local, or a live result of this
    // library freed once at the end.
    unsafe {
        let mut kb = ptr::null_mut();
        assert_eq!(
            grill_kb_open(bytes.as_ptr(), bytes.len(), &mut kb),
            GRILL_OK
        );
        drop(bytes);
        let mut hits = ptr::null_mut();
        assert_eq!(
            grill_search(kb, c"exactly once".as_ptr(), ptr::null(), &mut hits),
            GRILL_OK
        );
        let mut q = ptr::null_mut();
        let id = grill_hits_id(hits, 0);
        assert_eq!(grill_question_get(kb, id, &mut q), GRILL_OK);
        // Results outlive the knowledge base they came from.
        grill_kb_free(kb);
        assert_eq!(
            CStr::from_ptr(grill_hits_id(hits, 0)).to_str(),
            Ok("k/how-do-you-ensure-exactly-once-semantics")
        );
        let mut n = 0;
        let ranges = grill_question_highlights_or_null(hits, &mut n);
        let prompt = CStr::from_ptr(grill_hits_question(hits, 0)).to_bytes();
        for i in 0..n {
            let r = *ranges.add(i);
            assert!(r.end <= prompt.len());
        }
        assert!(grill_hits_id(hits, usize::MAX).is_null());
        assert_eq!(
            CStr::from_ptr(grill_question_answer(q)).to_str(),
            Ok("Idempotent producers and transactions.")
        );
        grill_question_free(q);
        assert_eq!(grill_question_get(ptr::null(), id, &mut q), GRILL_ERR_NULL);
        assert!(q.is_null());
        assert!(!CStr::from_ptr(grill_last_error_message())
            .to_bytes()
            .is_empty());
        grill_hits_free(hits);
        let mut embedded = ptr::null_mut();
        assert_eq!(grill_kb_open_embedded(&mut embedded), GRILL_OK);
        assert!(grill_kb_len(embedded) > 100);
        grill_kb_free(embedded);
    }
}

/// The first hit's prompt highlights.
///
/// # Safety
///
/// `hits` is a live result with at least one hit.
unsafe fn grill_question_highlights_or_null(
    hits: *const ffi::grill_hits,
    count: &mut usize,
) -> *const ffi::grill_range {
    // SAFETY: forwarded from the caller.
    unsafe { ffi::grill_hits_question_highlights(hits, 0, count) }
}
