//! Skimming: [`Analyzer::words_where`], the walker that marks snippets.
//!
//! A snippet looks for a query's few words in a long answer. Most words of
//! a corpus are plain ASCII and start unlike every wanted word, so they are
//! counted (positions must stay those of the full walk, for phrases) but
//! neither segmented nor normalised.

use super::chain::{RawToken, Tokenizer};
use super::parts::{split_word, Part};
use super::segment::{ascii_segments, word_segments};
use super::{Analyzer, MAX_TERM_BYTES};

impl Analyzer {
    /// `Analyzer::words` for a caller that looks for a few words only.
    ///
    /// `may_be` is asked about the start of a word's normal form: its first
    /// two bytes, or its first byte alone, meaning "may a wanted word begin
    /// with this byte?" (so it must accept one byte whenever it accepts two
    /// beginning with it).
    ///
    /// - A plain word (ASCII letters and digits between whitespace, perhaps
    ///   with punctuation around it: most words of a corpus) is reported
    ///   only if `may_be` accepts its start (two bytes, or one if the word
    ///   has one letter); it is found without the segmenter.
    /// - Any other ASCII run between whitespace (`exactly-once`, `e.g.`,
    ///   `3.5`, `**Q:`) is segmented only if one of the words it can hold
    ///   may begin as `may_be` wants; then all its words are reported, as
    ///   `Analyzer::words` reports them. Otherwise its words are only
    ///   counted.
    /// - Words of runs with other characters are all reported.
    ///
    /// Positions are those of `Analyzer::words`, so phrases still match.
    pub(crate) fn words_where(
        &self,
        text: &str,
        may_be: impl Fn(&[u8]) -> bool,
        mut sink: impl FnMut(&str, std::ops::Range<usize>, u32),
    ) {
        let bytes = text.as_bytes();
        let mut position = 0u32;
        let mut word = String::new();
        let mut parts = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_whitespace() {
                i += 1;
                continue;
            }
            // One pass over the run up to the next whitespace: where its
            // letters and digits are, and whether anything else is inside
            // them or anything but ASCII punctuation around them.
            let start = i;
            let (mut first, mut end) = (usize::MAX, 0);
            let (mut plain, mut ascii) = (true, true);
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                let b = bytes[i];
                if b.is_ascii_alphanumeric() {
                    if first == usize::MAX {
                        first = i;
                    } else if end != i {
                        plain = false;
                    }
                    end = i + 1;
                } else if !b.is_ascii() {
                    (plain, ascii) = (false, false);
                } else if b == b'_' || !b.is_ascii_punctuation() {
                    plain = false;
                }
                i += 1;
            }
            // Whitespace ends every word and compound (see `Tokenizer`),
            // so each run between it can be read on its own.
            let run = &text[start..i];
            if plain && first != usize::MAX {
                // A plain word: UAX #29 keeps letters and digits together
                // and breaks around punctuation, so this is one token.
                let letters = &bytes[first..end];
                // As `flush` does: a part too long to be a term is dropped.
                if letters.len() > MAX_TERM_BYTES {
                    continue;
                }
                let head = [
                    letters[0].to_ascii_lowercase(),
                    letters.get(1).map_or(0, u8::to_ascii_lowercase),
                ];
                if may_be(&head[..letters.len().min(2)]) {
                    word.clear();
                    word.push_str(&text[first..end]);
                    word.make_ascii_lowercase();
                    sink(&word, first..end, position);
                }
                position = position.saturating_add(1);
            } else if (ascii && first == usize::MAX)
                || (!ascii && !run.chars().any(char::is_alphanumeric))
            {
                // Punctuation, arrows, box drawing: no word, no position.
            } else if ascii && !ascii_run_may_hold(&bytes[start..i], &may_be) {
                // No wanted word in here: only its positions to count.
                position = position.saturating_add(ascii_run_positions(run, &mut parts));
            } else {
                let mut tokenizer = Tokenizer::starting_at(position, |raw: RawToken| {
                    sink(&raw.norm, raw.start..raw.end, raw.position)
                });
                word_segments(run, |o, s| tokenizer.segment(start + o, s));
                position = tokenizer.finish();
            }
        }
    }
}

/// How many positions the words of the ASCII run `run` (no whitespace)
/// take: one per part of a word that [`flush`](super::chain::flush) keeps
/// (a compound takes its first part's), counted without making tokens of
/// them.
fn ascii_run_positions(run: &str, parts: &mut Vec<Part>) -> u32 {
    let mut n = 0usize;
    ascii_segments(run, |offset, segment| {
        if !segment.bytes().any(|b| b.is_ascii_alphanumeric()) {
            return;
        }
        if segment.len() <= MAX_TERM_BYTES {
            // No part is longer than its word, so none is dropped.
            n += ascii_part_count(segment.as_bytes());
        } else {
            parts.clear();
            split_word(segment, offset, parts);
            n += parts.iter().filter(|p| p.is_kept()).count();
        }
    });
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How many parts [`split_word`] cuts the ASCII word `word` into: it cuts
/// at `_` and at punctuation other than an apostrophe (whose clitic stays
/// in its part), except between digits; a part is open from its first
/// character that is not punctuation.
fn ascii_part_count(word: &[u8]) -> usize {
    let (mut n, mut open) = (0, false);
    for (i, &c) in word.iter().enumerate() {
        if c == b'\'' {
            continue;
        }
        let between_digits = i > 0
            && word[i - 1].is_ascii_digit()
            && word.get(i + 1).is_some_and(u8::is_ascii_digit);
        if c == b'_' || (c.is_ascii_punctuation() && !between_digits) {
            n += usize::from(open);
            open = false;
        } else if !c.is_ascii_punctuation() {
            open = true;
        }
    }
    n + usize::from(open)
}

/// Whether the ASCII run `run` (no whitespace) may hold a word whose normal
/// form `may_be` accepts the start of. Its words (parts and compounds, see
/// [`split_word`] and [`compound_of`](super::chain::compound_of)) begin at
/// a letter or digit that begins the run or follows another byte; their
/// normal form begins with that byte lower-cased, then with the next byte
/// lower-cased when that is a letter or digit too. Otherwise anything may
/// follow (a clitic after an apostrophe, a decimal point), so only the
/// first byte is asked about.
fn ascii_run_may_hold(run: &[u8], may_be: &impl Fn(&[u8]) -> bool) -> bool {
    let mut after_alphanumeric = false;
    for (j, &b) in run.iter().enumerate() {
        let alphanumeric = b.is_ascii_alphanumeric();
        if alphanumeric && !after_alphanumeric {
            let a = b.to_ascii_lowercase();
            let wanted = match run.get(j + 1) {
                Some(c) if c.is_ascii_alphanumeric() => may_be(&[a, c.to_ascii_lowercase()]),
                _ => may_be(&[a]),
            };
            if wanted {
                return true;
            }
        }
        after_alphanumeric = alphanumeric;
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::text::test_support::tricky_strings;
    use crate::text::Analyzer;

    // Formerly the doc-test of `words_where`.
    #[test]
    fn unwanted_words_are_counted_not_reported() {
        let mut seen = Vec::new();
        Analyzer::new().words_where(
            "Kafka, not RabbitMQ: exactly-once, at-least-once.",
            |start| start == b"ka" || start[0] == b'l',
            |w, range, position| seen.push((w.to_string(), range, position)),
        );
        // "not", "RabbitMQ" and "exactly-once" are skipped but counted;
        // "at-least-once" may hold "least", so it comes with all its words.
        assert_eq!(seen[0], ("kafka".to_string(), 0..5, 0));
        let rest: Vec<(&str, u32)> = seen[1..].iter().map(|(w, _, p)| (w.as_str(), *p)).collect();
        assert_eq!(
            rest,
            [("at", 5), ("atleastonce", 5), ("least", 6), ("once", 7)]
        );
        assert_eq!(seen[2].1, 35..48);
    }

    /// `words_where` against `words`, under a few filters: every word the
    /// filter accepts comes, the same word at the same place and position,
    /// and whatever else comes is a word `words` reports too.
    fn skipping_agrees(text: &str) -> usize {
        let a = Analyzer::new();
        type Filter<'f> = &'f dyn Fn(&[u8]) -> bool;
        // Each accepts one byte when it accepts two beginning with it.
        let filters: [Filter<'_>; 5] = [
            &|_| true,
            &|_| false,
            &|start| start[0] < b'm',
            &|start| start.len() == 1 || start[1] % 3 == 0,
            // Like a query's: a few terms' first two bytes.
            &|start| match *start {
                [a] => b"ec3".contains(&a),
                [a, b] => matches!((a, b), (b'e', b'x') | (b'c', b'd') | (b'3', _)),
                _ => false,
            },
        ];
        let mut all = Vec::new();
        a.words(text, |w, r, p| all.push((w.to_string(), r, p)));
        let mut compared = 0;
        for (n, may_be) in filters.into_iter().enumerate() {
            let mut got = Vec::new();
            a.words_where(text, may_be, |w, r, p| got.push((w.to_string(), r, p)));
            if n == 0 {
                assert_eq!(got, all, "{text:?}");
            }
            let kept = |w: &String| may_be(&w.as_bytes()[..w.len().min(2)]);
            let expected: Vec<_> = all.iter().filter(|t| kept(&t.0)).collect();
            let found: Vec<_> = got.iter().filter(|t| kept(&t.0)).collect();
            assert_eq!(found, expected, "{text:?}");
            // The rest is a subsequence of what `words` reports.
            let mut from = all.iter();
            assert!(got.iter().all(|t| from.any(|u| u == t)), "{text:?}");
            compared += expected.len();
        }
        compared
    }

    #[test]
    fn skipping_plain_words_keeps_the_others_exact() {
        let mut compared = 0;
        for text in tricky_strings(50_000) {
            compared += skipping_agrees(&text);
        }
        // Parts too long to be terms take no position, in plain words and
        // in runs skipped whole (`q-qqq…-q`).
        let long = format!(
            "(a{}) {}. x_y 3.5 it's ci/cd — é {} z q-{}-q. kafka",
            "b".repeat(126),
            "c".repeat(128),
            "d".repeat(129),
            "q".repeat(129)
        );
        compared += skipping_agrees(&long);
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        for entry in std::fs::read_dir(&data).unwrap() {
            let path = entry.unwrap().path();
            // Text files only: data/seed.vectors is binary.
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            compared += skipping_agrees(&text);
        }
        assert!(compared > 100_000, "{compared} words compared");
    }
}
