//! The sentence-embedding model for semantic search: loading it from a
//! folder or from bytes, its accessors, freeing it, and the search call
//! that uses it, `grill_search_with_model`.

use std::ffi::{c_char, c_int, CString};

use grill_embed::Embedder;
use grill_rs::semantic::Embed;
use grill_rs::Semantic;

use super::calls::{grill_search_options, search_options, semantic_arg};
use super::hits::grill_hits;
use super::kb::{grill_kb, kb_arg};
use super::str_arg;

use super::kb::path_arg;
use super::{
    clear_out, cstring, grill_status, guard, guard_value, put, Failure, Outcome, GRILL_ERR_MODEL,
    GRILL_ERR_NULL,
};

/// A loaded sentence-embedding model (all-MiniLM-L6-v2, as installed by
/// `scripts/fetch-model.sh`), for `grill_search_with_model`.
///
/// Loading reads about 90 MB of weights and takes about a second; with the
/// model loaded the process uses about 200 MB more. Load it once and keep
/// it: one model serves any number of `grill_kb` whose vectors it made.
///
/// Immutable once loaded: any number of threads may search with one
/// `grill_model` at the same time (each search embeds its query during the
/// call; nothing is cached between calls). Free it with `grill_model_free`
/// once no thread uses it; results already obtained stay valid.
pub struct grill_model {
    pub(crate) embedder: Embedder,
    /// The model's name, for `grill_model_name`.
    name: CString,
}

impl grill_model {
    fn new(embedder: Embedder) -> Box<grill_model> {
        let name = cstring(&embedder.model().name);
        Box::new(grill_model { embedder, name })
    }
}

/// Borrows a `grill_model` argument that may be NULL.
///
/// # Safety
///
/// `model` is NULL or a live pointer from a `grill_model_*` constructor.
pub(crate) unsafe fn opt_model_arg<'a>(model: *const grill_model) -> Option<&'a grill_model> {
    // SAFETY: NULL or live, by the caller's promise.
    unsafe { model.as_ref() }
}

/// Loads the model folder `dir`: its `config.json`, `tokenizer.json` and
/// `model.safetensors` (and `sentence_bert_config.json` when present).
/// `dir` NULL means the default folder: `$GRILL_MODEL`, else
/// `$XDG_DATA_HOME/grill/model`, else `~/.local/share/grill/model`, where
/// `scripts/fetch-model.sh` installs it. The library never downloads
/// anything.
///
/// The files are read during the call only. On success `*out` is a new
/// `grill_model` to free with `grill_model_free`; on failure it is NULL.
///
/// Errors: `GRILL_ERR_NULL` if `out` is NULL, `GRILL_ERR_UTF8` if `dir` is
/// not UTF-8 (on Windows only), `GRILL_ERR_MODEL` if there is no folder, a
/// file is missing or unreadable (the message names it), or the files are
/// not a BERT sentence encoder.
///
/// # Safety
///
/// `dir` is NULL or a NUL-terminated string; `out` is NULL or valid for
/// writing a pointer.
#[no_mangle]
pub unsafe extern "C" fn grill_model_open(
    dir: *const c_char,
    out: *mut *mut grill_model,
) -> grill_status {
    guard("grill_model_open", || {
        // SAFETY: forwarded from the caller.
        let out = unsafe { clear_out(out, "out") }?;
        let dir = if dir.is_null() {
            grill_embed::model_dir(None).ok_or_else(|| {
                Failure::new(
                    GRILL_ERR_MODEL,
                    "dir is NULL and there is no default model folder (no $GRILL_MODEL, \
                     $XDG_DATA_HOME or $HOME): pass the folder",
                )
            })?
        } else {
            // SAFETY: forwarded from the caller.
            unsafe { path_arg(dir, "dir") }?
        };
        let embedder = Embedder::load(&dir)?;
        // SAFETY: `out` was checked by clear_out.
        unsafe { put(out, grill_model::new(embedder)) };
        Ok(())
    })
}

/// Loads a model from its three files already in memory, for apps that ship
/// the model inside their bundle: `config.json`, `tokenizer.json` and
/// `model.safetensors`. Texts are cut at 256 tokens.
///
/// Ownership: the bytes are read during the call only; the caller may free
/// its buffers as soon as this function returns. On success `*out` is a new
/// `grill_model` to free with `grill_model_free`; on failure it is NULL.
///
/// Errors: `GRILL_ERR_NULL` if a pointer is NULL (even with a length of 0),
/// `GRILL_ERR_MODEL` if the bytes are not a BERT configuration, a tokenizer
/// and weights that fit together.
///
/// # Safety
///
/// `config`, `tokenizer` and `weights` are NULL or valid for reading
/// `config_len`, `tokenizer_len` and `weights_len` bytes during the call;
/// `out` is NULL or valid for writing a pointer.
#[no_mangle]
pub unsafe extern "C" fn grill_model_from_bytes(
    config: *const u8,
    config_len: usize,
    tokenizer: *const u8,
    tokenizer_len: usize,
    weights: *const u8,
    weights_len: usize,
    out: *mut *mut grill_model,
) -> grill_status {
    guard("grill_model_from_bytes", || {
        // SAFETY: forwarded from the caller.
        let out = unsafe { clear_out(out, "out") }?;
        // SAFETY: as above.
        let config = unsafe { bytes_arg(config, config_len, "config") }?;
        // SAFETY: as above.
        let tokenizer = unsafe { bytes_arg(tokenizer, tokenizer_len, "tokenizer") }?;
        // SAFETY: as above.
        let weights = unsafe { bytes_arg(weights, weights_len, "weights") }?;
        let embedder = Embedder::from_bytes("model", config, tokenizer, weights)?;
        // SAFETY: `out` was checked by clear_out.
        unsafe { put(out, grill_model::new(embedder)) };
        Ok(())
    })
}

/// Borrows a byte-buffer argument.
///
/// # Safety
///
/// `bytes` is NULL or valid for reading `len` bytes for `'a`.
unsafe fn bytes_arg<'a>(bytes: *const u8, len: usize, what: &str) -> Outcome<&'a [u8]> {
    if bytes.is_null() {
        return Err(Failure::new(GRILL_ERR_NULL, format!("{what} is NULL")));
    }
    // SAFETY: non-NULL and valid for `len` bytes, by the caller's promise.
    Ok(unsafe { std::slice::from_raw_parts(bytes, len) })
}

/// The number of dimensions of the model's vectors (384 for
/// all-MiniLM-L6-v2); 0 if `model` is NULL.
///
/// # Safety
///
/// `model` is NULL or a live `grill_model`.
#[no_mangle]
pub unsafe extern "C" fn grill_model_dims(model: *const grill_model) -> usize {
    guard_value(0, || {
        // SAFETY: forwarded from the caller.
        unsafe { opt_model_arg(model) }.map_or(0, |m| m.embedder.model().dims as usize)
    })
}

/// The model's name (`"sentence-transformers/all-MiniLM-L6-v2"` when its
/// files are that model's; otherwise the folder's name, or `"model"` for
/// `grill_model_from_bytes`). NULL if `model` is NULL. Valid until
/// `grill_model_free`.
///
/// # Safety
///
/// `model` is NULL or a live `grill_model`.
#[no_mangle]
pub unsafe extern "C" fn grill_model_name(model: *const grill_model) -> *const c_char {
    guard_value(std::ptr::null(), || {
        // SAFETY: forwarded from the caller.
        unsafe { opt_model_arg(model) }.map_or(std::ptr::null(), |m| m.name.as_ptr())
    })
}

/// Frees a model. NULL is accepted and ignored. No other thread may be
/// using it; results obtained with it stay valid.
///
/// # Safety
///
/// `model` is NULL or a pointer from `grill_model_open` or
/// `grill_model_from_bytes`, not freed before.
#[no_mangle]
pub unsafe extern "C" fn grill_model_free(model: *mut grill_model) {
    if !model.is_null() {
        guard_value((), || {
            // SAFETY: it came from Box::into_raw in `put` and is freed once,
            // by the caller's promise.
            drop(unsafe { Box::from_raw(model) });
        });
    }
}

/// Searches the knowledge base as `grill_search` does, and also by meaning
/// with `model` as `semantic` says (a `grill_semantic`: `GRILL_SEMANTIC_OFF`,
/// `GRILL_SEMANTIC_ON` or `GRILL_SEMANTIC_AUTO`). A paraphrase that shares
/// no word with the question it means ("one service falling over takes
/// everything else down") finds it.
///
/// The query is embedded by the model (about 25 ms on a small VM), and
/// its nearest entry vectors are fused with the word matches. The embedded
/// corpus carries vectors made by all-MiniLM-L6-v2, the model
/// `scripts/fetch-model.sh` installs; an archive has them when compiled with
/// `grill compile --model DIR`.
///
/// `model` may be NULL (words only, unless `semantic` is
/// `GRILL_SEMANTIC_ON`); `opts` may be NULL for the defaults. On success
/// `*out` is a new `grill_hits` to free with `grill_hits_free`; on failure
/// it is NULL. Hits are as `grill_search`'s; when meaning was compared,
/// `grill_hits_semantic_score` gives each hit's cosine similarity to the
/// query, and the score is the fused score.
///
/// Errors: as for `grill_search`, and `GRILL_ERR_INVALID_ARGUMENT` if
/// `semantic` is not a `grill_semantic`, `GRILL_ERR_MODEL` if `semantic` is
/// `GRILL_SEMANTIC_ON` and semantic search cannot run (the message says
/// why) or the model fails on the query.
///
/// # Safety
///
/// As for `grill_search`; `model` is NULL or a live `grill_model`.
#[no_mangle]
pub unsafe extern "C" fn grill_search_with_model(
    kb: *const grill_kb,
    model: *const grill_model,
    query: *const c_char,
    opts: *const grill_search_options,
    semantic: c_int,
    out: *mut *mut grill_hits,
) -> grill_status {
    guard("grill_search_with_model", || {
        // SAFETY: forwarded from the caller.
        let out = unsafe { clear_out(out, "out") }?;
        // SAFETY: as above.
        let kb = unsafe { kb_arg(kb) }?;
        // SAFETY: as above.
        let model = unsafe { opt_model_arg(model) };
        // SAFETY: as above.
        let query = unsafe { str_arg(query, "query") }?;
        let mode = semantic_arg(semantic)?;
        // SAFETY: as above.
        let mut options = unsafe { search_options(opts, kb) }?;
        options.semantic = mode;
        if mode == Semantic::On && model.is_none() {
            return Err(Failure::new(
                GRILL_ERR_MODEL,
                "semantic is GRILL_SEMANTIC_ON but model is NULL: open one with \
                 grill_model_open (scripts/fetch-model.sh installs it), or use \
                 GRILL_SEMANTIC_AUTO",
            ));
        }
        let embedder = model.map(|m| &m.embedder as &dyn Embed);
        let hits = kb.search_with(query, &options, embedder)?;
        // SAFETY: `out` was checked by clear_out.
        unsafe { put(out, grill_hits::from_search(&hits)) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn last_error() -> String {
        // SAFETY: grill_last_error_message returns a valid C string.
        unsafe { CStr::from_ptr(super::super::grill_last_error_message()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn a_folder_without_a_model_names_the_file() {
        let dir = std::env::temp_dir().join(format!("grill-c-empty-model-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let c = CString::new(dir.to_str().unwrap()).unwrap();
        let mut out: *mut grill_model = std::ptr::dangling_mut();
        // SAFETY: a C string and a writable out pointer.
        let status = unsafe { grill_model_open(c.as_ptr(), &mut out) };
        assert_eq!(status, GRILL_ERR_MODEL);
        assert!(out.is_null());
        assert!(
            last_error().contains("config.json is missing"),
            "{}",
            last_error()
        );
        std::fs::remove_dir(&dir).unwrap();
    }

    #[test]
    fn garbage_bytes_are_a_model_error() {
        let junk = b"not a model";
        let mut out: *mut grill_model = std::ptr::dangling_mut();
        // SAFETY: three readable buffers and a writable out pointer.
        let status = unsafe {
            grill_model_from_bytes(
                junk.as_ptr(),
                junk.len(),
                junk.as_ptr(),
                junk.len(),
                junk.as_ptr(),
                junk.len(),
                &mut out,
            )
        };
        assert_eq!(status, GRILL_ERR_MODEL);
        assert!(out.is_null());
        assert!(last_error().starts_with("grill_model_from_bytes: model: "));
        // SAFETY: NULL is accepted everywhere.
        unsafe {
            assert_eq!(grill_model_dims(std::ptr::null()), 0);
            assert!(grill_model_name(std::ptr::null()).is_null());
            grill_model_free(std::ptr::null_mut());
        }
    }
}
