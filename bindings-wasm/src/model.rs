//! Semantic search (the `semantic` feature): `Model`, a sentence-embedding
//! model loaded from its files' bytes (grill-embed, all-MiniLM-L6-v2 on
//! candle), and `search`'s `semantic` and `model` options.
//!
//! ```js
//! const model = Model.fromBytes(config, tokenizer, weights); // Uint8Arrays
//! const hits = kb.search("one service falling over takes the rest down", { semantic: "on", model });
//! hits[0].semanticScore; // cosine similarity in [-1, 1], or null in a search by words only
//! ```
//!
//! The release profile aborts on panic (no unwinding on
//! wasm32-unknown-unknown with a stable toolchain), so grill-embed's
//! `catch_unwind` cannot catch anything here: a panic in candle or the
//! tokenizer would trap the module. [`check_weights`] therefore checks what
//! candle would otherwise trust before it sees the bytes; config.json and
//! tokenizer.json go through serde, which returns errors rather than panics.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use grill::semantic::Embed;
use grill::{Hit, KnowledgeBase, Semantic};
use grill_embed::Embedder;
use js_sys::{ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::json::Json;
use crate::{describe, search_options, string, to_js, BytesArg};

#[wasm_bindgen(typescript_custom_section)]
const MODEL_TYPES: &'static str = r#"
/** Semantic search options of `KnowledgeBase.search` (the semantic build only). */
export interface SearchOptions {
  /** `"on"`: words and meaning, throws (kind `"model"`) without a model or when the archive has no vectors of this model; `"auto"` (default): words and meaning when it can, words only otherwise; `"off"`: words only. */
  semantic?: "on" | "off" | "auto";
  /** The sentence-embedding model, from `Model.fromBytes`. */
  model?: Model;
}

export interface SearchHit {
  /** In a semantic search, the cosine similarity of the query's and the entry's meaning in [-1, 1] (4 decimals); `null` in a search by words only. */
  semanticScore: number | null;
}
"#;

/// The property through which `search` finds a `Model`'s Rust side (a
/// getter, kept out of the `.d.ts`).
const HANDLE: &str = "__grillModel";

thread_local! {
    /// The live models by handle. A handle is never reused, so a freed
    /// model's handle finds nothing.
    static MODELS: RefCell<Vec<(u32, Weak<Embedder>)>> = const { RefCell::new(Vec::new()) };
    static NEXT: Cell<u32> = const { Cell::new(1) };
}

/// A sentence-embedding model (all-MiniLM-L6-v2), loaded from its files'
/// bytes, for `kb.search(query, { semantic: "on", model })`. Holds about
/// 90 MB of weights: free it with `free()` when done.
#[wasm_bindgen]
pub struct Model {
    handle: u32,
    embedder: Rc<Embedder>,
}

#[wasm_bindgen]
impl Model {
    /// Loads a sentence-transformers model from the bytes of its
    /// `config.json`, `tokenizer.json` and `model.safetensors`, and runs one
    /// text through it. Throws an `Error` with `kind` `"model"` when the
    /// files are not a BERT model grill can run (the message names the file
    /// at fault).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        config: BytesArg,
        tokenizer: BytesArg,
        weights: BytesArg,
    ) -> Result<Model, JsError> {
        let config = bytes(config.as_ref(), "config.json")?;
        let tokenizer = bytes(tokenizer.as_ref(), "tokenizer.json")?;
        let weights = bytes(weights.as_ref(), "model.safetensors")?;
        check_weights(&weights)
            .map_err(|detail| model_error(format!("model.safetensors {detail}")))?;
        let embedder =
            Embedder::from_bytes("model", &config, &tokenizer, &weights).map_err(to_js)?;
        let embedder = Rc::new(embedder);
        let handle = NEXT.with(|n| {
            let h = n.get();
            n.set(h.wrapping_add(1));
            h
        });
        MODELS.with(|m| m.borrow_mut().push((handle, Rc::downgrade(&embedder))));
        Ok(Model { handle, embedder })
    }

    /// Dimensions of the model's vectors (384 for all-MiniLM-L6-v2).
    #[wasm_bindgen(getter)]
    pub fn dims(&self) -> u32 {
        self.embedder.model().dims
    }

    /// The model's name: `"sentence-transformers/all-MiniLM-L6-v2"` for
    /// that model's files, `"model"` for others.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.embedder.model().name.clone()
    }

    /// How `search` finds this model (internal).
    #[wasm_bindgen(getter = __grillModel, skip_typescript)]
    pub fn handle(&self) -> u32 {
        self.handle
    }
}

impl Drop for Model {
    fn drop(&mut self) {
        let handle = self.handle;
        // `try_with`: at thread exit the registry may be gone already.
        let _ = MODELS.try_with(|m| m.borrow_mut().retain(|(h, _)| *h != handle));
    }
}

/// `KnowledgeBase.search` in the semantic build: the lexical options, plus
/// `semantic` and `model`.
pub(crate) fn search<'k>(
    kb: &'k KnowledgeBase<'static>,
    query: &str,
    options: Option<&JsValue>,
) -> Result<Vec<Hit<'k>>, JsError> {
    let (rest, semantic, model) = split_options(options)?;
    let mut options = search_options(rest.as_ref(), kb.len())?;
    if let Some(semantic) = semantic {
        options.semantic = semantic;
    }
    let embedder = model.as_deref().map(|e| e as &dyn Embed);
    kb.search_with(query, &options, embedder).map_err(to_js)
}

/// Writes a hit's `semanticScore`.
pub(crate) fn semantic_score(j: &mut Json, hit: &Hit<'_>) {
    j.key("semanticScore");
    match hit.semantic_score {
        Some(s) => j.num(s.into()),
        None => j.null(),
    };
}

/// Takes `semantic` and `model` out of a search options object: the other
/// options (a copy without those two), the mode and the model.
#[allow(clippy::type_complexity)]
fn split_options(
    v: Option<&JsValue>,
) -> Result<(Option<JsValue>, Option<Semantic>, Option<Rc<Embedder>>), JsError> {
    let Some(v) = v.filter(|v| v.is_object() && !js_sys::Array::is_array(v)) else {
        // Not an object: search_options says what is wrong with it.
        return Ok((v.cloned(), None, None));
    };
    let get = |key: &str| Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let (mode, model) = (get("semantic"), get("model"));
    let semantic = if mode.is_undefined() || mode.is_null() {
        None
    } else {
        let name = string(&mode, "semantic")?;
        Some(Semantic::from_name(&name).ok_or_else(|| {
            JsError::new(&format!(
                "semantic must be \"on\", \"off\" or \"auto\", got {}",
                describe(&mode)
            ))
        })?)
    };
    let model = if model.is_undefined() || model.is_null() {
        None
    } else {
        Some(embedder_of(&model)?)
    };
    if semantic.is_none() && model.is_none() {
        return Ok((Some(v.clone()), None, None));
    }
    let rest = Object::assign(&Object::new(), v.unchecked_ref::<Object>());
    for key in ["semantic", "model"] {
        let _ = Reflect::delete_property(&rest, &JsValue::from_str(key));
    }
    Ok((Some(rest.into()), semantic, model))
}

/// The loaded model behind a JS `Model`.
fn embedder_of(v: &JsValue) -> Result<Rc<Embedder>, JsError> {
    let wrong = || {
        JsError::new(&format!(
            "model must be a Model from Model.fromBytes, got {}",
            describe(v)
        ))
    };
    if !v.is_object() {
        return Err(wrong());
    }
    // The getter throws for a freed Model (its pointer is gone).
    let handle = match Reflect::get(v, &JsValue::from_str(HANDLE)) {
        Ok(h) => h.as_f64().ok_or_else(wrong)?,
        Err(_) => {
            return Err(JsError::new(
                "model was freed: load it again with Model.fromBytes",
            ))
        }
    };
    MODELS
        .with(|m| {
            m.borrow()
                .iter()
                .find(|(h, _)| f64::from(*h) == handle)
                .and_then(|(_, e)| e.upgrade())
        })
        .ok_or_else(|| JsError::new("model was freed: load it again with Model.fromBytes"))
}

/// A JS `Error` with `kind` `"model"`.
fn model_error(detail: String) -> JsError {
    to_js(grill::Error::Model { detail })
}

/// Copies one file's bytes out of a `Uint8Array` or `ArrayBuffer`.
fn bytes(value: &JsValue, file: &str) -> Result<Vec<u8>, JsError> {
    let array = if let Some(a) = value.dyn_ref::<Uint8Array>() {
        a.clone()
    } else if let Some(b) = value.dyn_ref::<ArrayBuffer>() {
        Uint8Array::new(b)
    } else {
        return Err(model_error(format!(
            "{file}: expected its bytes as a Uint8Array or an ArrayBuffer, got {}",
            describe(value)
        )));
    };
    let len = array.length() as usize;
    let mut buf: Vec<u8> = Vec::new();
    buf.try_reserve_exact(len)
        .map_err(|_| model_error(format!("{file} of {len} bytes does not fit in memory")))?;
    buf.resize(len, 0);
    array.copy_to(&mut buf);
    Ok(buf)
}

/// Checks the structure of a safetensors file as far as candle relies on
/// it: an 8-byte header length, a JSON header within the file whose tensors
/// have a known dtype, a shape and `data_offsets` that lie inside the data
/// and match the shape's size. Returns what is wrong.
fn check_weights(bytes: &[u8]) -> Result<(), String> {
    let head: [u8; 8] = bytes
        .get(..8)
        .and_then(|b| b.try_into().ok())
        .ok_or("is shorter than a safetensors header")?;
    let n = u64::from_le_bytes(head);
    let data_start = usize::try_from(n)
        .ok()
        .and_then(|n| n.checked_add(8))
        .filter(|&end| end <= bytes.len())
        .ok_or("is not safetensors (its header length runs past the end of the file)")?;
    let header: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&bytes[8..data_start])
            .map_err(|e| format!("is not safetensors (its header is not a JSON object: {e})"))?;
    let data_len = (bytes.len() - data_start) as u64;
    for (name, info) in &header {
        if name == "__metadata__" {
            continue;
        }
        let bad = |what: &str| format!("is damaged: tensor {name:?} {what}");
        let width: u64 = match info.get("dtype").and_then(|d| d.as_str()) {
            Some("F64" | "I64" | "U64") => 8,
            Some("F32" | "I32" | "U32") => 4,
            Some("F16" | "BF16" | "I16" | "U16") => 2,
            Some("U8" | "I8" | "BOOL" | "F8_E4M3" | "F8_E5M2") => 1,
            _ => return Err(bad("has no dtype grill knows")),
        };
        let shape = info
            .get("shape")
            .and_then(|s| s.as_array())
            .ok_or_else(|| bad("has no shape"))?;
        let mut elements: u64 = 1;
        for d in shape {
            let d = d
                .as_u64()
                .ok_or_else(|| bad("has a shape that is not a list of sizes"))?;
            elements = elements
                .checked_mul(d)
                .ok_or_else(|| bad("has a shape too large"))?;
        }
        let offsets = info
            .get("data_offsets")
            .and_then(|o| o.as_array())
            .filter(|o| o.len() == 2)
            .and_then(|o| Some((o[0].as_u64()?, o[1].as_u64()?)))
            .ok_or_else(|| bad("has no data_offsets"))?;
        let (start, end) = offsets;
        if start > end || end > data_len {
            return Err(bad("lies outside the file (truncated?)"));
        }
        if elements.checked_mul(width) != Some(end - start) {
            return Err(bad("has data of another size than its shape"));
        }
    }
    Ok(())
}
