//! Segmentation: the UAX #29 word segments of a text, with a fast path
//! for its ASCII runs.

use unicode_segmentation::UnicodeSegmentation;

/// Calls `f` with the UAX #29 word segments of `text` and their offsets,
/// as [`UnicodeSegmentation::split_word_bound_indices`] finds them, except
/// that a run of ASCII whitespace may come as one segment (whitespace makes
/// no token either way).
///
/// UAX #29 always breaks around ASCII whitespace, so the text is cut there,
/// and the runs between that are plain ASCII, most of a corpus, take
/// [`ascii_segments`]: the full algorithm looks every character up in
/// Unicode tables, which was a third of the time spent marking snippets.
pub(super) fn word_segments(text: &str, mut f: impl FnMut(usize, &str)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        if bytes[i].is_ascii_whitespace() {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            f(start, &text[start..i]);
            continue;
        }
        let mut ascii = true;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            ascii &= bytes[i].is_ascii();
            i += 1;
        }
        // Cut at ASCII bytes only: `start..i` is on char boundaries.
        let run = &text[start..i];
        if ascii {
            ascii_segments(run, |o, s| f(start + o, s));
        } else {
            for (o, s) in run.split_word_bound_indices() {
                f(start + o, s);
            }
        }
    }
}

/// Word-break classes of ASCII characters (UAX #29, table 3).
#[derive(Clone, Copy, PartialEq, Eq)]
enum WordClass {
    Letter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    MidNumLet,
    SingleQuote,
    MidNum,
    Other,
}

fn word_class(b: u8) -> WordClass {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => WordClass::Letter,
        b'0'..=b'9' => WordClass::Numeric,
        b'_' => WordClass::ExtendNumLet,
        b':' => WordClass::MidLetter,
        b'.' => WordClass::MidNumLet,
        b'\'' => WordClass::SingleQuote,
        b',' | b';' => WordClass::MidNum,
        _ => WordClass::Other,
    }
}

/// The UAX #29 word segments of ASCII text without whitespace (rules WB5
/// to WB13b; the others concern characters such text lacks).
pub(super) fn ascii_segments(run: &str, mut f: impl FnMut(usize, &str)) {
    use WordClass::*;
    let bytes = run.as_bytes();
    let class = |i: usize| bytes.get(i).map_or(Other, |&b| word_class(b));
    // MidNumLetQ of the rules: MidNumLet or Single_Quote.
    let mid_letter = |c| matches!(c, MidLetter | MidNumLet | SingleQuote);
    let mid_num = |c| matches!(c, MidNum | MidNumLet | SingleQuote);
    let mut start = 0;
    for i in 1..bytes.len() {
        let (before, prev, cur, next) = (
            i.checked_sub(2).map_or(Other, class),
            class(i - 1),
            class(i),
            class(i + 1),
        );
        let joined = match (prev, cur) {
            (Letter, Letter) | (Numeric, Numeric) | (Letter, Numeric) | (Numeric, Letter) => true,
            (Letter | Numeric | ExtendNumLet, ExtendNumLet) => true,
            (ExtendNumLet, Letter | Numeric) => true,
            (Letter, c) if mid_letter(c) && next == Letter => true,
            (p, Letter) if mid_letter(p) && before == Letter => true,
            (Numeric, c) if mid_num(c) && next == Numeric => true,
            (p, Numeric) if mid_num(p) && before == Numeric => true,
            _ => false,
        };
        if !joined {
            f(start, &run[start..i]);
            start = i;
        }
    }
    if start < bytes.len() {
        f(start, &run[start..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::chain::{raw_tokens, RawToken, Tokenizer};
    use crate::text::test_support::tricky_strings;

    /// The tokens of `text` as [`raw_tokens`] gives them, and as the plain
    /// UAX #29 segmentation would: (norm, start, end, position).
    fn both_ways(text: &str) -> [Vec<(String, usize, usize, u32)>; 2] {
        let mut fast = Vec::new();
        raw_tokens(text, |t| fast.push((t.norm, t.start, t.end, t.position)));
        let mut reference = Vec::new();
        let mut tokenizer =
            Tokenizer::new(|t: RawToken| reference.push((t.norm, t.start, t.end, t.position)));
        for (offset, segment) in text.split_word_bound_indices() {
            tokenizer.segment(offset, segment);
        }
        tokenizer.finish();
        [fast, reference]
    }

    #[test]
    fn ascii_fast_path_segments_as_uax29_does() {
        for text in tricky_strings(50_000) {
            let run: String = text
                .chars()
                .filter(|c| c.is_ascii() && !c.is_ascii_whitespace())
                .collect();
            let mut fast = Vec::new();
            ascii_segments(&run, |o, s| fast.push((o, s.to_string())));
            let reference: Vec<(usize, String)> = run
                .split_word_bound_indices()
                .map(|(o, s)| (o, s.to_string()))
                .collect();
            assert_eq!(fast, reference, "{run:?}");
        }
    }

    #[test]
    fn fast_segmentation_gives_the_same_tokens() {
        for text in tricky_strings(50_000) {
            let [fast, reference] = both_ways(&text);
            assert_eq!(fast, reference, "{text:?}");
        }
        // And the real corpus, every file of it.
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        let mut files = 0;
        for entry in std::fs::read_dir(&data).unwrap() {
            let path = entry.unwrap().path();
            // Text files only: data/seed.vectors is binary.
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let [fast, reference] = both_ways(&text);
            assert!(fast.len() > 100);
            assert_eq!(fast, reference);
            files += 1;
        }
        assert!(files >= 6, "{files} files in {}", data.display());
    }
}
