//! Reading an archive's entry vectors: which model made them, and the
//! entries nearest a query vector.

use super::{dot, ModelInfo};
use crate::kb::KnowledgeBase;
use crate::model::ArchivedVectors;

/// An archive's entry vectors, read in place (see [`KnowledgeBase::vectors`]).
#[derive(Clone, Copy)]
pub struct EntryVectors<'k> {
    raw: &'k ArchivedVectors,
    dims: usize,
}

impl<'k> EntryVectors<'k> {
    /// The model that made the vectors.
    pub fn model(&self) -> ModelInfo {
        ModelInfo {
            name: self.raw.model.to_string(),
            dims: self.dims as u32,
            hash: self.raw.hash.to_native(),
        }
    }

    /// Values per vector.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// The cosine similarity of a unit-length query vector with entry
    /// `question`'s (0 for an index outside the archive or a query of the
    /// wrong length).
    pub fn similarity(&self, query: &[f32], question: u32) -> f32 {
        match self.stored(question) {
            Some((values, scale)) if query.len() == self.dims => dot(query, values, scale),
            _ => 0.0,
        }
    }

    /// The cosine similarity of two entries' vectors.
    pub fn similarity_between(&self, a: u32, b: u32) -> f32 {
        match (self.stored(a), self.stored(b)) {
            (Some((va, sa)), Some((vb, sb))) => {
                let dot: i32 = va.iter().zip(vb).map(|(&x, &y)| x as i32 * y as i32).sum();
                dot as f32 * sa * sb
            }
            _ => 0.0,
        }
    }

    /// The `k` entries whose vectors are nearest `query` among those
    /// `keep` accepts, with their cosine, nearest first (ties by index).
    /// Exact: every vector is compared (a 384-dimension `i8` dot product
    /// per entry, about 0.1 µs).
    pub fn nearest(&self, query: &[f32], k: usize, keep: &dyn Fn(u32) -> bool) -> Vec<(u32, f32)> {
        if query.len() != self.dims || k == 0 {
            return Vec::new();
        }
        let mut all: Vec<(u32, f32)> = (0..self.raw.scales.len() as u32)
            .filter(|&q| keep(q))
            .map(|q| (q, self.similarity(query, q)))
            .collect();
        let by_score = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if all.len() > k {
            all.select_nth_unstable_by(k - 1, by_score);
            all.truncate(k);
        }
        all.sort_unstable_by(by_score);
        all
    }

    fn stored(&self, question: u32) -> Option<(&'k [i8], f32)> {
        let q = question as usize;
        let scale = self.raw.scales.get(q)?.to_native();
        let values = self.raw.values.get(q * self.dims..(q + 1) * self.dims)?;
        Some((values, scale))
    }
}

impl std::fmt::Debug for EntryVectors<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntryVectors")
            .field("model", &self.raw.model.as_str())
            .field("dims", &self.dims)
            .field("entries", &self.raw.scales.len())
            .finish()
    }
}

impl KnowledgeBase<'_> {
    /// The archive's entry vectors for semantic search, if it was compiled
    /// with a model.
    ///
    /// ```
    /// use grill_core::{compile::Compiler, KnowledgeBase};
    ///
    /// let mut compiler = Compiler::new();
    /// compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka?\n\nReplay.\n");
    /// let bytes = compiler.finish().archive()?;
    /// assert!(KnowledgeBase::from_bytes(&bytes)?.vectors().is_none());
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn vectors(&self) -> Option<EntryVectors<'_>> {
        let raw = &self.corpus().vectors;
        let dims = raw.dims.to_native() as usize;
        (dims > 0).then_some(EntryVectors { raw, dims })
    }
}
