//! # grill-embed
//!
//! grill's sentence encoder: text in, one unit-length vector out, for
//! semantic search. It runs a sentence-transformers model, all-MiniLM-L6-v2
//! (a 6-layer BERT, 384 dimensions), in pure Rust on the CPU.
//!
//! - [`Embedder`] is the loaded model. It implements
//!   [`grill_core::semantic::Embed`], the trait through which grill's
//!   compiler embeds entries and its search embeds queries.
//! - [`model_dir`] says where the model is looked for (`--model`,
//!   `$GRILL_MODEL`, `$XDG_DATA_HOME/grill/model`,
//!   `~/.local/share/grill/model`); [`is_model_dir`] whether one is there.
//!   `scripts/fetch-model.sh` installs it. grill never downloads anything.
//!
//! ```no_run
//! use grill_core::semantic::Embed;
//!
//! let dir = grill_embed::model_dir(None).expect("a home folder");
//! let embedder = grill_embed::Embedder::load(&dir)?;
//! let vectors = embedder.embed(&["How does Kafka keep order?", "Partition ordering"])?;
//! let similarity: f32 = vectors[0].iter().zip(&vectors[1]).map(|(a, b)| a * b).sum();
//! assert!(similarity > 0.3);
//! # Ok::<(), grill_core::Error>(())
//! ```
//!
//! ## How a text becomes a vector
//!
//! This reproduces sentence-transformers' `encode` for the model (the tests
//! compare token ids and vectors with it): the Hugging Face tokenizer of the
//! folder's `tokenizer.json` (`[CLS]`, WordPiece tokens, `[SEP]`, cut at
//! `max_seq_length` tokens, 256), candle's BERT forward pass
//! ([`candle_transformers::models::bert`]), the mean of the last hidden
//! states over the real tokens, and L2 normalisation. [`Embed::embed`] sorts
//! its texts by length and runs them in batches, each padded to its longest
//! text, so that short queries do not pay for long entries.
//!
//! ## Quirks
//!
//! - Text beyond `max_seq_length` tokens (about 180 English words) is
//!   ignored, as sentence-transformers ignores it.
//! - An empty (or all-whitespace) text is not an error: it embeds as
//!   `[CLS] [SEP]`, a valid unit vector close to nothing in particular, as
//!   in sentence-transformers.
//! - Every failure, from a missing file to a model that fails on an input,
//!   is [`grill_core::Error::Model`] with a message naming the file at
//!   fault.

#![deny(missing_docs)]

mod bert;
mod folder;
mod tokenize;

use std::path::Path;

use grill_core::semantic::{Embed, ModelInfo};
use grill_core::Error;
use xxhash_rust::xxh3::Xxh3;

pub use folder::{is_model_dir, model_dir};

use bert::Encoder;
use folder::model_error;
use tokenize::Tokens;

/// The name recorded for the model whose files hash to [`MINILM_HASH`].
pub const MINILM_NAME: &str = "sentence-transformers/all-MiniLM-L6-v2";

/// The [`ModelInfo::hash`] of all-MiniLM-L6-v2 as `scripts/fetch-model.sh`
/// installs it (the Hugging Face files, sha256-checked there).
pub const MINILM_HASH: u64 = 0x486d_15a0_5b3d_ab12;

/// Texts per forward pass in [`Embed::embed`]: large enough to amortise the
/// pass, small enough that one long text pads few others.
const BATCH: usize = 16;

/// A loaded sentence encoder: tokenizer and BERT weights, ready to embed.
pub struct Embedder {
    info: ModelInfo,
    tokens: Tokens,
    encoder: Encoder,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("model", &self.info)
            .finish()
    }
}

impl Embedder {
    /// Loads a sentence-transformer folder: `config.json` (a BERT
    /// configuration), `tokenizer.json` and `model.safetensors`, and
    /// `sentence_bert_config.json`'s `max_seq_length` when there is one.
    ///
    /// ```no_run
    /// use grill_core::semantic::Embed;
    /// use grill_embed::Embedder;
    ///
    /// let dir = grill_embed::model_dir(None).expect("a home folder");
    /// let embedder = Embedder::load(&dir)?;
    /// assert_eq!(embedder.model().dims, 384);
    /// let v = embedder.embed_one("What is a write-ahead log?")?;
    /// assert_eq!(v.len(), 384);
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Model`] naming the file at fault: no folder at `dir`, a
    /// missing or unreadable file, a folder with only `model.onnx`, a
    /// configuration that is not BERT's, a tokenizer or weights that do not
    /// parse or do not match the configuration.
    pub fn load(dir: &Path) -> Result<Embedder, Error> {
        let files = folder::read(dir)?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| dir.display().to_string());
        let max = folder::max_seq_length(files.sentence_config.as_deref())?;
        Embedder::build(&name, &files.config, &files.tokenizer, &files.weights, max).map_err(|e| {
            match e {
                Error::Model { detail } => model_error(format!("{}: {detail}", dir.display())),
                other => other,
            }
        })
    }

    /// The same from bytes already in memory (WebAssembly, C, tests):
    /// `config.json`, `tokenizer.json` and `model.safetensors`. Texts are cut
    /// at 256 tokens. `name` is for messages and is the model's name unless
    /// the files are all-MiniLM-L6-v2's.
    ///
    /// # Errors
    ///
    /// [`Error::Model`] as for [`Embedder::load`].
    pub fn from_bytes(
        name: &str,
        config: &[u8],
        tokenizer: &[u8],
        weights: &[u8],
    ) -> Result<Embedder, Error> {
        let max = folder::max_seq_length(None)?;
        Embedder::build(name, config, tokenizer, weights, max).map_err(|e| match e {
            Error::Model { detail } => model_error(format!("{name}: {detail}")),
            other => other,
        })
    }

    fn build(
        name: &str,
        config: &[u8],
        tokenizer: &[u8],
        weights: &[u8],
        max_seq_length: usize,
    ) -> Result<Embedder, Error> {
        let bert_config = bert::config(config)?;
        let encoder = guard(|| Encoder::load(&bert_config, weights))?;
        let max_len = max_seq_length.min(encoder.max_positions);
        let tokens = guard(|| Tokens::from_bytes(tokenizer, max_len))?;
        let hash = hash_files(config, tokenizer, weights);
        let name = if hash == MINILM_HASH {
            MINILM_NAME
        } else {
            name
        };
        let dims = u32::try_from(encoder.hidden_size)
            .map_err(|_| model_error("config.json: hidden_size is too large"))?;
        let embedder = Embedder {
            info: ModelInfo {
                name: name.to_string(),
                dims,
                hash,
            },
            tokens,
            encoder,
        };
        // One text through the whole model: weights that load but do not
        // fit together fail here, at load time, rather than at the first query.
        let probe = embedder.embed_one("grill")?;
        if probe.len() != embedder.encoder.hidden_size {
            return Err(model_error(format!(
                "model.safetensors makes {}-dimensional vectors, config.json's \
                 hidden_size is {}",
                probe.len(),
                embedder.encoder.hidden_size
            )));
        }
        Ok(embedder)
    }

    /// The token ids `text` is embedded from: `[CLS]`, its WordPiece
    /// tokens, `[SEP]`, cut at the model's maximum length (256).
    ///
    /// # Errors
    ///
    /// [`Error::Model`] when the tokenizer fails on this text.
    pub fn token_ids(&self, text: &str) -> Result<Vec<u32>, Error> {
        guard(|| self.tokens.ids(text))
    }

    /// One text's vector: [`ModelInfo::dims`] values of unit length.
    ///
    /// # Errors
    ///
    /// [`Error::Model`] when the model fails on this text.
    pub fn embed_one(&self, text: &str) -> Result<Vec<f32>, Error> {
        let ids = self.token_ids(text)?;
        let mut vectors = guard(|| self.encoder.embed(&[ids]))?;
        vectors
            .pop()
            .ok_or_else(|| model_error("the model returned no vector"))
    }
}

impl Embed for Embedder {
    fn model(&self) -> &ModelInfo {
        &self.info
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        let ids = texts
            .iter()
            .map(|text| self.token_ids(text))
            .collect::<Result<Vec<_>, _>>()?;
        // Texts of similar lengths share a batch, so little is padding.
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| ids[i].len());
        let mut out = vec![Vec::new(); ids.len()];
        for chunk in order.chunks(BATCH) {
            let batch: Vec<Vec<u32>> = chunk.iter().map(|&i| ids[i].clone()).collect();
            let vectors = guard(|| self.encoder.embed(&batch))?;
            if vectors.len() != chunk.len() {
                return Err(model_error("the model returned too few vectors"));
            }
            for (&i, vector) in chunk.iter().zip(vectors) {
                out[i] = vector;
            }
        }
        Ok(out)
    }
}

/// The [`ModelInfo::hash`] of a model's files: xxh3-64 over, for
/// `config.json`, `tokenizer.json` and `model.safetensors` in that order,
/// each file's length (8 bytes, little-endian) followed by its bytes.
pub fn hash_files(config: &[u8], tokenizer: &[u8], weights: &[u8]) -> u64 {
    let mut hasher = Xxh3::new();
    for bytes in [config, tokenizer, weights] {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hasher.digest()
}

/// Runs `f`, turning a panic inside the libraries underneath (on files or
/// texts they did not expect) into an [`Error::Model`].
fn guard<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".into());
        Err(model_error(format!(
            "the model's files or input were not as expected: {what}"
        )))
    })
}
