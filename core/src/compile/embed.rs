//! Entry vectors at compile time: one per question, of its
//! [`entry_text`](crate::semantic::entry_text), quantised.

use crate::error::Error;
use crate::model::{Corpus, Vectors, NONE};
use crate::semantic::{entry_text, Embed, ModelInfo, Quantized, VectorFile};

/// Embeds every question of a corpus whose topics are final.
pub(crate) fn entry_vectors(corpus: &Corpus, embedder: &dyn Embed) -> Result<Vectors, Error> {
    let model = embedder.model();
    let texts = entry_texts(corpus);
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let embedded = embedder.embed(&refs)?;
    if embedded.len() != texts.len() {
        return Err(Error::Model {
            detail: format!(
                "{} vectors for {} texts from {}",
                embedded.len(),
                texts.len(),
                model.name
            ),
        });
    }
    let dims = model.dims as usize;
    let mut vectors = Vectors {
        model: model.name.clone(),
        hash: model.hash,
        dims: model.dims,
        scales: Vec::with_capacity(texts.len()),
        values: Vec::with_capacity(texts.len() * dims),
    };
    for v in embedded {
        if v.len() != dims {
            return Err(Error::Model {
                detail: format!(
                    "{} made a vector of {} values, not {dims}",
                    model.name,
                    v.len()
                ),
            });
        }
        let q = Quantized::new(&v);
        vectors.scales.push(q.scale);
        vectors.values.extend_from_slice(&q.values);
    }
    Ok(vectors)
}

/// Every question's text for embedding ([`entry_text`] of its prompt,
/// topic path and answer), in question order.
pub fn entry_texts(corpus: &Corpus) -> Vec<String> {
    corpus
        .questions
        .iter()
        .map(|q| {
            let mut path = Vec::new();
            let mut t = q.topic;
            // Parents come before children, so this walk ends.
            while t != NONE && (t as usize) < corpus.topics.len() && path.len() < 64 {
                path.push(corpus.topics[t as usize].title.as_str());
                t = corpus.topics[t as usize].parent;
            }
            path.reverse();
            entry_text(&q.prompt, &path, q.answer.as_deref())
        })
        .collect()
}

/// A compiled corpus's entry vectors as a [`VectorFile`], keyed by the
/// texts they were made from (`None` when it has none): what
/// `grill compile --save-vectors` writes, and the seed's `data/seed.vectors`.
pub fn stored_vectors(corpus: &Corpus) -> Option<VectorFile> {
    let v = &corpus.vectors;
    let dims = v.dims as usize;
    if dims == 0 || v.scales.len() != corpus.questions.len() {
        return None;
    }
    let model = ModelInfo {
        name: v.model.clone(),
        dims: v.dims,
        hash: v.hash,
    };
    let texts = entry_texts(corpus);
    let quantized = v
        .scales
        .iter()
        .zip(v.values.chunks_exact(dims))
        .map(|(&scale, values)| Quantized {
            scale,
            values: values.to_vec(),
        });
    Some(VectorFile::from_texts(
        model,
        texts.iter().map(String::as_str).zip(quantized),
    ))
}
