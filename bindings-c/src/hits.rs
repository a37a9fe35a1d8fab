//! Result lists: search hits, graph neighbours and study recommendations,
//! all one opaque type, `grill_hits`, and its accessors. The calls that
//! make them are in `calls.rs`.

use std::ffi::c_char;
use std::ops::Range;

use grill_rs::study::StudyReason;
use grill_rs::{Hit, Neighbor, QuestionRef, Recommendation};

use super::guard_value;

/// A half-open byte range `[start, end)` in a UTF-8 string returned by an
/// accessor: a matched word to highlight.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct grill_range {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A list of results: search hits (`grill_search`), linked questions
/// (`grill_follow_ups`, `grill_related`, `grill_same_as`,
/// `grill_mock_interview`) or questions to study (`grill_recommend`).
///
/// Read it with `grill_hits_len` and the `grill_hits_*` accessors, which take
/// an index in `[0, len)`; free it with `grill_hits_free`. It owns its
/// strings: they stay valid until `grill_hits_free`, also after the
/// `grill_kb` is freed. It is immutable: threads may read it at once.
pub struct grill_hits {
    /// Every string, NUL-terminated, back to back: `""` at 0, `"search"` at 1.
    text: Vec<u8>,
    /// Every highlight range, rows' ranges back to back.
    ranges: Vec<grill_range>,
    rows: Vec<Row>,
}

/// One result: offsets into `text` and `ranges`.
struct Row {
    id: usize,
    question: usize,
    document: usize,
    snippet: usize,
    relation: usize,
    reason: usize,
    score: f32,
    /// The cosine similarity to the query, NaN when meaning was not compared.
    semantic_score: f32,
    question_highlights: Range<usize>,
    snippet_highlights: Range<usize>,
}

const EMPTY: usize = 0;
const SEARCH: usize = 1;
const PREFIX: &[u8] = b"\0search\0";
/// U+FFFD, which replaces a NUL inside a string.
const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

/// Builds a `grill_hits`.
///
/// Strings are copied as they are, then one pass over the whole block counts
/// its NULs: if there are more than the terminators (a string held a NUL,
/// which would cut it short in C), the list is built again with every NUL
/// inside a string replaced by U+FFFD and the highlights moved along. The
/// common case thus costs a `memcpy` per string and one vectorised count.
struct Builder {
    hits: grill_hits,
    /// NULs written as terminators (the prefix's included).
    terminators: usize,
    /// Replace NULs inside strings (the second pass).
    replace: bool,
}

impl Builder {
    fn new(rows: usize, text: usize, ranges: usize, replace: bool) -> Builder {
        let mut t = Vec::with_capacity(PREFIX.len() + text);
        t.extend_from_slice(PREFIX);
        Builder {
            hits: grill_hits {
                text: t,
                ranges: Vec::with_capacity(ranges),
                rows: Vec::with_capacity(rows),
            },
            terminators: 2,
            replace,
        }
    }

    /// Runs `fill` into a new builder, and again replacing NULs if a string
    /// held one.
    fn build(
        rows: usize,
        text: usize,
        ranges: usize,
        fill: impl Fn(&mut Builder),
    ) -> Box<grill_hits> {
        let mut b = Builder::new(rows, text, ranges, false);
        fill(&mut b);
        if count_nuls(&b.hits.text) != b.terminators {
            b = Builder::new(rows, text, ranges, true);
            fill(&mut b);
        }
        Box::new(b.hits)
    }

    /// Appends `s` and its NUL; returns its offset.
    fn push_str(&mut self, s: &str) -> usize {
        self.push_marked(s, &[]).0
    }

    /// Appends `s` and its NUL, and its highlights; returns both offsets.
    fn push_marked(&mut self, s: &str, highlights: &[Range<usize>]) -> (usize, Range<usize>) {
        let h = &mut self.hits;
        let from = h.ranges.len();
        if s.is_empty() {
            return (EMPTY, from..from);
        }
        let at = h.text.len();
        let bytes = s.as_bytes();
        if self.replace && bytes.contains(&0) {
            for &b in bytes {
                if b == 0 {
                    h.text.extend_from_slice(REPLACEMENT);
                } else {
                    h.text.push(b);
                }
            }
            // Each NUL before a position moves it by the replacement's extra bytes.
            let shift = |p: usize| {
                let nuls = bytes[..p.min(bytes.len())]
                    .iter()
                    .filter(|&&b| b == 0)
                    .count();
                p + (REPLACEMENT.len() - 1) * nuls
            };
            h.ranges.extend(highlights.iter().map(|r| grill_range {
                start: shift(r.start),
                end: shift(r.end),
            }));
        } else {
            h.text.extend_from_slice(bytes);
            h.ranges.extend(highlights.iter().map(|r| grill_range {
                start: r.start,
                end: r.end,
            }));
        }
        h.text.push(0);
        self.terminators += 1;
        (at, from..h.ranges.len())
    }

    /// A row without snippet or highlights.
    fn push_row(&mut self, q: QuestionRef<'_>, relation: &str, reason: &str, score: f32) {
        let row = Row {
            id: self.push_str(q.id()),
            question: self.push_str(q.prompt()),
            document: self.push_str(q.document().slug()),
            snippet: EMPTY,
            relation: self.push_str(relation),
            reason: self.push_str(reason),
            score,
            semantic_score: f32::NAN,
            question_highlights: 0..0,
            snippet_highlights: 0..0,
        };
        self.hits.rows.push(row);
    }
}

impl grill_hits {
    pub(crate) fn from_search(hits: &[Hit<'_>]) -> Box<grill_hits> {
        // Reserve the snippets (known) and a typical id, question and slug
        // (read once, below); the block grows if needed.
        let text = hits.iter().map(|h| h.snippet.text.len() + 192).sum();
        let ranges = hits
            .iter()
            .map(|h| h.prompt_highlights.len() + h.snippet.highlights.len())
            .sum();
        Builder::build(hits.len(), text, ranges, |b| {
            for h in hits {
                let q = h.question;
                let id = b.push_str(q.id());
                let (question, question_highlights) =
                    b.push_marked(q.prompt(), &h.prompt_highlights);
                let document = b.push_str(q.document().slug());
                let (snippet, snippet_highlights) =
                    b.push_marked(&h.snippet.text, &h.snippet.highlights);
                b.hits.rows.push(Row {
                    id,
                    question,
                    document,
                    snippet,
                    relation: SEARCH,
                    reason: EMPTY,
                    score: h.score,
                    semantic_score: h.semantic_score.unwrap_or(f32::NAN),
                    question_highlights,
                    snippet_highlights,
                });
            }
        })
    }

    pub(crate) fn from_neighbors(neighbors: &[Neighbor<'_>]) -> Box<grill_hits> {
        let reasons: Vec<String> = neighbors.iter().map(|n| n.reason()).collect();
        Builder::build(neighbors.len(), neighbors.len() * 160, 0, |b| {
            for (n, reason) in neighbors.iter().zip(&reasons) {
                b.push_row(n.question, n.relation.name(), reason, n.weight);
            }
        })
    }

    pub(crate) fn from_recommendations(recs: &[Recommendation<'_>]) -> Box<grill_hits> {
        let rows: Vec<(String, f32)> = recs
            .iter()
            .map(|r| {
                // A due review's score is its chance of recall; the rest have none.
                let score = match r.reason {
                    StudyReason::Due { retrievability, .. } => retrievability as f32,
                    _ => 0.0,
                };
                (r.reason.describe(), score)
            })
            .collect();
        Builder::build(recs.len(), recs.len() * 160, 0, |b| {
            for (r, (reason, score)) in recs.iter().zip(&rows) {
                b.push_row(r.question, r.reason.name(), reason, *score);
            }
        })
    }

    fn row(&self, index: usize) -> Option<&Row> {
        self.rows.get(index)
    }

    fn str_at(&self, offset: usize) -> *const c_char {
        self.text[offset..].as_ptr().cast()
    }
}

/// The number of NULs in `bytes`, counted in blocks of 128 into bytes, so
/// that the count vectorises 16 or 32 bytes at a time.
fn count_nuls(bytes: &[u8]) -> usize {
    bytes
        .chunks(128)
        .map(|block| usize::from(block.iter().fold(0u8, |n, &b| n + u8::from(b == 0))))
        .sum()
}

/// Borrows a `grill_hits` argument of an accessor.
///
/// # Safety
///
/// `hits` is NULL or a live `grill_hits`.
unsafe fn hits_arg<'a>(hits: *const grill_hits) -> Option<&'a grill_hits> {
    // SAFETY: NULL or live, by the caller's promise.
    unsafe { hits.as_ref() }
}

/// The number of results; 0 if `hits` is NULL.
///
/// # Safety
///
/// `hits` is NULL or a live `grill_hits`.
#[no_mangle]
pub unsafe extern "C" fn grill_hits_len(hits: *const grill_hits) -> usize {
    // SAFETY: forwarded from the caller.
    guard_value(0, || unsafe { hits_arg(hits) }.map_or(0, |h| h.rows.len()))
}

/// A string field of result `index`, or NULL.
///
/// # Safety
///
/// `hits` is NULL or a live `grill_hits`.
unsafe fn field(hits: *const grill_hits, index: usize, pick: fn(&Row) -> usize) -> *const c_char {
    guard_value(std::ptr::null(), || {
        // SAFETY: forwarded from the caller.
        let Some(h) = (unsafe { hits_arg(hits) }) else {
            return std::ptr::null();
        };
        h.row(index).map_or(std::ptr::null(), |r| h.str_at(pick(r)))
    })
}

/// The id of result `index` (`"sample-interview-qa/why-postgresql-over-dynamodb"`),
/// for `grill_question_get`, `grill_follow_ups` and the like. NULL if `hits`
/// is NULL or `index` is out of range. Valid until `grill_hits_free`.
///
/// # Safety
///
/// `hits` is NULL or a live `grill_hits`.
#[no_mangle]
pub unsafe extern "C" fn grill_hits_id(hits: *const grill_hits, index: usize) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { field(hits, index, |r| r.id) }
}

/// The question (prompt) of result `index`, as written in its document. NULL
/// if `hits` is NULL or `index` is out of range. Valid until `grill_hits_free`.
///
/// # Safety
///
/// `hits` is NULL or a live `grill_hits`.
#[no_mangle]
pub unsafe extern "C" fn grill_hits_question(
    hits: *const grill_hits,
    index: usize,
) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { field(hits, index, |r| r.question) }
}

/// The slug of the document of result `index` (`"sample-interview-qa"`).
/// NULL if `hits` is NULL or `index` is out of range. Valid until
/// `grill_hits_free`.
///
/// # Safety
///
/// `hits` is NULL or a live `grill_hits`.
#[no_mangle]
pub unsafe extern "C" fn grill_hits_document(
    hits: *const grill_hits,
    index: usize,
) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { field(hits, index, |r| r.document) }
}

/// For a search hit, the best-matching passage of the answer as plain text
/// (starting or ending with `…` where it cuts the answer); `""` when the
/// question has no answer, snippets are off, or the list is not from
/// `grill_search`. NULL if `hits` is NULL or `index` is out of range. Valid
/// until `grill_hits_free`.
///
/// # Safety
///
/// `hits` is NULL or a live `grill_hits`.
#[no_mangle]
pub unsafe extern "C" fn grill_hits_snippet(
    hits: *const grill_hits,
    index: usize,
) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { field(hits, index, |r| r.snippet) }
}

/// A stable lower-case name for how result `index` was found: `"search"` for
/// a search hit, the link's kind for the graph functions (`"follow_up"`,
/// `"same_topic"`, `"related"`, ...), the reason's kind for
/// `grill_recommend` (`"due"`, `"new_topic"`, ...). NULL if `hits` is NULL
/// or `index` is out of range. Valid until `grill_hits_free`.
///
/// # Safety
///
/// `hits` is NULL or a live `grill_hits`.
#[no_mangle]
pub unsafe extern "C" fn grill_hits_relation(
    hits: *const grill_hits,
    index: usize,
) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { field(hits, index, |r| r.relation) }
}

/// A short sentence for a reader on why result `index` is listed (`"next in
/// the topic Kafka"`, `"due for review (recall 71%, 2 days overdue)"`);
/// `""` for search hits. NULL if `hits` is NULL or `index` is out of range.
/// Valid until `grill_hits_free`.
///
/// # Safety
///
/// `hits` is NULL or a live `grill_hits`.
#[no_mangle]
pub unsafe extern "C" fn grill_hits_reason(hits: *const grill_hits, index: usize) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { field(hits, index, |r| r.reason) }
}

/// The score of result `index`: the relevance for a search hit (higher is
/// better), the link's weight in (0, 1] for the graph functions, the chance
/// of recall for a due review and 0 for other recommendations. 0 if `hits`
/// is NULL or `index` is out of range.
///
/// # Safety
///
/// `hits` is NULL or a live `grill_hits`.
#[no_mangle]
pub unsafe extern "C" fn grill_hits_score(hits: *const grill_hits, index: usize) -> f32 {
    guard_value(0.0, || {
        // SAFETY: forwarded from the caller.
        unsafe { hits_arg(hits) }
            .and_then(|h| h.row(index))
            .map_or(0.0, |r| r.score)
    })
}

/// The similarity of meaning between result `index` and the query: the
/// cosine of their vectors, in [-1, 1] (higher is closer), for a hit of
/// `grill_search_with_model` when meaning was compared.
///
/// NaN when the hit has none (test with `isnan`): a list from
/// `grill_search` or another call, a search with `GRILL_SEMANTIC_OFF` or an
/// `GRILL_SEMANTIC_AUTO` search that fell back to words, or `hits` NULL or
/// `index` out of range. In a search that compared meaning every hit has one.
///
/// # Safety
///
/// `hits` is NULL or a live `grill_hits`.
#[no_mangle]
pub unsafe extern "C" fn grill_hits_semantic_score(hits: *const grill_hits, index: usize) -> f32 {
    guard_value(f32::NAN, || {
        // SAFETY: forwarded from the caller.
        unsafe { hits_arg(hits) }
            .and_then(|h| h.row(index))
            .map_or(f32::NAN, |r| r.semantic_score)
    })
}

/// The highlight ranges of one result.
///
/// # Safety
///
/// `hits` is NULL or a live `grill_hits`; `count` is NULL or writable.
unsafe fn ranges(
    hits: *const grill_hits,
    index: usize,
    count: *mut usize,
    pick: fn(&Row) -> &Range<usize>,
) -> *const grill_range {
    guard_value(std::ptr::null(), || {
        // SAFETY: forwarded from the caller.
        let found = unsafe { hits_arg(hits) }.and_then(|h| Some((h, h.row(index)?)));
        let slice = match found {
            Some((h, r)) => h.ranges.get(pick(r).clone()).unwrap_or(&[]),
            None => &[],
        };
        if !count.is_null() {
            // SAFETY: non-NULL and writable, by the caller's promise.
            unsafe { count.write(slice.len()) };
        }
        if slice.is_empty() {
            std::ptr::null()
        } else {
            slice.as_ptr()
        }
    })
}

/// The byte ranges of the matched words in `grill_hits_question(hits,
/// index)`, for highlighting. Writes their number to `*count` (when `count`
/// is not NULL) and returns the first, or NULL when there are none (also
/// when `hits` is NULL, `index` out of range or the list not from
/// `grill_search`). Valid until `grill_hits_free`.
///
/// # Safety
///
/// `hits` is NULL or a live `grill_hits`; `count` is NULL or valid for
/// writing a `size_t`.
#[no_mangle]
pub unsafe extern "C" fn grill_hits_question_highlights(
    hits: *const grill_hits,
    index: usize,
    count: *mut usize,
) -> *const grill_range {
    // SAFETY: forwarded from the caller.
    unsafe { ranges(hits, index, count, |r| &r.question_highlights) }
}

/// The byte ranges of the matched words in `grill_hits_snippet(hits,
/// index)`, as `grill_hits_question_highlights` does for the question.
///
/// # Safety
///
/// `hits` is NULL or a live `grill_hits`; `count` is NULL or valid for
/// writing a `size_t`.
#[no_mangle]
pub unsafe extern "C" fn grill_hits_snippet_highlights(
    hits: *const grill_hits,
    index: usize,
    count: *mut usize,
) -> *const grill_range {
    // SAFETY: forwarded from the caller.
    unsafe { ranges(hits, index, count, |r| &r.snippet_highlights) }
}

/// Frees a result list and every string it returned. NULL is accepted and
/// ignored.
///
/// # Safety
///
/// `hits` is NULL or a `grill_hits` from this library, not freed before.
#[no_mangle]
pub unsafe extern "C" fn grill_hits_free(hits: *mut grill_hits) {
    if !hits.is_null() {
        guard_value((), || {
            // SAFETY: it came from Box::into_raw in `put` and is freed once,
            // by the caller's promise.
            drop(unsafe { Box::from_raw(hits) });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn s(p: *const c_char) -> &'static str {
        assert!(!p.is_null());
        // SAFETY: a string from a live grill_hits, leaked by the test.
        unsafe { CStr::from_ptr(p) }.to_str().unwrap()
    }

    #[test]
    fn nuls_are_replaced_and_highlights_follow() {
        let text = "a\0b word";
        let h = Builder::build(1, 0, 0, |b| {
            let (at, r) = b.push_marked(text, &[0..1, 4..8]);
            b.hits.rows.push(Row {
                id: at,
                question: at,
                document: EMPTY,
                snippet: at,
                relation: SEARCH,
                reason: EMPTY,
                score: 1.0,
                semantic_score: f32::NAN,
                question_highlights: r.clone(),
                snippet_highlights: r,
            });
        });
        let h = Box::leak(h);
        let q = s(h.str_at(h.rows[0].question));
        assert_eq!(q, "a\u{FFFD}b word");
        let mut n = 0;
        // SAFETY: a live grill_hits and a writable count.
        let first = unsafe { grill_hits_question_highlights(h, 0, &mut n) };
        assert_eq!(n, 2);
        // SAFETY: two ranges at `first`.
        let ranges = unsafe { std::slice::from_raw_parts(first, n) };
        assert_eq!(&q[ranges[0].start..ranges[0].end], "a");
        assert_eq!(&q[ranges[1].start..ranges[1].end], "word");
        assert_eq!(s(h.str_at(h.rows[0].relation)), "search");
        assert_eq!(s(h.str_at(h.rows[0].reason)), "");
    }
}
