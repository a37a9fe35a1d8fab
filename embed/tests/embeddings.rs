//! grill-embed's vectors are sentence-transformers' for all-MiniLM-L6-v2.
//!
//! `tests/fixtures/embeddings.json` holds the vectors that the Python
//! sentence-transformers (on torch, CPU) gives twelve varied sentences; it is
//! made by `scripts/embed-fixture.py` (its docs say how, and the fixture
//! records the package versions).

mod common;

use common::{cosine, embedder};
use grill_core::semantic::{entry_text, Embed};
use grill_embed::{Embedder, MINILM_HASH, MINILM_NAME};

#[derive(serde::Deserialize)]
struct Fixture {
    cases: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    text: String,
    vector: Vec<f32>,
}

fn fixture() -> Fixture {
    let text = std::fs::read_to_string(common::fixture("embeddings.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn vectors_match_sentence_transformers() {
    let cases = fixture().cases;
    assert!(cases.len() >= 12);
    let texts: Vec<&str> = cases.iter().map(|c| c.text.as_str()).collect();
    let batch = embedder().embed(&texts).unwrap();
    for (case, got) in cases.iter().zip(&batch) {
        assert_eq!(got.len(), 384);
        let similarity = cosine(got, &case.vector);
        assert!(
            similarity >= 0.9999,
            "{:?}: cosine {similarity} with the reference",
            case.text
        );
        // One at a time (no padding) gives the same vector as in a batch.
        let one = embedder().embed_one(&case.text).unwrap();
        assert!(cosine(&one, got) >= 0.99999, "{:?}", case.text);
    }
}

#[test]
fn related_sentences_score_above_unrelated_ones() {
    let e = embedder();
    let v = |t: &str| e.embed_one(t).unwrap();
    let kafka = v("How does Kafka guarantee message ordering?");
    let partition = v("Kafka keeps records in order within a single partition.");
    let cookies = v("What is the best recipe for chocolate chip cookies?");
    let conflict = v("Tell me about a time you disagreed with your manager.");
    let colleague = v("Describe a conflict with a colleague and how you resolved it.");
    assert!(cosine(&kafka, &partition) > cosine(&kafka, &cookies) + 0.2);
    assert!(cosine(&conflict, &colleague) > cosine(&conflict, &kafka) + 0.2);
    assert!(cosine(&conflict, &colleague) > cosine(&colleague, &cookies) + 0.2);
}

#[test]
fn vectors_are_unit_length_and_in_input_order() {
    let kb = grill::embedded();
    let texts: Vec<String> = kb
        .questions()
        .take(40)
        .map(|q| entry_text(q.prompt(), &q.path(), q.answer()))
        .collect();
    let mut refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    refs.push("short");
    refs.push("");
    let batch = embedder().embed(&refs).unwrap();
    assert_eq!(batch.len(), refs.len());
    for (text, vector) in refs.iter().zip(&batch) {
        let norm: f32 = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{text:?}: norm {norm}");
        let one = embedder().embed_one(text).unwrap();
        assert!(cosine(&one, vector) > 0.99999, "{text:?} out of order");
    }
    assert!(embedder().embed(&[]).unwrap().is_empty());
}

#[test]
fn the_installed_model_is_all_minilm() {
    let info = embedder().model();
    assert_eq!(info.dims, 384);
    assert_eq!(
        info.hash, MINILM_HASH,
        "the installed files hash to {:#018x}: not the files fetch-model.sh installs",
        info.hash
    );
    assert_eq!(info.name, MINILM_NAME);
    // From bytes, under another name: the same model, recognised by its hash.
    let dir = common::model_path();
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
    let copy = Embedder::from_bytes(
        "copy",
        &read("config.json"),
        &read("tokenizer.json"),
        &read("model.safetensors"),
    )
    .unwrap();
    assert_eq!(copy.model(), info);
    let q = "What is a write-ahead log?";
    assert_eq!(copy.embed_one(q).unwrap(), embedder().embed_one(q).unwrap());
}
