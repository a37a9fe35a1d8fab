//! Full-text search: BM25F over the archived fst index, with search-as-you-type
//! and typo tolerance.
//!
//! A query is analysed exactly as the index was (see [`crate::text`]); stop
//! words are dropped. Each query word is looked up in the fst term
//! dictionary. A word the dictionary lacks is widened with a
//! Damerau-Levenshtein automaton (one edit for words of 5+ letters, two for
//! 9+; a swapped pair counts as one), and the last word, while it is still
//! being typed, also matches as a prefix. Widened matches score less than
//! exact ones. Scores are BM25F: term frequencies are weighted per field
//! (prompt, topic headings, answer, code) and normalised by field length.

use std::sync::OnceLock;

use fst::{Automaton, IntoStreamer, Map, Streamer};
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};

use crate::kb::{KnowledgeBase, QuestionRef};
use crate::model::{ArchivedSearchIndex, FIELDS};
use crate::text::{is_stop_word, normalize, Analyzer};

/// Longest query read, in bytes; the rest is ignored.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Most query words used.
pub const MAX_QUERY_TERMS: usize = 32;
/// Most dictionary terms one prefix or typo may expand to.
const MAX_EXPANSIONS: usize = 64;

/// Per-field weights: prompt, topic headings, answer prose, code.
const WEIGHTS: [f32; FIELDS] = [3.0, 1.5, 1.0, 0.3];
/// BM25 saturation and length normalisation.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// How much a widened match is worth against an exact one.
const PREFIX_FACTOR: f32 = 0.8;
const TYPO_FACTOR: [f32; 3] = [1.0, 0.5, 0.3];
/// Boost when every query word matches the prompt.
const ALL_IN_PROMPT_BOOST: f32 = 1.5;

/// What a search should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOptions {
    /// Most hits returned.
    pub limit: usize,
    /// Hits skipped before the first returned (for paging).
    pub offset: usize,
    /// Widen words the dictionary lacks by one or two edits.
    pub fuzzy: bool,
    /// Let the last word match as a prefix (search as you type).
    pub prefix: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            fuzzy: true,
            prefix: true,
        }
    }
}

/// One search result.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'k> {
    /// The matching entry.
    pub question: QuestionRef<'k>,
    /// Its BM25F score (higher is better; finite and positive).
    pub score: f32,
}

/// How one query word matched a dictionary term.
#[derive(Debug, Clone, Copy, PartialEq)]
struct TermMatch {
    ordinal: u64,
    factor: f32,
}

impl KnowledgeBase<'_> {
    /// Searches the knowledge base, best hits first.
    ///
    /// ```
    /// use grill_core::{compile::Compiler, KnowledgeBase, SearchOptions};
    ///
    /// let mut c = Compiler::new();
    /// c.add_document("kafka.md", "## Kafka\n\n**Q: How do you ensure exactly-once semantics?**\nIdempotent consumers.\n\n**Q: Why Kafka over RabbitMQ?**\nReplay.\n");
    /// let bytes = c.finish().archive().unwrap();
    /// let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
    /// let hits = kb.search("kafka exactly once", &SearchOptions::default());
    /// assert_eq!(hits[0].question.id(), "kafka/how-do-you-ensure-exactly-once-semantics");
    /// // Search as you type, and a typo:
    /// assert_eq!(kb.search("idempot", &SearchOptions::default())[0].question.id(), hits[0].question.id());
    /// assert_eq!(kb.search("rabitmq", &SearchOptions::default())[0].question.id(), "kafka/why-kafka-over-rabbitmq");
    /// ```
    pub fn search(&self, query: &str, options: &SearchOptions) -> Vec<Hit<'_>> {
        let index = &self.corpus().index;
        let Ok(map) = Map::new(index.terms.as_slice()) else {
            return Vec::new();
        };
        let words = query_words(query);
        if words.is_empty() || options.limit == 0 {
            return Vec::new();
        }
        let typing_last = options.prefix && !query.ends_with(char::is_whitespace);
        let n = index.lengths.len();
        let mut scores = vec![0f32; n];
        let mut matched = vec![0u64; n];
        let mut in_prompt = vec![0u64; n];
        let mut best = vec![0f32; n];
        let mut touched: Vec<u32> = Vec::new();
        for (w, (term, raw)) in words.iter().enumerate() {
            let last = w + 1 == words.len();
            let matches = expand(&map, term, raw, options.fuzzy, typing_last && last);
            touched.clear();
            for m in matches {
                score_term(index, m, &mut best, &mut touched, &mut in_prompt, w);
            }
            for &q in &touched {
                let q = q as usize;
                scores[q] += best[q];
                matched[q] |= 1 << w;
                best[q] = 0.0;
            }
        }
        let all = if words.len() >= 64 {
            u64::MAX
        } else {
            (1u64 << words.len()) - 1
        };
        let mut hits: Vec<(u32, f32)> = scores
            .iter()
            .enumerate()
            .filter(|(_, &s)| s > 0.0 && s.is_finite())
            .map(|(q, &s)| {
                // Coverage: hits matching more of the query come first.
                let coverage = matched[q].count_ones() as f32 / words.len() as f32;
                let mut s = s * (0.5 + coverage);
                if in_prompt[q] & all == all {
                    s *= ALL_IN_PROMPT_BOOST;
                }
                (q as u32, s)
            })
            .collect();
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        hits.into_iter()
            .skip(options.offset)
            .take(options.limit)
            .filter_map(|(q, score)| {
                Some(Hit {
                    question: self.question_at(q)?,
                    score,
                })
            })
            .collect()
    }
}

/// The query's meaningful words as (index term, normalised surface form).
fn query_words(query: &str) -> Vec<(String, String)> {
    let mut end = query.len().min(MAX_QUERY_BYTES);
    while !query.is_char_boundary(end) {
        end -= 1;
    }
    let query = &query[..end];
    let analyzer = Analyzer::new();
    let mut all = Vec::new();
    analyzer.analyze(query, |t| {
        let raw = normalize(&query[t.start..t.end]);
        all.push((t.term, raw));
    });
    // Stop words are not in the index: a query of stop words only
    // ("how do you") matches nothing rather than something arbitrary.
    let mut words: Vec<(String, String)> =
        all.into_iter().filter(|(t, _)| !is_stop_word(t)).collect();
    let mut seen = std::collections::HashSet::new();
    words.retain(|(t, _)| seen.insert(t.clone()));
    words.truncate(MAX_QUERY_TERMS);
    words
}

/// The dictionary terms a query word stands for.
fn expand(map: &Map<&[u8]>, term: &str, raw: &str, fuzzy: bool, prefix: bool) -> Vec<TermMatch> {
    let mut out = Vec::new();
    if let Some(ordinal) = map.get(term) {
        out.push(TermMatch {
            ordinal,
            factor: 1.0,
        });
    }
    if prefix {
        for p in [term, raw] {
            if p.is_empty() {
                continue;
            }
            let mut stream = map
                .search(fst::automaton::Str::new(p).starts_with())
                .into_stream();
            let mut n = 0;
            while let Some((_, ordinal)) = stream.next() {
                if !out.iter().any(|m: &TermMatch| m.ordinal == ordinal) {
                    out.push(TermMatch {
                        ordinal,
                        factor: PREFIX_FACTOR,
                    });
                }
                n += 1;
                if n >= MAX_EXPANSIONS {
                    break;
                }
            }
        }
    }
    // Typos only for words the dictionary does not know: a known word is
    // what the user meant, and widening it would pull in unrelated words.
    let letters = term.chars().count();
    if fuzzy && out.is_empty() && letters >= 5 {
        // One edit first; two only for long words that one edit did not find.
        let max = if letters >= 9 { 2 } else { 1 };
        for distance in 1..=max {
            typos(map, term, distance, &mut out);
            if !out.is_empty() {
                break;
            }
        }
    }
    out
}

/// Dictionary terms within `distance` edits of `term` (Damerau: a swapped
/// pair is one edit), at most [`MAX_EXPANSIONS`].
fn typos(map: &Map<&[u8]>, term: &str, distance: u8, out: &mut Vec<TermMatch>) {
    let dfa = builder(distance).build_dfa(term);
    let mut stream = map.search(DamerauDfa(&dfa)).into_stream();
    while let Some((key, ordinal)) = stream.next() {
        if let Distance::Exact(d) = dfa.eval(key) {
            out.push(TermMatch {
                ordinal,
                factor: TYPO_FACTOR[usize::from(d).min(2)],
            });
            if out.len() >= MAX_EXPANSIONS {
                break;
            }
        }
    }
}

/// Adds one term's BM25F contribution, keeping per question the best over
/// the terms one query word expanded to.
fn score_term(
    index: &ArchivedSearchIndex,
    m: TermMatch,
    best: &mut [f32],
    touched: &mut Vec<u32>,
    in_prompt: &mut [u64],
    word: usize,
) {
    let t = m.ordinal as usize;
    let (Some(start), Some(end), Some(df)) = (
        index.offsets.get(t),
        index.offsets.get(t + 1),
        index.doc_freq.get(t),
    ) else {
        return;
    };
    let Some(postings) = index
        .postings
        .get(start.to_native() as usize..end.to_native() as usize)
    else {
        return;
    };
    let n = index.lengths.len() as f32;
    let df = df.to_native() as f32;
    let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
    let mut avg = [1.0f32; FIELDS];
    for (a, total) in avg.iter_mut().zip(index.total_lengths.iter()) {
        *a = (total.to_native() as f32 / n.max(1.0)).max(1.0);
    }
    let mut i = 0;
    while i < postings.len() {
        let q = postings[i].question.to_native();
        let mut tf = 0.0;
        while i < postings.len() && postings[i].question.to_native() == q {
            let p = &postings[i];
            let f = usize::from(p.field).min(FIELDS - 1);
            let len = index
                .lengths
                .get(q as usize)
                .map_or(0, |l| l[f].to_native()) as f32;
            tf += WEIGHTS[f] * f32::from(p.tf.to_native()) / (1.0 - B + B * len / avg[f]);
            if f == 0 && m.factor >= 1.0 {
                if let Some(mask) = in_prompt.get_mut(q as usize) {
                    *mask |= 1 << word.min(63);
                }
            }
            i += 1;
        }
        let score = m.factor * idf * tf * (K1 + 1.0) / (K1 + tf);
        if let Some(b) = best.get_mut(q as usize) {
            if *b == 0.0 {
                touched.push(q);
            }
            if score > *b {
                *b = score;
            }
        }
    }
}

/// The automaton builders for one and two edits, with transpositions.
/// Building one costs milliseconds, so each is built once per process.
fn builder(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    let cell = if distance >= 2 { &TWO } else { &ONE };
    cell.get_or_init(|| LevenshteinAutomatonBuilder::new(distance.min(2), true))
}

/// A Damerau-Levenshtein DFA as an fst automaton.
struct DamerauDfa<'a>(&'a DFA);

impl Automaton for DamerauDfa<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}
