//! The archive format: round trips, and every kind of bad input giving a
//! clear error and never a panic.

use grill::archive::{self, FORMAT_VERSION, HEADER_LEN, MAGIC};
use grill::compile::Compiler;
use grill::{Error, ErrorKind, KnowledgeBase, Section};

fn seed() -> Vec<u8> {
    grill::embedded_bytes().to_vec()
}

/// Walks everything a reader can reach, to prove a validated archive is safe to read.
fn walk(kb: &KnowledgeBase<'_>) -> usize {
    let mut n = 0;
    for d in kb.documents() {
        n += d.slug().len() + d.title().len() + d.topics().count();
    }
    for t in kb.topics() {
        n += t.path().len() + t.question_count() + t.children().count() + t.document().slug().len();
    }
    for q in kb.questions() {
        n += q.id().len() + q.prompt().len() + q.path().len();
        n += q.answer().map_or(0, str::len) + q.children().count();
        n += q.parent().map_or(0, |p| p.id().len()) + q.checklist().map_or(0, |t| t.title().len());
        assert_eq!(kb.question(q.id()).map(|x| x.index()), Some(q.index()));
        n += q.concepts().count();
    }
    // The graph, search and recommendations read the rest of the archive.
    for q in kb.questions().take(10) {
        n += kb.follow_ups(q.id(), 5).map_or(0, |f| f.len());
        n += kb.related(q.id(), 5).map_or(0, |f| f.len());
        n += kb.same_as(q.id()).map_or(0, |f| f.len())
            + kb.answered_by(q.id()).map_or(0, |f| f.len());
    }
    for c in kb.concepts().take(10) {
        n += c.questions().count() + c.name().len();
    }
    for query in [
        "kafka exactly once",
        "elasticsaerch reindx",
        "\"cache stampede\" redis",
    ] {
        n += kb
            .search(query, &grill::SearchOptions::default())
            .map_or(0, |h| h.len());
    }
    n += kb.mock_interview("", 4).map_or(0, |m| m.len());
    n += kb
        .recommend(&grill::StudyState::default(), 1_750_000_000, 3)
        .len();
    n
}

#[test]
fn round_trip_compile_bytes_open() {
    let mut c = Compiler::new();
    c.add_document(
        "mine.md",
        "# Mine\n\n## Databases\n\n### Q: \"What is MVCC?\"\n\n**A**: Readers see a snapshot.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    );
    let bytes = c.finish().archive().unwrap();
    let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
    let q = kb.question("mine/what-is-mvcc").unwrap();
    assert_eq!(
        q.answer(),
        Some("Readers see a snapshot.\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    );
    assert_eq!(q.document().title(), "Mine");
    assert!(walk(&kb) > 0);
    // Owned buffers open too, and hand back the same bytes.
    let owned = KnowledgeBase::from_vec(bytes.clone()).unwrap();
    assert_eq!(owned.as_bytes(), &bytes[..]);
}

/// A writer that takes `room` bytes, then fails as a full disk does.
struct FullDisk {
    written: Vec<u8>,
    room: usize,
}

impl std::io::Write for FullDisk {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.written.len() + bytes.len() > self.room {
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "no space left on device",
            ));
        }
        self.written.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl std::io::Seek for FullDisk {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        match to {
            std::io::SeekFrom::Start(n) => Ok(n),
            _ => Ok(self.written.len() as u64),
        }
    }
}

#[test]
fn streamed_archives_equal_written_ones_and_report_a_full_disk() {
    let corpus = grill::compile::compile_dir(std::path::Path::new("data"))
        .unwrap()
        .corpus;
    let whole = archive::write(&corpus).unwrap();
    // After something else in the file: the archive starts where `out` is.
    let mut out = std::io::Cursor::new(b"prefix".to_vec());
    out.set_position(6);
    let written = archive::write_to(&corpus, &mut out).unwrap();
    assert_eq!(written, whole.len() as u64);
    assert_eq!(&out.get_ref()[6..], &whole[..]);
    assert_eq!(out.position(), 6 + written);
    KnowledgeBase::from_bytes(&out.get_ref()[6..]).unwrap();
    // The writer's own error comes back, not a vague one.
    for room in [0, HEADER_LEN + 10, whole.len() / 2] {
        let full = FullDisk {
            written: Vec::new(),
            room,
        };
        let e = archive::write_to(&corpus, full).unwrap_err();
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::StorageFull,
            "room {room}: {e}"
        );
        assert!(e.to_string().contains("no space left"), "{e}");
    }
}

#[test]
fn misaligned_bytes_are_copied_not_refused() {
    let bytes = seed();
    let mut shifted = vec![0u8; bytes.len() + 1];
    shifted[1..].copy_from_slice(&bytes);
    let slice = &shifted[1..];
    assert!(!archive::is_aligned(slice) || archive::is_aligned(&shifted));
    let kb = KnowledgeBase::from_bytes(slice).unwrap();
    assert_eq!(kb.stats(), grill::embedded().stats());
    // SAFETY: these are the embedded archive's bytes, unmodified.
    let kb = unsafe { KnowledgeBase::from_bytes_unchecked(slice) }.unwrap();
    assert_eq!(kb.len(), grill::embedded().len());
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = seed();
    for len in 0..bytes.len() {
        let err = KnowledgeBase::from_bytes(&bytes[..len]).unwrap_err();
        match err {
            Error::BadMagic { .. } => assert!(len < MAGIC.len()),
            Error::Truncated { needed, len: got } => {
                assert_eq!(got, len as u64);
                assert!(needed > got);
            }
            other => panic!("truncated to {len}: unexpected {other}"),
        }
    }
}

#[test]
fn trailing_bytes_are_an_error() {
    let mut bytes = seed();
    bytes.extend_from_slice(b"junk");
    assert!(matches!(
        KnowledgeBase::from_bytes(&bytes),
        Err(Error::TrailingBytes { extra: 4, .. })
    ));
}

#[test]
fn wrong_magic_and_other_versions_are_named() {
    let mut bytes = seed();
    bytes[0] = b'X';
    let err = KnowledgeBase::from_bytes(&bytes).unwrap_err();
    assert_eq!(
        err,
        Error::BadMagic {
            expected: MAGIC,
            found: b"XRILLKB\0".to_vec()
        }
    );
    assert_eq!(
        err.to_string(),
        r#"not a grill archive: expected the magic b"GRILLKB\x00", found b"XRILLKB\x00""#
    );

    let mut bytes = seed();
    bytes[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let err = KnowledgeBase::from_bytes(&bytes).unwrap_err();
    assert_eq!(
        err,
        Error::Version {
            expected: FORMAT_VERSION,
            found: FORMAT_VERSION + 1
        }
    );
    let msg = err.to_string();
    assert!(
        msg.contains(&FORMAT_VERSION.to_string())
            && msg.contains(&(FORMAT_VERSION + 1).to_string())
    );
    // The trusted path checks the header too.
    // SAFETY: the header check fails before any payload is read.
    assert!(unsafe { KnowledgeBase::from_bytes_unchecked(&bytes) }.is_err());
}

#[test]
fn reserved_header_flags_must_be_zero() {
    for (byte, found) in [(12, 0x0000_0001), (15, 0x8000_0000)] {
        let mut bytes = seed();
        bytes[byte] = if byte == 12 { 0x01 } else { 0x80 };
        let err = KnowledgeBase::from_bytes(&bytes).unwrap_err();
        assert_eq!(err, Error::ReservedFlags { found });
        assert_eq!(err.kind(), ErrorKind::Open);
        // The O(1) path reads the header too.
        // SAFETY: the header check fails before any payload is read.
        let unchecked = unsafe { KnowledgeBase::from_bytes_unchecked(&bytes) };
        assert_eq!(unchecked.err(), Some(Error::ReservedFlags { found }));
    }
    let mut bytes = seed();
    bytes[13] = 0x02;
    assert_eq!(
        KnowledgeBase::from_bytes(&bytes).unwrap_err().to_string(),
        "archive header's reserved flags are 0x00000200: this build of grill reads only 0"
    );
    // Another version is named as such, whatever its flags.
    bytes[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    assert!(matches!(
        KnowledgeBase::from_bytes(&bytes),
        Err(Error::Version { .. })
    ));
}

#[test]
fn any_flipped_payload_bit_fails_the_checksum() {
    let bytes = seed();
    let step = (bytes.len() / 997).max(1);
    for at in (HEADER_LEN..bytes.len()).step_by(step) {
        let mut bad = bytes.clone();
        bad[at] ^= 0x10;
        match KnowledgeBase::from_bytes(&bad) {
            Err(Error::Checksum { expected, found }) => assert_ne!(expected, found),
            other => panic!("flip at {at}: {other:?}"),
        }
    }
}

/// Corruption that also fixes up the checksum must be caught by the
/// structural validation, or else yield an archive that is safe to walk.
#[test]
fn corrupted_structure_with_a_valid_checksum_never_panics() {
    let bytes = seed();
    let payload_len = bytes.len() - HEADER_LEN;
    let mut invalid = 0;
    let mut sections = std::collections::BTreeSet::new();
    let mut positions: Vec<usize> = (0..payload_len).step_by(197).collect();
    // The root object and the tables' headers sit at the end: cover them densely.
    positions.extend(payload_len.saturating_sub(512)..payload_len);
    for (i, at) in positions.into_iter().enumerate() {
        let mut bad = bytes.clone();
        let flip = [0x01u8, 0x80, 0xff, 0x40][i % 4];
        bad[HEADER_LEN + at] ^= flip;
        let sum = archive::checksum(&bad[HEADER_LEN..]);
        bad[24..32].copy_from_slice(&sum.to_le_bytes());
        match KnowledgeBase::from_bytes(&bad) {
            Ok(kb) => {
                walk(&kb);
            }
            Err(err @ Error::Corrupt { section, .. }) => {
                // grill's words, never rkyv's or rancor's.
                let msg = err.to_string();
                assert!(
                    msg.starts_with(&format!("archive is corrupt in its {section}: ")),
                    "{msg}"
                );
                assert!(
                    !msg.contains("rancor") && !msg.contains("debug assertions"),
                    "{msg}"
                );
                sections.insert(section.name());
                invalid += 1;
            }
            Err(other) => panic!("flip at {at}: unexpected {other}"),
        }
    }
    assert!(invalid > 300, "structural validation caught only {invalid}");
    assert!(sections.contains("payload"), "{sections:?}");
    assert!(sections.len() >= 3, "only {sections:?}");
}

#[test]
fn random_bytes_with_a_valid_header_are_refused() {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for len in [0usize, 1, 7, 8, 64, 4096] {
        let payload: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&MAGIC);
        bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        bytes.extend_from_slice(&0u32.to_le_bytes());
        bytes.extend_from_slice(&(len as u64).to_le_bytes());
        bytes.extend_from_slice(&archive::checksum(&payload).to_le_bytes());
        bytes.extend_from_slice(&payload);
        assert!(
            matches!(
                KnowledgeBase::from_bytes(&bytes),
                Err(Error::Corrupt {
                    section: Section::Payload,
                    ..
                })
            ),
            "len {len}"
        );
    }
}

#[test]
fn an_empty_corpus_is_a_valid_archive() {
    let bytes = Compiler::new().finish().archive().unwrap();
    let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
    assert!(kb.is_empty());
    assert!(kb.question("x").is_none());
}

#[test]
fn many_threads_read_one_archive() {
    let kb = KnowledgeBase::from_bytes(grill::embedded_bytes()).unwrap();
    let expected = walk(&kb);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..8).map(|_| s.spawn(|| walk(&kb))).collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), expected);
        }
    });
}

/// Forged entry vectors (with a valid checksum) are refused, naming the
/// vectors; the seed's own are read back exactly.
#[test]
fn forged_vectors_are_refused_by_name() {
    let mut c = Compiler::new();
    c.add_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
        .unwrap();
    let stored = grill::semantic::VectorFile::from_bytes(
        &std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/seed.vectors")).unwrap(),
    )
    .unwrap();
    let good = c.finish_with(Some(&stored)).unwrap().corpus;
    let kb_bytes = archive::write(&good).unwrap();
    let kb = KnowledgeBase::from_bytes(&kb_bytes).unwrap();
    let v = kb.vectors().expect("vectors");
    assert_eq!(v.dims(), 384);
    // The embedded seed is this very archive.
    assert_eq!(kb_bytes, grill::embedded_bytes());

    type Forge = Box<dyn Fn(&mut grill::layout::Vectors)>;
    let forgeries: Vec<(&str, Forge)> = vec![
        (
            "one value short",
            Box::new(|v| v.values.truncate(v.values.len() - 1)),
        ),
        (
            "one scale short",
            Box::new(|v| v.scales.truncate(v.scales.len() - 1)),
        ),
        ("a NaN scale", Box::new(|v| v.scales[3] = f32::NAN)),
        ("a negative scale", Box::new(|v| v.scales[0] = -1.0)),
        ("dims past the limit", Box::new(|v| v.dims = 9000)),
        ("values with no dims", Box::new(|v| v.dims = 0)),
        ("dims that do not divide", Box::new(|v| v.dims = 383)),
    ];
    for (what, forge) in forgeries {
        let mut corpus = good.clone();
        forge(&mut corpus.vectors);
        let bytes = archive::write(&corpus).unwrap();
        match KnowledgeBase::from_bytes(&bytes) {
            Err(Error::Corrupt {
                section: Section::Vectors,
                detail,
            }) => assert!(!detail.is_empty()),
            other => panic!("{what}: {other:?}"),
        }
    }
}
