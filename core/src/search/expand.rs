//! Clause expansion: prefixes, typos (a Damerau DFA over the dictionary),
//! synonyms and glossary spellings.

use std::sync::OnceLock;

use fst::{Automaton, IntoStreamer, Map, Streamer};
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};

use super::query::{unnamed_alt, Alternative, Clause, Word};
use super::score::doc_freq;
use super::{Dictionaries, MatchKind};
use super::{MAX_EXPANSIONS, MAX_PREFIX_SCAN, MAX_SPELLING_WORDS, SYNONYM_FACTOR, TYPO_FACTOR};
use crate::kb::KnowledgeBase;
use crate::text::is_stop_word;

/// Words that the half-typed `word` begins, the most common first.
pub(super) fn prefixes(
    dicts: &Dictionaries<'_>,
    word: &Word,
    factor: f32,
    out: &mut Vec<Alternative>,
) {
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
pub(super) fn term_texts(map: &Map<&[u8]>, sorted_ordinals: &[u64]) -> Vec<String> {
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
pub(super) fn typos(dicts: &Dictionaries<'_>, word: &Word, out: &mut Vec<Alternative>) {
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
pub(super) fn add_synonyms(
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
pub(super) fn spelling_alt(
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
/// The automaton builders for one and two edits, with transpositions.
/// Building one costs milliseconds, so each is built once per process.
pub(super) fn builder(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    let cell = if distance >= 2 { &TWO } else { &ONE };
    cell.get_or_init(|| LevenshteinAutomatonBuilder::new(distance.min(2), true))
}

/// A Damerau-Levenshtein DFA as an fst automaton.
pub(super) struct DamerauDfa<'a>(&'a DFA);

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
