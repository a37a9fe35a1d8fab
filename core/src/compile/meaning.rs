//! The entry vectors as the follow-up graph reads them: the cosine of two
//! entries' meaning and each entry's nearest entries. Empty (every cosine
//! 0, no neighbours) when the corpus was compiled without a model, so the
//! graph is then built from words alone, as before.

use crate::model::Vectors;

/// Unit-length `f32` vectors, one per question (none without a model).
pub(crate) struct Meaning {
    dims: usize,
    values: Vec<f32>,
}

impl Meaning {
    /// The vectors of a corpus, dequantised.
    pub(crate) fn new(vectors: &Vectors, questions: usize) -> Meaning {
        let dims = vectors.dims as usize;
        if dims == 0
            || vectors.scales.len() != questions
            || vectors.values.len() != questions * dims
        {
            return Meaning {
                dims: 0,
                values: Vec::new(),
            };
        }
        let mut values = Vec::with_capacity(vectors.values.len());
        for (q, &scale) in vectors.scales.iter().enumerate() {
            let row = &vectors.values[q * dims..(q + 1) * dims];
            let v: Vec<f32> = row.iter().map(|&x| x as f32 * scale).collect();
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            values.extend(v.iter().map(|x| if norm > 0.0 { x / norm } else { 0.0 }));
        }
        Meaning { dims, values }
    }

    /// Whether there are vectors at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.dims == 0
    }

    /// The cosine of questions `a` and `b` (0 without vectors).
    pub(crate) fn cosine(&self, a: usize, b: usize) -> f32 {
        if self.dims == 0 {
            return 0.0;
        }
        let (d, v) = (self.dims, &self.values);
        match (v.get(a * d..(a + 1) * d), v.get(b * d..(b + 1) * d)) {
            (Some(x), Some(y)) => x.iter().zip(y).map(|(p, q)| p * q).sum(),
            _ => 0.0,
        }
    }

    /// Up to `k` questions nearest `q` among those `keep` accepts, with
    /// their cosine, nearest first. Every vector is compared: the graph is
    /// built once, at compile time.
    pub(crate) fn nearest(
        &self,
        q: usize,
        k: usize,
        keep: &dyn Fn(usize) -> bool,
    ) -> Vec<(u32, f32)> {
        if self.dims == 0 {
            return Vec::new();
        }
        let n = self.values.len() / self.dims;
        let mut all: Vec<(u32, f32)> = (0..n)
            .filter(|&o| o != q && keep(o))
            .map(|o| (o as u32, self.cosine(q, o)))
            .collect();
        all.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        all.truncate(k);
        all
    }
}
