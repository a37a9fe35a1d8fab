//! Full-text search: BM25F over the archived fst index, with phrases,
//! synonyms, search-as-you-type, typo tolerance, snippets and explanations.
//!
//! A query is analysed exactly as the index was (see [`crate::text`]) and
//! turned into *clauses*, one per meaningful word or quoted phrase; stop
//! words ("how do you handle") make no clause. Each clause has
//! *alternatives*, the ways a question can satisfy it:
//!
//! - the word's own term (exact), and a compound's joined term
//!   (`exactly-once` → `exactlyonc`);
//! - the other spellings of a glossary concept the query names (`k8s` →
//!   `kubernetes`, `DLQ` → the phrase `dead letter queue`);
//! - for the last word while it is being typed, every word it is a prefix of;
//! - for a word the corpus does not know, words within one edit (5+ letters)
//!   or two (9+), a swapped pair counting as one (Damerau).
//!
//! A clause scores, per question, its best alternative: BM25F with per-field
//! weights (prompt, topic headings, answer, code), times the alternative's
//! factor (exact 1.0, synonym 0.9, prefix 0.8, typo 0.5 or 0.3), so exact
//! matches outrank widened ones. Quoted phrases (`"exactly once" kafka`) are
//! required and matched on indexed positions. A question's score is the sum
//! over clauses, plus a bonus when its prompt names a glossary concept the
//! query names (found through the follow-up graph's mentions), scaled by the
//! share of clauses it matches and boosted when every clause matches its
//! prompt. Entries without an answer count a fifth.
//!
//! Ranking is exact but lazy (MaxScore): required clauses and the cheapest
//! optional one are scored over their whole postings; the other clauses are
//! only looked up for the candidates that can still reach the top, and
//! scanned in full only when a question outside the candidates could beat
//! it, by an upper bound of what each clause can add. On the 150k-question
//! synthetic corpus this cuts the work of a typical two-word query several
//! times; a test checks that it never changes a result, not even a score.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use fst::{Automaton, IntoStreamer, Map, Streamer};
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};

use crate::error::Error;
use crate::kb::{KnowledgeBase, QuestionRef};
use crate::model::{ArchivedPosting, ArchivedSearchIndex, FIELDS, NONE};
use crate::text::{is_stop_word, Analyzer, MAX_TERM_BYTES};

/// Longest query read, in bytes; the rest is ignored.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Most clauses (words and phrases) a query is cut to.
pub const MAX_QUERY_TERMS: usize = 32;
/// Most dictionary terms one prefix or typo may expand to.
const MAX_EXPANSIONS: usize = 64;
/// Prefix candidates looked at before keeping the [`MAX_EXPANSIONS`] most common.
const MAX_PREFIX_SCAN: usize = 2048;
/// Longest glossary spelling, in words.
const MAX_SPELLING_WORDS: usize = 6;

/// Per-field weights: prompt, topic headings, answer prose, code.
const WEIGHTS: [f32; FIELDS] = [3.0, 1.5, 1.0, 0.3];
/// BM25 saturation and length normalisation.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// What a widened match is worth against an exact one.
const SYNONYM_FACTOR: f32 = 0.9;
const PREFIX_FACTOR: f32 = 0.8;
const PREFIX_OF_WORD_FACTOR: f32 = 0.4;
const TYPO_FACTOR: [f32; 3] = [1.0, 0.5, 0.3];
/// What an entry without an answer (a group heading, a checklist prompt) is
/// worth against an answered one: people search for answers.
const UNANSWERED_FACTOR: f32 = 0.2;
/// Score added, per unit of the concept's idf, to a question whose prompt
/// names a concept the query names: it is about what was asked.
const CONCEPT_BONUS: f32 = 2.0;
/// The weight of a concept mention in a prompt (see `compile::graph`).
const PROMPT_MENTION: f32 = 3.0;
/// Boost when every clause matches the prompt. Measured on both relevance
/// sets: 1.0-1.35 all beat 1.5; 1.25 sits in the middle of that plateau.
const ALL_IN_PROMPT_BOOST: f32 = 1.25;
/// Snippet length when [`SearchOptions::snippet_bytes`] is left at its default.
const SNIPPET_BYTES: usize = 200;

/// Which part of the knowledge base a search looks in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Scope {
    /// Everything.
    #[default]
    All,
    /// One document, by slug (`sample-interview-qa`).
    Document(String),
    /// A topic and every topic below it, by topic id.
    Topic(String),
}

/// What a search should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    /// Most hits returned.
    pub limit: usize,
    /// Hits skipped before the first returned (for paging).
    pub offset: usize,
    /// Widen words the corpus does not know by one or two edits.
    pub fuzzy: bool,
    /// Let the last word match as a prefix (search as you type).
    pub prefix: bool,
    /// Expand glossary abbreviations and synonyms.
    pub synonyms: bool,
    /// Only hits inside this document or topic subtree.
    pub scope: Scope,
    /// Attach an [`Explanation`] to every hit.
    pub explain: bool,
    /// Length of [`Hit::snippet`] in bytes of source text; 0 for none.
    pub snippet_bytes: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            fuzzy: true,
            prefix: true,
            synonyms: true,
            scope: Scope::All,
            explain: false,
            snippet_bytes: SNIPPET_BYTES,
        }
    }
}

/// One search result.
#[derive(Debug, Clone)]
pub struct Hit<'k> {
    /// The matching entry.
    pub question: QuestionRef<'k>,
    /// Its score (higher is better; finite and positive).
    pub score: f32,
    /// Byte ranges of matched words in [`QuestionRef::prompt`].
    pub prompt_highlights: Vec<Range<usize>>,
    /// The best-matching passage of the answer as plain text.
    pub snippet: Snippet,
    /// Why it scored what it did, when [`SearchOptions::explain`] is set.
    pub explanation: Option<Explanation>,
}

/// A passage of an answer, Markdown markup removed, with the matched words marked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The passage; starts or ends with `…` where it cuts the answer.
    pub text: String,
    /// Byte ranges into `text` of the words that matched the query
    /// (exactly, by prefix, with a typo or as a synonym), in order.
    pub highlights: Vec<Range<usize>>,
}

/// The indexed fields of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The prompt and its title.
    Prompt,
    /// The headings of the topics above the question.
    Topics,
    /// The answer's prose (with "what they're testing" and follow-up details).
    Answer,
    /// The answer's code blocks.
    Code,
}

impl Field {
    const ALL: [Field; FIELDS] = [Field::Prompt, Field::Topics, Field::Answer, Field::Code];

    /// The field's name in lower case.
    pub fn name(self) -> &'static str {
        match self {
            Field::Prompt => "prompt",
            Field::Topics => "topics",
            Field::Answer => "answer",
            Field::Code => "code",
        }
    }
}

/// How a clause of the query matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchKind {
    /// The word itself (after stemming).
    Exact,
    /// A word the query's half-typed last word is a prefix of.
    Prefix,
    /// A word this many edits away (a swapped pair is one edit).
    Typo(u8),
    /// Another spelling of the named glossary concept.
    Synonym(String),
    /// A quoted phrase, word for word.
    Phrase,
}

/// How one clause of the query contributed to a hit's score.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseMatch {
    /// The query's word or phrase, as analysed.
    pub clause: String,
    /// The index term(s) that matched, space-separated for a phrase.
    pub term: String,
    /// How it matched.
    pub how: MatchKind,
    /// Occurrences per field where it matched.
    pub fields: Vec<(Field, u32)>,
    /// What the clause added to the score before the factors below.
    pub score: f32,
}

/// Why a hit scored what it did.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// One entry per clause that matched, in query order.
    pub matches: Vec<ClauseMatch>,
    /// Clauses of the query.
    pub clauses: usize,
    /// Factor for the share of clauses matched: `0.5 + matched / clauses`.
    pub coverage: f32,
    /// Factor for every clause matching the prompt (1 when not).
    pub prompt_boost: f32,
}

/// A dictionary term (or a phrase of them) that satisfies a clause.
#[derive(Debug, Clone)]
struct Alternative {
    /// Term ordinals with their offset inside the phrase (one for a term).
    terms: Vec<(u64, u32)>,
    /// The terms' text, for explanations; left empty where it would cost
    /// a lookup or a copy, and named by [`Query::name_terms`] when asked.
    text: Vec<String>,
    factor: f32,
    how: MatchKind,
}

/// A word or quoted phrase of the query.
#[derive(Debug, Clone)]
struct Clause {
    text: String,
    /// The free word it came from (index into the query's words).
    word: Option<usize>,
    alternatives: Vec<Alternative>,
    required: bool,
}

/// A parsed query: what [`KnowledgeBase::search`] scores.
struct Query {
    clauses: Vec<Clause>,
    /// Glossary concepts the query names.
    concepts: Vec<u32>,
}

/// The terms and phrases a query marks in text (by term ordinal), each with
/// its clause.
#[derive(Default)]
struct Matcher {
    single: HashMap<u64, usize>,
    phrases: Vec<(Vec<(u64, u32)>, usize)>,
    /// How the terms begin, when known: words that begin otherwise need
    /// no dictionary lookup.
    heads: Option<Heads>,
}

/// The first two bytes of a set of terms (the whole term if shorter).
///
/// A written word and its term share their first two bytes: the stemmer
/// only changes endings, and leaves words of two letters alone. So a word
/// whose start is not here cannot be one of the terms, and looking it up
/// in the dictionary (the costliest step of marking a snippet after
/// segmentation) can be skipped.
struct Heads {
    /// First bytes, as a bitmap.
    first: [u64; 4],
    /// Sorted, unique.
    starts: Vec<[u8; 2]>,
}

/// More terms than this are not worth a filter: most words would pass it.
const MAX_HEADS: usize = 256;

impl Heads {
    /// The heads of the terms numbered `ordinals`, if all are found.
    fn of(terms: &Map<&[u8]>, ordinals: impl Iterator<Item = u64>) -> Option<Heads> {
        let mut heads = Heads {
            first: [0; 4],
            starts: Vec::new(),
        };
        for (n, ordinal) in ordinals.enumerate() {
            if n >= MAX_HEADS {
                return None;
            }
            let key = key_of(terms, ordinal)?;
            let (&a, b) = key.split_first()?;
            heads.first[usize::from(a >> 6)] |= 1 << (a & 63);
            // A one-byte term: any word starting with it passes.
            heads.starts.push([a, b.first().copied().unwrap_or(0)]);
        }
        heads.starts.sort_unstable();
        heads.starts.dedup();
        Some(heads)
    }

    /// Whether a word beginning with `start` may be one of the terms: one
    /// byte asks whether any term begins with it, as
    /// [`Analyzer::words_where`] wants.
    fn admit(&self, start: &[u8]) -> bool {
        let Some(&a) = start.first() else {
            return false;
        };
        if self.first[usize::from(a >> 6)] & (1 << (a & 63)) == 0 {
            return false;
        }
        let Some(&b) = start.get(1) else {
            return true;
        };
        self.starts.binary_search(&[a, b]).is_ok() || self.starts.binary_search(&[a, 0]).is_ok()
    }
}

/// The key numbered `ordinal` in a map whose values number its keys in
/// key order (as the term dictionary's do): at each node, the transition
/// whose output is the largest not past `ordinal` leads to it. Checked
/// against the map, so a map numbered otherwise gives `None`.
fn key_of(map: &Map<&[u8]>, ordinal: u64) -> Option<Vec<u8>> {
    let fst = map.as_fst();
    let mut node = fst.root();
    let mut value = 0u64;
    let mut key = Vec::new();
    while key.len() <= MAX_TERM_BYTES {
        if node.is_final() && value.checked_add(node.final_output().value())? == ordinal {
            return (map.get(&key) == Some(ordinal)).then_some(key);
        }
        let mut next = None;
        for t in node.transitions() {
            let v = value.checked_add(t.out.value())?;
            if v > ordinal {
                break;
            }
            next = Some((t, v));
        }
        let (t, v) = next?;
        key.push(t.inp);
        value = v;
        node = fst.node(t.addr);
    }
    None
}

impl Matcher {
    /// The byte ranges of `text` to mark, with their clause, in order.
    fn marks(
        &self,
        analyzer: &Analyzer,
        dicts: &Dictionaries<'_>,
        text: &str,
    ) -> Vec<(Range<usize>, usize)> {
        let mut tokens: Vec<(Option<u64>, Range<usize>, u32)> = Vec::new();
        let admit_start = |start: &[u8]| self.heads.as_ref().is_none_or(|h| h.admit(start));
        let admit = |w: &str| admit_start(w.as_bytes());
        match &dicts.surfaces {
            // Written forms map straight to terms: no stemming needed, and
            // words that start unlike every term need no segmenting.
            Some(surfaces) => analyzer.words_where(
                text,
                |start| admit_start(start),
                |w, range, position| {
                    let term = if admit(w) { surfaces.get(w) } else { None };
                    tokens.push((term, range, position))
                },
            ),
            None => analyzer.analyze(text, |t| {
                let term = if admit(&t.term) {
                    dicts.terms.get(&t.term)
                } else {
                    None
                };
                tokens.push((term, t.start..t.end, t.position))
            }),
        }
        let mut marked: Vec<Option<usize>> = tokens
            .iter()
            .map(|(term, _, _)| term.and_then(|o| self.single.get(&o).copied()))
            .collect();
        for (words, clause) in &self.phrases {
            let Some(&(head, _)) = words.first() else {
                continue;
            };
            for i in 0..tokens.len() {
                if tokens[i].0 != Some(head) {
                    continue;
                }
                let at = tokens[i].2;
                let found: Option<Vec<usize>> = words
                    .iter()
                    .map(|&(w, offset)| {
                        (i..tokens.len())
                            .take_while(|&j| tokens[j].2 <= at + offset)
                            .find(|&j| tokens[j].2 == at + offset && tokens[j].0 == Some(w))
                    })
                    .collect();
                for j in found.into_iter().flatten() {
                    marked[j].get_or_insert(*clause);
                }
            }
        }
        let mut out: Vec<(Range<usize>, usize)> = Vec::new();
        for ((_, range, _), m) in tokens.into_iter().zip(marked) {
            let Some(clause) = m else { continue };
            match out.last_mut() {
                // A compound and its parts overlap: one mark.
                Some((last, _)) if range.start < last.end => last.end = last.end.max(range.end),
                _ => out.push((range, clause)),
            }
        }
        out
    }
}

/// The archived dictionaries, opened once per search.
struct Dictionaries<'a> {
    index: &'a ArchivedSearchIndex,
    terms: Map<&'a [u8]>,
    surfaces: Option<Map<&'a [u8]>>,
    synonyms: Option<Map<&'a [u8]>>,
}

impl KnowledgeBase<'_> {
    /// Searches the knowledge base, best hits first.
    ///
    /// Fails only for a [`Scope`] naming a document or topic that does not
    /// exist; any query text (empty, stop words only, megabytes, control
    /// characters, emoji) gives a result, possibly empty.
    ///
    /// ```
    /// use grill_core::{compile::Compiler, KnowledgeBase, SearchOptions};
    ///
    /// let mut c = Compiler::new();
    /// c.add_document("kafka.md", "## Kafka\n\n**Q: How do you ensure exactly-once semantics?**\nIdempotent consumers.\n\n**Q: Why Kafka over RabbitMQ?**\nReplay.\n");
    /// let bytes = c.finish().archive().unwrap();
    /// let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
    /// let options = SearchOptions::default();
    /// let hits = kb.search("kafka exactly once", &options).unwrap();
    /// assert_eq!(hits[0].question.id(), "kafka/how-do-you-ensure-exactly-once-semantics");
    /// // Search as you type, and a typo:
    /// assert_eq!(kb.search("idempot", &options).unwrap()[0].question.id(), hits[0].question.id());
    /// let typo = &kb.search("rabitmq", &options).unwrap()[0];
    /// assert_eq!(typo.question.id(), "kafka/why-kafka-over-rabbitmq");
    /// assert_eq!(&typo.question.prompt()[typo.prompt_highlights[0].clone()], "RabbitMQ");
    /// ```
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<Vec<Hit<'_>>, Error> {
        let allowed = self.scope_filter(&options.scope)?;
        let index = &self.corpus().index;
        let Some(dicts) = Dictionaries::open(index) else {
            return Ok(Vec::new());
        };
        let mut query = Query::parse(self, &dicts, query, options);
        if query.clauses.is_empty() || options.limit == 0 {
            return Ok(Vec::new());
        }
        let ranked = self.rank_query(&query, options, allowed.as_deref(), true);
        if options.explain {
            query.name_terms(&dicts.terms);
        }
        let analyzer = Analyzer::new();
        // Marking words is for snippets only.
        let matcher = if options.snippet_bytes > 0 {
            query.matcher(&dicts.terms)
        } else {
            Matcher::default()
        };
        Ok(ranked
            .into_iter()
            .skip(options.offset)
            .take(options.limit)
            .filter_map(|(q, score)| {
                let question = self.question_at(q)?;
                let explanation = options.explain.then(|| query.explain(index, q));
                // Marking words costs text analysis: only for a UI that
                // shows snippets.
                let (prompt_highlights, snippet) = match options.snippet_bytes {
                    0 => (Vec::new(), Snippet::default()),
                    n => (
                        highlights(&analyzer, &dicts, question.prompt(), &matcher),
                        question
                            .answer()
                            .map(|a| snippet(&analyzer, &dicts, a, &matcher, n))
                            .unwrap_or_default(),
                    ),
                };
                Some(Hit {
                    question,
                    score,
                    prompt_highlights,
                    snippet,
                    explanation,
                })
            })
            .collect())
    }

    /// The best `offset + limit` questions for a parsed query, with scores.
    fn rank_query(
        &self,
        query: &Query,
        options: &SearchOptions,
        allowed: Option<&[bool]>,
        prune: bool,
    ) -> Vec<(u32, f32)> {
        let about = self.concept_bonus(&query.concepts);
        let answered = |q: usize| {
            self.corpus()
                .questions
                .get(q)
                .is_some_and(|q| q.kind == crate::model::ArchivedQuestionKind::Answered)
        };
        let ctx = RankContext {
            allowed,
            answered: &answered,
            about: &about,
            wanted: options.offset.saturating_add(options.limit),
            prune,
        };
        rank(&self.corpus().index, query, &ctx)
    }

    /// The score bonus of questions whose prompt names a concept the query
    /// names (the concept's rarer, the more it says).
    fn concept_bonus(&self, concepts: &[u32]) -> Vec<(u32, f32)> {
        let mut out = Vec::new();
        let n = self.len().max(1) as f32;
        for &c in concepts {
            let Some(concept) = self.concept_at(c) else {
                continue;
            };
            let df = concept.questions().count() as f32;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for (q, w) in concept.questions() {
                if w >= PROMPT_MENTION {
                    out.push((q.index(), CONCEPT_BONUS * idf));
                }
            }
        }
        out
    }

    /// For a scoped search, which questions are in scope.
    fn scope_filter(&self, scope: &Scope) -> Result<Option<Vec<bool>>, Error> {
        let c = self.corpus();
        match scope {
            Scope::All => Ok(None),
            Scope::Document(slug) => {
                let doc = c
                    .documents
                    .iter()
                    .position(|d| d.slug.as_str() == slug)
                    .ok_or_else(|| Error::UnknownDocument(slug.clone()))?;
                Ok(Some(
                    c.questions
                        .iter()
                        .map(|q| q.doc.to_native() as usize == doc)
                        .collect(),
                ))
            }
            Scope::Topic(id) => {
                let root = self
                    .topic(id)
                    .ok_or_else(|| Error::UnknownTopic(id.clone()))?
                    .index() as usize;
                // Parents precede children (validated), so one pass marks the subtree.
                let mut inside = vec![false; c.topics.len()];
                for (i, t) in c.topics.iter().enumerate() {
                    let parent = t.parent.to_native();
                    inside[i] = i == root
                        || (parent != NONE && inside.get(parent as usize).copied() == Some(true));
                }
                Ok(Some(
                    c.questions
                        .iter()
                        .map(|q| inside.get(q.topic.to_native() as usize) == Some(&true))
                        .collect(),
                ))
            }
        }
    }
}

impl<'a> Dictionaries<'a> {
    fn open(index: &'a ArchivedSearchIndex) -> Option<Dictionaries<'a>> {
        Some(Dictionaries {
            index,
            terms: Map::new(index.terms.as_slice()).ok()?,
            surfaces: Map::new(index.surfaces.as_slice()).ok(),
            synonyms: Map::new(index.synonyms.as_slice()).ok(),
        })
    }
}

/// One analysed word of the query.
struct Word {
    term: String,
    surface: String,
    position: u32,
    /// A compound's joined term, matched as an alternative of its first part.
    compound: Option<String>,
    /// Byte offset of the word's end in the query.
    end: usize,
}

impl Query {
    fn parse(
        kb: &KnowledgeBase<'_>,
        dicts: &Dictionaries<'_>,
        text: &str,
        options: &SearchOptions,
    ) -> Query {
        let mut end = text.len().min(MAX_QUERY_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let text = &text[..end];
        let analyzer = Analyzer::new();
        let mut clauses = Vec::new();
        // Quotes alternate free text and phrases; an unclosed quote is free
        // text still being typed.
        let segments: Vec<(usize, &str)> = split_quotes(text);
        let closed = segments.len() % 2 == 1;
        let mut free_words: Vec<Word> = Vec::new();
        let mut position_base = 0;
        for (i, &(offset, segment)) in segments.iter().enumerate() {
            let words = analyse_words(&analyzer, segment, offset, position_base);
            position_base = words.last().map_or(position_base, |w| w.position + 2);
            if i % 2 == 1 && (closed || i + 1 < segments.len()) {
                if let Some(c) = phrase_clause(dicts, segment, &words) {
                    clauses.push(c);
                }
            } else {
                free_words.extend(words);
            }
        }
        let typing = options.prefix
            && !text.ends_with(|c: char| c.is_whitespace() || c == '"')
            && free_words.last().is_some_and(|w| w.end == text.len());
        let free_start = clauses.len();
        let n_words = free_words.len();
        for (i, word) in free_words.iter().enumerate() {
            if is_stop_word(&word.term) {
                continue;
            }
            if clauses.iter().any(|c: &Clause| c.text == word.term) {
                continue;
            }
            let last = typing && i + 1 == n_words;
            clauses.push(word_clause(dicts, &free_words, i, last));
        }
        let mut concepts = Vec::new();
        if options.synonyms {
            concepts = add_synonyms(kb, dicts, &free_words, &mut clauses[free_start..]);
        }
        // A word with nothing at all: try typos now that synonyms had their say.
        if options.fuzzy {
            for c in &mut clauses[free_start..] {
                if let (true, Some(word)) = (c.alternatives.is_empty(), c.word) {
                    typos(dicts, &free_words[word], &mut c.alternatives);
                }
            }
        }
        clauses.truncate(MAX_QUERY_TERMS);
        Query { clauses, concepts }
    }

    /// What to mark in text: the terms of single-word alternatives, and
    /// phrases (which count only where their words stand in a row).
    fn matcher(&self, terms: &Map<&[u8]>) -> Matcher {
        let mut m = Matcher::default();
        for (i, c) in self.clauses.iter().enumerate() {
            for a in &c.alternatives {
                if a.terms.len() == 1 {
                    m.single.entry(a.terms[0].0).or_insert(i);
                } else {
                    m.phrases.push((a.terms.clone(), i));
                }
            }
        }
        let mut ordinals: Vec<u64> = m.single.keys().copied().collect();
        ordinals.extend(
            m.phrases
                .iter()
                .flat_map(|(words, _)| words.iter().map(|w| w.0)),
        );
        ordinals.sort_unstable();
        ordinals.dedup();
        m.heads = Heads::of(terms, ordinals.into_iter());
        m
    }

    /// Fills in the text of the terms that prefixes, typos and synonyms
    /// found (for explanations): one walk of the dictionary.
    fn name_terms(&mut self, terms: &Map<&[u8]>) {
        let mut missing: Vec<u64> = self
            .clauses
            .iter()
            .flat_map(|c| &c.alternatives)
            .filter(|a| a.text.len() != a.terms.len())
            .flat_map(|a| a.terms.iter().map(|t| t.0))
            .collect();
        if missing.is_empty() {
            return;
        }
        missing.sort_unstable();
        missing.dedup();
        let names = term_texts(terms, &missing);
        for a in self.clauses.iter_mut().flat_map(|c| &mut c.alternatives) {
            if a.text.len() != a.terms.len() {
                a.text = a
                    .terms
                    .iter()
                    .map(|t| {
                        missing
                            .binary_search(&t.0)
                            .map(|i| names[i].clone())
                            .unwrap_or_default()
                    })
                    .collect();
            }
        }
    }

    /// Re-scores one question clause by clause.
    fn explain(&self, index: &ArchivedSearchIndex, q: u32) -> Explanation {
        let stats = Stats::new(index);
        let mut matches = Vec::new();
        let mut all_prompt = true;
        for clause in &self.clauses {
            let mut best: Option<(f32, &Alternative, [u32; FIELDS])> = None;
            for alt in &clause.alternatives {
                let tfs = alt_tfs(index, alt, q);
                if tfs.iter().all(|&t| t == 0) {
                    continue;
                }
                let score = alt.factor
                    * alt_idf(index, &stats, alt)
                    * stats.bm25f(index, q, tfs.map(|t| t as f32));
                // The same rule as `rank`: synonyms compete with the word,
                // prefixes and typos only where neither occurs.
                let strong =
                    |how: &MatchKind| !matches!(how, MatchKind::Prefix | MatchKind::Typo(_));
                let replaces = match &best {
                    None => true,
                    Some((b, prev, _)) => {
                        (strong(&alt.how) && !strong(&prev.how))
                            || (score > *b && strong(&alt.how) == strong(&prev.how))
                    }
                };
                if replaces {
                    best = Some((score, alt, tfs));
                }
            }
            match best {
                Some((score, alt, tfs)) => {
                    if !(tfs[0] > 0 && matches!(alt.how, MatchKind::Exact | MatchKind::Phrase)) {
                        all_prompt = false;
                    }
                    matches.push(ClauseMatch {
                        clause: clause.text.clone(),
                        term: alt.text.join(" "),
                        how: alt.how.clone(),
                        fields: Field::ALL
                            .iter()
                            .zip(tfs)
                            .filter(|(_, t)| *t > 0)
                            .map(|(f, t)| (*f, t))
                            .collect(),
                        score,
                    })
                }
                None => all_prompt = false,
            }
        }
        let clauses = self.clauses.len();
        Explanation {
            coverage: 0.5 + matches.len() as f32 / clauses.max(1) as f32,
            prompt_boost: if all_prompt { ALL_IN_PROMPT_BOOST } else { 1.0 },
            matches,
            clauses,
        }
    }
}

/// Splits at straight and curly double quotes: even segments are free text,
/// odd ones phrases. Each comes with its byte offset.
fn split_quotes(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '"' | '\u{201c}' | '\u{201d}') {
            out.push((start, &text[start..i]));
            start = i + c.len_utf8();
        }
    }
    out.push((start, &text[start..]));
    out
}

/// The words of a query segment, one per position (compounds folded into
/// their first part).
fn analyse_words(analyzer: &Analyzer, text: &str, offset: usize, base: u32) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    analyzer.analyze_surface(text, |token, surface| {
        let position = base.saturating_add(token.position);
        match words.last_mut() {
            Some(w) if w.position == position => {
                if w.compound.is_none() {
                    w.compound = Some(token.term);
                }
            }
            _ => words.push(Word {
                term: token.term,
                surface: surface.to_string(),
                position,
                compound: None,
                end: offset + token.end,
            }),
        }
    });
    words
}

/// A quoted phrase: required, matched word for word (stop words keep their gap).
fn phrase_clause(dicts: &Dictionaries<'_>, text: &str, words: &[Word]) -> Option<Clause> {
    let first = words.first()?.position;
    let mut alt = Alternative {
        terms: Vec::new(),
        text: Vec::new(),
        factor: 1.0,
        how: MatchKind::Phrase,
    };
    for w in words.iter().filter(|w| !is_stop_word(&w.term)) {
        // A phrase word the corpus lacks: the phrase cannot match anything.
        let ordinal = dicts.terms.get(&w.term).unwrap_or(u64::MAX);
        alt.terms.push((ordinal, w.position - first));
        alt.text.push(w.term.clone());
    }
    if alt.terms.is_empty() {
        return None;
    }
    let alternatives = if alt.terms.iter().any(|t| t.0 == u64::MAX) {
        Vec::new()
    } else {
        vec![alt]
    };
    Some(Clause {
        text: text.trim().to_string(),
        word: None,
        alternatives,
        required: true,
    })
}

/// A term found by prefix or typo, its text looked up only if an
/// explanation asks (see `Query::name_terms`).
fn unnamed_alt(ordinal: u64, factor: f32, how: MatchKind) -> Alternative {
    Alternative {
        terms: vec![(ordinal, 0)],
        text: Vec::new(),
        factor,
        how,
    }
}

fn term_alt(ordinal: u64, text: &str, factor: f32, how: MatchKind) -> Alternative {
    Alternative {
        terms: vec![(ordinal, 0)],
        text: vec![text.to_string()],
        factor,
        how,
    }
}

/// A free word: its term, its compound, and prefixes when it is being typed.
fn word_clause(dicts: &Dictionaries<'_>, words: &[Word], i: usize, typing: bool) -> Clause {
    let word = &words[i];
    let mut alternatives = Vec::new();
    if let Some(o) = dicts.terms.get(&word.term) {
        alternatives.push(term_alt(o, &word.term, 1.0, MatchKind::Exact));
    }
    if let Some(compound) = &word.compound {
        if let Some(o) = dicts.terms.get(compound) {
            alternatives.push(term_alt(o, compound, 1.0, MatchKind::Exact));
        }
    }
    if typing {
        // A complete word may still be typed on ("end" → "endpoint"), but
        // then the word as it stands is the likelier meaning.
        let factor = if alternatives.is_empty() {
            PREFIX_FACTOR
        } else {
            PREFIX_OF_WORD_FACTOR
        };
        prefixes(dicts, word, factor, &mut alternatives);
    }
    Clause {
        text: word.term.clone(),
        word: Some(i),
        alternatives,
        required: false,
    }
}

/// Words that the half-typed `word` begins, the most common first.
fn prefixes(dicts: &Dictionaries<'_>, word: &Word, factor: f32, out: &mut Vec<Alternative>) {
    let mut found: Vec<u64> = Vec::new();
    // Surfaces hold what people type ("replicati" → "replication"); terms
    // hold stems, for a prefix the stemmer shortened ("partitions" → "partit").
    let sources = [
        (dicts.surfaces.as_ref(), word.surface.as_str()),
        (Some(&dicts.terms), word.term.as_str()),
    ];
    for (map, prefix) in sources {
        let Some(map) = map else { continue };
        if prefix.is_empty() {
            continue;
        }
        let mut stream = map
            .search(fst::automaton::Str::new(prefix).starts_with())
            .into_stream();
        while let Some((_, ordinal)) = stream.next() {
            if found.len() >= MAX_PREFIX_SCAN {
                break;
            }
            found.push(ordinal);
        }
    }
    found.sort_unstable();
    found.dedup();
    found.retain(|o| !out.iter().any(|a| a.terms[0].0 == *o));
    // Keep the expansions most questions use: a short prefix should not
    // pick terms by alphabet.
    if found.len() > MAX_EXPANSIONS {
        found.sort_by(|a, b| doc_freq(dicts.index, *b).total_cmp(&doc_freq(dicts.index, *a)));
        found.truncate(MAX_EXPANSIONS);
        found.sort_unstable();
    }
    for &o in &found {
        out.push(unnamed_alt(o, factor, MatchKind::Prefix));
    }
}

/// The text of each (sorted) term ordinal, by one walk of the dictionary.
fn term_texts(map: &Map<&[u8]>, sorted_ordinals: &[u64]) -> Vec<String> {
    let mut out = vec![String::new(); sorted_ordinals.len()];
    if sorted_ordinals.is_empty() {
        return out;
    }
    let mut stream = map.stream();
    let mut i = 0;
    while let Some((key, ordinal)) = stream.next() {
        // Ordinals are assigned in key order, so both sequences ascend.
        while i < sorted_ordinals.len() && sorted_ordinals[i] < ordinal {
            i += 1;
        }
        if i == sorted_ordinals.len() {
            break;
        }
        if sorted_ordinals[i] == ordinal {
            out[i] = String::from_utf8_lossy(key).into_owned();
        }
    }
    out
}

/// Typos only for words the corpus does not know: a known word is what the
/// user meant, and widening it would pull in unrelated words.
fn typos(dicts: &Dictionaries<'_>, word: &Word, out: &mut Vec<Alternative>) {
    let surfaces = dicts.surfaces.as_ref().unwrap_or(&dicts.terms);
    let target = if dicts.surfaces.is_some() {
        &word.surface
    } else {
        &word.term
    };
    let letters = target.chars().count();
    if letters < 5 || surfaces.get(target).is_some() {
        return;
    }
    // One edit first; two only for long words that one edit did not find.
    let max = if letters >= 9 { 2 } else { 1 };
    let mut found: Vec<(u64, u8)> = Vec::new();
    for distance in 1..=max {
        let dfa = builder(distance).build_dfa(target);
        let mut stream = surfaces.search(DamerauDfa(&dfa)).into_stream();
        while let Some((key, ordinal)) = stream.next() {
            if let Distance::Exact(d) = dfa.eval(key) {
                match found.iter_mut().find(|f| f.0 == ordinal) {
                    Some(f) => f.1 = f.1.min(d),
                    None => found.push((ordinal, d)),
                }
                if found.len() >= MAX_EXPANSIONS {
                    break;
                }
            }
        }
        if !found.is_empty() {
            break;
        }
    }
    found.sort_unstable();
    for (ordinal, d) in found {
        out.push(unnamed_alt(
            ordinal,
            TYPO_FACTOR[usize::from(d).min(2)],
            MatchKind::Typo(d),
        ));
    }
}

/// Finds glossary spellings in the free words (longest first) and adds the
/// concept's other spellings as alternatives of the clauses they cover.
fn add_synonyms(
    kb: &KnowledgeBase<'_>,
    dicts: &Dictionaries<'_>,
    words: &[Word],
    clauses: &mut [Clause],
) -> Vec<u32> {
    let mut named = Vec::new();
    let Some(synonyms) = &dicts.synonyms else {
        return named;
    };
    let concepts = &kb.corpus().concepts;
    let mut i = 0;
    let mut key = String::new();
    while i < words.len() {
        let mut found = None;
        for len in (1..=MAX_SPELLING_WORDS.min(words.len() - i)).rev() {
            let span = &words[i..i + len];
            // Spellings are whole words in a row.
            if span.windows(2).any(|w| w[1].position != w[0].position + 1) {
                continue;
            }
            key.clear();
            for (k, w) in span.iter().enumerate() {
                if k > 0 {
                    key.push(' ');
                }
                key.push_str(&w.term);
            }
            if let Some(c) = synonyms.get(&key) {
                found = Some((len, c as usize, key.clone()));
                break;
            }
        }
        let Some((len, concept_index, own_key)) = found else {
            i += 1;
            continue;
        };
        let span = &words[i..i + len];
        i += len;
        let Some(concept) = concepts.get(concept_index) else {
            continue;
        };
        let targets: Vec<usize> = clauses
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.word
                    .is_some_and(|w| span.iter().any(|s| s.position == words[w].position))
            })
            .map(|(k, _)| k)
            .collect();
        if targets.is_empty() {
            continue;
        }
        named.push(concept_index as u32);
        let factor = SYNONYM_FACTOR / targets.len() as f32;
        for other in concept.keys.iter().filter(|k| k.as_str() != own_key) {
            let Some(alt) = spelling_alt(dicts, other, factor, concept.name.as_str()) else {
                continue;
            };
            let Some((&last, rest)) = targets.split_last() else {
                continue;
            };
            for &k in rest {
                let c = &mut clauses[k];
                if !c.alternatives.iter().any(|a| a.terms == alt.terms) {
                    c.alternatives.push(alt.clone());
                }
            }
            let c = &mut clauses[last];
            if !c.alternatives.iter().any(|a| a.terms == alt.terms) {
                c.alternatives.push(alt);
            }
        }
    }
    named
}

/// A glossary spelling key as a term or phrase alternative, if the corpus has its words.
fn spelling_alt(
    dicts: &Dictionaries<'_>,
    key: &str,
    factor: f32,
    concept: &str,
) -> Option<Alternative> {
    let mut alt = Alternative {
        terms: Vec::new(),
        text: Vec::new(),
        factor,
        how: MatchKind::Synonym(concept.to_string()),
    };
    let words = key.split(' ').count();
    for (offset, term) in key.split(' ').enumerate() {
        if is_stop_word(term) {
            continue;
        }
        // The terms' text is named only for explanations (`name_terms`).
        alt.terms.push((dicts.terms.get(term)?, offset as u32));
    }
    // "questions for me" without its stop words is just "question": far
    // too broad to stand for the concept.
    if words > 1 && alt.terms.len() < 2 {
        return None;
    }
    // Offsets relative to the first kept word.
    let first = alt.terms.first()?.1;
    for t in &mut alt.terms {
        t.1 -= first;
    }
    Some(alt)
}

/// Collection-wide numbers BM25 needs.
struct Stats {
    n: f32,
    avg: [f32; FIELDS],
}

impl Stats {
    fn new(index: &ArchivedSearchIndex) -> Stats {
        let n = index.lengths.len() as f32;
        let mut avg = [1.0f32; FIELDS];
        for (a, total) in avg.iter_mut().zip(index.total_lengths.iter()) {
            *a = (total.to_native() as f32 / n.max(1.0)).max(1.0);
        }
        Stats { n, avg }
    }

    fn idf(&self, df: f32) -> f32 {
        (1.0 + (self.n - df + 0.5) / (df + 0.5)).ln()
    }

    /// BM25F's saturated, length-normalised term frequency (without idf).
    fn bm25f(&self, index: &ArchivedSearchIndex, q: u32, tfs: [f32; FIELDS]) -> f32 {
        let lengths = index.lengths.get(q as usize);
        let mut tf = 0.0;
        for f in 0..FIELDS {
            if tfs[f] > 0.0 {
                let len = lengths.map_or(0, |l| l[f].to_native()) as f32;
                tf += WEIGHTS[f] * tfs[f] / (1.0 - B + B * len / self.avg[f]);
            }
        }
        tf * (K1 + 1.0) / (K1 + tf)
    }
}

fn postings(index: &ArchivedSearchIndex, ordinal: u64) -> &[ArchivedPosting] {
    let t = ordinal as usize;
    match (index.offsets.get(t), index.offsets.get(t + 1)) {
        (Some(s), Some(e)) => index
            .postings
            .get(s.to_native() as usize..e.to_native() as usize)
            .unwrap_or(&[]),
        _ => &[],
    }
}

fn doc_freq(index: &ArchivedSearchIndex, ordinal: u64) -> f32 {
    index
        .doc_freq
        .get(ordinal as usize)
        .map_or(0.0, |d| d.to_native() as f32)
}

fn alt_idf(index: &ArchivedSearchIndex, stats: &Stats, alt: &Alternative) -> f32 {
    // A phrase is as specific as its rarest word.
    alt.terms
        .iter()
        .map(|&(o, _)| stats.idf(doc_freq(index, o)))
        .fold(0.0, f32::max)
}

fn positions<'i>(index: &'i ArchivedSearchIndex, p: &ArchivedPosting) -> &'i [rkyv::rend::u16_le] {
    let start = p.positions.to_native() as usize;
    let end = start + usize::from(p.tf.to_native());
    index.positions.get(start..end).unwrap_or(&[])
}

/// How often the phrase `alt` occurs in one field of one question.
fn phrase_tf(index: &ArchivedSearchIndex, alt: &Alternative, first: &ArchivedPosting) -> u32 {
    let (q, field) = (first.question.to_native(), first.field);
    // The other words' positions in this field; on the stack for phrases of
    // up to nine words (this runs for every posting of a phrase's first word).
    let others = alt.terms.len().saturating_sub(1);
    let mut inline: [(&[rkyv::rend::u16_le], u32); 8] = [(&[], 0); 8];
    let mut spilled = Vec::new();
    let rest = if others <= inline.len() {
        &mut inline[..others]
    } else {
        spilled.resize(others, (&[][..], 0));
        &mut spilled[..]
    };
    for (slot, &(ordinal, offset)) in rest.iter_mut().zip(&alt.terms[1..]) {
        let list = postings(index, ordinal);
        let i = list.partition_point(|p| (p.question.to_native(), p.field) < (q, field));
        match list.get(i) {
            Some(p) if p.question.to_native() == q && p.field == field => {
                *slot = (positions(index, p), offset)
            }
            _ => return 0,
        }
    }
    positions(index, first)
        .iter()
        .filter(|start| {
            let start = u32::from(start.to_native());
            rest.iter().all(|(ps, offset)| {
                let want = start + offset;
                ps.binary_search_by_key(&want, |p| u32::from(p.to_native()))
                    .is_ok()
            })
        })
        .count() as u32
}

/// Occurrences of an alternative per field in one question.
fn alt_tfs(index: &ArchivedSearchIndex, alt: &Alternative, q: u32) -> [u32; FIELDS] {
    let mut tfs = [0u32; FIELDS];
    let Some(&(first, _)) = alt.terms.first() else {
        return tfs;
    };
    let list = postings(index, first);
    let start = list.partition_point(|p| p.question.to_native() < q);
    for p in list[start..]
        .iter()
        .take_while(|p| p.question.to_native() == q)
    {
        let f = usize::from(p.field).min(FIELDS - 1);
        tfs[f] += if alt.terms.len() == 1 {
            u32::from(p.tf.to_native())
        } else {
            phrase_tf(index, alt, p)
        };
    }
    tfs
}

/// Per-question accumulators of [`rank`], kept per thread between searches
/// so a query over a large corpus does not allocate and zero them anew;
/// only the slots a query touched are reset.
#[derive(Default)]
struct Scratch {
    scores: Vec<f32>,
    matched: Vec<u64>,
    in_prompt: Vec<u64>,
    /// The concept bonus per question, and the questions that have one.
    bonus: Vec<f32>,
    bonused: Vec<u32>,
    /// The clause being scanned, per question.
    clause: Vec<ClauseScore>,
    /// Whether a question is among the candidates.
    member: Vec<bool>,
    /// What the seed alternatives naming a question may add to its score
    /// beyond the deferred clauses' residual bounds.
    excess: Vec<f32>,
    /// Questions with any score, in first-touch order.
    candidates: Vec<u32>,
    /// Questions touched by the current clause.
    touched: Vec<u32>,
}

impl Scratch {
    fn fit(&mut self, n: usize) {
        if self.scores.len() < n {
            self.scores.resize(n, 0.0);
            self.matched.resize(n, 0);
            self.in_prompt.resize(n, 0);
            self.bonus.resize(n, 0.0);
            self.clause.resize(n, ClauseScore::default());
            self.member.resize(n, false);
            self.excess.resize(n, 0.0);
        }
    }

    /// Makes `q` a candidate, once.
    fn admit(&mut self, q: u32) {
        if let Some(member) = self.member.get_mut(q as usize) {
            if !*member {
                *member = true;
                self.candidates.push(q);
            }
        }
    }

    fn reset(&mut self) {
        for &q in &self.candidates {
            let q = q as usize;
            self.scores[q] = 0.0;
            self.matched[q] = 0;
            self.in_prompt[q] = 0;
            self.member[q] = false;
            self.excess[q] = 0.0;
        }
        for &q in &self.touched {
            self.clause[q as usize] = ClauseScore::default();
        }
        for &q in &self.bonused {
            self.bonus[q as usize] = 0.0;
        }
        self.candidates.clear();
        self.touched.clear();
        self.bonused.clear();
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// What `rank` needs besides the query.
struct RankContext<'a> {
    allowed: Option<&'a [bool]>,
    answered: &'a dyn Fn(usize) -> bool,
    about: &'a [(u32, f32)],
    wanted: usize,
    /// Defer expensive clauses when provably safe (off only to test that).
    prune: bool,
}

/// Scores the questions the query touches and returns the best
/// `ctx.wanted` as (question, score), best first.
fn rank(index: &ArchivedSearchIndex, query: &Query, ctx: &RankContext<'_>) -> Vec<(u32, f32)> {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => rank_with(&mut scratch, index, query, ctx),
        // Re-entered on this thread (cannot happen today): fresh buffers.
        Err(_) => rank_with(&mut Scratch::default(), index, query, ctx),
    })
}

fn rank_with(
    s: &mut Scratch,
    index: &ArchivedSearchIndex,
    query: &Query,
    ctx: &RankContext<'_>,
) -> Vec<(u32, f32)> {
    let n = index.lengths.len();
    s.fit(n);
    s.reset();
    let stats = Stats::new(index);
    let clauses = query.clauses.len().min(64);
    let mut required = 0u64;
    for (w, clause) in query.clauses.iter().enumerate() {
        if clause.required {
            required |= clause_bit(w);
        }
    }
    // Questions whose prompt is about a concept the query names.
    let mut max_bonus = 0.0f32;
    for &(q, bonus) in ctx.about {
        if let Some(b) = s.bonus.get_mut(q as usize) {
            if *b == 0.0 {
                s.bonused.push(q);
            }
            *b += bonus;
            max_bonus = max_bonus.max(*b);
        }
    }
    let plan = Plan::new(index, &stats, query, ctx.prune);
    for &w in &plan.scan {
        scan_clause(s, index, &stats, &query.clauses[w], w);
    }
    let mut deferred = plan.deferred;
    // Too few candidates to bound anything by: scan more.
    let mut scanned_late = Vec::new();
    while !deferred.is_empty() && s.candidates.len() < ctx.wanted {
        let w = deferred.remove(0);
        scan_clause(s, index, &stats, &query.clauses[w], w);
        scanned_late.push(w);
    }
    if !deferred.is_empty() {
        // MaxScore: score the candidates so far exactly, looking the
        // deferred clauses up; when no question matching only deferred
        // clauses can beat the `wanted`-th of them, those are the hits.
        for &(w, a) in &plan.seeds {
            if !deferred.contains(&w) {
                continue;
            }
            let alt = &query.clauses[w].alternatives[a];
            // What this alternative may add over the clause's residual bound.
            let excess = (plan.alternative_bounds[w][a] - plan.residual[w]).max(0.0);
            if let Some(&(first, _)) = alt.terms.first() {
                let mut previous = None;
                for p in postings(index, first) {
                    let q = p.question.to_native();
                    if previous != Some(q) {
                        previous = Some(q);
                        s.admit(q);
                        if let Some(e) = s.excess.get_mut(q as usize) {
                            *e += excess;
                        }
                    }
                }
            }
        }
        let d = deferred.len();
        // Seeded questions add their seeds' excess (see `Scratch::excess`).
        let reach: f32 = deferred.iter().map(|&w| plan.residual[w]).sum();
        // What a candidate can reach at most, from what it scored so far.
        let scanned_bits = plan
            .scan
            .iter()
            .chain(&scanned_late)
            .fold(0u64, |bits, &w| bits | clause_bit(w));
        let reachable = |q: u32| {
            let q = q as usize;
            let matched = (s.matched[q].count_ones() as usize + d).min(clauses);
            // The prompt boost needs every scanned clause in the prompt.
            let boost = if s.in_prompt[q] & scanned_bits == scanned_bits {
                ALL_IN_PROMPT_BOOST
            } else {
                1.0
            };
            (s.scores[q] + reach + s.excess[q] + s.bonus[q])
                * (0.5 + matched as f32 / clauses as f32)
                * boost
                * SLACK
        };
        // A first threshold: the candidates the scanned clauses like best,
        // scored exactly.
        let mut probe = s.candidates.clone();
        let k = ctx.wanted.saturating_mul(PROBE).min(probe.len());
        if k < probe.len() {
            let by_score = |a: &u32, b: &u32| {
                s.scores[*b as usize]
                    .total_cmp(&s.scores[*a as usize])
                    .then(a.cmp(b))
            };
            probe.select_nth_unstable_by(k, by_score);
            probe.truncate(k);
        }
        let lookups = lookup_deferred(s, index, &stats, query, &deferred, &probe);
        let first = best_answered(
            finish(s, ctx, required, clauses, &probe, Some(&lookups)),
            ctx,
        );
        let floor = kth(&first, ctx.wanted);
        // Only the candidates that can still beat it are looked up.
        let kept: Vec<u32> = s
            .candidates
            .iter()
            .copied()
            .filter(|&q| reachable(q) >= floor)
            .collect();
        let lookups = lookup_deferred(s, index, &stats, query, &deferred, &kept);
        let top = best_answered(
            finish(s, ctx, required, clauses, &kept, Some(&lookups)),
            ctx,
        );
        let theta = kth(&top, ctx.wanted);
        // And no question outside the candidates can beat the top.
        let coverage = 0.5 + d as f32 / clauses as f32;
        if (reach + max_bonus) * coverage * ALL_IN_PROMPT_BOOST * SLACK < theta {
            return top;
        }
        for w in deferred.drain(..) {
            scan_clause(s, index, &stats, &query.clauses[w], w);
        }
    }
    best_answered(finish(s, ctx, required, clauses, &s.candidates, None), ctx)
}

/// The score of the `wanted`-th hit, or 0 when there are fewer.
fn kth(top: &[(u32, f32)], wanted: usize) -> f32 {
    match wanted.checked_sub(1).and_then(|i| top.get(i)) {
        Some(&(_, score)) => score,
        None => 0.0,
    }
}

/// The bit of clause `w` in the per-question masks (clauses past 63 share one).
fn clause_bit(w: usize) -> u64 {
    1u64 << w.min(63)
}

/// The order [`rank_with`] takes the clauses in: required ones and the
/// cheapest optional one are scanned; the other optional ones are deferred,
/// most expensive last, and only looked up for the candidates the scanned
/// ones found, while that provably cannot change the top hits.
struct Plan {
    scan: Vec<usize>,
    deferred: Vec<usize>,
    /// Per deferred clause: the same bound for a question none of its seed
    /// alternatives names.
    residual: Vec<f32>,
    /// Alternatives (clause, alternative) of deferred clauses with postings
    /// short enough to enumerate: their questions become candidates, so the
    /// rare terms' high scores drop out of the bound.
    seeds: Vec<(usize, usize)>,
    /// Per clause and alternative: an upper bound of what it adds to any
    /// question's score.
    alternative_bounds: Vec<Vec<f32>>,
}

impl Plan {
    fn new(index: &ArchivedSearchIndex, stats: &Stats, query: &Query, defer: bool) -> Plan {
        // Per clause: its alternatives' (bound, postings), and their sum.
        let mut alternatives: Vec<Vec<(f32, usize)>> = Vec::with_capacity(query.clauses.len());
        let mut optional: Vec<(usize, usize)> = Vec::new();
        let mut scan = Vec::new();
        for (w, clause) in query.clauses.iter().enumerate() {
            let alts: Vec<(f32, usize)> = clause
                .alternatives
                .iter()
                .map(|alt| {
                    // BM25's saturation keeps a term's score under (k1 + 1) idf.
                    let bound = alt.factor * alt_idf(index, stats, alt) * (K1 + 1.0);
                    let len = alt
                        .terms
                        .first()
                        .map_or(0, |&(first, _)| postings(index, first).len());
                    (bound, len)
                })
                .collect();
            if clause.required || w >= 63 {
                scan.push(w);
            } else {
                optional.push((alts.iter().map(|a| a.1).sum(), w));
            }
            alternatives.push(alts);
        }
        optional.sort_unstable();
        // Clauses are summed in this order either way, so deferring them
        // changes no score, not even in its last bit.
        let mut deferred: Vec<usize> = optional.iter().map(|&(_, w)| w).collect();
        let scanned = if defer {
            deferred.len().min(1)
        } else {
            deferred.len()
        };
        scan.extend(deferred.drain(..scanned));
        let mut residual = vec![0.0f32; query.clauses.len()];
        let mut seeds = Vec::new();
        for &w in &deferred {
            let alts = &alternatives[w];
            let cost: usize = alts.iter().map(|a| a.1).sum();
            for (a, &(bound, len)) in alts.iter().enumerate() {
                if len.saturating_mul(SEED_SHARE) <= cost {
                    seeds.push((w, a));
                } else {
                    residual[w] = residual[w].max(bound);
                }
            }
        }
        let alternative_bounds = alternatives
            .iter()
            .map(|alts| alts.iter().map(|a| a.0).collect())
            .collect();
        Plan {
            scan,
            deferred,
            residual,
            seeds,
            alternative_bounds,
        }
    }
}

/// Candidates scored exactly, per hit wanted, for a first threshold.
const PROBE: usize = 4;
/// Head room for float rounding in upper bounds.
const SLACK: f32 = 1.0001;

/// A deferred clause's alternatives whose postings are at most this share
/// of the clause's are enumerated (see [`Plan::seeds`]).
const SEED_SHARE: usize = 8;

/// One clause's contribution to one question: its best alternative (see
/// [`ClauseScore::offer`]) and whether a strong alternative hit the prompt.
#[derive(Clone, Copy, Default)]
struct ClauseScore {
    best: f32,
    exact_seen: bool,
    in_prompt: bool,
    matched: bool,
}

impl ClauseScore {
    /// Synonyms mean the same as the word: they compete with it on score.
    /// Prefixes and typos are guesses: where the word itself occurs, they do
    /// not count.
    fn offer(&mut self, score: f32, strong: bool, prompt: bool) {
        self.matched = true;
        if strong && prompt {
            self.in_prompt = true;
        }
        if strong {
            self.best = if self.exact_seen {
                self.best.max(score)
            } else {
                score
            };
            self.exact_seen = true;
        } else if !self.exact_seen {
            self.best = self.best.max(score);
        }
    }
}

/// Per-field term frequencies of `alt` in the postings of one question,
/// starting at `list[*i]`; leaves `*i` past them.
fn gather_tfs(
    index: &ArchivedSearchIndex,
    alt: &Alternative,
    list: &[ArchivedPosting],
    i: &mut usize,
) -> [f32; FIELDS] {
    let mut tfs = [0f32; FIELDS];
    let Some(q) = list.get(*i).map(|p| p.question.to_native()) else {
        return tfs;
    };
    while *i < list.len() && list[*i].question.to_native() == q {
        let p = &list[*i];
        let f = usize::from(p.field).min(FIELDS - 1);
        tfs[f] += if alt.terms.len() == 1 {
            f32::from(p.tf.to_native())
        } else {
            phrase_tf(index, alt, p) as f32
        };
        *i += 1;
    }
    tfs
}

fn is_strong(how: &MatchKind) -> bool {
    matches!(
        how,
        MatchKind::Exact | MatchKind::Phrase | MatchKind::Synonym(_)
    )
}

/// What scoring an alternative needs: its idf, whether it is strong (see
/// [`ClauseScore::offer`]) and the postings of its first term.
fn alternative_postings<'i>(
    index: &'i ArchivedSearchIndex,
    stats: &Stats,
    alt: &Alternative,
) -> Option<(f32, bool, &'i [ArchivedPosting])> {
    let &(first, _) = alt.terms.first()?;
    Some((
        alt_idf(index, stats, alt),
        is_strong(&alt.how),
        postings(index, first),
    ))
}

/// Scores clause `w` for every question its postings name (term at a time).
fn scan_clause(
    s: &mut Scratch,
    index: &ArchivedSearchIndex,
    stats: &Stats,
    clause: &Clause,
    w: usize,
) {
    let n = s.scores.len().min(index.lengths.len());
    let bit = clause_bit(w);
    s.touched.clear();
    for alt in &clause.alternatives {
        let Some((idf, strong, list)) = alternative_postings(index, stats, alt) else {
            continue;
        };
        let mut i = 0;
        while i < list.len() {
            let q = list[i].question.to_native();
            let tfs = gather_tfs(index, alt, list, &mut i);
            let qi = q as usize;
            if qi >= n || tfs.iter().all(|&t| t == 0.0) {
                continue;
            }
            let score = alt.factor * idf * stats.bm25f(index, q, tfs);
            let state = &mut s.clause[qi];
            if !state.matched {
                s.touched.push(q);
            }
            state.offer(score, strong, tfs[0] > 0.0);
        }
    }
    for t in 0..s.touched.len() {
        let q = s.touched[t] as usize;
        let state = std::mem::take(&mut s.clause[q]);
        s.admit(q as u32);
        s.scores[q] += state.best;
        s.matched[q] |= bit;
        if state.in_prompt {
            s.in_prompt[q] |= bit;
        }
    }
    s.touched.clear();
}

/// Each of `cands`' clause sum with the deferred clauses looked up, and the
/// bits those matched, in `cands` order: (score, matched, prompt).
fn lookup_deferred(
    s: &Scratch,
    index: &ArchivedSearchIndex,
    stats: &Stats,
    query: &Query,
    deferred: &[usize],
    cands: &[u32],
) -> Vec<(f32, u64, u64)> {
    let m = cands.len();
    // Candidates in question order, so each postings list is walked once.
    let mut order: Vec<usize> = (0..m).collect();
    if !cands.is_sorted() {
        order.sort_unstable_by_key(|&j| cands[j]);
    }
    // Starting from the scanned sum keeps the order of additions the same
    // as a full scan's, so both give the very same scores.
    let mut out: Vec<(f32, u64, u64)> = cands
        .iter()
        .map(|&q| (s.scores[q as usize], 0, 0))
        .collect();
    let mut states = vec![ClauseScore::default(); m];
    for &w in deferred {
        let clause = &query.clauses[w];
        let bit = clause_bit(w);
        states.fill(ClauseScore::default());
        for alt in &clause.alternatives {
            let Some((idf, strong, list)) = alternative_postings(index, stats, alt) else {
                continue;
            };
            // Intersect the two sorted lists, hopping through the longer.
            let (mut i, mut t) = (0, 0);
            while i < list.len() && t < m {
                let (q, at) = (cands[order[t]], list[i].question.to_native());
                if at < q {
                    i = gallop(list, i, q);
                    continue;
                }
                if q < at {
                    t += order[t..].partition_point(|&j| cands[j] < at).max(1);
                    continue;
                }
                let j = order[t];
                t += 1;
                let tfs = gather_tfs(index, alt, list, &mut i);
                if tfs.iter().all(|&t| t == 0.0) {
                    continue;
                }
                let score = alt.factor * idf * stats.bm25f(index, q, tfs);
                states[j].offer(score, strong, tfs[0] > 0.0);
            }
        }
        for (state, o) in states.iter().zip(out.iter_mut()) {
            if state.matched {
                o.0 += state.best;
                o.1 |= bit;
                if state.in_prompt {
                    o.2 |= bit;
                }
            }
        }
    }
    out
}

/// The first index at or after `from` whose posting is for question `q` or
/// later (exponential then binary search: cheap for short hops).
fn gallop(list: &[ArchivedPosting], from: usize, q: u32) -> usize {
    let before = |i: usize| list[i].question.to_native() < q;
    if from >= list.len() || !before(from) {
        return from;
    }
    let mut step = 1;
    let mut lo = from;
    while lo + step < list.len() && before(lo + step) {
        lo += step;
        step *= 2;
    }
    let hi = (lo + step).min(list.len());
    lo + 1 + list[lo + 1..hi].partition_point(|p| p.question.to_native() < q)
}

/// The candidates' final scores before the unanswered factor: the clause
/// sum (or, given, the `lookups` sums), the concept bonus, coverage
/// and the prompt boost; questions missing a required clause or out of
/// scope are left out.
fn finish(
    s: &Scratch,
    ctx: &RankContext<'_>,
    required: u64,
    clauses: usize,
    cands: &[u32],
    lookups: Option<&[(f32, u64, u64)]>,
) -> Vec<(u32, f32)> {
    let all = if clauses >= 64 {
        u64::MAX
    } else {
        (1u64 << clauses) - 1
    };
    let mut hits: Vec<(u32, f32)> = Vec::with_capacity(cands.len());
    for (j, &q) in cands.iter().enumerate() {
        let qi = q as usize;
        let (score, matched, in_prompt) = lookups.map_or((s.scores[qi], 0, 0), |l| l[j]);
        let matched = s.matched[qi] | matched;
        let in_prompt = s.in_prompt[qi] | in_prompt;
        let mut score = score;
        if score > 0.0 {
            score += s.bonus[qi];
        }
        if !(score > 0.0 && score.is_finite())
            || matched & required != required
            || ctx.allowed.is_some_and(|a| a.get(qi) != Some(&true))
        {
            continue;
        }
        // Coverage: hits matching more of the query come first.
        let coverage = matched.count_ones() as f32 / clauses as f32;
        let mut score = score * (0.5 + coverage);
        if in_prompt & all == all {
            score *= ALL_IN_PROMPT_BOOST;
        }
        hits.push((q, score));
    }
    hits
}

/// The best `ctx.wanted` of `hits`, best first, once entries without an
/// answer have lost [`UNANSWERED_FACTOR`] of their score.
///
/// Looking a question up costs a cache miss in a large archive, so only the
/// candidates that can still reach the top are looked at: the scores before
/// the factor bound the scores after it, and the search stops at the first
/// candidate whose bound cannot beat the `wanted`-th best so far.
fn best_answered(mut hits: Vec<(u32, f32)>, ctx: &RankContext<'_>) -> Vec<(u32, f32)> {
    let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    let wanted = ctx.wanted.min(hits.len());
    if wanted == 0 {
        return Vec::new();
    }
    let mut looked = wanted;
    loop {
        // The `looked` best bounds, best first; `hits[looked]`, if any, is
        // the largest bound left out.
        if looked < hits.len() {
            hits.select_nth_unstable_by(looked, order);
        }
        let mut top: Vec<(u32, f32)> = hits[..looked]
            .iter()
            .map(|&(q, bound)| {
                let answered = (ctx.answered)(q as usize);
                (
                    q,
                    if answered {
                        bound
                    } else {
                        bound * UNANSWERED_FACTOR
                    },
                )
            })
            .collect();
        top.sort_unstable_by(order);
        let settled = match hits.get(looked) {
            None => true,
            // Ties go to the lower id, as `order` says.
            Some(&next) => order(&top[wanted - 1], &next) == std::cmp::Ordering::Less,
        };
        if settled {
            top.truncate(wanted);
            return top;
        }
        looked = looked.saturating_mul(2).min(hits.len());
    }
}

/// Byte ranges of the words of `text` the query matched.
fn highlights(
    analyzer: &Analyzer,
    dicts: &Dictionaries<'_>,
    text: &str,
    matcher: &Matcher,
) -> Vec<Range<usize>> {
    matcher
        .marks(analyzer, dicts, text)
        .into_iter()
        .map(|(r, _)| r)
        .collect()
}

/// Adds a range, merging it into the last one when they overlap (a
/// compound and its parts).
fn push_range(out: &mut Vec<Range<usize>>, r: Range<usize>) {
    match out.last_mut() {
        Some(last) if r.start < last.end => last.end = last.end.max(r.end),
        _ => out.push(r),
    }
}

/// The passage of `text` of about `max` bytes holding the most distinct
/// query clauses, as plain text with highlight ranges.
fn snippet(
    analyzer: &Analyzer,
    dicts: &Dictionaries<'_>,
    text: &str,
    matcher: &Matcher,
    max: usize,
) -> Snippet {
    let hits = matcher.marks(analyzer, dicts, text);
    // The window starting at a matched word that covers the most clauses.
    let mut best = (0usize, 0usize, usize::MAX);
    for i in 0..hits.len() {
        let mut seen = 0u64;
        let mut count = 0;
        for (r, c) in hits[i..]
            .iter()
            .take_while(|(r, _)| r.end <= hits[i].0.start + max)
        {
            seen |= 1 << (*c).min(63);
            count += r.len().min(1);
        }
        let key = (seen.count_ones() as usize, count);
        if key > (best.0, best.1) {
            best = (key.0, key.1, i);
        }
    }
    let mut start = match hits.get(best.2) {
        Some((r, _)) => passage_start(text, r.start, max / 3),
        None => 0,
    };
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    // Markup and diagrams shrink in plain text: read ahead generously and
    // let the output length decide where the passage ends.
    let mut end = (start + 4 * max).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let marks: Vec<Range<usize>> = hits
        .into_iter()
        .map(|(r, _)| r)
        .filter(|r| r.start >= start && r.end <= end)
        .collect();
    plain_text(text, start..end, &marks, max)
}

/// Where a passage around `at` should start: the beginning of its sentence
/// or line if that is near, else a word boundary shortly before it.
fn passage_start(text: &str, at: usize, reach: usize) -> usize {
    let from = at.saturating_sub(reach);
    let mut from = from;
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = &text[from..at];
    if let Some(i) = before.rfind(['\n', '.', '!', '?', ':']) {
        return from + i + 1;
    }
    if from == 0 {
        return 0;
    }
    match before.find(char::is_whitespace) {
        Some(i) => from + i + 1,
        None => at,
    }
}

/// Copies `range` of Markdown `text` as plain text of at most `budget`
/// bytes (plus `…` marks), ending at a word boundary: markup characters
/// dropped, whitespace collapsed, highlight ranges moved along.
fn plain_text(text: &str, range: Range<usize>, marks: &[Range<usize>], budget: usize) -> Snippet {
    let mut out = String::with_capacity(budget + 8);
    let mut highlights = Vec::with_capacity(marks.len());
    if range.start > 0 {
        out.push('…');
    }
    let mut cut_end = range.end < text.len();
    let mut last_break = 0;
    let mut mark = 0;
    let mut open: Option<usize> = None;
    let mut space = false;
    let bytes = text.as_bytes();
    for (i, ch) in text[range.clone()].char_indices() {
        let at = range.start + i;
        let in_mark = open.is_some();
        if !in_mark {
            if let Some(m) = marks.get(mark) {
                if m.start == at {
                    if space && !out.is_empty() && !out.ends_with('…') {
                        out.push(' ');
                    }
                    space = false;
                    open = Some(out.len());
                }
            }
        }
        // Emphasis and code marks vanish; table pipes and rules separate words.
        let vanishes = matches!(ch, '*' | '`' | '#' | '>');
        // Box-drawing characters of ASCII-art diagrams read as gaps.
        let separates_art = ('\u{2500}'..='\u{259f}').contains(&ch);
        let separates = ch == '|'
            || separates_art
            || (matches!(ch, '-' | '=')
                && (bytes.get(at + 1) == Some(&(ch as u8))
                    || at > 0 && bytes.get(at - 1) == Some(&(ch as u8))));
        if open.is_none() && vanishes {
            // Nothing to copy.
        } else if ch.is_whitespace() || (open.is_none() && separates) {
            if open.is_none() && out.len() >= budget {
                // Full: end at the last word boundary within the budget.
                if out.len() > budget && last_break > 0 {
                    out.truncate(last_break);
                    highlights.retain(|h: &Range<usize>| h.end <= last_break);
                }
                cut_end = true;
                break;
            }
            if !space && open.is_none() {
                last_break = out.len();
            }
            space = true;
        } else {
            if space && !out.is_empty() && !out.ends_with('…') {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        }
        if let (Some(s), Some(m)) = (open, marks.get(mark)) {
            if at + ch.len_utf8() >= m.end {
                push_range(&mut highlights, s..out.len());
                open = None;
                mark += 1;
            }
        }
    }
    if cut_end {
        out.push('…');
    }
    Snippet {
        text: out,
        highlights,
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

#[cfg(all(test, feature = "compile"))]
mod tests {
    use super::*;

    /// Queries a user might type about each question: its prompt, its first
    /// words with the last one cut short, and with a typo in its longest word.
    fn queries(kb: &KnowledgeBase<'_>) -> Vec<String> {
        let mut out = Vec::new();
        for q in kb.questions() {
            let words: Vec<&str> = q.prompt().split_whitespace().collect();
            out.push(q.prompt().to_string());
            if words.len() >= 3 {
                let last = words[2];
                let cut = last.char_indices().nth(3).map_or(last, |(i, _)| &last[..i]);
                out.push(format!("{} {} {cut}", words[0], words[1]));
            }
            if let Some(long) = words
                .iter()
                .filter(|w| w.is_ascii())
                .max_by_key(|w| w.len())
            {
                if long.len() >= 6 {
                    let mut b = long.as_bytes().to_vec();
                    b.swap(2, 3);
                    let typo = String::from_utf8(b).unwrap_or_default();
                    out.push(q.prompt().replacen(long, &typo, 1));
                }
            }
        }
        out
    }

    fn seed() -> Vec<u8> {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../data"));
        crate::compile::compile_dir(dir)
            .expect("the seed corpus compiles")
            .archive()
            .expect("it serialises")
    }

    /// The term dictionary gives every term back from its ordinal, and every
    /// written word begins as its term does: what [`Heads`] relies on.
    #[test]
    fn words_begin_as_their_terms() {
        let bytes = seed();
        let kb = KnowledgeBase::from_bytes(&bytes).expect("it opens");
        let dicts = Dictionaries::open(&kb.corpus().index).expect("it has an index");
        let mut stream = dicts.terms.stream();
        let mut terms = 0;
        while let Some((key, ordinal)) = stream.next() {
            assert_eq!(key_of(&dicts.terms, ordinal).as_deref(), Some(key));
            terms += 1;
        }
        assert_eq!(key_of(&dicts.terms, terms), None, "past the last");
        let surfaces = dicts.surfaces.as_ref().expect("written forms");
        let mut stream = surfaces.stream();
        let mut words = 0;
        while let Some((word, ordinal)) = stream.next() {
            let term = key_of(&dicts.terms, ordinal).expect("a term");
            let heads = Heads::of(&dicts.terms, std::iter::once(ordinal)).expect("heads");
            assert!(
                heads.admit(word),
                "{:?} -> {:?}",
                String::from_utf8_lossy(word),
                String::from_utf8_lossy(&term)
            );
            words += 1;
        }
        assert!(
            terms > 1000 && words > terms,
            "{terms} terms, {words} words"
        );
        // A map not numbered in key order gives nothing wrong.
        let odd = Map::from_iter([("a", 5u64), ("b", 1), ("c", 3)]).expect("sorted");
        let odd = Map::new(odd.as_fst().as_bytes()).expect("valid");
        for (ordinal, key) in [(5, "a"), (1, "b"), (3, "c")] {
            let found = key_of(&odd, ordinal);
            assert!(found.is_none() || found.as_deref() == Some(key.as_bytes()));
        }
    }

    /// Skipping the lookup of words that cannot be query terms marks the
    /// very same words.
    #[test]
    fn filtering_words_by_their_start_marks_the_same() {
        let bytes = seed();
        let kb = KnowledgeBase::from_bytes(&bytes).expect("it opens");
        let dicts = Dictionaries::open(&kb.corpus().index).expect("it has an index");
        let analyzer = Analyzer::new();
        let options = SearchOptions::default();
        let (mut filtered, mut marks) = (0, 0);
        for text in queries(&kb) {
            let query = Query::parse(&kb, &dicts, &text, &options);
            let matcher = query.matcher(&dicts.terms);
            let unfiltered = Matcher {
                heads: None,
                ..query.matcher(&dicts.terms)
            };
            filtered += usize::from(matcher.heads.is_some());
            for q in kb.questions() {
                let text = q.answer().unwrap_or(q.prompt());
                let found = matcher.marks(&analyzer, &dicts, text);
                assert_eq!(found, unfiltered.marks(&analyzer, &dicts, text));
                marks += found.len();
            }
        }
        assert!(
            filtered > 300 && marks > 10_000,
            "{filtered} filtered, {marks} marks"
        );
    }

    /// Deferring expensive clauses (MaxScore) is exact: the same hits with
    /// the same scores as scoring every posting, at every page size.
    #[test]
    fn deferring_clauses_changes_no_result() {
        let bytes = seed();
        let kb = KnowledgeBase::from_bytes(&bytes).expect("it opens");
        let dicts = Dictionaries::open(&kb.corpus().index).expect("it has an index");
        let (mut compared, mut pruned) = (0, 0);
        for text in queries(&kb) {
            for (limit, offset) in [(1, 0), (10, 0), (5, 20)] {
                let options = SearchOptions {
                    limit,
                    offset,
                    ..SearchOptions::default()
                };
                let query = Query::parse(&kb, &dicts, &text, &options);
                let fast = kb.rank_query(&query, &options, None, true);
                let full = kb.rank_query(&query, &options, None, false);
                assert_eq!(fast, full, "{text:?} limit {limit} offset {offset}");
                // And within a scope (every third question).
                let scope: Vec<bool> = (0..kb.len()).map(|q| q % 3 == 0).collect();
                let fast = kb.rank_query(&query, &options, Some(&scope), true);
                let full = kb.rank_query(&query, &options, Some(&scope), false);
                assert_eq!(fast, full, "{text:?} scoped, limit {limit} offset {offset}");
                compared += 1;
                pruned += usize::from(query.clauses.iter().filter(|c| !c.required).count() > 1);
            }
        }
        assert!(
            compared > 1000 && pruned > 500,
            "{compared} compared, {pruned} deferrable"
        );
    }
}
