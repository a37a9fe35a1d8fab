//! Parts: one UAX #29 word cut into normalised parts. Lower-casing,
//! full-width folding, invisible characters dropped, apostrophes and their
//! clitics resolved, digit groups kept whole (`3.5`, `1,000` → `1000`), and
//! cuts at `_` and at dots between letters, so technical tokens (`p99`,
//! `k8s`, `node.js`, `search_after`) come out as the index wants them.

use super::MAX_TERM_BYTES;

/// How a part is joined to the part before it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Joint {
    /// `-` or `/` between two words, or a dot between letters.
    Plain,
    /// `/` between two words: ratios such as `3/5` get no compound.
    Slash,
    /// `_` inside an identifier: the compound keeps the underscore.
    Underscore,
}

/// One part of a (possibly compound) word.
pub(super) struct Part {
    /// The normalised text of the part.
    pub(super) norm: String,
    /// Start of its byte range in the text.
    pub(super) start: usize,
    /// End (exclusive) of its byte range in the text.
    pub(super) end: usize,
    /// Joint to the previous part of the same chain.
    pub(super) joint: Option<Joint>,
}

impl Part {
    /// Whether [`flush`](super::chain::flush) keeps it: an empty part, or one too long to be a
    /// term, makes no token and takes no position.
    pub(super) fn is_kept(&self) -> bool {
        !self.norm.is_empty() && self.norm.len() <= MAX_TERM_BYTES
    }
}

/// Clitics dropped after an apostrophe: `what's`, `you're`, `we've`,
/// `we'd`, `we'll`, `I'm`.
const DROPPED_CLITICS: &[&str] = &["d", "ll", "m", "re", "s", "ve"];

/// Cut one UAX #29 word (at byte `offset` of the text) into normalised parts.
pub(super) fn split_word(word: &str, offset: usize, out: &mut Vec<Part>) {
    // Most words are plain ASCII letters and digits: one part, lower-cased,
    // exactly what the general loop below makes of them.
    if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        if !word.is_empty() {
            out.push(Part {
                norm: word.to_ascii_lowercase(),
                start: offset,
                end: offset + word.len(),
                joint: None,
            });
        }
        return;
    }
    let mut builder = PartBuilder::default();
    let mut chars = word.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let at = offset + i;
        let end = at + c.len_utf8();
        if is_apostrophe(c) {
            builder.start_clitic(end);
        } else if c == '_' {
            builder.finish(out, Joint::Underscore);
        } else if is_mid_num(c) || is_mid_letter(c) {
            let digits = prev.is_some_and(char::is_numeric) && next.is_some_and(char::is_numeric);
            if !digits {
                builder.finish(out, Joint::Plain);
            } else if is_decimal_point(c) {
                builder.push('.', at, end);
            }
        } else if !is_ignorable(c) {
            for lower in fold_width(c).to_lowercase() {
                builder.push(lower, at, end);
            }
        }
        prev = Some(c);
    }
    builder.finish(out, Joint::Plain);
}

/// Accumulates one part of a word.
#[derive(Default)]
struct PartBuilder {
    norm: String,
    clitic: Option<String>,
    start: Option<usize>,
    end: usize,
    /// Joint to the previous part of this word, if any part came before.
    joint: Option<Joint>,
}

impl PartBuilder {
    fn push(&mut self, c: char, at: usize, end: usize) {
        match &mut self.clitic {
            Some(clitic) => clitic.push(c),
            None => self.norm.push(c),
        }
        self.start.get_or_insert(at);
        self.end = end;
    }

    fn start_clitic(&mut self, end: usize) {
        self.resolve_clitic();
        if self.start.is_some() {
            self.clitic = Some(String::new());
            self.end = self.end.max(end);
        }
    }

    fn resolve_clitic(&mut self) {
        if let Some(clitic) = self.clitic.take() {
            if !DROPPED_CLITICS.contains(&clitic.as_str()) {
                self.norm.push_str(&clitic);
            }
        }
    }

    /// End the current part; the next one is joined to it by `joint`.
    fn finish(&mut self, out: &mut Vec<Part>, joint: Joint) {
        self.resolve_clitic();
        if let Some(start) = self.start.take() {
            if !self.norm.is_empty() {
                let previous = self.joint.take();
                out.push(Part {
                    norm: std::mem::take(&mut self.norm),
                    start,
                    end: self.end,
                    joint: previous,
                });
                self.joint = Some(joint);
                return;
            }
        }
        self.norm.clear();
        // An empty part (e.g. the `_` of `_id`) keeps the earlier joint
        // unless none was set, in which case the next part starts the word.
        if self.joint.is_some() {
            self.joint = Some(joint);
        }
    }
}

/// Apostrophes inside words: ASCII, right single quotation mark, modifier
/// letter apostrophe, full-width.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '\u{FF07}')
}

/// UAX #29 MidNum and MidNumLet characters other than apostrophes.
fn is_mid_num(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | '\u{037E}'
            | '\u{0589}'
            | '\u{060C}'
            | '\u{060D}'
            | '\u{066C}'
            | '\u{07F8}'
            | '\u{2018}'
            | '\u{2024}'
            | '\u{2044}'
            | '\u{FE10}'
            | '\u{FE14}'
            | '\u{FE50}'
            | '\u{FE52}'
            | '\u{FE54}'
            | '\u{FF0C}'
            | '\u{FF0E}'
            | '\u{FF1B}'
    )
}

/// UAX #29 MidLetter characters (and other ASCII punctuation, defensively).
fn is_mid_letter(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '\u{00B7}'
                | '\u{0387}'
                | '\u{055F}'
                | '\u{05F4}'
                | '\u{2027}'
                | '\u{FE13}'
                | '\u{FE55}'
                | '\u{FF1A}'
        )
}

/// Full stops that mark a decimal point between digits.
fn is_decimal_point(c: char) -> bool {
    matches!(c, '.' | '\u{2024}' | '\u{FE52}' | '\u{FF0E}')
}

/// Invisible characters that never belong in a term: variation selectors,
/// zero-width (non-)joiners and spaces, soft hyphen, keycap, tags.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{2064}'
            | '\u{20E3}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    ) || c.is_control()
}

/// Full-width ASCII letters and digits to ASCII.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use crate::text::test_support::{check_ranges, terms};
    use crate::text::{normalize, Analyzer};

    #[test]
    fn numbers() {
        assert_eq!(terms("$270/month"), ["270", "month"]);
        assert_eq!(
            terms("2/5 instead of 3/5"),
            ["2", "5", "instead", "of", "3", "5"]
        );
        assert_eq!(terms("1-2 broker failures"), ["1", "2", "broker", "failur"]);
        assert_eq!(terms("99.99% uptime, 24/7"), ["99.99", "uptim", "24", "7"]);
        assert_eq!(terms("~30GB per shard"), ["30gb", "per", "shard"]);
        assert_eq!(terms("10.0.0.0/16"), ["10.0.0.0", "16"]);
        assert_eq!(terms("v1.2 e.g. done."), ["v1.2", "e", "eg", "g", "done"]);
    }

    #[test]
    fn apostrophes() {
        let expected = ["what", "dont", "cant", "we", "i", "you", "they"];
        assert_eq!(
            terms("what's don't can't we'd I'm you've they'll"),
            expected
        );
        assert_eq!(
            terms("you’re O'Reilly’s rock'n'roll"),
            ["you", "oreilli", "rocknrol"]
        );
        let text = "What's";
        let t = &Analyzer::new().tokens(text)[0];
        assert_eq!(&text[t.start..t.end], "What's");
        assert_eq!(normalize("what's"), "what");
        assert_eq!(normalize("don't"), "dont");
        assert_eq!(normalize("'quoted'"), "quoted");
    }

    #[test]
    fn emoji_and_control_characters() {
        let text = "😀🎉👍🏽👨‍👩‍👧 🇦🇺 \u{0}\u{1}\u{7}\u{1b}[0m\t\r\n\u{7f}\u{200b}\u{feff}\u{fe0f}";
        check_ranges(text);
        assert_eq!(
            terms("😀🎉👍🏽👨‍👩‍👧 🇦🇺 \u{0}\u{1}\u{7f}\u{200b}"),
            Vec::<String>::new()
        );
        assert_eq!(terms("\u{1b}[0m"), ["0m"]);
        assert_eq!(terms("redis🔥cache"), ["redi", "cach"]);
        assert_eq!(terms("ka\u{200b}fka"), ["ka", "fka"]);
    }

    #[test]
    fn other_scripts() {
        assert_eq!(terms("日本語"), ["日", "本", "語"]);
        assert_eq!(terms("テキスト"), ["テキスト"]);
        assert_eq!(terms("Кэш ИНВАЛИДАЦИЯ"), ["кэш", "инвалидация"]);
        assert_eq!(terms("ＡＷＳ"), ["aw"]);
        assert_eq!(terms("Straße café"), ["straße", "café"]);
        check_ranges("日本語 テキスト ひらがな 한국어 العربية हिन्दी ไทย");
    }
}
