//! The archive: a fixed header followed by an rkyv payload.
//!
//! ```text
//! offset  size  field
//!      0     8  magic            b"GRILLKB\0"
//!      8     4  format version   u32, little endian
//!     12     4  flags            u32, little endian, 0 (reserved)
//!     16     8  payload length   u64, little endian
//!     24     8  payload checksum xxh3-64 of the payload, little endian
//!     32     n  payload          rkyv 0.8 archive of `model::Corpus`
//! ```
//!
//! The payload starts at a multiple of [`PAYLOAD_ALIGN`] from the start of the
//! buffer, so a buffer aligned to 16 bytes gives an aligned rkyv root. See
//! `core/FORMAT.md` for the full description and the compatibility promise.

use rkyv::rancor;
use rkyv::util::AlignedVec;

use crate::error::Error;
use crate::model::{ArchivedCorpus, Corpus, NONE};

/// The first eight bytes of every grill archive.
pub const MAGIC: [u8; 8] = *b"GRILLKB\0";

/// The archive format version this build writes and reads.
///
/// Bumped whenever the payload's layout changes; an archive of another
/// version is refused with both numbers named.
pub const FORMAT_VERSION: u32 = 4;

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
    /// Reads and checks the header: magic, version, and that the buffer holds
    /// exactly the announced payload. O(1); does not hash the payload.
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
pub fn write(corpus: &Corpus) -> Result<Vec<u8>, Error> {
    let payload =
        rkyv::to_bytes::<rancor::Error>(corpus).map_err(|e| Error::Write(e.to_string()))?;
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    Ok(out)
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
    let root = rkyv::access::<ArchivedCorpus, rancor::Error>(payload)
        .map_err(|e| Error::Invalid(e.to_string()))?;
    validate_references(root).map_err(Error::Invalid)
}

/// Checks the search index: a valid fst whose ordinals all have postings,
/// monotonic offsets, and postings that point at questions and fields.
fn validate_index(c: &ArchivedCorpus) -> Result<(), String> {
    let index = &c.index;
    let terms = index.doc_freq.len();
    if index.offsets.len() != terms + 1 {
        return Err(format!(
            "index has {} offsets for {terms} terms",
            index.offsets.len()
        ));
    }
    if index.lengths.len() != c.questions.len() {
        return Err("index field lengths do not match the questions".to_string());
    }
    let mut previous = 0u32;
    for o in index.offsets.iter() {
        let o = o.to_native();
        if o < previous || o as usize > index.postings.len() {
            return Err(format!("index offset {o} out of order or range"));
        }
        previous = o;
    }
    for p in index.postings.iter() {
        let positions_end = p.positions.to_native() as usize + usize::from(p.tf.to_native());
        if p.question.to_native() as usize >= c.questions.len()
            || usize::from(p.field) >= crate::model::FIELDS
            || positions_end > index.positions.len()
        {
            return Err("index posting out of range".to_string());
        }
    }
    // fst reads its bytes unchecked: its structure first (the archive's
    // checksum guards against corruption, not against crafted bytes). The
    // other two dictionaries' values are bounds-checked where read.
    for (what, bytes) in [("surface", &index.surfaces), ("synonym", &index.synonyms)] {
        if bytes.is_empty() {
            continue;
        }
        crate::fst_check::check(bytes).map_err(|e| format!("{what} dictionary: {e}"))?;
        fst::Map::new(bytes.as_slice()).map_err(|e| format!("{what} dictionary: {e}"))?;
    }
    // Readers bounds-check every ordinal the term dictionary yields, so its
    // structure and length are all that needs checking here.
    crate::fst_check::check(&index.terms).map_err(|e| format!("term dictionary: {e}"))?;
    let map = fst::Map::new(index.terms.as_slice()).map_err(|e| format!("term dictionary: {e}"))?;
    if map.len() != terms {
        return Err(format!(
            "term dictionary has {} terms, postings {terms}",
            map.len()
        ));
    }
    Ok(())
}

/// Checks one CSR pair: `offsets` has `rows + 1` monotonic entries ending
/// inside `len`.
fn check_csr(
    what: &str,
    offsets: &[rkyv::rend::u32_le],
    rows: usize,
    len: usize,
) -> Result<(), String> {
    // No offsets at all: an archive without this part of the graph.
    if offsets.is_empty() && len == 0 {
        return Ok(());
    }
    if offsets.len() != rows + 1 {
        return Err(format!("{what}: {} offsets for {rows} rows", offsets.len()));
    }
    let mut previous = 0;
    for o in offsets {
        let o = o.to_native() as usize;
        if o < previous || o > len {
            return Err(format!("{what}: offset {o} out of order or range"));
        }
        previous = o;
    }
    Ok(())
}

/// The graph's CSR arrays line up with the tables they index, and every
/// edge points inside its table.
fn validate_graph(c: &ArchivedCorpus) -> Result<(), String> {
    let g = &c.graph;
    let (questions, concepts) = (c.questions.len(), c.concepts.len());
    check_csr("graph edges", &g.offsets, questions, g.edges.len())?;
    check_csr(
        "graph mentions",
        &g.mention_offsets,
        questions,
        g.mentions.len(),
    )?;
    check_csr(
        "graph concepts",
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
        return Err("graph edge out of range".to_string());
    }
    if !g
        .mentions
        .iter()
        .all(|l| (l.target.to_native() as usize) < concepts && finite(l.weight.to_native()))
    {
        return Err("graph mention out of range".to_string());
    }
    if !g
        .mentioned_by
        .iter()
        .all(|l| (l.target.to_native() as usize) < questions && finite(l.weight.to_native()))
    {
        return Err("graph concept link out of range".to_string());
    }
    Ok(())
}

/// Checks that every `u32` reference in the model points inside its table, so
/// that readers can index without panicking.
fn validate_references(c: &ArchivedCorpus) -> Result<(), String> {
    let docs = c.documents.len();
    let topics = c.topics.len();
    let questions = c.questions.len();
    let check = |what: &str, value: u32, len: usize, none_ok: bool| -> Result<(), String> {
        if (none_ok && value == NONE) || (value as usize) < len {
            Ok(())
        } else {
            Err(format!("{what} {value} out of range (table has {len})"))
        }
    };
    for d in c.documents.iter() {
        for t in d.topics.iter() {
            check("document topic", t.to_native(), topics, false)?;
        }
    }
    // Parents come before children: that bounds every walk up the tree.
    for (i, t) in c.topics.iter().enumerate() {
        check("topic document", t.doc.to_native(), docs, false)?;
        check("topic parent", t.parent.to_native(), i, true)?;
        for x in t.children.iter() {
            check("topic child", x.to_native(), topics, false)?;
        }
        for x in t.questions.iter() {
            check("topic question", x.to_native(), questions, false)?;
        }
    }
    for (i, q) in c.questions.iter().enumerate() {
        check("question document", q.doc.to_native(), docs, false)?;
        check("question topic", q.topic.to_native(), topics, true)?;
        check("question parent", q.parent.to_native(), i, true)?;
        check("question checklist", q.checklist.to_native(), topics, true)?;
        for x in q.children.iter() {
            check("question child", x.to_native(), questions, false)?;
        }
    }
    if c.by_id.len() != questions {
        return Err(format!(
            "id index has {} entries for {questions} questions",
            c.by_id.len()
        ));
    }
    validate_index(c)?;
    validate_graph(c)?;
    let mut previous: Option<&str> = None;
    for x in c.by_id.iter() {
        let i = x.to_native();
        check("id index entry", i, questions, false)?;
        let id = c.questions[i as usize].id.as_str();
        if previous.is_some_and(|p| p >= id) {
            return Err(format!("id index is not strictly sorted at {id:?}"));
        }
        previous = Some(id);
    }
    Ok(())
}
