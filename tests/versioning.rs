//! An archive of another format version is refused, naming both versions,
//! through every way of opening it. Written against `FORMAT_VERSION`, never
//! a number, so that bumping the version keeps these tests meaningful.

use grill::archive::FORMAT_VERSION;
use grill::{Error, KnowledgeBase};

/// The embedded archive with another version in its header (the checksum
/// covers the payload only, so only the version differs).
fn with_version(version: u32) -> Vec<u8> {
    let mut bytes = grill::embedded_bytes().to_vec();
    bytes[8..12].copy_from_slice(&version.to_le_bytes());
    bytes
}

fn others() -> Vec<u32> {
    let mut v = vec![0, FORMAT_VERSION.wrapping_add(1), u32::MAX];
    if FORMAT_VERSION > 1 {
        v.push(FORMAT_VERSION - 1);
    }
    v.retain(|&x| x != FORMAT_VERSION);
    v
}

fn assert_refused(result: Result<KnowledgeBase<'_>, Error>, found: u32) {
    let err = result.expect_err("another version must be refused");
    assert_eq!(
        err,
        Error::Version {
            expected: FORMAT_VERSION,
            found
        }
    );
    let msg = err.to_string();
    assert!(msg.contains(&format!("version {found}")), "{msg}");
    assert!(
        msg.contains(&format!("reads version {FORMAT_VERSION}")),
        "{msg}"
    );
}

#[test]
fn other_versions_are_refused_naming_both() {
    for v in others() {
        let bytes = with_version(v);
        assert_refused(KnowledgeBase::from_bytes(&bytes), v);
        assert_refused(KnowledgeBase::from_vec(bytes.clone()), v);
        // Even the unchecked opening reads the header: a stale embedded or
        // cached archive is refused, not misread.
        // SAFETY: the header is checked before anything else is read, and
        // it is refused here, so the payload is never accessed.
        assert_refused(unsafe { KnowledgeBase::from_bytes_unchecked(&bytes) }, v);
        // Misaligned: refused before the aligned copy is made.
        let mut shifted = vec![0u8];
        shifted.extend_from_slice(&bytes);
        assert_refused(KnowledgeBase::from_bytes(&shifted[1..]), v);
    }
}

#[test]
fn this_version_opens() {
    let bytes = with_version(FORMAT_VERSION);
    assert_eq!(bytes, grill::embedded_bytes());
    let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
    assert_eq!(kb.len(), grill::embedded().len());
}

#[test]
fn format_document_states_the_version_and_the_promise() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/core/FORMAT.md")).unwrap();
    assert!(doc.contains(&format!("`{FORMAT_VERSION}` (`archive::FORMAT_VERSION`)")));
    assert!(doc.contains("## Compatibility promise"));
    assert!(doc.contains("Error::Version { expected, found }"));
}
