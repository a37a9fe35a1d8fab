//! Vectors stored as `i8` with one scale each: a quarter of `f32`'s bytes,
//! and a cosine within about 1% of the exact one for sentence embeddings.

/// A vector quantised to `i8`: `value[i] ≈ values[i] as f32 * scale`.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantized {
    /// The multiplier that turns the stored integers back into values.
    pub scale: f32,
    /// One integer per dimension, in `-127..=127`.
    pub values: Vec<i8>,
}

impl Quantized {
    /// Quantises `vector` so that its largest magnitude maps to 127.
    /// Non-finite values count as 0.
    ///
    /// ```
    /// use grill_core::semantic::Quantized;
    ///
    /// let q = Quantized::new(&[0.5, -1.0, 0.25]);
    /// assert_eq!(q.values, vec![64, -127, 32]);
    /// assert!((q.scale - 1.0 / 127.0).abs() < 1e-9);
    /// ```
    pub fn new(vector: &[f32]) -> Quantized {
        let finite = |v: f32| if v.is_finite() { v } else { 0.0 };
        let max = vector.iter().fold(0f32, |m, &v| m.max(finite(v).abs()));
        if max == 0.0 {
            return Quantized {
                scale: 0.0,
                values: vec![0; vector.len()],
            };
        }
        let scale = max / 127.0;
        let values = vector
            .iter()
            .map(|&v| (finite(v) / scale).round().clamp(-127.0, 127.0) as i8)
            .collect();
        Quantized { scale, values }
    }

    /// The values back as `f32`.
    pub fn to_f32(&self) -> Vec<f32> {
        self.values.iter().map(|&v| v as f32 * self.scale).collect()
    }
}

/// The dot product of a query vector with a stored one (`values` × `scale`).
/// Lengths that differ are compared over the shorter.
///
/// ```
/// use grill_core::semantic::{dot, Quantized};
///
/// let stored = Quantized::new(&[0.6, 0.8]);
/// assert!((dot(&[0.6, 0.8], &stored.values, stored.scale) - 1.0).abs() < 0.01);
/// ```
pub fn dot(query: &[f32], values: &[i8], scale: f32) -> f32 {
    // Eight lanes of independent sums let the compiler vectorise.
    let mut lanes = [0f32; 8];
    let mut q = query.chunks_exact(8);
    let mut v = values.chunks_exact(8);
    for (qs, vs) in (&mut q).zip(&mut v) {
        for i in 0..8 {
            lanes[i] += qs[i] * vs[i] as f32;
        }
    }
    let mut sum: f32 = lanes.iter().sum();
    for (a, &b) in q.remainder().iter().zip(v.remainder()) {
        sum += a * b as f32;
    }
    sum * scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_and_non_finite_vectors_quantise_to_zero() {
        assert_eq!(Quantized::new(&[0.0, 0.0]).values, vec![0, 0]);
        let q = Quantized::new(&[f32::NAN, 2.0, f32::INFINITY]);
        assert_eq!(q.values, vec![0, 127, 0]);
    }

    #[test]
    fn round_trip_is_close() {
        let v: Vec<f32> = (0..384)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 70.0)
            .collect();
        let q = Quantized::new(&v);
        let back = q.to_f32();
        for (a, b) in v.iter().zip(&back) {
            assert!((a - b).abs() <= q.scale / 2.0 + 1e-6);
        }
        let exact: f32 = v.iter().map(|x| x * x).sum();
        assert!((dot(&v, &q.values, q.scale) - exact).abs() / exact < 0.01);
    }
}
