//! Study state updates, and strings the library allocates for the caller.

use std::ffi::{c_char, c_int, CString};

use grill_rs::fsrs::Rating;
use grill_rs::StudyState;

use super::{
    clear_out, cstring, grill_status, guard, guard_value, opt_str_arg, str_arg, Failure, Outcome,
    GRILL_ERR_INVALID_ARGUMENT,
};

/// Parses a study state's text form; `None` or blank is a new learner.
pub(crate) fn parse_state(text: Option<&str>) -> Outcome<StudyState> {
    match text {
        Some(t) if !t.trim().is_empty() => Ok(StudyState::parse(t)?),
        _ => Ok(StudyState::default()),
    }
}

/// Records that the learner reviewed the question `id` at `now_unix_secs`
/// (seconds since the Unix epoch) and rated their recall `rating`: 1 again
/// (forgotten), 2 hard, 3 good, 4 easy. The FSRS scheduler updates the
/// question's memory.
///
/// `state_text` is the learner's current state in text form (a previous
/// result of this function), or NULL or `""` for a new learner; it is only
/// read. On success `*out_state_text` is the new state as a new string to
/// store (a file, `UserDefaults`, `SharedPreferences`) and to free with
/// `grill_string_free`; on failure it is NULL. The text form is small,
/// stable and line-based: a header line, then one line per question seen.
///
/// The id is not checked against a knowledge base (a state may outlive a
/// corpus); `grill_recommend` ignores ids it does not know.
///
/// Errors: `GRILL_ERR_NULL` if `id` or `out_state_text` is NULL,
/// `GRILL_ERR_UTF8` if `state_text` or `id` is not UTF-8,
/// `GRILL_ERR_INVALID_ARGUMENT` if `rating` is not 1-4, `state_text` is not a
/// study state (the message names the line) or `id` is empty or holds a tab
/// or line break.
///
/// # Safety
///
/// `state_text` and `id` are NULL or NUL-terminated strings;
/// `out_state_text` is NULL or valid for writing a pointer.
#[no_mangle]
pub unsafe extern "C" fn grill_study_review(
    state_text: *const c_char,
    id: *const c_char,
    rating: c_int,
    now_unix_secs: i64,
    out_state_text: *mut *mut c_char,
) -> grill_status {
    guard("grill_study_review", || {
        // SAFETY: forwarded from the caller.
        let out = unsafe { clear_out(out_state_text, "out_state_text") }?;
        // SAFETY: as above.
        let state = unsafe { opt_str_arg(state_text, "state_text") }?;
        // SAFETY: as above.
        let id = unsafe { str_arg(id, "id") }?;
        let rating = u8::try_from(rating)
            .ok()
            .and_then(Rating::from_number)
            .ok_or_else(|| {
                Failure::new(
                    GRILL_ERR_INVALID_ARGUMENT,
                    format!("rating {rating} is not 1 (again), 2 (hard), 3 (good) or 4 (easy)"),
                )
            })?;
        if id.is_empty() || id.contains(['\t', '\n', '\r']) {
            return Err(Failure::new(
                GRILL_ERR_INVALID_ARGUMENT,
                format!("id {id:?} is empty or holds a tab or line break"),
            ));
        }
        let mut state = parse_state(state)?;
        state.review(id, rating, now_unix_secs);
        let text: CString = cstring(&state.to_text());
        // SAFETY: `out` was checked by clear_out.
        unsafe { out.write(text.into_raw()) };
        Ok(())
    })
}

/// Frees a string this library allocated for the caller (the new state of
/// `grill_study_review`). NULL is accepted and ignored. Never pass it a
/// string from anywhere else (including `grill_hits_*` and
/// `grill_question_*` accessors, which belong to their result).
///
/// # Safety
///
/// `s` is NULL or a string returned to the caller by this library, not freed
/// before.
#[no_mangle]
pub unsafe extern "C" fn grill_string_free(s: *mut c_char) {
    if !s.is_null() {
        guard_value((), || {
            // SAFETY: it came from CString::into_raw and is freed once, by
            // the caller's promise.
            drop(unsafe { CString::from_raw(s) });
        });
    }
}
