//! A file of stored entry vectors, keyed by the hash of the text they were
//! made from: how the embedded seed corpus ships its vectors without a
//! model at build time (`data/seed.vectors`), and how a recompile can reuse
//! vectors of entries that did not change.
//!
//! Layout, little endian: the magic `GRILLVEC`, a `u32` version (1), `u32`
//! dimensions, the model's `u64` hash, its name (`u32` length, UTF-8), a
//! `u32` count, then per vector, sorted by text hash: the text's `u64` xxh3
//! hash, an `f32` scale and `dims` `i8` values.

use xxhash_rust::xxh3::xxh3_64;

use super::{Embed, ModelInfo, Quantized};
use crate::error::Error;

const MAGIC: &[u8; 8] = b"GRILLVEC";
const VERSION: u32 = 1;

/// Stored vectors of one model, by text. As an [`Embed`], it answers for
/// exactly the texts it holds and fails on any other: a stale file.
#[derive(Debug, Clone, PartialEq)]
pub struct VectorFile {
    model: ModelInfo,
    /// (text hash, vector), sorted by hash.
    entries: Vec<(u64, Quantized)>,
}

impl VectorFile {
    /// Vectors of `texts`, made by `embedder`.
    ///
    /// # Errors
    ///
    /// What the embedder returns.
    pub fn embed(embedder: &dyn Embed, texts: &[&str]) -> Result<VectorFile, Error> {
        let vectors = embedder.embed(texts)?;
        Ok(VectorFile::from_texts(
            embedder.model().clone(),
            texts
                .iter()
                .copied()
                .zip(vectors.iter().map(|v| Quantized::new(v))),
        ))
    }

    /// Stored vectors of `model`, one per text (a repeated text keeps its
    /// first vector).
    pub fn from_texts<'t>(
        model: ModelInfo,
        vectors: impl IntoIterator<Item = (&'t str, Quantized)>,
    ) -> VectorFile {
        let mut entries: Vec<(u64, Quantized)> = vectors
            .into_iter()
            .map(|(t, q)| (xxh3_64(t.as_bytes()), q))
            .collect();
        entries.sort_by_key(|e| e.0);
        entries.dedup_by_key(|e| e.0);
        VectorFile { model, entries }
    }

    /// Vectors stored.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no vector is stored.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The stored vector of `text`, if any.
    pub fn get(&self, text: &str) -> Option<&Quantized> {
        let h = xxh3_64(text.as_bytes());
        self.entries
            .binary_search_by_key(&h, |e| e.0)
            .ok()
            .map(|i| &self.entries[i].1)
    }

    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let dims = self.model.dims as usize;
        let mut out = Vec::with_capacity(32 + self.entries.len() * (12 + dims));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&self.model.dims.to_le_bytes());
        out.extend_from_slice(&self.model.hash.to_le_bytes());
        out.extend_from_slice(&(self.model.name.len() as u32).to_le_bytes());
        out.extend_from_slice(self.model.name.as_bytes());
        out.extend_from_slice(&(self.entries.len() as u32).to_le_bytes());
        for (hash, q) in &self.entries {
            out.extend_from_slice(&hash.to_le_bytes());
            out.extend_from_slice(&q.scale.to_le_bytes());
            out.extend(q.values.iter().map(|&v| v as u8));
        }
        out
    }

    /// Reads a file written by [`VectorFile::to_bytes`].
    ///
    /// ```
    /// use grill_core::semantic::VectorFile;
    ///
    /// let err = VectorFile::from_bytes(b"GRILLVEC").unwrap_err();
    /// assert_eq!(err.to_string(), "model: vectors file: ends early, in its header");
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Model`] naming what is wrong: magic, version, a length past
    /// the end, a non-finite scale, unsorted hashes.
    pub fn from_bytes(bytes: &[u8]) -> Result<VectorFile, Error> {
        let bad = |detail: &str| Error::Model {
            detail: format!("vectors file: {detail}"),
        };
        let mut r = Reader { bytes, at: 0 };
        if r.take(8).ok_or_else(|| bad("ends early, in its header"))? != MAGIC {
            return Err(bad("does not start with GRILLVEC"));
        }
        let header = (|| Some((r.u32()?, r.u32()?, r.u64()?)))();
        let (version, dims, hash) = header.ok_or_else(|| bad("ends early, in its header"))?;
        if version != VERSION {
            return Err(bad(&format!(
                "version {version}, this build reads {VERSION}"
            )));
        }
        if dims == 0 || dims > crate::archive::MAX_VECTOR_DIMS {
            return Err(bad(&format!("{dims} dimensions")));
        }
        let name_len = r.u32().ok_or_else(|| bad("ends early, in its header"))? as usize;
        let name = r
            .take(name_len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .ok_or_else(|| bad("model name is cut short or not UTF-8"))?
            .to_string();
        let count = r.u32().ok_or_else(|| bad("ends early, in its header"))? as usize;
        let record = 12 + dims as usize;
        if count.saturating_mul(record) != bytes.len() - r.at {
            return Err(bad(&format!(
                "{count} vectors of {dims} values need {} bytes after the header, found {}",
                count.saturating_mul(record),
                bytes.len() - r.at
            )));
        }
        let mut entries = Vec::with_capacity(count);
        for _ in 0..count {
            let (h, scale) = (r.u64(), r.f32());
            let values = r.take(dims as usize);
            let (Some(h), Some(scale), Some(values)) = (h, scale, values) else {
                return Err(bad("ends early"));
            };
            if !(scale.is_finite() && scale >= 0.0) {
                return Err(bad("a scale is not a finite, non-negative number"));
            }
            if entries
                .last()
                .is_some_and(|(p, _): &(u64, Quantized)| *p >= h)
            {
                return Err(bad("text hashes are not strictly sorted"));
            }
            let values = values.iter().map(|&v| v as i8).collect();
            entries.push((h, Quantized { scale, values }));
        }
        Ok(VectorFile {
            model: ModelInfo { name, dims, hash },
            entries,
        })
    }
}

impl Embed for VectorFile {
    fn model(&self) -> &ModelInfo {
        &self.model
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        texts
            .iter()
            .map(|t| {
                self.get(t)
                    .map(Quantized::to_f32)
                    .ok_or_else(|| Error::Model {
                        detail: format!(
                            "the vectors file has no vector for {:?}: it is stale, make it again",
                            t.chars().take(60).collect::<String>()
                        ),
                    })
            })
            .collect()
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic stand-in model: letters counted into 8 dimensions.
    pub(crate) struct Letters(ModelInfo);

    impl Letters {
        pub(crate) fn new() -> Letters {
            Letters(ModelInfo {
                name: "letters".into(),
                dims: 8,
                hash: 42,
            })
        }
    }

    impl Embed for Letters {
        fn model(&self) -> &ModelInfo {
            &self.0
        }
        fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
            Ok(texts
                .iter()
                .map(|t| {
                    let mut v = [0.01f32; 8];
                    for b in t.bytes() {
                        v[(b % 8) as usize] += 1.0;
                    }
                    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
                    v.iter().map(|x| x / n).collect()
                })
                .collect())
        }
    }

    #[test]
    fn round_trips_and_answers_only_for_its_texts() {
        let file = VectorFile::embed(&Letters::new(), &["alpha", "beta", "alpha"]).unwrap();
        assert_eq!(file.len(), 2);
        let back = VectorFile::from_bytes(&file.to_bytes()).unwrap();
        assert_eq!(back, file);
        assert_eq!(back.model().name, "letters");
        let v = back.embed(&["beta"]).unwrap();
        let exact = Letters::new().embed(&["beta"]).unwrap();
        let cos: f32 = v[0].iter().zip(&exact[0]).map(|(a, b)| a * b).sum();
        assert!(cos > 0.999, "{cos}");
        let err = back.embed(&["gamma"]).unwrap_err();
        assert!(err.to_string().contains("stale"), "{err}");
    }

    #[test]
    fn every_truncation_and_flip_is_an_error_or_a_file() {
        let bytes = VectorFile::embed(&Letters::new(), &["a", "b", "c"])
            .unwrap()
            .to_bytes();
        for n in 0..bytes.len() {
            assert!(VectorFile::from_bytes(&bytes[..n]).is_err(), "cut at {n}");
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x80;
            let _ = VectorFile::from_bytes(&b);
        }
    }
}
