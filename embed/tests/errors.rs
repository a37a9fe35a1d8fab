//! Every bad model folder or file gives `Error::Model` naming the file at
//! fault, never a panic; any text embeds.

mod common;

use std::path::Path;

use grill_core::semantic::Embed;
use grill_core::Error;
use grill_embed::Embedder;

/// The installed model's files.
struct Files {
    config: Vec<u8>,
    tokenizer: Vec<u8>,
    weights: Vec<u8>,
}

fn files() -> Files {
    let dir = common::model_path();
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
    Files {
        config: read("config.json"),
        tokenizer: read("tokenizer.json"),
        weights: read("model.safetensors"),
    }
}

/// The detail of a model error, or a failure naming what came instead.
fn detail(result: Result<Embedder, Error>) -> String {
    match result {
        Err(Error::Model { detail }) => detail,
        Err(other) => panic!("expected Error::Model, got {other:?}"),
        Ok(_) => panic!("expected Error::Model, the model loaded"),
    }
}

fn from_bytes(config: &[u8], tokenizer: &[u8], weights: &[u8]) -> String {
    detail(Embedder::from_bytes("test", config, tokenizer, weights))
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn a_missing_folder_says_how_to_install() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nothing-here");
    let d = detail(Embedder::load(&dir));
    assert!(d.contains("no model at"), "{d}");
    assert!(d.contains("nothing-here"), "{d}");
    assert!(d.contains("scripts/fetch-model.sh"), "{d}");
    assert!(!grill_embed::is_model_dir(&dir));
}

#[test]
fn a_folder_with_only_onnx_says_safetensors_is_needed() {
    let tmp = tempfile::tempdir().unwrap();
    let f = files();
    write(tmp.path(), "config.json", &f.config);
    write(tmp.path(), "tokenizer.json", &f.tokenizer);
    write(tmp.path(), "model.onnx", b"\x08\x07onnx");
    let d = detail(Embedder::load(tmp.path()));
    assert!(
        d.contains("has model.onnx but grill reads model.safetensors"),
        "{d}"
    );
    assert!(!grill_embed::is_model_dir(tmp.path()));
}

#[test]
fn a_missing_tokenizer_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "config.json", &files().config);
    write(tmp.path(), "model.safetensors", b"not weights");
    let d = detail(Embedder::load(tmp.path()));
    assert!(d.contains("tokenizer.json is missing"), "{d}");
}

#[test]
fn a_config_that_is_not_bert_is_named() {
    let f = files();
    let gpt = br#"{"model_type": "gpt2", "n_embd": 768}"#;
    let d = from_bytes(gpt, &f.tokenizer, &f.weights);
    assert!(d.contains("config.json") && d.contains("\"gpt2\""), "{d}");
    let untyped = br#"{"hidden_size": 384}"#;
    let d = from_bytes(untyped, &f.tokenizer, &f.weights);
    assert!(d.contains("config.json has no model_type"), "{d}");
    let incomplete = br#"{"model_type": "bert", "hidden_size": 384}"#;
    let d = from_bytes(incomplete, &f.tokenizer, &f.weights);
    assert!(d.contains("config.json is not a BERT configuration"), "{d}");
}

#[test]
fn malformed_json_is_named() {
    let f = files();
    for bad in [
        &b"{\"model_type\": \"bert\","[..],
        b"",
        b"\xff\xfe\x00garbage",
    ] {
        let d = from_bytes(bad, &f.tokenizer, &f.weights);
        assert!(d.contains("config.json is not valid JSON"), "{d}");
    }
    let d = from_bytes(&f.config, b"{\"version\": \"1.0\"", &f.weights);
    assert!(d.contains("tokenizer.json"), "{d}");
    let d = from_bytes(&f.config, b"\x00\x01\x02 binary", &f.weights);
    assert!(d.contains("tokenizer.json"), "{d}");
}

#[test]
fn truncated_or_garbage_weights_are_named() {
    let f = files();
    let half = &f.weights[..f.weights.len() / 2];
    let header_only = &f.weights[..4096];
    let garbage: Vec<u8> = (0..100_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    for weights in [half, header_only, &garbage[..], &[][..], &[0xff; 8][..]] {
        let d = from_bytes(&f.config, &f.tokenizer, weights);
        assert!(
            d.contains("model.safetensors"),
            "{} bytes: {d}",
            weights.len()
        );
    }
}

#[test]
fn a_hidden_size_mismatch_is_named() {
    let f = files();
    let mut config: serde_json::Value = serde_json::from_slice(&f.config).unwrap();
    config["hidden_size"] = 768.into();
    let config = serde_json::to_vec(&config).unwrap();
    let d = from_bytes(&config, &f.tokenizer, &f.weights);
    assert!(
        d.contains("model.safetensors") && d.contains("config.json"),
        "{d}"
    );
    let mut config: serde_json::Value = serde_json::from_slice(&f.config).unwrap();
    config["num_attention_heads"] = 5.into();
    let d = from_bytes(
        &serde_json::to_vec(&config).unwrap(),
        &f.tokenizer,
        &f.weights,
    );
    assert!(d.contains("num_attention_heads"), "{d}");
}

#[test]
fn messages_from_a_folder_name_it() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "config.json", b"{}");
    write(tmp.path(), "tokenizer.json", b"{}");
    write(tmp.path(), "model.safetensors", b"{}");
    assert!(grill_embed::is_model_dir(tmp.path()));
    let d = detail(Embedder::load(tmp.path()));
    assert!(d.contains(&tmp.path().display().to_string()), "{d}");
    assert!(d.contains("config.json"), "{d}");
}

#[test]
fn any_text_embeds() {
    let e = common::embedder();
    let unit = |v: &[f32]| (v.iter().map(|x| x * x).sum::<f32>().sqrt() - 1.0).abs() < 1e-4;
    // 1 MB of text: cut at 256 tokens, quickly.
    let megabyte = "grill asks follow-up questions about distributed systems. ".repeat(18_000);
    assert!(megabyte.len() > 1_000_000);
    let start = std::time::Instant::now();
    let v = e.embed_one(&megabyte).unwrap();
    assert!(unit(&v));
    assert!(start.elapsed().as_secs() < 10);
    assert_eq!(e.token_ids(&megabyte).unwrap().len(), 256);
    // A megabyte without whitespace is one long unknown word.
    let blob = "x".repeat(1_000_000);
    assert!(unit(&e.embed_one(&blob).unwrap()));
    // Empty and odd texts give unit vectors.
    for text in [
        "",
        " ",
        "\u{0}",
        "\u{fffd}\u{fffd}",
        "\u{200b}",
        "🦀",
        "[CLS] [SEP] [PAD]",
    ] {
        let v = e.embed_one(text).unwrap();
        assert!(unit(&v), "{text:?}");
    }
    let batch = e.embed(&["", &megabyte, "a"]).unwrap();
    assert_eq!(batch.len(), 3);
    assert!(batch.iter().all(|v| unit(v)));
}

#[test]
fn model_dir_prefers_the_flag() {
    let flag = Path::new("/somewhere/else");
    assert_eq!(grill_embed::model_dir(Some(flag)).unwrap(), flag);
}
