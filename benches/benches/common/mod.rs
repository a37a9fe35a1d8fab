//! tantivy over the same questions, for the side-by-side benchmarks
//! (`search_latency` and `versus`). tantivy is a dev-dependency of
//! grill-bench only, so this lives with the benches, not in the library.
//!
//! One tantivy document per grill entry, indexed in RAM (one indexing
//! thread, as grill's compiler has; then merged into one segment, as grill
//! has one index):
//!
//! - `prompt` (prompt and title, boost 3), `topics` (its topic headings, boost
//!   1.5) and `answer` (answer, "what they're testing" and follow-up details,
//!   code included, boost 1): `en_stem` (lower case, English Snowball stemmer),
//!   positions, stored — grill's archive also holds every text;
//! - `prompt_raw`, `topics_raw`, `answer_raw`: the same texts through the
//!   `default` tokenizer (lower case, no stemming), freqs only, not stored.
//!   They exist for the tolerant mode: edit distance must be measured on
//!   words as written, since a typo changes the stem (`idempotncy` stems to
//!   `idempotnci`, `idempotency` to `idempot`);
//! - `ord`: grill's question index, stored, to compare the results.
//!
//! Queries:
//!
//! - keyword mode: `QueryParser` over the three stemmed fields with the
//!   boosts above, OR of the words (tantivy's default), BM25;
//! - tolerant mode, built like grill's: every word matches its stem exactly
//!   (BM25, as in keyword mode); a word of 5+ letters whose stem is in none
//!   of the fields is widened by `FuzzyTermQuery` (distance 1, a swapped pair
//!   counting as one edit) on the raw fields, at half the field's boost; and
//!   the last word, unless the query ends with a space, also matches as a
//!   prefix of raw words at 0.8 of the boost. tantivy gives fuzzy and prefix
//!   matches a constant score (no BM25), so rankings differ from grill's.
//!
//! Both collect the top 10 by score (`TopDocs`), ids only.

#![allow(dead_code)] // each bench uses part of this module

use std::time::{Duration, Instant};

use grill::KnowledgeBase;
use tantivy::collector::TopDocs;
use tantivy::indexer::NoMergePolicy;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, QueryParser, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED,
};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{DocAddress, Index, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

/// Field boosts, as grill weights its fields (prompt, topics, answer).
const BOOSTS: [f32; 3] = [3.0, 1.5, 1.0];
/// Score factor of a typo match, and of a prefix match.
const FUZZY_FACTOR: f32 = 0.5;
const PREFIX_FACTOR: f32 = 0.8;
/// Shortest word (in chars) widened by one edit.
const FUZZY_MIN_CHARS: usize = 5;
/// Indexing memory budget (one thread).
const WRITER_BYTES: usize = 256 << 20;

/// A tantivy index of a grill knowledge base, ready to search.
pub struct Tantivy {
    index: Index,
    searcher: Searcher,
    /// `prompt`, `topics`, `answer` (stemmed).
    stemmed: [Field; 3],
    /// The same texts, not stemmed.
    raw: [Field; 3],
    ord: Field,
    parser: QueryParser,
    stem: TextAnalyzer,
    plain: TextAnalyzer,
    /// Wall time of the build: documents added, committed, merged into one
    /// segment, reader opened.
    pub build_time: Duration,
    /// The index's size (`Searcher::space_usage`): postings, positions,
    /// term dictionaries, the doc store (lz4) and the rest.
    pub bytes: u64,
    /// Distinct terms of the stemmed `answer` field.
    pub answer_terms: u64,
}

impl Tantivy {
    /// Indexes every entry of `kb`.
    pub fn build(kb: &KnowledgeBase<'_>) -> tantivy::Result<Tantivy> {
        let start = Instant::now();
        let mut sb = Schema::builder();
        let stemmed_opts = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("en_stem")
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored();
        let raw_opts = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("default")
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let stemmed = [
            sb.add_text_field("prompt", stemmed_opts.clone()),
            sb.add_text_field("topics", stemmed_opts.clone()),
            sb.add_text_field("answer", stemmed_opts),
        ];
        let raw = [
            sb.add_text_field("prompt_raw", raw_opts.clone()),
            sb.add_text_field("topics_raw", raw_opts.clone()),
            sb.add_text_field("answer_raw", raw_opts),
        ];
        let ord = sb.add_u64_field("ord", STORED);
        let index = Index::create_in_ram(sb.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, WRITER_BYTES)?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for q in kb.questions() {
            let prompt = match q.title() {
                Some(t) => format!("{t}\n{}", q.prompt()),
                None => q.prompt().to_string(),
            };
            let topics = q.path().join("\n");
            let mut answer = String::new();
            for part in [q.answer(), q.testing(), q.follow_up_details()]
                .into_iter()
                .flatten()
            {
                answer.push_str(part);
                answer.push('\n');
            }
            let mut doc = TantivyDocument::default();
            for (i, text) in [&prompt, &topics, &answer].into_iter().enumerate() {
                doc.add_text(stemmed[i], text);
                doc.add_text(raw[i], text);
            }
            doc.add_u64(ord, u64::from(q.index()));
            writer.add_document(doc)?;
        }
        writer.commit()?;
        let segments = index.searchable_segment_ids()?;
        if segments.len() > 1 {
            writer.merge(&segments).wait()?;
        }
        writer.wait_merging_threads()?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        reader.reload()?;
        let searcher = reader.searcher();
        let build_time = start.elapsed();
        let bytes = searcher.space_usage()?.total().get_bytes();
        let mut answer_terms = 0;
        for segment in searcher.segment_readers() {
            answer_terms += segment.inverted_index(stemmed[2])?.terms().num_terms() as u64;
        }
        let mut parser = QueryParser::for_index(&index, stemmed.to_vec());
        for (field, boost) in stemmed.iter().zip(BOOSTS) {
            parser.set_field_boost(*field, boost);
        }
        let tokenizers = index.tokenizers();
        let stem = tokenizers
            .get("en_stem")
            .expect("tantivy registers en_stem");
        let plain = tokenizers
            .get("default")
            .expect("tantivy registers default");
        Ok(Tantivy {
            index,
            searcher,
            stemmed,
            raw,
            ord,
            parser,
            stem,
            plain,
            build_time,
            bytes,
            answer_terms,
        })
    }

    /// The top 10 for `query`; `tolerant` adds typo and prefix matching.
    pub fn search(&mut self, query: &str, tolerant: bool) -> Vec<(f32, DocAddress)> {
        let top = TopDocs::with_limit(10).order_by_score();
        let result = if tolerant {
            let q = self.tolerant_query(query);
            self.searcher.search(&q, &top)
        } else {
            let (q, _errors) = self.parser.parse_query_lenient(query);
            self.searcher.search(&q, &top)
        };
        result.unwrap_or_default()
    }

    /// grill question indices of hits, best first.
    pub fn ords(&self, hits: &[(f32, DocAddress)]) -> Vec<u32> {
        hits.iter()
            .filter_map(|(_, addr)| {
                let doc: TantivyDocument = self.searcher.doc(*addr).ok()?;
                let n = doc.get_first(self.ord)?.as_u64()?;
                u32::try_from(n).ok()
            })
            .collect()
    }

    fn tolerant_query(&mut self, query: &str) -> BooleanQuery {
        let typing_last = !query.ends_with(char::is_whitespace);
        let words = tokens(&mut self.plain, query);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (w, word) in words.iter().enumerate() {
            let last = w + 1 == words.len();
            let stems = tokens(&mut self.stem, word);
            let mut known = false;
            for stem in &stems {
                for (field, boost) in self.stemmed.iter().zip(BOOSTS) {
                    let term = Term::from_field_text(*field, stem);
                    known |= self.searcher.doc_freq(&term).unwrap_or(0) > 0;
                    clauses.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(
                            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                            boost,
                        )),
                    ));
                }
            }
            let widen = !known && word.chars().count() >= FUZZY_MIN_CHARS;
            for (field, boost) in self.raw.iter().zip(BOOSTS) {
                let term = Term::from_field_text(*field, word);
                if widen {
                    clauses.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(
                            Box::new(FuzzyTermQuery::new(term.clone(), 1, true)),
                            boost * FUZZY_FACTOR,
                        )),
                    ));
                }
                if last && typing_last {
                    clauses.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(
                            Box::new(FuzzyTermQuery::new_prefix(term, 0, true)),
                            boost * PREFIX_FACTOR,
                        )),
                    ));
                }
            }
        }
        BooleanQuery::new(clauses)
    }
}

/// The terms `analyzer` makes of `text`.
fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}
