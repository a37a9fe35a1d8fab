//! The seed corpus and its answers pre-rendered to HTML, as `build.rs`
//! prepared them.

use std::sync::OnceLock;

use grill::KnowledgeBase;

include!(concat!(env!("OUT_DIR"), "/sizes.rs"));

#[cfg(feature = "lzma")]
mod data {
    use std::io::Read;
    use std::sync::OnceLock;

    use rkyv::util::AlignedVec;

    use super::{HTML_LEN, KB_LEN};

    static LZMA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/embedded.lzma"));

    /// The archive followed by the HTML table, decompressed on first use
    /// into one 16-byte aligned buffer kept for the module's life; empty if
    /// the stream does not decode to exactly the expected length.
    fn both() -> &'static [u8] {
        static BYTES: OnceLock<&'static [u8]> = OnceLock::new();
        BYTES.get_or_init(|| {
            let len = KB_LEN + HTML_LEN;
            let mut out = AlignedVec::<16>::with_capacity(len);
            out.resize(len, 0);
            let Ok(mut reader) = lzma_rust2::LzmaReader::new_mem_limit(LZMA, u32::MAX, None) else {
                return &[];
            };
            if reader.read_exact(out.as_mut_slice()).is_err() {
                return &[];
            }
            // Nothing may follow.
            if !matches!(reader.read(&mut [0u8; 1]), Ok(0)) {
                return &[];
            }
            Box::leak(Box::new(out)).as_slice()
        })
    }

    /// The seed archive.
    pub fn archive() -> Option<&'static [u8]> {
        both().get(..KB_LEN)
    }

    /// The HTML table.
    pub fn html() -> &'static [u8] {
        both().get(KB_LEN..).unwrap_or(&[])
    }
}

#[cfg(not(feature = "lzma"))]
mod data {
    use super::HTML_LEN;

    static HTML: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/answers.html"));

    /// The seed archive, read in place.
    pub fn archive() -> Option<&'static [u8]> {
        Some(grill::embedded_bytes())
    }

    /// The HTML table, read in place.
    pub fn html() -> &'static [u8] {
        HTML.get(..HTML_LEN).unwrap_or(&[])
    }
}

/// The seed archive, checked once: its length, header and checksum.
fn verified() -> Option<&'static [u8]> {
    static VERIFIED: OnceLock<Option<&'static [u8]>> = OnceLock::new();
    *VERIFIED.get_or_init(|| {
        let bytes = data::archive().filter(|b| b.len() == KB_LEN)?;
        let header = grill::archive::Header::parse(bytes).ok()?;
        // LZMA has no checksum of its own: check the archive's (xxh3, about
        // a millisecond, once), so a decoder fault can never reach the
        // unchecked open below.
        let payload = bytes.get(grill::archive::HEADER_LEN..)?;
        (grill::archive::checksum(payload) == header.checksum).then_some(bytes)
    })
}

/// Opens the seed corpus; `None` only if the embedded bytes were damaged.
pub fn open() -> Option<KnowledgeBase<'static>> {
    let bytes = verified()?;
    // SAFETY: `bytes` are exactly `grill::embedded_bytes()` of this build,
    // the archive `grill_core::archive::write` produced from `data/` with
    // this very version of grill-core, included as is or compressed by
    // build.rs and decompressed to the same length and checksum (checked in
    // `verified`). They are never modified after that, and their buffer is
    // 16-byte aligned.
    unsafe { KnowledgeBase::from_bytes_unchecked(bytes) }.ok()
}

/// One field of the pre-rendered HTML of the seed corpus.
#[derive(Clone, Copy)]
pub enum HtmlField {
    /// The answer.
    Answer = 0,
    /// "What they're testing".
    Testing = 1,
    /// "Follow-up details".
    FollowUpDetails = 2,
}

/// The pre-rendered HTML of the seed corpus, indexed by question position.
#[derive(Clone, Copy)]
pub struct HtmlTable {
    bytes: &'static [u8],
    entries: usize,
}

impl HtmlTable {
    /// The embedded table, if it matches a corpus of `questions` entries.
    pub fn open(questions: usize) -> Option<HtmlTable> {
        let bytes = data::html();
        let entries = read_u32(bytes, 0)? as usize;
        (entries == questions * 3 && bytes.len() >= 4 * (entries + 2))
            .then_some(HtmlTable { bytes, entries })
    }

    /// The HTML of `field` of the question at `index`; `None` when empty.
    pub fn get(&self, index: u32, field: HtmlField) -> Option<&'static str> {
        let i = (index as usize).checked_mul(3)? + field as usize;
        if i >= self.entries {
            return None;
        }
        let base = 4 * (self.entries + 2);
        let start = read_u32(self.bytes, 4 * (i + 1))? as usize;
        let end = read_u32(self.bytes, 4 * (i + 2))? as usize;
        let html = std::str::from_utf8(self.bytes.get(base + start..base + end)?).ok()?;
        (!html.is_empty()).then_some(html)
    }
}

fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}
