//! Opening and closing a knowledge base.

use std::ffi::c_char;

use grill_rs::KnowledgeBase;

use super::{clear_out, grill_status, guard, put, Failure, Outcome, GRILL_ERR_IO, GRILL_ERR_NULL};

/// An opened knowledge base: the embedded corpus or an archive.
///
/// Immutable once opened: any number of threads may call any function on
/// one `grill_kb` at the same time. Free it with `grill_kb_free` once no
/// thread uses it; results already obtained (`grill_hits`, `grill_question`)
/// stay valid after that.
pub struct grill_kb {
    pub(crate) kb: KnowledgeBase<'static>,
}

/// Counts of what a knowledge base holds (`grill_kb_stats`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct grill_stats {
    /// Source documents.
    pub documents: usize,
    /// Topics (section headings).
    pub topics: usize,
    /// Questions with an answer.
    pub answered: usize,
    /// Headings that group follow-up questions.
    pub groups: usize,
    /// Checklist prompts without an answer in their document.
    pub prompts: usize,
    /// Headings that are not questions, with text of their own.
    pub sections: usize,
}

/// Borrows a `grill_kb` argument.
///
/// # Safety
///
/// `kb` is NULL or a live pointer from a `grill_kb_open*` function.
pub(crate) unsafe fn kb_arg<'a>(kb: *const grill_kb) -> Outcome<&'a KnowledgeBase<'static>> {
    if kb.is_null() {
        return Err(Failure::new(GRILL_ERR_NULL, "kb is NULL"));
    }
    // SAFETY: non-NULL, and the caller promises it came from grill_kb_open*
    // and was not freed.
    Ok(unsafe { &(*kb).kb })
}

/// Opens the corpus compiled into the library: O(1), no copy, no I/O.
///
/// On success `*out` is a new `grill_kb` to free with `grill_kb_free`; on
/// failure it is NULL.
///
/// Errors: `GRILL_ERR_NULL` if `out` is NULL.
///
/// # Safety
///
/// `out` is NULL or valid for writing a pointer.
#[no_mangle]
pub unsafe extern "C" fn grill_kb_open_embedded(out: *mut *mut grill_kb) -> grill_status {
    guard("grill_kb_open_embedded", || {
        // SAFETY: forwarded from the caller.
        let out = unsafe { clear_out(out, "out") }?;
        let kb = Box::new(grill_kb {
            kb: grill_rs::embedded(),
        });
        // SAFETY: `out` was checked by clear_out.
        unsafe { put(out, kb) };
        Ok(())
    })
}

/// Opens an archive (as written by `grill compile`) from `len` bytes at
/// `bytes`, validating everything: magic, format version, length, checksum
/// and structure.
///
/// Ownership: the bytes are **copied** during the call; the caller keeps
/// ownership of `bytes` and may free or reuse the buffer as soon as this
/// function returns. On success `*out` is a new `grill_kb` to free with
/// `grill_kb_free`; on failure it is NULL.
///
/// Errors: `GRILL_ERR_NULL` if `bytes` or `out` is NULL (even when `len` is
/// 0), `GRILL_ERR_INVALID_ARCHIVE` if the bytes are not a valid archive.
///
/// # Safety
///
/// `bytes` is NULL or valid for reading `len` bytes during the call; `out`
/// is NULL or valid for writing a pointer.
#[no_mangle]
pub unsafe extern "C" fn grill_kb_open(
    bytes: *const u8,
    len: usize,
    out: *mut *mut grill_kb,
) -> grill_status {
    guard("grill_kb_open", || {
        // SAFETY: forwarded from the caller.
        let out = unsafe { clear_out(out, "out") }?;
        if bytes.is_null() {
            return Err(Failure::new(GRILL_ERR_NULL, "bytes is NULL"));
        }
        // SAFETY: non-NULL and valid for `len` bytes, by the caller's promise.
        let slice = unsafe { std::slice::from_raw_parts(bytes, len) };
        let kb = KnowledgeBase::from_vec(slice.to_vec())?;
        // SAFETY: `out` was checked by clear_out.
        unsafe { put(out, Box::new(grill_kb { kb })) };
        Ok(())
    })
}

/// Reads the archive file at `path` (as written by `grill compile`) and
/// opens it as `grill_kb_open` does. The file is read into memory once; it
/// may change or be removed afterwards.
///
/// Errors: `GRILL_ERR_NULL` if `path` or `out` is NULL, `GRILL_ERR_UTF8` if
/// `path` is not UTF-8 (on Windows only; elsewhere a path is any bytes),
/// `GRILL_ERR_IO` if the file cannot be read, `GRILL_ERR_INVALID_ARCHIVE`
/// if it is not a valid archive.
///
/// # Safety
///
/// `path` is NULL or a NUL-terminated string; `out` is NULL or valid for
/// writing a pointer.
#[no_mangle]
pub unsafe extern "C" fn grill_kb_open_file(
    path: *const c_char,
    out: *mut *mut grill_kb,
) -> grill_status {
    guard("grill_kb_open_file", || {
        // SAFETY: forwarded from the caller.
        let out = unsafe { clear_out(out, "out") }?;
        // SAFETY: forwarded from the caller.
        let path = unsafe { path_arg(path, "path") }?;
        let bytes = std::fs::read(&path).map_err(|e| {
            Failure::new(GRILL_ERR_IO, format!("cannot read {}: {e}", path.display()))
        })?;
        let kb = KnowledgeBase::from_vec(bytes).map_err(|e| {
            let mut failure = Failure::from(e);
            failure.message = format!("{}: {}", path.display(), failure.message);
            failure
        })?;
        // SAFETY: `out` was checked by clear_out.
        unsafe { put(out, Box::new(grill_kb { kb })) };
        Ok(())
    })
}

/// A path argument: any bytes on Unix, UTF-8 elsewhere.
///
/// # Safety
///
/// `path` is NULL or a NUL-terminated string.
pub(crate) unsafe fn path_arg(path: *const c_char, what: &str) -> Outcome<std::path::PathBuf> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        if path.is_null() {
            return Err(Failure::new(GRILL_ERR_NULL, format!("{what} is NULL")));
        }
        // SAFETY: non-NULL and NUL-terminated, by the caller's promise.
        let bytes = unsafe { std::ffi::CStr::from_ptr(path) }.to_bytes();
        Ok(std::ffi::OsStr::from_bytes(bytes).into())
    }
    #[cfg(not(unix))]
    {
        // SAFETY: forwarded from the caller.
        unsafe { super::str_arg(path, what) }.map(Into::into)
    }
}

/// Frees a knowledge base. NULL is accepted and ignored. No other thread may
/// be using it; results obtained from it stay valid.
///
/// # Safety
///
/// `kb` is NULL or a pointer from a `grill_kb_open*` function, not freed before.
#[no_mangle]
pub unsafe extern "C" fn grill_kb_free(kb: *mut grill_kb) {
    if !kb.is_null() {
        super::guard_value((), || {
            // SAFETY: the caller promises it came from Box::into_raw in
            // grill_kb_open* and is freed once.
            drop(unsafe { Box::from_raw(kb) });
        });
    }
}

/// The number of entries (answered questions, group headings and checklist
/// prompts); 0 if `kb` is NULL.
///
/// # Safety
///
/// `kb` is NULL or a live `grill_kb`.
#[no_mangle]
pub unsafe extern "C" fn grill_kb_len(kb: *const grill_kb) -> usize {
    // SAFETY: forwarded from the caller.
    super::guard_value(0, || unsafe { kb_arg(kb) }.map_or(0, |kb| kb.len()))
}

/// Writes the counts of what `kb` holds to `*out`.
///
/// Errors: `GRILL_ERR_NULL` if `kb` or `out` is NULL.
///
/// # Safety
///
/// `kb` is NULL or a live `grill_kb`; `out` is NULL or valid for writing a
/// `grill_stats`.
#[no_mangle]
pub unsafe extern "C" fn grill_kb_stats(
    kb: *const grill_kb,
    out: *mut grill_stats,
) -> grill_status {
    guard("grill_kb_stats", || {
        if out.is_null() {
            return Err(Failure::new(GRILL_ERR_NULL, "out is NULL"));
        }
        // SAFETY: forwarded from the caller.
        let kb = unsafe { kb_arg(kb) }?;
        let s = kb.stats();
        let stats = grill_stats {
            documents: s.documents,
            topics: s.topics,
            answered: s.answered,
            groups: s.groups,
            prompts: s.prompts,
            sections: s.sections,
        };
        // SAFETY: non-NULL and valid for writes, by the caller's promise.
        unsafe { out.write(stats) };
        Ok(())
    })
}
