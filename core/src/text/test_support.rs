//! Helpers shared by the text module's tests.

use super::{is_stop_word, Analyzer};

/// The terms of `text`, in order.
pub(super) fn terms(text: &str) -> Vec<String> {
    Analyzer::new()
        .tokens(text)
        .into_iter()
        .map(|t| t.term)
        .collect()
}

/// The terms of `text` that are not stop words.
pub(super) fn content_terms(text: &str) -> Vec<String> {
    terms(text)
        .into_iter()
        .filter(|t| !is_stop_word(t))
        .collect()
}

/// Every token's byte range slices the source without panicking.
pub(super) fn check_ranges(text: &str) {
    let mut last_position = 0;
    for t in Analyzer::new().tokens(text) {
        assert!(t.start < t.end, "{t:?}");
        assert!(text.get(t.start..t.end).is_some(), "{t:?} in {text:?}");
        assert!(t.position >= last_position, "positions go backwards: {t:?}");
        last_position = t.position;
        assert!(!t.term.is_empty());
    }
}

/// Deterministic strings over the characters word breaking treats
/// differently, ASCII and not.
pub(super) fn tricky_strings(count: usize) -> Vec<String> {
    const CHARS: &[char] = &[
        'a', 'Z', 'q', '0', '7', '_', ':', '.', '\'', ',', ';', '"', '-', '/', ' ', ' ', '\n',
        '\t', '\r', '*', '`', '#', '|', '(', '$', '%', 'é', '’', '→', '\u{301}', '\u{200D}',
        '\u{FE0F}', 'ß', '１', '😀', '\u{A0}', '日', '·', '‐',
    ];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    (0..count)
        .map(|_| {
            let len = (next() % 24) as usize;
            let ascii_only = next() % 2 == 0;
            (0..len)
                .map(|_| {
                    let n = if ascii_only { 26 } else { CHARS.len() };
                    CHARS[(next() % n as u64) as usize]
                })
                .collect()
        })
        .collect()
}
