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
//!
//! The stages live in one module each: `segment` (UAX #29 words, with an
//! ASCII fast path), `parts` (one word into normalised parts: apostrophes,
//! digit groups, technical tokens), `chain` (parts chained into compounds,
//! with positions), `skim` (the walker that skips unwanted words for
//! snippets) and `stop_words`; stemming and the public entry points are
//! here.

mod chain;
mod parts;
mod segment;
mod skim;
mod stop_words;
#[cfg(test)]
mod test_support;

use rust_stemmers::{Algorithm, Stemmer};

use chain::{first_word, raw_tokens};
pub use stop_words::is_stop_word;

/// Longest part (in bytes, after normalisation) that becomes a token.
pub(crate) const MAX_TERM_BYTES: usize = 128;

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
    /// unstemmed form (what [`normalize`] gives for its source text): the
    /// index records written forms with it, and the query parser reads
    /// half-typed words.
    pub(crate) fn analyze_surface(&self, text: &str, sink: impl FnMut(Token, &str)) {
        self.surface_tokens(text, |norm| self.stemmer.stem(norm).into_owned(), sink);
    }

    /// [`Analyzer::analyze_surface`] that looks each word's stem up in
    /// `memo` first: the compiler analyses millions of tokens drawn from a
    /// vocabulary thousands of times smaller, and stemming was a fifth of
    /// its indexing time.
    #[cfg(feature = "compile")]
    pub(crate) fn analyze_surface_memo(
        &self,
        text: &str,
        memo: &mut StemMemo,
        sink: impl FnMut(Token, &str),
    ) {
        self.surface_tokens(
            text,
            |norm| {
                if let Some(stem) = memo.0.get(norm) {
                    return stem.clone();
                }
                let stem = self.stemmer.stem(norm).into_owned();
                memo.0.insert(norm.to_string(), stem.clone());
                stem
            },
            sink,
        );
    }

    fn surface_tokens(
        &self,
        text: &str,
        mut stem: impl FnMut(&str) -> String,
        mut sink: impl FnMut(Token, &str),
    ) {
        raw_tokens(text, |raw| {
            let token = Token {
                term: if should_stem(&raw.norm) {
                    stem(&raw.norm)
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
    /// written forms are known. The reference that
    /// [`Analyzer::words_where`] is tested against.
    #[cfg(test)]
    pub(crate) fn words(
        &self,
        text: &str,
        mut sink: impl FnMut(&str, std::ops::Range<usize>, u32),
    ) {
        raw_tokens(text, |raw| {
            sink(&raw.norm, raw.start..raw.end, raw.position)
        });
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

/// Stems already computed, by normalised word (see
/// [`Analyzer::analyze_surface_memo`]).
#[cfg(feature = "compile")]
#[derive(Default)]
pub(crate) struct StemMemo(std::collections::HashMap<String, String>);

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
pub(crate) fn spelling_key(analyzer: &Analyzer, word: &str) -> String {
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

/// Stem only plain words: ASCII letters, nothing else.
fn should_stem(norm: &str) -> bool {
    !norm.is_empty() && norm.bytes().all(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use test_support::{content_terms, terms};

    // Formerly doc-tests of the walkers that are now crate-private.

    #[test]
    fn analyze_surface_passes_the_unstemmed_form() {
        let mut seen = Vec::new();
        Analyzer::new().analyze_surface("Partitions", |t, surface| {
            seen.push((t.term, surface.to_string()))
        });
        assert_eq!(seen, [("partit".to_string(), "partitions".to_string())]);
    }

    #[test]
    fn words_are_normalised_with_ranges_and_positions() {
        let mut seen = Vec::new();
        Analyzer::new().words("Exactly-once!", |w, range, position| {
            seen.push((w.to_string(), range, position))
        });
        assert_eq!(seen[1], ("exactlyonce".to_string(), 0..12, 0));
    }

    #[test]
    fn spelling_keys_meet_across_joiners_and_plurals() {
        let a = Analyzer::new();
        assert_eq!(
            spelling_key(&a, "Dead-letter queues"),
            spelling_key(&a, "dead letter queue")
        );
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
    fn analyzer_is_send_sync_clone_default() {
        fn check<T: Send + Sync + Clone + Default + std::fmt::Debug>() {}
        check::<Analyzer>();
    }
}
