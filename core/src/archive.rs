//! The archive: a fixed header followed by an rkyv payload.
//!
//! ```text
//! offset  size  field
//!      0     8  magic            b"GRILLKB\0"
//!      8     4  format version   u32, little endian
//!     12     4  flags            u32, little endian, 0 (reserved, checked)
//!     16     8  payload length   u64, little endian
//!     24     8  payload checksum xxh3-64 of the payload, little endian
//!     32     n  payload          rkyv 0.8 archive of `model::Corpus`
//! ```
//!
//! The payload starts at a multiple of [`PAYLOAD_ALIGN`] from the start of the
//! buffer, so a buffer aligned to 16 bytes gives an aligned rkyv root. See
//! `core/FORMAT.md` for the full description and the compatibility promise.

use std::io::{Seek, SeekFrom, Write};

use rkyv::rancor;
use rkyv::util::AlignedVec;

use crate::error::{Error, Section};
use crate::model::{ArchivedCorpus, Corpus, NONE};

/// The first eight bytes of every grill archive.
pub const MAGIC: [u8; 8] = *b"GRILLKB\0";

/// The archive format version this build writes and reads.
///
/// Bumped whenever the payload's layout changes; an archive of another
/// version is refused with both numbers named.
pub const FORMAT_VERSION: u32 = 6;

/// Size of the fixed header in bytes.
pub const HEADER_LEN: usize = 32;

/// Alignment the payload needs in memory (rkyv's largest archived alignment is 8).
pub const PAYLOAD_ALIGN: usize = 16;

/// A parsed archive header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Format version of the payload.
    pub version: u32,
    /// Length of the payload in bytes.
    pub payload_len: u64,
    /// xxh3-64 of the payload.
    pub checksum: u64,
}

impl Header {
    /// Reads and checks the header: magic, version, reserved flags (zero),
    /// and that the buffer holds exactly the announced payload. O(1); does
    /// not hash the payload.
    pub fn parse(bytes: &[u8]) -> Result<Header, Error> {
        if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
            return Err(Error::BadMagic {
                expected: MAGIC,
                found: bytes[..bytes.len().min(MAGIC.len())].to_vec(),
            });
        }
        if bytes.len() < HEADER_LEN {
            return Err(Error::Truncated {
                needed: HEADER_LEN as u64,
                len: bytes.len() as u64,
            });
        }
        let version = u32::from_le_bytes(le_array(&bytes[8..12]));
        if version != FORMAT_VERSION {
            return Err(Error::Version {
                expected: FORMAT_VERSION,
                found: version,
            });
        }
        // After the version: another version may give these bytes a meaning.
        let flags = u32::from_le_bytes(le_array(&bytes[12..16]));
        if flags != 0 {
            return Err(Error::ReservedFlags { found: flags });
        }
        let payload_len = u64::from_le_bytes(le_array(&bytes[16..24]));
        let checksum = u64::from_le_bytes(le_array(&bytes[24..32]));
        let needed = (HEADER_LEN as u64).saturating_add(payload_len);
        let len = bytes.len() as u64;
        if len < needed {
            return Err(Error::Truncated { needed, len });
        }
        if len > needed {
            return Err(Error::TrailingBytes {
                expected: needed,
                extra: len - needed,
            });
        }
        Ok(Header {
            version,
            payload_len,
            checksum,
        })
    }
}

fn le_array<const N: usize>(slice: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&slice[..N]);
    out
}

/// The xxh3-64 checksum grill stores for a payload.
pub fn checksum(payload: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(payload)
}

/// Serialises a corpus into a complete archive (header + payload).
///
/// The output is deterministic: the same corpus gives the same bytes.
///
/// Fails with [`Error::Write`] only when the corpus is too large for the
/// format's 32-bit offsets (4 GiB), the one way rkyv's serialiser fails here.
/// A large corpus is better written with [`write_to`], which holds no copy.
pub fn write(corpus: &Corpus) -> Result<Vec<u8>, Error> {
    // The payload is serialised after a blank header, in place: the header
    // is 32 bytes, a multiple of every alignment rkyv pads to.
    let blank = vec![0u8; HEADER_LEN];
    let mut out = rkyv::api::high::to_bytes_in::<_, rancor::Error>(corpus, blank)
        .map_err(|_| write_error(corpus))?;
    let header = header_bytes(&out[HEADER_LEN..]);
    out[..HEADER_LEN].copy_from_slice(&header);
    Ok(out)
}

/// Serialises a corpus into `out` as a complete archive, streaming: the
/// payload is hashed on its way out and the header written last, so
/// memory does not grow with the archive. Returns the bytes written, which
/// are the bytes [`write()`] gives.
///
/// The archive starts at `out`'s current position; `out` is left at its
/// end. Fails with the writer's error, or with an error of kind
/// [`std::io::ErrorKind::Other`] wrapping [`Error::Write`] when the corpus
/// is too large for the format.
///
/// ```
/// use grill_core::archive;
/// use grill_core::compile::Compiler;
///
/// let mut compiler = Compiler::new();
/// compiler.add_document("kafka.md", "## Why Kafka?\n\nReplay.\n");
/// let corpus = compiler.finish().corpus;
/// let mut file = std::io::Cursor::new(Vec::new());
/// let written = archive::write_to(&corpus, &mut file)?;
/// assert_eq!(file.into_inner(), archive::write(&corpus)?);
/// # assert!(written > 32);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_to<W: Write + Seek>(corpus: &Corpus, mut out: W) -> std::io::Result<u64> {
    let start = out.stream_position()?;
    out.write_all(&[0u8; HEADER_LEN])?;
    let mut hashing = Hashing {
        inner: &mut out,
        hasher: xxhash_rust::xxh3::Xxh3::new(),
        len: 0,
        failed: None,
    };
    let serialised = rkyv::api::high::to_bytes_in::<_, rancor::Error>(
        corpus,
        rkyv::ser::writer::IoWriter::new(&mut hashing),
    )
    .is_ok();
    if let Some(e) = hashing.failed.take() {
        return Err(e);
    }
    if !serialised {
        return Err(std::io::Error::other(write_error(corpus)));
    }
    let (len, sum) = (hashing.len, hashing.hasher.digest());
    out.seek(SeekFrom::Start(start))?;
    out.write_all(&header(len, sum))?;
    let end = start + HEADER_LEN as u64 + len;
    out.seek(SeekFrom::Start(end))?;
    out.flush()?;
    Ok(end - start)
}

/// A writer that hashes and counts what it passes on, and keeps the first
/// error (rkyv's writer reports a failure without its cause).
struct Hashing<W> {
    inner: W,
    hasher: xxhash_rust::xxh3::Xxh3,
    len: u64,
    failed: Option<std::io::Error>,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match self.inner.write(bytes) {
            Ok(n) => {
                self.hasher.update(&bytes[..n]);
                self.len += n as u64;
                Ok(n)
            }
            Err(e) => {
                let kind = e.kind();
                self.failed.get_or_insert(e);
                Err(kind.into())
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn write_error(corpus: &Corpus) -> Error {
    Error::Write {
        documents: corpus.documents.len(),
        questions: corpus.questions.len(),
    }
}

/// The header of `payload`.
fn header_bytes(payload: &[u8]) -> [u8; HEADER_LEN] {
    header(payload.len() as u64, checksum(payload))
}

/// The header of a payload of `len` bytes with checksum `sum`.
fn header(len: u64, sum: u64) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[..8].copy_from_slice(&MAGIC);
    h[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
    // 12..16: the reserved flags, zero.
    h[16..24].copy_from_slice(&len.to_le_bytes());
    h[24..32].copy_from_slice(&sum.to_le_bytes());
    h
}

/// True when `bytes` can be read in place: its payload is aligned for rkyv.
pub fn is_aligned(bytes: &[u8]) -> bool {
    (bytes.as_ptr() as usize).wrapping_add(HEADER_LEN) % PAYLOAD_ALIGN == 0
}

/// Copies an archive into a buffer whose payload is aligned.
pub(crate) fn aligned_copy(bytes: &[u8]) -> AlignedVec<PAYLOAD_ALIGN> {
    let mut v = AlignedVec::<PAYLOAD_ALIGN>::with_capacity(bytes.len());
    v.extend_from_slice(bytes);
    v
}

/// Fully validates an aligned archive: header, checksum, rkyv structure and
/// every index the model holds. O(n) in the archive's size.
pub(crate) fn validate(bytes: &[u8]) -> Result<(), Error> {
    let header = Header::parse(bytes)?;
    let payload = &bytes[HEADER_LEN..];
    let found = checksum(payload);
    if found != header.checksum {
        return Err(Error::Checksum {
            expected: header.checksum,
            found,
        });
    }
    // rkyv's own message is a validation trace (or, in release builds, a
    // hint about rancor's features): grill says what it means instead.
    let root = rkyv::access::<ArchivedCorpus, rancor::Error>(payload).map_err(|_| {
        corrupt(
            Section::Payload,
            format!(
                "its bytes do not form a corpus of format version {FORMAT_VERSION} \
                 (a pointer, length or string is out of place)"
            ),
        )
    })?;
    validate_references(root)
}

/// Most dimensions a vector may have: sentence encoders have 384 to 4,096.
pub const MAX_VECTOR_DIMS: u32 = 8192;

/// Checks the entry vectors: none at all, or one per question of `dims`
/// values, each with a finite, non-negative scale.
fn validate_vectors(c: &ArchivedCorpus) -> Result<(), Error> {
    let v = &c.vectors;
    let bad = |detail: String| corrupt(Section::Vectors, detail);
    let dims = v.dims.to_native();
    if dims == 0 {
        if !v.scales.is_empty() || !v.values.is_empty() {
            return Err(bad("values stored for 0 dimensions".into()));
        }
        return Ok(());
    }
    if dims > MAX_VECTOR_DIMS {
        return Err(bad(format!(
            "{dims} dimensions (at most {MAX_VECTOR_DIMS})"
        )));
    }
    let questions = c.questions.len();
    if v.scales.len() != questions || v.values.len() != questions * dims as usize {
        return Err(bad(format!(
            "{} scales and {} values for {questions} questions of {dims} dimensions",
            v.scales.len(),
            v.values.len()
        )));
    }
    if let Some(i) = v
        .scales
        .iter()
        .position(|s| !(s.to_native().is_finite() && s.to_native() >= 0.0))
    {
        return Err(bad(format!(
            "scale {i} is not a finite, non-negative number"
        )));
    }
    Ok(())
}

/// An [`Error::Corrupt`] in `section`.
fn corrupt(section: Section, detail: impl Into<String>) -> Error {
    Error::Corrupt {
        section,
        detail: detail.into(),
    }
}

/// Checks the search index: a valid fst whose ordinals all have postings,
/// monotonic offsets, and postings that point at questions and fields.
fn validate_index(c: &ArchivedCorpus) -> Result<(), Error> {
    let index = &c.index;
    let bad = |detail: String| corrupt(Section::SearchIndex, detail);
    let terms = index.doc_freq.len();
    if index.offsets.len() != terms + 1 {
        return Err(bad(format!(
            "{} offsets for {terms} terms",
            index.offsets.len()
        )));
    }
    if index.lengths.len() != c.questions.len() {
        return Err(bad(format!(
            "field lengths for {} questions, the corpus has {}",
            index.lengths.len(),
            c.questions.len()
        )));
    }
    let mut previous = 0u32;
    for o in index.offsets.iter() {
        let o = o.to_native();
        if o < previous || o as usize > index.postings.len() {
            return Err(bad(format!("offset {o} out of order or range")));
        }
        previous = o;
    }
    for p in index.postings.iter() {
        let positions_end = p.positions.to_native() as usize + usize::from(p.tf.to_native());
        if p.question.to_native() as usize >= c.questions.len()
            || usize::from(p.field) >= crate::model::FIELDS
            || positions_end > index.positions.len()
        {
            return Err(bad(format!(
                "a posting of question {} field {} points out of range",
                p.question.to_native(),
                p.field
            )));
        }
    }
    // fst reads its bytes unchecked: its structure first (the archive's
    // checksum guards against corruption, not against crafted bytes). The
    // other two dictionaries' values are bounds-checked where read.
    for (section, bytes) in [
        (Section::SurfaceDictionary, &index.surfaces),
        (Section::SynonymDictionary, &index.synonyms),
    ] {
        if !bytes.is_empty() {
            check_fst(section, bytes)?;
        }
    }
    // Readers bounds-check every ordinal the term dictionary yields, so its
    // structure and length are all that needs checking here.
    let keys = check_fst(Section::TermDictionary, &index.terms)?;
    if keys != terms {
        return Err(corrupt(
            Section::TermDictionary,
            format!("{keys} terms, the postings have {terms}"),
        ));
    }
    Ok(())
}

/// Checks one fst dictionary's structure and that fst opens it; its number
/// of keys.
fn check_fst(section: Section, bytes: &[u8]) -> Result<usize, Error> {
    crate::fst_check::check(bytes).map_err(|detail| corrupt(section, detail))?;
    let map = fst::Map::new(bytes)
        .map_err(|e| corrupt(section, format!("not an fst map fst can open ({e})")))?;
    Ok(map.len())
}

/// Checks one CSR pair: `offsets` has `rows + 1` monotonic entries ending
/// inside `len`.
fn check_csr(
    what: &str,
    offsets: &[rkyv::rend::u32_le],
    rows: usize,
    len: usize,
) -> Result<(), Error> {
    let bad = |detail: String| corrupt(Section::Graph, detail);
    // No offsets at all: an archive without this part of the graph.
    if offsets.is_empty() && len == 0 {
        return Ok(());
    }
    if offsets.len() != rows + 1 {
        return Err(bad(format!(
            "{what}: {} offsets for {rows} rows",
            offsets.len()
        )));
    }
    let mut previous = 0;
    for o in offsets {
        let o = o.to_native() as usize;
        if o < previous || o > len {
            return Err(bad(format!("{what}: offset {o} out of order or range")));
        }
        previous = o;
    }
    Ok(())
}

/// The graph's CSR arrays line up with the tables they index, and every
/// edge points inside its table.
fn validate_graph(c: &ArchivedCorpus) -> Result<(), Error> {
    let bad = |detail: &str| corrupt(Section::Graph, detail);
    let g = &c.graph;
    let (questions, concepts) = (c.questions.len(), c.concepts.len());
    check_csr("edges", &g.offsets, questions, g.edges.len())?;
    check_csr("mentions", &g.mention_offsets, questions, g.mentions.len())?;
    check_csr(
        "concepts",
        &g.concept_offsets,
        concepts,
        g.mentioned_by.len(),
    )?;
    let finite = |w: f32| w.is_finite() && w >= 0.0;
    if !g
        .edges
        .iter()
        .all(|e| (e.target.to_native() as usize) < questions && finite(e.weight.to_native()))
    {
        return Err(bad(
            "an edge points out of range or has a weight not finite and >= 0",
        ));
    }
    if !g
        .mentions
        .iter()
        .all(|l| (l.target.to_native() as usize) < concepts && finite(l.weight.to_native()))
    {
        return Err(bad(
            "a mention points out of range or has a weight not finite and >= 0",
        ));
    }
    if !g
        .mentioned_by
        .iter()
        .all(|l| (l.target.to_native() as usize) < questions && finite(l.weight.to_native()))
    {
        return Err(bad(
            "a concept link points out of range or has a weight not finite and >= 0",
        ));
    }
    Ok(())
}

/// Checks that every `u32` reference in the model points inside its table, so
/// that readers can index without panicking.
fn validate_references(c: &ArchivedCorpus) -> Result<(), Error> {
    let docs = c.documents.len();
    let topics = c.topics.len();
    let questions = c.questions.len();
    let check = |section: Section,
                 what: &str,
                 value: u32,
                 len: usize,
                 none_ok: bool|
     -> Result<(), Error> {
        if (none_ok && value == NONE) || (value as usize) < len {
            Ok(())
        } else {
            Err(corrupt(
                section,
                format!("{what} {value} out of range (table has {len})"),
            ))
        }
    };
    for d in c.documents.iter() {
        for t in d.topics.iter() {
            check(
                Section::Documents,
                "document topic",
                t.to_native(),
                topics,
                false,
            )?;
        }
    }
    // Parents come before children: that bounds every walk up the tree.
    let topic = |what, value, len, none_ok| check(Section::Topics, what, value, len, none_ok);
    for (i, t) in c.topics.iter().enumerate() {
        topic("topic document", t.doc.to_native(), docs, false)?;
        topic("topic parent", t.parent.to_native(), i, true)?;
        for x in t.children.iter() {
            topic("topic child", x.to_native(), topics, false)?;
        }
        for x in t.questions.iter() {
            topic("topic question", x.to_native(), questions, false)?;
        }
    }
    let question = |what, value, len, none_ok| check(Section::Questions, what, value, len, none_ok);
    for (i, q) in c.questions.iter().enumerate() {
        question("question document", q.doc.to_native(), docs, false)?;
        question("question topic", q.topic.to_native(), topics, true)?;
        question("question parent", q.parent.to_native(), i, true)?;
        question("question checklist", q.checklist.to_native(), topics, true)?;
        for x in q.children.iter() {
            question("question child", x.to_native(), questions, false)?;
        }
    }
    if c.by_id.len() != questions {
        return Err(corrupt(
            Section::IdIndex,
            format!("{} entries for {questions} questions", c.by_id.len()),
        ));
    }
    validate_index(c)?;
    validate_graph(c)?;
    validate_vectors(c)?;
    let mut previous: Option<&str> = None;
    for x in c.by_id.iter() {
        let i = x.to_native();
        check(Section::IdIndex, "entry", i, questions, false)?;
        let id = c.questions[i as usize].id.as_str();
        if previous.is_some_and(|p| p >= id) {
            return Err(corrupt(
                Section::IdIndex,
                format!("not strictly sorted at {id:?}"),
            ));
        }
        previous = Some(id);
    }
    Ok(())
}
