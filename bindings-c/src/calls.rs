//! The calls that answer with a result list (`grill_hits`): search with its
//! options, the graph's neighbours, a mock interview, study recommendations.

use std::ffi::c_char;

use std::ffi::c_int;

use grill_rs::{Neighbor, Scope, SearchOptions, Semantic};

use super::hits::grill_hits;
use super::kb::{grill_kb, kb_arg};
use super::{
    clear_out, grill_status, guard, opt_str_arg, put, str_arg, Failure, Outcome,
    GRILL_ERR_INVALID_ARGUMENT,
};

/// The longest snippet `grill_search` makes, in bytes of source text; larger
/// `snippet_bytes` are cut to this.
pub const GRILL_MAX_SNIPPET_BYTES: usize = 4096;

/// What `grill_search` should do. Initialise it with
/// `grill_search_options_default()` and change the fields you need, so that
/// code keeps compiling and meaning the same when fields are added.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct grill_search_options {
    /// Most hits returned (default 10).
    pub limit: usize,
    /// Hits skipped before the first returned, for paging (default 0).
    pub offset: usize,
    /// Length of each hit's snippet in bytes of source text, 0 for none
    /// (default 200, at most `GRILL_MAX_SNIPPET_BYTES`).
    pub snippet_bytes: usize,
    /// Non-zero: widen words the corpus does not know by one or two edits
    /// (default 1).
    pub fuzzy: u8,
    /// Non-zero: the last word also matches as a prefix, for search as you
    /// type (default 1).
    pub prefix: u8,
    /// Non-zero: expand glossary abbreviations and synonyms, `k8s` →
    /// Kubernetes (default 1).
    pub synonyms: u8,
    /// Only hits in the document with this slug (`"sample-interview-qa"`);
    /// NULL for all (the default). Read during the call only.
    pub document: *const c_char,
    /// Only hits in this topic and the topics below it, by topic id; NULL
    /// for all (the default). At most one of `document` and `topic` may be
    /// set. Read during the call only.
    pub topic: *const c_char,
}

/// The default search options: 10 hits, no offset, 200-byte snippets, typo
/// tolerance, prefix matching and synonyms on, no scope.
#[no_mangle]
pub extern "C" fn grill_search_options_default() -> grill_search_options {
    let d = SearchOptions::default();
    grill_search_options {
        limit: d.limit,
        offset: d.offset,
        snippet_bytes: d.snippet_bytes,
        fuzzy: d.fuzzy.into(),
        prefix: d.prefix.into(),
        synonyms: d.synonyms.into(),
        document: std::ptr::null(),
        topic: std::ptr::null(),
    }
}

/// Searches the knowledge base for `query` (any UTF-8 text: words, `"quoted
/// phrases"`, typos, abbreviations), best hits first.
///
/// `opts` may be NULL for the defaults (`grill_search_options_default()`).
/// On success `*out` is a new `grill_hits` (possibly empty) to free with
/// `grill_hits_free`; on failure it is NULL. Each hit has an id, the
/// question, its document, a score (higher is better), a snippet of the
/// answer and highlight ranges; its relation is `"search"` and its reason
/// `""`.
///
/// Errors: `GRILL_ERR_NULL` if `kb`, `query` or `out` is NULL,
/// `GRILL_ERR_UTF8` if `query`, `opts->document` or `opts->topic` is not
/// UTF-8, `GRILL_ERR_NOT_FOUND` for an unknown document or topic,
/// `GRILL_ERR_INVALID_ARGUMENT` if both `opts->document` and `opts->topic`
/// are set.
///
/// # Safety
///
/// `kb` is NULL or a live `grill_kb`; `query` is NULL or a NUL-terminated
/// string; `opts` is NULL or points to a `grill_search_options` whose
/// `document` and `topic` are NULL or NUL-terminated strings; `out` is NULL
/// or valid for writing a pointer.
#[no_mangle]
pub unsafe extern "C" fn grill_search(
    kb: *const grill_kb,
    query: *const c_char,
    opts: *const grill_search_options,
    out: *mut *mut grill_hits,
) -> grill_status {
    guard("grill_search", || {
        // SAFETY: forwarded from the caller.
        let out = unsafe { clear_out(out, "out") }?;
        // SAFETY: as above.
        let kb = unsafe { kb_arg(kb) }?;
        // SAFETY: as above.
        let query = unsafe { str_arg(query, "query") }?;
        // SAFETY: as above.
        let options = unsafe { search_options(opts, kb) }?;
        let hits = kb.search(query, &options)?;
        // SAFETY: `out` was checked by clear_out.
        unsafe { put(out, grill_hits::from_search(&hits)) };
        Ok(())
    })
}

/// Whether `grill_search_with_model` also compares meaning. Passed as an
/// `int`: a value that is none of these is `GRILL_ERR_INVALID_ARGUMENT`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum grill_semantic {
    /// Words only, as `grill_search`; the model is not used (it may be NULL).
    GRILL_SEMANTIC_OFF = 0,
    /// Words and meaning; fails with `GRILL_ERR_MODEL` when it cannot: the
    /// model is NULL, the archive has no entry vectors, or they were made by
    /// another model.
    GRILL_SEMANTIC_ON = 1,
    /// Words and meaning when the model is not NULL and the archive has its
    /// vectors; words only otherwise.
    GRILL_SEMANTIC_AUTO = 2,
}

pub use grill_semantic::*;

/// The mode of a `grill_semantic` passed as an `int`.
pub(crate) fn semantic_arg(semantic: c_int) -> Outcome<Semantic> {
    match semantic {
        0 => Ok(Semantic::Off),
        1 => Ok(Semantic::On),
        2 => Ok(Semantic::Auto),
        other => Err(Failure::new(
            GRILL_ERR_INVALID_ARGUMENT,
            format!(
                "semantic is {other}: expected GRILL_SEMANTIC_OFF (0), \
                 GRILL_SEMANTIC_ON (1) or GRILL_SEMANTIC_AUTO (2)"
            ),
        )),
    }
}

/// Converts C search options.
///
/// # Safety
///
/// `opts` is NULL or valid, its strings NULL or NUL-terminated.
pub(crate) unsafe fn search_options(
    opts: *const grill_search_options,
    kb: &grill_rs::KnowledgeBase<'_>,
) -> Outcome<SearchOptions> {
    // SAFETY: NULL or valid, by the caller's promise.
    let Some(o) = (unsafe { opts.as_ref() }) else {
        return Ok(SearchOptions::default());
    };
    // SAFETY: NULL or NUL-terminated, by the caller's promise.
    let document = unsafe { opt_str_arg(o.document, "opts->document") }?;
    // SAFETY: as above.
    let topic = unsafe { opt_str_arg(o.topic, "opts->topic") }?;
    let scope = Scope::from_parts(document.map(str::to_string), topic.map(str::to_string))
        .map_err(|_| {
            Failure::new(
                GRILL_ERR_INVALID_ARGUMENT,
                "opts->document and opts->topic are both set; at most one may be",
            )
        })?;
    Ok(SearchOptions {
        limit: cap(o.limit, kb),
        offset: o.offset,
        fuzzy: o.fuzzy != 0,
        prefix: o.prefix != 0,
        synonyms: o.synonyms != 0,
        scope,
        explain: false,
        snippet_bytes: o.snippet_bytes.min(GRILL_MAX_SNIPPET_BYTES),
        // Words only; grill_search_with_model sets the mode it is given.
        semantic: Semantic::Off,
    })
}

/// Runs a graph query on the question `id` and hands its neighbours to C.
///
/// # Safety
///
/// As for the graph entry points.
unsafe fn graph_call(
    name: &str,
    kb: *const grill_kb,
    id: *const c_char,
    id_name: &str,
    out: *mut *mut grill_hits,
    query: impl for<'k> FnOnce(
        &'k grill_rs::KnowledgeBase<'static>,
        &str,
    ) -> Result<Vec<Neighbor<'k>>, grill_rs::Error>,
) -> grill_status {
    guard(name, || {
        // SAFETY: forwarded from the caller.
        let out = unsafe { clear_out(out, "out") }?;
        // SAFETY: as above.
        let kb = unsafe { kb_arg(kb) }?;
        // SAFETY: as above.
        let id = unsafe { str_arg(id, id_name) }?;
        let neighbors = query(kb, id)?;
        // SAFETY: `out` was checked by clear_out.
        unsafe { put(out, grill_hits::from_neighbors(&neighbors)) };
        Ok(())
    })
}

/// Up to `limit` questions an interviewer is likely to ask after the
/// question `id`, in this order: the follow-ups the document groups under
/// it, the next follow-ups of its parent, follow-ups of the same question
/// elsewhere, later questions of its topic, questions on its concepts, then
/// related questions.
///
/// Each hit's relation is the link's kind (`"follow_up"`,
/// `"next_follow_up"`, `"same_topic"`, `"same_concept"`, `"related"`, ...),
/// its reason a short sentence, its score the link's weight in (0, 1], and
/// its snippet `""`.
///
/// Errors: `GRILL_ERR_NULL` if `kb`, `id` or `out` is NULL,
/// `GRILL_ERR_UTF8` if `id` is not UTF-8, `GRILL_ERR_NOT_FOUND` if no
/// question has this id.
///
/// # Safety
///
/// `kb` is NULL or a live `grill_kb`; `id` is NULL or a NUL-terminated
/// string; `out` is NULL or valid for writing a pointer.
#[no_mangle]
pub unsafe extern "C" fn grill_follow_ups(
    kb: *const grill_kb,
    id: *const c_char,
    limit: usize,
    out: *mut *mut grill_hits,
) -> grill_status {
    // SAFETY: forwarded from the caller.
    unsafe {
        graph_call("grill_follow_ups", kb, id, "id", out, |kb, id| {
            kb.follow_ups(id, cap(limit, kb))
        })
    }
}

/// Up to `limit` questions most similar by content to the question `id`
/// that no other link connects to it, most similar first (relation
/// `"related"`, score the similarity).
///
/// Errors: as for `grill_follow_ups`.
///
/// # Safety
///
/// As for `grill_follow_ups`.
#[no_mangle]
pub unsafe extern "C" fn grill_related(
    kb: *const grill_kb,
    id: *const c_char,
    limit: usize,
    out: *mut *mut grill_hits,
) -> grill_status {
    // SAFETY: forwarded from the caller.
    unsafe {
        graph_call("grill_related", kb, id, "id", out, |kb, id| {
            kb.related(id, cap(limit, kb))
        })
    }
}

/// The same question as `id` asked in other places, most alike first
/// (relation `"same_question"`); often empty.
///
/// Errors: as for `grill_follow_ups`.
///
/// # Safety
///
/// As for `grill_follow_ups`.
#[no_mangle]
pub unsafe extern "C" fn grill_same_as(
    kb: *const grill_kb,
    id: *const c_char,
    out: *mut *mut grill_hits,
) -> grill_status {
    // SAFETY: forwarded from the caller.
    unsafe { graph_call("grill_same_as", kb, id, "id", out, |kb, id| kb.same_as(id)) }
}

/// A mock interview of `depth` questions (fewer if the chain runs out): an
/// opener, then each step the best follow-up of the step before not yet
/// asked. `start` is a question id (the opener), a topic id (its first
/// answered question opens), or `""` for the corpus's first answered
/// question. The same start always gives the same interview.
///
/// Errors: `GRILL_ERR_NULL` if `kb`, `start` or `out` is NULL,
/// `GRILL_ERR_UTF8` if `start` is not UTF-8, `GRILL_ERR_NOT_FOUND` if
/// `start` is neither a question nor a topic.
///
/// # Safety
///
/// As for `grill_follow_ups`, with `start` for `id`.
#[no_mangle]
pub unsafe extern "C" fn grill_mock_interview(
    kb: *const grill_kb,
    start: *const c_char,
    depth: usize,
    out: *mut *mut grill_hits,
) -> grill_status {
    // SAFETY: forwarded from the caller.
    unsafe {
        graph_call(
            "grill_mock_interview",
            kb,
            start,
            "start",
            out,
            |kb, start| kb.mock_interview(start, cap(depth, kb)),
        )
    }
}

/// Up to `limit` questions to study now: reviews that are due (FSRS), the
/// unseen follow-ups of what was studied last, then new questions covering
/// topics and concepts not yet met.
///
/// `state_text` is the learner's study state in its text form (as returned
/// by `grill_study_review`), or NULL or `""` for a new learner;
/// `now_unix_secs` is the current time in seconds since the Unix epoch. The
/// same state and time always give the same list.
///
/// Each hit's relation is why it is recommended (`"due"`, `"follow_up"`,
/// `"new_topic"`, `"new_concept"`, `"new"`), its reason a short sentence
/// (the same as the CLI's: "new question", "due for review (recall 71%,
/// 2 days overdue)"), its
/// score the chance of recall in [0, 1] for a due review and 0 otherwise,
/// its snippet `""`.
///
/// Errors: `GRILL_ERR_NULL` if `kb` or `out` is NULL, `GRILL_ERR_UTF8` if
/// `state_text` is not UTF-8, `GRILL_ERR_INVALID_ARGUMENT` if it is not a
/// study state (the message names the line).
///
/// # Safety
///
/// `kb` is NULL or a live `grill_kb`; `state_text` is NULL or a
/// NUL-terminated string; `out` is NULL or valid for writing a pointer.
#[no_mangle]
pub unsafe extern "C" fn grill_recommend(
    kb: *const grill_kb,
    state_text: *const c_char,
    now_unix_secs: i64,
    limit: usize,
    out: *mut *mut grill_hits,
) -> grill_status {
    guard("grill_recommend", || {
        // SAFETY: forwarded from the caller.
        let out = unsafe { clear_out(out, "out") }?;
        // SAFETY: as above.
        let kb = unsafe { kb_arg(kb) }?;
        // SAFETY: as above.
        let state = super::study::parse_state(unsafe { opt_str_arg(state_text, "state_text") }?)?;
        let recs = kb.recommend(&state, now_unix_secs, cap(limit, kb));
        // SAFETY: `out` was checked by clear_out.
        unsafe { put(out, grill_hits::from_recommendations(&recs)) };
        Ok(())
    })
}

/// Caps a count asked for by C at what the knowledge base could return, so
/// that no huge value reaches an allocation.
fn cap(n: usize, kb: &grill_rs::KnowledgeBase<'_>) -> usize {
    n.min(kb.len())
}
