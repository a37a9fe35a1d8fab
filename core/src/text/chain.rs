//! Chains: the parts of neighbouring words joined by `-` or `/` (or, inside
//! a word, by `_` or a dot between letters) become one compound token on
//! top of their own, and every kept part takes a position.

use super::parts::{split_word, Joint, Part};
use super::segment::word_segments;
use super::MAX_TERM_BYTES;

/// Longest chain of parts that also gets a compound token.
const MAX_COMPOUND_PARTS: usize = 6;

/// A token before stemming.
pub(super) struct RawToken {
    /// The normalised, unstemmed term.
    pub(super) norm: String,
    /// Start of its byte range in the text.
    pub(super) start: usize,
    /// End (exclusive) of its byte range in the text.
    pub(super) end: usize,
    /// Its word position.
    pub(super) position: u32,
}

/// The normalised (unstemmed) term of the first word of `text`: the
/// compound if the first word is one.
pub(super) fn first_word(text: &str) -> Option<String> {
    let mut best: Option<RawToken> = None;
    raw_tokens(text, |t| {
        best = match best.take() {
            None => Some(t),
            Some(b) if t.start == b.start && t.end > b.end => Some(t),
            Some(b) => Some(b),
        };
    });
    best.map(|t| t.norm)
}

/// The segmentation, normalisation and compound stages.
pub(super) fn raw_tokens(text: &str, emit: impl FnMut(RawToken)) {
    let mut tokenizer = Tokenizer::new(emit);
    word_segments(text, |offset, segment| tokenizer.segment(offset, segment));
    tokenizer.finish();
}

/// Turns word segments into tokens: normalised parts, chained into
/// compounds across joiners.
pub(super) struct Tokenizer<E> {
    chain: Vec<Part>,
    pending: Option<Joint>,
    position: u32,
    parts: Vec<Part>,
    emit: E,
}

impl<E: FnMut(RawToken)> Tokenizer<E> {
    /// A tokenizer for a text whose first word takes position 0.
    pub(super) fn new(emit: E) -> Tokenizer<E> {
        Tokenizer::starting_at(0, emit)
    }

    /// A tokenizer for a piece of text whose first word takes `position`.
    pub(super) fn starting_at(position: u32, emit: E) -> Tokenizer<E> {
        Tokenizer {
            chain: Vec::new(),
            pending: None,
            position,
            parts: Vec::new(),
            emit,
        }
    }

    /// Takes the next UAX #29 segment, at byte `offset` of the text.
    pub(super) fn segment(&mut self, offset: usize, segment: &str) {
        let Tokenizer {
            chain,
            pending,
            position,
            parts,
            emit,
        } = self;
        if segment.chars().any(char::is_alphanumeric) {
            parts.clear();
            split_word(segment, offset, parts);
            match pending.take() {
                Some(joint) if !chain.is_empty() && !parts.is_empty() => {
                    parts[0].joint = Some(joint);
                }
                _ => flush(chain, position, emit),
            }
            chain.append(parts);
        } else if let Some(joint) = joiner(segment) {
            if pending.is_some() || chain.is_empty() {
                flush(chain, position, emit);
                *pending = None;
            } else {
                *pending = Some(joint);
            }
        } else {
            flush(chain, position, emit);
            *pending = None;
        }
    }

    /// Flushes the last chain; returns the next position.
    pub(super) fn finish(mut self) -> u32 {
        flush(&mut self.chain, &mut self.position, &mut self.emit);
        self.position
    }
}

/// A segment that joins two words into a compound.
fn joiner(segment: &str) -> Option<Joint> {
    match segment {
        "-" | "\u{2010}" | "\u{2011}" => Some(Joint::Plain),
        "/" => Some(Joint::Slash),
        _ => None,
    }
}

/// Emit the parts of a chain (and its compound), then clear it.
fn flush(chain: &mut Vec<Part>, position: &mut u32, emit: &mut impl FnMut(RawToken)) {
    chain.retain(Part::is_kept);
    if chain.is_empty() {
        return;
    }
    let mut compound = compound_of(chain);
    let first_position = *position;
    for part in chain.drain(..) {
        emit(RawToken {
            norm: part.norm,
            start: part.start,
            end: part.end,
            position: *position,
        });
        if let Some((norm, start, end)) = compound.take() {
            emit(RawToken {
                norm,
                start,
                end,
                position: first_position,
            });
        }
        *position = position.saturating_add(1);
    }
}

/// The compound term of a chain of at least two parts, with its byte range.
fn compound_of(chain: &[Part]) -> Option<(String, usize, usize)> {
    let (first, last) = (chain.first()?, chain.last()?);
    if chain.len() < 2 || chain.len() > MAX_COMPOUND_PARTS {
        return None;
    }
    let numeric = |p: &Part| p.norm.chars().all(|c| c.is_numeric() || c == '.');
    let slash = chain.iter().any(|p| p.joint == Some(Joint::Slash));
    if chain.iter().all(numeric) || (slash && chain.iter().any(numeric)) {
        return None;
    }
    let mut norm = String::new();
    for part in chain {
        if part.joint == Some(Joint::Underscore) {
            norm.push('_');
        }
        norm.push_str(&part.norm);
    }
    (norm.len() <= MAX_TERM_BYTES).then_some((norm, first.start, last.end))
}

#[cfg(test)]
mod tests {
    use crate::text::test_support::{check_ranges, terms};
    use crate::text::Analyzer;

    #[test]
    fn compounds_share_first_position_and_cover_whole() {
        let text = "Use ci/cd and read-heavy multi-AZ setups";
        let tokens = Analyzer::new().tokens(text);
        let view: Vec<(&str, &str, u32)> = tokens
            .iter()
            .map(|t| (t.term.as_str(), &text[t.start..t.end], t.position))
            .collect();
        assert_eq!(
            view,
            [
                ("use", "Use", 0),
                ("ci", "ci", 1),
                ("cicd", "ci/cd", 1),
                ("cd", "cd", 2),
                ("and", "and", 3),
                ("read", "read", 4),
                ("readheavi", "read-heavy", 4),
                ("heavi", "heavy", 5),
                ("multi", "multi", 6),
                ("multiaz", "multi-AZ", 6),
                ("az", "AZ", 7),
                ("setup", "setups", 8),
            ]
        );
    }

    #[test]
    fn markdown_noise_gives_no_tokens() {
        let text = "** `` # ## | |---|---| │ ┌ ─ └ ┐ ┘ ├ □ ■ → ← ⇒ ✓ ✔ ❌ • … — – > - * _ __ ***";
        assert_eq!(terms(text), Vec::<String>::new());
        assert_eq!(
            terms("**Durability**: `SKIP LOCKED` → ✓ done"),
            ["durabl", "skip", "lock", "done"]
        );
        assert_eq!(terms("| Metric | p99 |"), ["metric", "p99"]);
        let expected = ["2", "databas", "follow", "followup", "up"];
        assert_eq!(terms("## 2️⃣ Database Follow-ups"), expected);
    }

    #[test]
    fn odd_inputs_keep_valid_ranges() {
        for text in [
            "'",
            "''",
            "a'",
            "'a",
            "a''b",
            "._.",
            "a._b",
            "a_.b",
            "-a-",
            "/a/b/",
            "a-/b",
            "a--b",
            "1.",
            ".1",
            "1..2",
            "1,,2",
            "a'1",
            "1'a",
            "İstanbul",
            "ǅ",
            "ﬁ",
            "a\u{301}b",
            "\u{301}",
            "x\u{20e3}",
            "_",
            "__a__b__",
            "e.g.,",
            "U.S.A.",
            "a:b",
            "a·b",
        ] {
            check_ranges(text);
        }
        assert_eq!(terms("a--b"), ["a", "b"]);
        assert_eq!(terms("-a-"), ["a"]);
        assert_eq!(terms("/a/b/"), ["a", "ab", "b"]);
    }
}
