//! Semantic search's common ground: which model made a vector, the text an
//! entry is embedded from, and how vectors are stored.
//!
//! grill-core runs no model. A sentence encoder lives in its own crate
//! (`grill-embed`, candle's BERT) and reaches the core through the [`Embed`]
//! trait: the compiler asks it for one vector per entry, search for one per
//! query. The archive stores the entry vectors quantised to `i8` with one
//! scale per vector ([`Quantized`]), beside the [`ModelInfo`] that made
//! them, so that a query embedded by another model is refused rather than
//! compared with vectors it does not share a space with.

mod quantize;
mod store;
mod text;
mod vectors;

pub use quantize::{dot, Quantized};
pub use store::VectorFile;
pub use text::{entry_text, ENTRY_TEXT_CHARS};
pub use vectors::EntryVectors;

use crate::error::Error;

/// Which model made a set of vectors: what the archive records and what a
/// loaded model must match.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModelInfo {
    /// A readable name (`sentence-transformers/all-MiniLM-L6-v2`), for messages.
    pub name: String,
    /// Dimensions of every vector.
    pub dims: u32,
    /// A hash of the model's files (weights, configuration, tokenizer): two
    /// models agree only when their hashes do.
    pub hash: u64,
}

impl ModelInfo {
    /// Whether vectors made by `other` can be compared with this model's.
    ///
    /// ```
    /// use grill_core::semantic::ModelInfo;
    ///
    /// let a = ModelInfo { name: "mini".into(), dims: 384, hash: 7 };
    /// let renamed = ModelInfo { name: "copy".into(), ..a.clone() };
    /// assert!(a.is_compatible(&renamed));
    /// assert!(!a.is_compatible(&ModelInfo { hash: 8, ..a.clone() }));
    /// ```
    pub fn is_compatible(&self, other: &ModelInfo) -> bool {
        self.dims == other.dims && self.hash == other.hash
    }
}

/// A sentence encoder: text in, one unit-length vector per text out.
///
/// Implemented by `grill_embed::Embedder`; tests may implement it with
/// anything deterministic.
pub trait Embed {
    /// The model's identity, recorded beside the vectors it makes.
    fn model(&self) -> &ModelInfo;

    /// One vector of [`ModelInfo::dims`] values per text, each of length 1
    /// (so a dot product is the cosine similarity).
    ///
    /// # Errors
    ///
    /// [`Error::Model`] when the model fails on this input.
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error>;
}
