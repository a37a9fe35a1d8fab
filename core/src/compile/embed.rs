//! Entry vectors at compile time: one per question, of its
//! [`entry_text`](crate::semantic::entry_text), quantised.

use crate::error::Error;
use crate::model::{Corpus, Vectors, NONE};
use crate::semantic::{entry_text, Embed, Quantized};

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

/// Every question's text for embedding, in question order.
pub(crate) fn entry_texts(corpus: &Corpus) -> Vec<String> {
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
