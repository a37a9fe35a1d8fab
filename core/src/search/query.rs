//! Query parsing: quotes, words, clauses and their exact alternatives.

use fst::Map;

use super::expand::{add_synonyms, prefixes, term_texts, typos};
use super::snippet::{Heads, Matcher};
use super::{Dictionaries, MatchKind, SearchOptions, MAX_QUERY_BYTES, MAX_QUERY_TERMS};
use super::{PREFIX_FACTOR, PREFIX_OF_WORD_FACTOR};
use crate::kb::KnowledgeBase;
use crate::text::{is_stop_word, Analyzer};

/// A dictionary term (or a phrase of them) that satisfies a clause.
#[derive(Debug, Clone)]
pub(super) struct Alternative {
    /// Term ordinals with their offset inside the phrase (one for a term).
    pub(super) terms: Vec<(u64, u32)>,
    /// The terms' text, for explanations; left empty where it would cost
    /// a lookup or a copy, and named by [`Query::name_terms`] when asked.
    pub(super) text: Vec<String>,
    pub(super) factor: f32,
    pub(super) how: MatchKind,
}

/// A word or quoted phrase of the query.
#[derive(Debug, Clone)]
pub(super) struct Clause {
    pub(super) text: String,
    /// The free word it came from (index into the query's words).
    pub(super) word: Option<usize>,
    pub(super) alternatives: Vec<Alternative>,
    pub(super) required: bool,
}

/// A parsed query: what [`KnowledgeBase::search`] scores.
pub(super) struct Query {
    pub(super) clauses: Vec<Clause>,
    /// Glossary concepts the query names.
    pub(super) concepts: Vec<u32>,
}

/// One analysed word of the query.
pub(super) struct Word {
    pub(super) term: String,
    pub(super) surface: String,
    pub(super) position: u32,
    /// A compound's joined term, matched as an alternative of its first part.
    pub(super) compound: Option<String>,
    /// Byte offset of the word's end in the query.
    pub(super) end: usize,
}

/// The part of a query that is read: its first [`MAX_QUERY_BYTES`], moved
/// back to a character boundary.
pub(super) fn cut(text: &str) -> &str {
    let mut end = text.len().min(MAX_QUERY_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl Query {
    pub(super) fn parse(
        kb: &KnowledgeBase<'_>,
        dicts: &Dictionaries<'_>,
        text: &str,
        options: &SearchOptions,
    ) -> Query {
        let text = cut(text);
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
    pub(super) fn matcher(&self, terms: &Map<&[u8]>) -> Matcher {
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
    pub(super) fn name_terms(&mut self, terms: &Map<&[u8]>) {
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
}

/// Splits at straight and curly double quotes: even segments are free text,
/// odd ones phrases. Each comes with its byte offset.
pub(super) fn split_quotes(text: &str) -> Vec<(usize, &str)> {
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
pub(super) fn analyse_words(
    analyzer: &Analyzer,
    text: &str,
    offset: usize,
    base: u32,
) -> Vec<Word> {
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
pub(super) fn phrase_clause(
    dicts: &Dictionaries<'_>,
    text: &str,
    words: &[Word],
) -> Option<Clause> {
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
pub(super) fn unnamed_alt(ordinal: u64, factor: f32, how: MatchKind) -> Alternative {
    Alternative {
        terms: vec![(ordinal, 0)],
        text: Vec::new(),
        factor,
        how,
    }
}

pub(super) fn term_alt(ordinal: u64, text: &str, factor: f32, how: MatchKind) -> Alternative {
    Alternative {
        terms: vec![(ordinal, 0)],
        text: vec![text.to_string()],
        factor,
        how,
    }
}

/// A free word: its term, its compound, and prefixes when it is being typed.
pub(super) fn word_clause(
    dicts: &Dictionaries<'_>,
    words: &[Word],
    i: usize,
    typing: bool,
) -> Clause {
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
