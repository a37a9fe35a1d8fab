//! One question's full record.

use std::ffi::{c_char, CString};

use grill_rs::QuestionKind;

use super::kb::{grill_kb, kb_arg};
use super::{clear_out, cstring, grill_status, guard, guard_value, put, str_arg};

/// What kind of entry a question is.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum grill_kind {
    /// Returned by `grill_question_kind` for a NULL question.
    GRILL_KIND_INVALID = 0,
    /// A question with an answer.
    GRILL_KIND_ANSWERED = 1,
    /// A heading that groups follow-up questions; it may have no answer.
    GRILL_KIND_GROUP = 2,
    /// A checklist prompt without an answer in its document.
    GRILL_KIND_PROMPT = 3,
    /// A heading that is not a question, with text of its own: its prompt is
    /// the heading, its answer the text.
    GRILL_KIND_SECTION = 4,
}

pub use grill_kind::*;

/// The separator `grill_question_path` puts between headings: `" › "`.
const PATH_SEPARATOR: &str = " \u{203a} ";

/// The full record of one question, from `grill_question_get`.
///
/// It owns its strings: they stay valid until `grill_question_free`, also
/// after the `grill_kb` is freed. Immutable: threads may read it at once.
pub struct grill_question {
    id: CString,
    prompt: CString,
    title: Option<CString>,
    answer: Option<CString>,
    testing: Option<CString>,
    follow_up_details: Option<CString>,
    kind: grill_kind,
    document: CString,
    document_title: CString,
    topic: Option<CString>,
    path: CString,
    path_parts: Vec<CString>,
    line: u32,
    parent: Option<CString>,
    children: Vec<CString>,
}

/// Looks up the question `id` (`"sample-interview-qa/why-postgresql-over-dynamodb"`)
/// and copies its full record: prompt, answer, "what they're testing",
/// follow-up details, document, topic path, parent and children.
///
/// On success `*out` is a new `grill_question` to free with
/// `grill_question_free`; on failure it is NULL.
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
pub unsafe extern "C" fn grill_question_get(
    kb: *const grill_kb,
    id: *const c_char,
    out: *mut *mut grill_question,
) -> grill_status {
    guard("grill_question_get", || {
        // SAFETY: forwarded from the caller.
        let out = unsafe { clear_out(out, "out") }?;
        // SAFETY: as above.
        let kb = unsafe { kb_arg(kb) }?;
        // SAFETY: as above.
        let id = unsafe { str_arg(id, "id") }?;
        let q = kb.get(id)?;
        let path = q.path();
        let record = grill_question {
            id: cstring(q.id()),
            prompt: cstring(q.prompt()),
            title: q.title().map(cstring),
            answer: q.answer().map(cstring),
            testing: q.testing().map(cstring),
            follow_up_details: q.follow_up_details().map(cstring),
            kind: match q.kind() {
                QuestionKind::Answered => GRILL_KIND_ANSWERED,
                QuestionKind::Group => GRILL_KIND_GROUP,
                QuestionKind::Prompt => GRILL_KIND_PROMPT,
                QuestionKind::Section => GRILL_KIND_SECTION,
            },
            document: cstring(q.document().slug()),
            document_title: cstring(q.document().title()),
            topic: q.topic().map(|t| cstring(t.id())),
            path: cstring(&path.join(PATH_SEPARATOR)),
            path_parts: path.iter().map(|p| cstring(p)).collect(),
            line: q.line(),
            parent: q.parent().map(|p| cstring(p.id())),
            children: q.children().map(|c| cstring(c.id())).collect(),
        };
        // SAFETY: `out` was checked by clear_out.
        unsafe { put(out, Box::new(record)) };
        Ok(())
    })
}

/// A string of a question, or NULL.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
unsafe fn text(
    q: *const grill_question,
    pick: fn(&grill_question) -> Option<&CString>,
) -> *const c_char {
    guard_value(std::ptr::null(), || {
        // SAFETY: NULL or live, by the caller's promise.
        unsafe { q.as_ref() }
            .and_then(pick)
            .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// The question's id. NULL if `q` is NULL. Valid until `grill_question_free`.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_id(q: *const grill_question) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { text(q, |q| Some(&q.id)) }
}

/// The question (prompt) as written in its document. NULL if `q` is NULL.
/// Valid until `grill_question_free`.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_prompt(q: *const grill_question) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { text(q, |q| Some(&q.prompt)) }
}

/// A short title where the document gives one (`"Trade-offs Explanation"`),
/// else NULL (also if `q` is NULL). Valid until `grill_question_free`.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_title(q: *const grill_question) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { text(q, |q| q.title.as_ref()) }
}

/// The answer, in Markdown; NULL when the question has none (group headings,
/// checklist prompts) or `q` is NULL. Valid until `grill_question_free`.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_answer(q: *const grill_question) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { text(q, |q| q.answer.as_ref()) }
}

/// "What they're testing", in Markdown; NULL when the document does not say
/// or `q` is NULL. Valid until `grill_question_free`.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_testing(q: *const grill_question) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { text(q, |q| q.testing.as_ref()) }
}

/// The follow-up details the document gives, in Markdown; NULL when none or
/// `q` is NULL. Valid until `grill_question_free`.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_follow_up_details(
    q: *const grill_question,
) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { text(q, |q| q.follow_up_details.as_ref()) }
}

/// What kind of entry the question is; `GRILL_KIND_INVALID` if `q`
/// is NULL.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_kind(q: *const grill_question) -> grill_kind {
    guard_value(GRILL_KIND_INVALID, || {
        // SAFETY: NULL or live, by the caller's promise.
        unsafe { q.as_ref() }.map_or(GRILL_KIND_INVALID, |q| q.kind)
    })
}

/// The slug of the question's document (`"sample-interview-qa"`). NULL if
/// `q` is NULL. Valid until `grill_question_free`.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_document(q: *const grill_question) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { text(q, |q| Some(&q.document)) }
}

/// The title of the question's document. NULL if `q` is NULL. Valid until
/// `grill_question_free`.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_document_title(q: *const grill_question) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { text(q, |q| Some(&q.document_title)) }
}

/// The id of the topic (section) the question is in, usable as
/// `grill_search_options.topic`; NULL if it is in none or `q` is NULL.
/// Valid until `grill_question_free`.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_topic(q: *const grill_question) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { text(q, |q| q.topic.as_ref()) }
}

/// The headings above the question, outermost first, joined with `" › "`
/// (`"Databases › PostgreSQL"`); `""` when there are none. NULL if `q` is
/// NULL. Valid until `grill_question_free`.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_path(q: *const grill_question) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { text(q, |q| Some(&q.path)) }
}

/// The number of headings above the question; 0 if `q` is NULL.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_path_len(q: *const grill_question) -> usize {
    guard_value(0, || {
        // SAFETY: NULL or live, by the caller's promise.
        unsafe { q.as_ref() }.map_or(0, |q| q.path_parts.len())
    })
}

/// Heading `index` above the question, outermost first; NULL if `q` is NULL
/// or `index` is out of range. Valid until `grill_question_free`.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_path_at(
    q: *const grill_question,
    index: usize,
) -> *const c_char {
    guard_value(std::ptr::null(), || {
        // SAFETY: NULL or live, by the caller's promise.
        unsafe { q.as_ref() }
            .and_then(|q| q.path_parts.get(index))
            .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// The 1-based line of the question in its document; 0 if `q` is NULL.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_line(q: *const grill_question) -> u32 {
    // SAFETY: NULL or live, by the caller's promise.
    guard_value(0, || unsafe { q.as_ref() }.map_or(0, |q| q.line))
}

/// The id of the question this one is a follow-up of; NULL if none or `q` is
/// NULL. Valid until `grill_question_free`.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_parent(q: *const grill_question) -> *const c_char {
    // SAFETY: forwarded from the caller.
    unsafe { text(q, |q| q.parent.as_ref()) }
}

/// The number of follow-up questions grouped under this one; 0 if `q` is NULL.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_children_len(q: *const grill_question) -> usize {
    // SAFETY: NULL or live, by the caller's promise.
    guard_value(0, || unsafe { q.as_ref() }.map_or(0, |q| q.children.len()))
}

/// The id of follow-up `index` grouped under this question, in document
/// order; NULL if `q` is NULL or `index` is out of range. Valid until
/// `grill_question_free`.
///
/// # Safety
///
/// `q` is NULL or a live `grill_question`.
#[no_mangle]
pub unsafe extern "C" fn grill_question_child(
    q: *const grill_question,
    index: usize,
) -> *const c_char {
    guard_value(std::ptr::null(), || {
        // SAFETY: NULL or live, by the caller's promise.
        unsafe { q.as_ref() }
            .and_then(|q| q.children.get(index))
            .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// Frees a question record and every string it returned. NULL is accepted
/// and ignored.
///
/// # Safety
///
/// `q` is NULL or a `grill_question` from `grill_question_get`, not freed
/// before.
#[no_mangle]
pub unsafe extern "C" fn grill_question_free(q: *mut grill_question) {
    if !q.is_null() {
        guard_value((), || {
            // SAFETY: it came from Box::into_raw in `put` and is freed once,
            // by the caller's promise.
            drop(unsafe { Box::from_raw(q) });
        });
    }
}
