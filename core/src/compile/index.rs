//! Building the inverted index at compile time.
//!
//! Each question is analysed into four fields: its prompt (and title), its
//! topic headings, its answer's prose, and its answer's code blocks. Stop
//! words are left out. Terms go into an fst map (term → ordinal); postings
//! are stored per term, sorted by question and field.

use std::collections::HashMap;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::model::{Concept, Corpus, Posting, Question, SearchIndex, FIELDS, NONE};
use crate::text::{is_stop_word, Analyzer, StemMemo};

/// Field numbers, in the order of `Posting::field`.
const PROMPT: usize = 0;
const TOPICS: usize = 1;
const ANSWER: usize = 2;
const CODE: usize = 3;

/// One term's postings while the index is built: postings in question and
/// field order, each `positions` an offset into the term's own `positions`
/// (made global when the index is written). Two vectors per term, not one
/// per posting, keep the allocations and the memory of a large corpus low.
#[derive(Default)]
struct TermList {
    postings: Vec<Posting>,
    positions: Vec<u16>,
}

/// Builds the index of a corpus whose questions and topics are final, and
/// finds the glossary concepts each question mentions on the way.
pub(crate) fn build(corpus: &Corpus) -> (SearchIndex, Vec<HashMap<u32, f32>>) {
    let matcher = ConceptMatcher::new(&corpus.concepts);
    let analyzer = Analyzer::new();
    let mut inverted = Inverted::default();
    let mut lengths = Vec::with_capacity(corpus.questions.len());
    let mut mentions = Vec::with_capacity(corpus.questions.len());
    for (i, q) in corpus.questions.iter().enumerate() {
        let texts = field_texts(corpus, q);
        let (lens, found) = inverted.add_question(&analyzer, &matcher, i as u32, &texts);
        lengths.push(lens);
        mentions.push(found);
    }
    (inverted.into_index(lengths, &corpus.concepts), mentions)
}

/// The text of each field of question `q`: prompt (after its title), topic
/// headings (innermost first), answer prose and answer code.
fn field_texts(corpus: &Corpus, q: &Question) -> [String; FIELDS] {
    let mut texts: [String; FIELDS] = Default::default();
    texts[PROMPT] = match &q.title {
        Some(t) => format!("{t}\n{}", q.prompt),
        None => q.prompt.clone(),
    };
    let mut topic = q.topic;
    // A topic tree is a tree: no path is longer than the topics are many.
    let mut guard = 0;
    while topic != NONE && guard <= corpus.topics.len() {
        let t = &corpus.topics[topic as usize];
        texts[TOPICS].push_str(&t.title);
        texts[TOPICS].push('\n');
        topic = t.parent;
        guard += 1;
    }
    let (prose, code) = texts.split_at_mut(CODE);
    for part in [&q.answer, &q.testing, &q.follow_up_details]
        .into_iter()
        .flatten()
    {
        split_code(part, &mut prose[ANSWER], &mut code[0]);
    }
    texts
}

/// An inverted index while it is built.
#[derive(Default)]
struct Inverted {
    /// term -> its number, in order of first appearance.
    ids: HashMap<String, u32>,
    /// The postings of term number `i`. Questions and fields are visited
    /// in order, so each list is born sorted; terms are sorted at the end.
    lists: Vec<TermList>,
    /// Written form (normalised, unstemmed) -> number of its term, the
    /// first one seen.
    surfaces: HashMap<String, u32>,
    /// The words of the field being read, one per position (a compound
    /// shares its first part's), stop words included, for concept spellings.
    words: Vec<(String, u32)>,
    /// The stems of the words read so far.
    stems: StemMemo,
}

impl Inverted {
    /// Indexes question `question` from its field texts; returns its field
    /// lengths (terms kept) and the concepts it mentions, with weights.
    fn add_question(
        &mut self,
        analyzer: &Analyzer,
        matcher: &ConceptMatcher<'_>,
        question: u32,
        texts: &[String; FIELDS],
    ) -> ([u32; FIELDS], HashMap<u32, f32>) {
        let mut lens = [0u32; FIELDS];
        let mut found: HashMap<u32, f32> = HashMap::new();
        // Out of `self` while the closure below borrows the rest.
        let mut stems = std::mem::take(&mut self.stems);
        for (field, text) in texts.iter().enumerate() {
            self.words.clear();
            analyzer.analyze_surface_memo(text, &mut stems, |token, surface| {
                if field != TOPICS && self.words.last().is_none_or(|w| w.1 != token.position) {
                    self.words.push((token.term.clone(), token.position));
                }
                if is_stop_word(&token.term) {
                    return;
                }
                let id = self.term_id(token.term);
                if !self.surfaces.contains_key(surface) {
                    self.surfaces.insert(surface.to_string(), id);
                }
                lens[field] += 1;
                self.add(id, question, field as u8, token.position);
            });
            let weight = if field == PROMPT { PROMPT_MENTION } else { 1.0 };
            matcher.find(&self.words, |c| *found.entry(c).or_default() += weight);
        }
        self.stems = stems;
        (lens, found)
    }

    /// The number of `term`, given the next one if it is new.
    fn term_id(&mut self, term: String) -> u32 {
        if let Some(&id) = self.ids.get(&term) {
            return id;
        }
        let id = self.lists.len() as u32;
        self.ids.insert(term, id);
        self.lists.push(TermList::default());
        id
    }

    /// Records term `id` at word `position` of `field` of `question`.
    fn add(&mut self, id: u32, question: u32, field: u8, position: u32) {
        let position = u16::try_from(position).unwrap_or(u16::MAX);
        let list = &mut self.lists[id as usize];
        match list.postings.last_mut() {
            // tf counts the positions kept, so the two never disagree.
            Some(p) if p.question == question && p.field == field => {
                if p.tf < u16::MAX {
                    p.tf += 1;
                    list.positions.push(position);
                }
            }
            _ => {
                list.postings.push(Posting {
                    question,
                    field,
                    tf: 1,
                    positions: list.positions.len() as u32,
                });
                list.positions.push(position);
            }
        }
    }

    /// The finished index: field lengths, the written-form and term
    /// dictionaries, postings with their positions, and the concept
    /// spellings.
    fn into_index(self, lengths: Vec<[u32; FIELDS]>, concepts: &[Concept]) -> SearchIndex {
        let mut index = SearchIndex {
            lengths,
            ..SearchIndex::default()
        };
        for (f, total) in index.total_lengths.iter_mut().enumerate() {
            *total = index.lengths.iter().map(|l| u64::from(l[f])).sum();
        }
        // Term numbers in term order, and each number's ordinal in it.
        let mut sorted: Vec<(String, u32)> = self.ids.into_iter().collect();
        sorted.sort_unstable();
        let mut ordinal = vec![0u64; sorted.len()];
        for (o, (_, id)) in sorted.iter().enumerate() {
            ordinal[*id as usize] = o as u64;
        }
        index.surfaces = surface_map(self.surfaces, &ordinal);
        write_postings(&mut index, &sorted, self.lists);
        index.synonyms = synonyms(concepts);
        index
    }
}

/// The fst from every written form to its term's ordinal (`ordinal[id]`).
fn surface_map(surfaces: HashMap<String, u32>, ordinal: &[u64]) -> Vec<u8> {
    let mut surfaces: Vec<(String, u64)> = surfaces
        .into_iter()
        .map(|(s, id)| (s, ordinal[id as usize]))
        .collect();
    surfaces.sort_unstable();
    let mut builder = fst::MapBuilder::memory();
    for (surface, ordinal) in surfaces {
        // Sorted and unique: insert cannot fail.
        let _ = builder.insert(surface, ordinal);
    }
    builder.into_inner().unwrap_or_default()
}

/// Writes the term dictionary, postings, positions, offsets and document
/// frequencies of the terms `sorted` (term, number) names into `index`.
fn write_postings(index: &mut SearchIndex, sorted: &[(String, u32)], mut lists: Vec<TermList>) {
    let total: usize = lists.iter().map(|l| l.postings.len()).sum();
    let total_positions: usize = lists.iter().map(|l| l.positions.len()).sum();
    index.postings.reserve_exact(total);
    index.positions.reserve_exact(total_positions);
    index.doc_freq.reserve_exact(sorted.len());
    index.offsets.reserve_exact(sorted.len() + 1);
    let mut builder = fst::MapBuilder::memory();
    index.offsets.push(0);
    for (term, id) in sorted {
        // Terms arrive sorted and unique, the only way insert can fail.
        if builder
            .insert(term.as_bytes(), index.doc_freq.len() as u64)
            .is_err()
        {
            continue;
        }
        let list = std::mem::take(&mut lists[*id as usize]);
        let base = index.positions.len() as u32;
        let mut last = NONE;
        let mut df = 0;
        for mut p in list.postings {
            if p.question != last {
                df += 1;
                last = p.question;
            }
            p.positions += base;
            index.postings.push(p);
        }
        index.positions.extend_from_slice(&list.positions);
        index.doc_freq.push(df);
        index.offsets.push(index.postings.len() as u32);
    }
    index.terms = builder.into_inner().unwrap_or_default();
}

/// A concept mention in the prompt counts this many in the answer.
const PROMPT_MENTION: f32 = 3.0;
/// Longest concept spelling, in words.
const MAX_SPELLING_WORDS: usize = 6;

/// The glossary concepts each question's prompt (with its title) names,
/// sorted, found as the index finds them.
pub(crate) fn prompt_concepts(corpus: &Corpus) -> Vec<Vec<u32>> {
    let matcher = ConceptMatcher::new(&corpus.concepts);
    let analyzer = Analyzer::new();
    let mut words: Vec<(String, u32)> = Vec::new();
    corpus
        .questions
        .iter()
        .map(|q| {
            words.clear();
            for text in q.title.iter().chain(std::iter::once(&q.prompt)) {
                let base = words.last().map_or(0, |w| w.1 + 2);
                analyzer.analyze(text, |token| {
                    let position = base + token.position;
                    if words.last().is_none_or(|w| w.1 != position) {
                        words.push((token.term, position));
                    }
                });
            }
            let mut found = Vec::new();
            matcher.find(&words, |c| found.push(c));
            found.sort_unstable();
            found.dedup();
            found
        })
        .collect()
}

/// Finds glossary spellings in a run of analysed words, longest first.
struct ConceptMatcher<'c> {
    keys: HashMap<&'c str, u32>,
}

impl<'c> ConceptMatcher<'c> {
    fn new(concepts: &'c [Concept]) -> ConceptMatcher<'c> {
        let mut keys = HashMap::new();
        for (i, c) in concepts.iter().enumerate() {
            for k in &c.keys {
                keys.entry(k.as_str()).or_insert(i as u32);
            }
        }
        ConceptMatcher { keys }
    }

    /// Calls `found` with the concept of every spelling in `words` (term,
    /// position), matched on consecutive positions, longest first.
    fn find(&self, words: &[(String, u32)], mut found: impl FnMut(u32)) {
        if self.keys.is_empty() {
            return;
        }
        let mut key = String::new();
        let mut i = 0;
        while i < words.len() {
            let mut matched = 0;
            for len in (1..=MAX_SPELLING_WORDS.min(words.len() - i)).rev() {
                let span = &words[i..i + len];
                if span.windows(2).any(|w| w[1].1 != w[0].1 + 1) {
                    continue;
                }
                key.clear();
                for (k, w) in span.iter().enumerate() {
                    if k > 0 {
                        key.push(' ');
                    }
                    key.push_str(&w.0);
                }
                if let Some(&c) = self.keys.get(key.as_str()) {
                    found(c);
                    matched = len;
                    break;
                }
            }
            i += matched.max(1);
        }
    }
}

/// The fst from every concept spelling key to its concept.
fn synonyms(concepts: &[Concept]) -> Vec<u8> {
    let mut keys: Vec<(&str, u64)> = concepts
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.keys.iter().map(move |k| (k.as_str(), i as u64)))
        .collect();
    keys.sort_unstable();
    // The glossary loader rejects duplicate spellings; keep the first anyway.
    keys.dedup_by(|a, b| a.0 == b.0);
    let mut builder = fst::MapBuilder::memory();
    for (key, concept) in keys {
        // Sorted and unique: insert cannot fail.
        let _ = builder.insert(key, concept);
    }
    builder.into_inner().unwrap_or_default()
}

/// Splits Markdown into its prose and its code blocks' text.
fn split_code(markdown: &str, prose: &mut String, code: &mut String) {
    let mut in_code = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) | Event::Code(t) => {
                let target = if in_code { &mut *code } else { &mut *prose };
                target.push_str(&t);
                target.push(' ');
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => prose.push('\n'),
            _ => {}
        }
    }
}
