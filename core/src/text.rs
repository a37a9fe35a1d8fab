//! Text analysis shared by the index compiler and the query parser.
//!
//! Both sides of the search must cut text into the same terms, so there is
//! exactly one pipeline, [`Analyzer`]:
//!
//! 1. Unicode word segmentation (UAX #29) finds the words; whitespace,
//!    punctuation, Markdown noise (`**`, backticks, `#`, `|`), box-drawing
//!    characters, arrows and emoji produce no token.
//! 2. Each word is lower-cased (Unicode-aware; full-width ASCII is folded to
//!    ASCII), variation selectors and zero-width characters are dropped, and
//!    apostrophes are resolved: the clitics `'s`, `'re`, `'ve`, `'d`, `'ll`
//!    and `'m` are dropped (`what's` → `what`, `we'd` → `we`), any other
//!    apostrophe is removed and the parts joined (`don't` → `dont`).
//!    Digit groups stay whole: `3.5`, `99.99` and `10.0.0.0` keep their dots
//!    and `1,000` becomes `1000`.
//! 3. Compounds: words joined by `-` or `/` (`exactly-once`, `ci/cd`), by a
//!    dot between letters (`node.js`, `e.g`) or by `_` (`search_after`)
//!    give one token per part at consecutive positions, plus one compound
//!    token at the position of the first part whose byte range covers the
//!    whole compound. Its term is the parts joined with nothing
//!    (`exactlyonce`, `cicd`, `nodejs`), or with `_` for identifiers
//!    (`search_after`). Slash-joined numbers (`3/5`, `24/7`, `$270/month`)
//!    and all-number compounds (`10-30`) get no compound token, nor do chains
//!    of more than six parts.
//! 4. Stemming: a term made only of ASCII letters is stemmed with Snowball
//!    English (`partitions`, `partitioning` → `partit`); anything holding a
//!    digit, an underscore or a non-ASCII letter (`p99`, `k8s`, `100ms`,
//!    `search_after`, CJK) is kept as normalised.
//!
//! Stop words are kept (so positions stay right); callers decide with
//! [`is_stop_word`]. A single part longer than 128 bytes is dropped without
//! taking a position.
//!
//! ```
//! use grill_core::text::Analyzer;
//!
//! let analyzer = Analyzer::new();
//! let terms: Vec<String> = analyzer
//!     .tokens("How do you ensure exactly-once semantics?")
//!     .into_iter()
//!     .map(|t| t.term)
//!     .collect();
//! assert_eq!(
//!     terms,
//!     ["how", "do", "you", "ensur", "exact", "exactlyonc", "onc", "semant"]
//! );
//! ```

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

/// Longest part (in bytes, after normalisation) that becomes a token.
pub(crate) const MAX_TERM_BYTES: usize = 128;

/// Longest chain of parts that also gets a compound token.
const MAX_COMPOUND_PARTS: usize = 6;

/// One analysed token.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Token {
    /// The normalised (and, for plain words, stemmed) term as stored in the index.
    pub term: String,
    /// Start of the byte range of the source text this token came from.
    pub start: usize,
    /// End (exclusive) of the byte range of the source text this token came from.
    pub end: usize,
    /// Word position, for phrase queries. A compound token shares the
    /// position of its first part.
    pub position: u32,
}

/// The text analyser: segmentation, normalisation, compounds and stemming.
///
/// Cheap to construct, `Send + Sync`; build one and share it.
pub struct Analyzer {
    stemmer: Stemmer,
}

impl Analyzer {
    /// A new analyser with the Snowball English stemmer.
    pub fn new() -> Analyzer {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }

    /// Analyse `text`, calling `sink` for each token in order of position.
    ///
    /// A compound token comes right after its first part. Stop words are
    /// kept; use [`is_stop_word`] to drop or down-weight them.
    ///
    /// ```
    /// use grill_core::text::Analyzer;
    ///
    /// let text = "What's the p99 at 10x traffic?";
    /// let mut seen = Vec::new();
    /// Analyzer::new().analyze(text, |t| seen.push((t.term, &text[t.start..t.end], t.position)));
    /// assert_eq!(seen[0], ("what".to_string(), "What's", 0));
    /// assert_eq!(seen[2], ("p99".to_string(), "p99", 2));
    /// assert_eq!(seen[4], ("10x".to_string(), "10x", 4));
    /// assert_eq!(seen[5], ("traffic".to_string(), "traffic", 5));
    /// ```
    pub fn analyze(&self, text: &str, mut sink: impl FnMut(Token)) {
        raw_tokens(text, |raw| {
            let term = if should_stem(&raw.norm) {
                self.stemmer.stem(&raw.norm).into_owned()
            } else {
                raw.norm
            };
            sink(Token {
                term,
                start: raw.start,
                end: raw.end,
                position: raw.position,
            });
        });
    }

    /// Like [`Analyzer::analyze`], also passing each token's normalised,
    /// unstemmed form (what [`normalize`] gives for its source text).
    ///
    /// ```
    /// use grill_core::text::Analyzer;
    ///
    /// let mut seen = Vec::new();
    /// Analyzer::new().analyze_surface("Partitions", |t, surface| seen.push((t.term, surface.to_string())));
    /// assert_eq!(seen, [("partit".to_string(), "partitions".to_string())]);
    /// ```
    pub fn analyze_surface(&self, text: &str, mut sink: impl FnMut(Token, &str)) {
        raw_tokens(text, |raw| {
            let token = Token {
                term: if should_stem(&raw.norm) {
                    self.stemmer.stem(&raw.norm).into_owned()
                } else {
                    raw.norm.clone()
                },
                start: raw.start,
                end: raw.end,
                position: raw.position,
            };
            sink(token, &raw.norm);
        });
    }

    /// The words of `text` normalised but not stemmed, with their byte
    /// ranges and positions (compounds included, as in
    /// [`Analyzer::analyze`]): the cheap pass for marking words whose
    /// written forms are known.
    ///
    /// ```
    /// use grill_core::text::Analyzer;
    ///
    /// let mut seen = Vec::new();
    /// Analyzer::new().words("Exactly-once!", |w, range, position| seen.push((w.to_string(), range, position)));
    /// assert_eq!(seen[1], ("exactlyonce".to_string(), 0..12, 0));
    /// ```
    pub fn words(&self, text: &str, mut sink: impl FnMut(&str, std::ops::Range<usize>, u32)) {
        raw_tokens(text, |raw| {
            sink(&raw.norm, raw.start..raw.end, raw.position)
        });
    }

    /// [`Analyzer::words`] for a caller that looks for a few words only.
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
    ///   [`Analyzer::words`] reports them. Otherwise its words are only
    ///   counted.
    /// - Words of runs with other characters are all reported.
    ///
    /// Positions are those of [`Analyzer::words`], so phrases still match.
    ///
    /// ```
    /// use grill_core::text::Analyzer;
    ///
    /// let mut seen = Vec::new();
    /// Analyzer::new().words_where(
    ///     "Kafka, not RabbitMQ: exactly-once, at-least-once.",
    ///     |start| start == b"ka" || start[0] == b'l',
    ///     |w, range, position| seen.push((w.to_string(), range, position)),
    /// );
    /// // "not", "RabbitMQ" and "exactly-once" are skipped but counted;
    /// // "at-least-once" may hold "least", so it comes with all its words.
    /// assert_eq!(seen[0], ("kafka".to_string(), 0..5, 0));
    /// let rest: Vec<(&str, u32)> = seen[1..].iter().map(|(w, _, p)| (w.as_str(), *p)).collect();
    /// assert_eq!(rest, [("at", 5), ("atleastonce", 5), ("least", 6), ("once", 7)]);
    /// assert_eq!(seen[2].1, 35..48);
    /// ```
    pub fn words_where(
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
                let mut tokenizer = Tokenizer::new(|raw: RawToken| {
                    sink(&raw.norm, raw.start..raw.end, raw.position)
                });
                tokenizer.position = position;
                word_segments(run, |o, s| tokenizer.segment(start + o, s));
                position = tokenizer.finish();
            }
        }
    }

    /// Analyse `text` and collect the tokens.
    ///
    /// ```
    /// use grill_core::text::Analyzer;
    ///
    /// let tokens = Analyzer::new().tokens("ci/cd");
    /// let terms: Vec<&str> = tokens.iter().map(|t| t.term.as_str()).collect();
    /// assert_eq!(terms, ["ci", "cicd", "cd"]);
    /// assert_eq!((tokens[1].start, tokens[1].end, tokens[1].position), (0, 5, 0));
    /// ```
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        self.analyze(text, |t| out.push(t));
        out
    }

    /// Normalise and stem one word exactly as [`Analyzer::analyze`] would.
    ///
    /// For a compound the compound term is returned, so `exactly-once`,
    /// `exactlyonce` and `Exactly-Once` give the same term. If `word` holds
    /// several words only the first (with its compound) counts; an input
    /// without a word gives the empty string.
    ///
    /// ```
    /// use grill_core::text::Analyzer;
    ///
    /// let a = Analyzer::new();
    /// assert_eq!(a.term("Partitioning"), "partit");
    /// assert_eq!(a.term("exactly-once"), a.term("exactlyonce"));
    /// assert_eq!(a.term("K8s"), "k8s");
    /// assert_eq!(a.term("🙂"), "");
    /// ```
    pub fn term(&self, word: &str) -> String {
        match first_word(word) {
            Some(norm) if should_stem(&norm) => self.stemmer.stem(&norm).into_owned(),
            Some(norm) => norm,
            None => String::new(),
        }
    }
}

impl Default for Analyzer {
    fn default() -> Analyzer {
        Analyzer::new()
    }
}

impl Clone for Analyzer {
    fn clone(&self) -> Analyzer {
        Analyzer::new()
    }
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzer(snowball-english)")
    }
}

/// The analysed words of a spelling, one per position (compounds left
/// out), joined by one space: the key under which glossary spellings are
/// stored and matched. "Dead-letter queues" and "dead letter queue" both
/// give `dead letter queue`.
///
/// ```
/// use grill_core::text::{spelling_key, Analyzer};
///
/// let a = Analyzer::new();
/// assert_eq!(spelling_key(&a, "Dead-letter queues"), spelling_key(&a, "dead letter queue"));
/// ```
pub fn spelling_key(analyzer: &Analyzer, word: &str) -> String {
    let mut key = String::new();
    let mut last_position = None;
    analyzer.analyze(word, |token| {
        // A compound shares the position of its first part: skip it.
        if last_position == Some(token.position) {
            return;
        }
        last_position = Some(token.position);
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&token.term);
    });
    key
}

/// Lower-case and lightly normalise one word without stemming.
///
/// Applies the same rules as [`Analyzer::analyze`] short of stemming
/// (apostrophes, compounds joined, digit groups), for prefix matching of a
/// half-typed last word. Note that index terms are stemmed: a complete word
/// (`replication`) is not a prefix of its stem (`replic`), so a caller
/// matching prefixes should also try [`Analyzer::term`].
///
/// ```
/// use grill_core::text::normalize;
///
/// assert_eq!(normalize("Kuberne"), "kuberne");
/// assert_eq!(normalize("What's"), "what");
/// assert_eq!(normalize("Exactly-On"), "exactlyon");
/// assert_eq!(normalize("--"), "");
/// ```
pub fn normalize(word: &str) -> String {
    first_word(word).unwrap_or_default()
}

/// True for words that carry no meaning in a query.
///
/// The list holds the scaffolding of interview questions ("How do you
/// handle …", "What's your …", "Walk me through …", "Explain …", "Why did
/// you …") and common English function words, never a domain word. It
/// takes a term as produced by [`Analyzer::term`] (stemmed: `handl` for
/// "handling", `whi` for "why"); the listed base forms themselves (`handle`,
/// `why`, `does`) are accepted unstemmed too, so a [`normalize`]d base form
/// works, but an inflected one (`handling`) must be stemmed first.
///
/// ```
/// use grill_core::text::{is_stop_word, Analyzer};
///
/// let a = Analyzer::new();
/// assert!(is_stop_word(&a.term("Why")));
/// assert!(is_stop_word("why"));
/// assert!(is_stop_word(&a.term("handling")));
/// assert!(!is_stop_word(&a.term("Kafka")));
/// ```
pub fn is_stop_word(term: &str) -> bool {
    STOP_WORDS.binary_search(&term).is_ok()
}

/// Sorted; every word appears both normalised and stemmed (a test checks).
const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "also", "am", "an", "and", "ani", "any", "approach", "are", "arent", "as",
    "at", "be", "been", "being", "between", "both", "but", "by", "can", "cant", "choos", "choose",
    "could", "couldnt", "describ", "describe", "did", "didnt", "do", "doe", "does", "doesnt",
    "dont", "e", "each", "eg", "either", "ensur", "ensure", "etc", "explain", "for", "from", "g",
    "give", "had", "handl", "handle", "happen", "has", "hasnt", "have", "havent", "how", "i", "ie",
    "if", "in", "instead", "into", "is", "isnt", "it", "its", "just", "me", "might", "more",
    "most", "must", "my", "no", "not", "of", "on", "onli", "only", "or", "other", "our", "over",
    "should", "shouldnt", "so", "some", "such", "tell", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "through", "to", "too", "us", "veri",
    "versus", "very", "vs", "walk", "was", "wasnt", "we", "were", "what", "when", "where",
    "whether", "whi", "which", "while", "who", "whom", "whose", "why", "will", "with", "wont",
    "would", "wouldnt", "you", "your", "yours",
];

/// A token before stemming.
struct RawToken {
    norm: String,
    start: usize,
    end: usize,
    position: u32,
}

/// How a part is joined to the part before it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Joint {
    /// `-` or `/` between two words, or a dot between letters.
    Plain,
    /// `/` between two words: ratios such as `3/5` get no compound.
    Slash,
    /// `_` inside an identifier: the compound keeps the underscore.
    Underscore,
}

/// One part of a (possibly compound) word.
struct Part {
    norm: String,
    start: usize,
    end: usize,
    /// Joint to the previous part of the same chain.
    joint: Option<Joint>,
}

impl Part {
    /// Whether [`flush`] keeps it: an empty part, or one too long to be a
    /// term, makes no token and takes no position.
    fn is_kept(&self) -> bool {
        !self.norm.is_empty() && self.norm.len() <= MAX_TERM_BYTES
    }
}

/// Stem only plain words: ASCII letters, nothing else.
fn should_stem(norm: &str) -> bool {
    !norm.is_empty() && norm.bytes().all(|b| b.is_ascii_lowercase())
}

/// The normalised (unstemmed) term of the first word of `text`: the
/// compound if the first word is one.
fn first_word(text: &str) -> Option<String> {
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

/// How many positions the words of the ASCII run `run` (no whitespace)
/// take: one per part of a word that [`flush`] keeps (a compound takes its
/// first part's), counted without making tokens of them.
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
/// [`split_word`] and [`compound_of`]) begin at a letter or digit that
/// begins the run or follows another byte; their normal form begins with
/// that byte lower-cased, then with the next byte lower-cased when that is
/// a letter or digit too. Otherwise anything may follow (a clitic after an
/// apostrophe, a decimal point), so only the first byte is asked about.
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

/// The segmentation, normalisation and compound stages.
fn raw_tokens(text: &str, emit: impl FnMut(RawToken)) {
    let mut tokenizer = Tokenizer::new(emit);
    word_segments(text, |offset, segment| tokenizer.segment(offset, segment));
    tokenizer.finish();
}

/// Turns word segments into tokens: normalised parts, chained into
/// compounds across joiners.
struct Tokenizer<E> {
    chain: Vec<Part>,
    pending: Option<Joint>,
    position: u32,
    parts: Vec<Part>,
    emit: E,
}

impl<E: FnMut(RawToken)> Tokenizer<E> {
    fn new(emit: E) -> Tokenizer<E> {
        Tokenizer {
            chain: Vec::new(),
            pending: None,
            position: 0,
            parts: Vec::new(),
            emit,
        }
    }

    /// Takes the next UAX #29 segment, at byte `offset` of the text.
    fn segment(&mut self, offset: usize, segment: &str) {
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
    fn finish(mut self) -> u32 {
        flush(&mut self.chain, &mut self.position, &mut self.emit);
        self.position
    }
}

/// Calls `f` with the UAX #29 word segments of `text` and their offsets,
/// as [`UnicodeSegmentation::split_word_bound_indices`] finds them, except
/// that a run of ASCII whitespace may come as one segment (whitespace makes
/// no token either way).
///
/// UAX #29 always breaks around ASCII whitespace, so the text is cut there,
/// and the runs between that are plain ASCII, most of a corpus, take
/// [`ascii_segments`]: the full algorithm looks every character up in
/// Unicode tables, which was a third of the time spent marking snippets.
fn word_segments(text: &str, mut f: impl FnMut(usize, &str)) {
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
fn ascii_segments(run: &str, mut f: impl FnMut(usize, &str)) {
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

/// Clitics dropped after an apostrophe: `what's`, `you're`, `we've`,
/// `we'd`, `we'll`, `I'm`.
const DROPPED_CLITICS: &[&str] = &["d", "ll", "m", "re", "s", "ve"];

/// Cut one UAX #29 word (at byte `offset` of the text) into normalised parts.
fn split_word(word: &str, offset: usize, out: &mut Vec<Part>) {
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
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        Analyzer::new()
            .tokens(text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    fn content_terms(text: &str) -> Vec<String> {
        terms(text)
            .into_iter()
            .filter(|t| !is_stop_word(t))
            .collect()
    }

    /// Every token's byte range slices the source without panicking.
    fn check_ranges(text: &str) {
        let mut last_position = 0;
        for t in Analyzer::new().tokens(text) {
            assert!(t.start < t.end, "{t:?}");
            assert!(text.get(t.start..t.end).is_some(), "{t:?} in {text:?}");
            assert!(t.position >= last_position, "positions go backwards: {t:?}");
            last_position = t.position;
            assert!(!t.term.is_empty());
        }
    }

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

    /// Deterministic strings over the characters word breaking treats
    /// differently, ASCII and not.
    fn tricky_strings(count: usize) -> Vec<String> {
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
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let [fast, reference] = both_ways(&text);
            assert!(fast.len() > 100);
            assert_eq!(fast, reference);
            files += 1;
        }
        assert!(files >= 6, "{files} files in {}", data.display());
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
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            compared += skipping_agrees(&text);
        }
        assert!(compared > 100_000, "{compared} words compared");
    }

    #[test]
    fn stop_words_sorted_and_closed_under_stemming() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]), "sorted, unique");
        let a = Analyzer::new();
        for w in STOP_WORDS {
            assert_eq!(normalize(w), *w);
            // Each entry is a base form whose stem is listed, or such a stem
            // (Snowball is not idempotent: `choose` → `choos` → `choo`).
            let is_stem = STOP_WORDS.iter().any(|b| a.term(b) == *w);
            assert!(
                is_stem || is_stop_word(&a.term(w)),
                "{w} stems to {}",
                a.term(w)
            );
        }
    }

    #[test]
    fn no_domain_words_are_stop_words() {
        let a = Analyzer::new();
        for w in [
            "cache",
            "once",
            "exactly",
            "index",
            "go",
            "scale",
            "design",
            "use",
            "difference",
            "down",
            "failure",
            "data",
            "system",
            "partition",
            "latency",
            "manage",
            "time",
            "one",
            "first",
            "lock",
            "key",
            "order",
            "event",
            "state",
            "read",
            "write",
            "up",
            "out",
        ] {
            assert!(!is_stop_word(&a.term(w)), "{w}");
        }
    }

    #[test]
    fn question_openings_are_stop_words() {
        for q in [
            "How do you handle",
            "What's your",
            "Walk me through",
            "Explain the",
            "Why did you",
            "What would you",
            "How would you ensure",
            "Tell me about",
            "Describe your",
            "Why not",
            "What is the",
            "How does it",
            "Do you have any",
            "You're",
        ] {
            assert_eq!(content_terms(q), Vec::<String>::new(), "{q}");
        }
    }

    #[test]
    fn exactly_once_question() {
        let text = "How do you ensure exactly-once semantics?";
        let a = Analyzer::new();
        let tokens = a.tokens(text);
        let content = content_terms(text);
        for w in ["exactly", "once", "exactlyonce", "semantic"] {
            assert!(content.contains(&a.term(w)), "{w}: {content:?}");
        }
        assert_eq!(content, ["exact", "exactlyonc", "onc", "semant"]);
        let compound = tokens.iter().find(|t| t.term == "exactlyonc").unwrap();
        let exactly = tokens.iter().find(|t| t.term == "exact").unwrap();
        let once = tokens.iter().find(|t| t.term == "onc").unwrap();
        assert_eq!(&text[compound.start..compound.end], "exactly-once");
        assert_eq!(&text[exactly.start..exactly.end], "exactly");
        assert_eq!(&text[once.start..once.end], "once");
        assert_eq!(compound.position, exactly.position);
        assert_eq!(once.position, exactly.position + 1);
        // The three spellings meet.
        assert_eq!(a.term("exactly-once"), a.term("exactlyonce"));
        assert_eq!(a.term("Exactly–Once"), "exact", "en dash is not a joiner");
        assert_eq!(terms("exactly once"), ["exact", "onc"]);
    }

    #[test]
    fn p99_and_10x() {
        let text = "What's the p99 latency at 10x traffic?";
        assert_eq!(content_terms(text), ["p99", "latenc", "10x", "traffic"]);
        let tokens = Analyzer::new().tokens(text);
        let slices: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(
            slices,
            ["What's", "the", "p99", "latency", "at", "10x", "traffic"]
        );
        let positions: Vec<u32> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn technical_tokens_survive() {
        let a = Analyzer::new();
        for (word, term) in [
            ("p99", "p99"),
            ("P99", "p99"),
            ("10x", "10x"),
            ("2PC", "2pc"),
            ("S3", "s3"),
            ("EC2", "ec2"),
            ("K8s", "k8s"),
            ("search_after", "search_after"),
            ("100ms", "100ms"),
            ("10GB", "10gb"),
            ("3.5", "3.5"),
            ("99.99", "99.99"),
            ("10", "10"),
            ("A4C", "a4c"),
            ("1,000", "1000"),
            ("10.0.0.0", "10.0.0.0"),
            ("ci/cd", "cicd"),
            ("CI/CD", "cicd"),
            ("exactly-once", "exactlyonc"),
            ("read-heavy", "readheavi"),
            ("write-through", "writethrough"),
            ("cache-aside", "cacheasid"),
            ("multi-az", "multiaz"),
            ("sql/nosql", "sqlnosql"),
            ("at-least-once", "atleastonc"),
            ("node.js", "nodej"),
            ("us-east-1a", "useast1a"),
            ("AES-256", "aes256"),
            ("10x'd", "10x"),
        ] {
            assert_eq!(a.term(word), term, "{word}");
        }
        assert_eq!(terms("SKIP LOCKED"), ["skip", "lock"]);
        assert_eq!(terms("search_after"), ["search", "search_after", "after"]);
        assert_eq!(terms("user_id"), ["user", "user_id", "id"]);
        assert_eq!(terms("_important_ __init__"), ["import", "init"]);
    }

    #[test]
    fn digits_and_underscores_are_not_stemmed() {
        let a = Analyzer::new();
        assert_eq!(a.term("10gbs"), "10gbs");
        assert_eq!(a.term("created_at"), "created_at");
        assert_eq!(a.term("partitions"), "partit");
    }

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
    fn stemming_meets() {
        let a = Analyzer::new();
        let same = |words: &[&str]| {
            let first = a.term(words[0]);
            for w in words {
                assert_eq!(a.term(w), first, "{w} vs {}", words[0]);
            }
        };
        same(&["partitions", "partitioning", "partitioned", "partition"]);
        same(&["caches", "caching", "cached", "cache"]);
        same(&["replication", "replicate", "replicated"]);
        same(&["replicas", "replica"]);
        same(&["idempotent", "idempotency", "idempotence"]);
        same(&["consistency", "consistent"]);
        same(&["retries", "retry", "retrying"]);
        same(&["sharding", "shards", "shard"]);
        same(&["deployment", "deployments", "deploy"]);
        same(&["invalidation", "invalidate"]);
        same(&["latency", "latencies"]);
        same(&["ALBs", "ALB"]);
        same(&["AZs", "AZ"]);
        // Snowball keeps these apart; the glossary bridges them.
        assert_ne!(a.term("replicas"), a.term("replication"));
        assert_ne!(a.term("DBs"), a.term("DB"));
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

    #[test]
    fn term_and_normalize() {
        let a = Analyzer::new();
        assert_eq!(a.term(""), "");
        assert_eq!(a.term("   "), "");
        assert_eq!(a.term("Kafka"), "kafka");
        assert_eq!(a.term("  Kafka consumers"), "kafka");
        assert_eq!(a.term("search_after"), "search_after");
        assert_eq!(normalize("Elasticse"), "elasticse");
        assert_eq!(normalize("read-hea"), "readhea");
        assert_eq!(normalize(""), "");
        // `term` agrees with `analyze` for every token of a corpus line.
        let text =
            "Kafka's consumer-groups give at-least-once delivery; ES upserts are idempotent.";
        for t in a.tokens(text) {
            assert_eq!(a.term(&text[t.start..t.end]), t.term, "{t:?}");
        }
    }

    #[test]
    fn huge_inputs_do_not_panic() {
        let a = Analyzer::new();
        let sentence = "How do you handle cache-aside vs write-through at p99 100ms? 😀 │ ";
        let big = sentence.repeat(1 << 20 >> 6);
        assert!(big.len() >= 1 << 20);
        let mut count = 0usize;
        let mut last = 0u32;
        a.analyze(&big, |t| {
            count += 1;
            last = t.position;
        });
        assert!(count > 100_000);
        assert!(last > 100_000);
        // One enormous word, one enormous chain, one enormous number.
        assert_eq!(a.tokens(&"a".repeat(1 << 20)), Vec::new());
        let chain = "ab-".repeat(1 << 18);
        let tokens = a.tokens(&chain);
        assert_eq!(tokens.len(), 1 << 18);
        assert!(tokens.iter().all(|t| t.term == "ab"));
        let _ = a.tokens(&"9.".repeat(1 << 19));
        let _ = a.tokens(&"x'".repeat(1 << 19));
        let _ = a.tokens(&"_a".repeat(1 << 19));
        let _ = a.term(&"é".repeat(1 << 19));
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

    #[test]
    fn analyzer_is_send_sync_clone_default() {
        fn check<T: Send + Sync + Clone + Default + std::fmt::Debug>() {}
        check::<Analyzer>();
    }
}
