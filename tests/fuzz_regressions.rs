//! Replays every checked-in fuzz input on stable, through the same code the
//! libFuzzer targets run (`fuzz/src/checks.rs`): the seed corpora
//! (`fuzz/seeds/TARGET`) and every input that once failed
//! (`fuzz/regressions/TARGET`, named after what it found).

extern crate grill as grill_rs;

#[allow(dead_code, unused_imports, clippy::all, missing_docs)]
#[path = "../bindings-c/src/lib.rs"]
mod ffi;

#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

/// Every input of a target: seeds (at least one) and regressions.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out = Vec::new();
    for kind in ["seeds", "regressions"] {
        let dir = root.join(kind).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            assert_eq!(kind, "regressions", "no seeds in {}", dir.display());
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            out.push((path, bytes));
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no inputs for {target}");
    out
}

/// One named regression input.
fn regression(target: &str, name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target)
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn archive_inputs() {
    for (path, bytes) in inputs("archive") {
        eprintln!("{}", path.display());
        checks::archive(&bytes);
    }
}

#[test]
fn compile_inputs() {
    for (path, bytes) in inputs("compile") {
        eprintln!("{}", path.display());
        checks::compile(&bytes);
    }
}

#[test]
fn query_inputs() {
    let kb = grill::embedded();
    for (path, bytes) in inputs("query") {
        eprintln!("{}", path.display());
        checks::query(&kb, &bytes);
    }
}

#[test]
fn c_abi_inputs() {
    for (path, bytes) in inputs("c_abi") {
        eprintln!("{}", path.display());
        checks::c_abi(&bytes);
    }
}

/// The seeds reach past the header checks: the archive seeds open, so the
/// fuzzer starts from archives it can mutate structurally.
#[test]
fn archive_seeds_open() {
    for name in ["small-raw", "small-payload", "small-payload-misaligned"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/seeds/archive")
            .join(name);
        let bytes = std::fs::read(path).unwrap();
        let archive = match bytes[0] & 1 {
            1 => checks::wrap(&bytes[1..]),
            _ => bytes[1..].to_vec(),
        };
        let kb = grill::KnowledgeBase::from_bytes(&archive).unwrap();
        assert!(kb
            .question("k/how-do-you-ensure-exactly-once-semantics")
            .is_some());
        assert!(kb.concept("k8s").is_ok());
    }
}

/// Found by the `archive` target in its first seconds: a valid archive
/// whose concept name was mutated. The concept cannot be found by its
/// (new) name, which is right for bytes that did not come from the
/// compiler; the harness asserted it for every archive. Fixed in the
/// harness: the lookup must succeed only for compiled archives, and must
/// not panic for any.
#[test]
fn archive_mutated_concept_name_opens_and_walks() {
    let bytes = regression("archive", "harness-concept-name-not-found");
    checks::archive(&bytes);
    let archive = checks::wrap(&bytes[1..]);
    let kb = grill::KnowledgeBase::from_bytes(&archive).unwrap();
    assert!(kb.concepts().any(|c| kb.concept(c.name()).is_err()));
}

/// The archive seeds are archives of this build's format: regenerated with
/// `GRILL_BLESS=1 cargo test --test fuzz_regressions` when the format
/// (`FORMAT_VERSION`) or the compiler's output changes.
#[test]
fn archive_seeds_are_current() {
    let docs = [
        ("k.md", "# Kafka\n\n## Delivery\n\n### Q: \"How do you ensure exactly-once semantics?\"\n\n**A**: Idempotent producers and transactions.\n\n**What they're testing**: depth.\n\n#### Follow-up 1: \"What about consumers?\"\n\n**Answer**: Read committed.\n\n□ How do you ensure exactly-once semantics?\n□ Why Kafka over RabbitMQ?\n"),
        ("p.md", "## Postgres\n\n**Q: Why PostgreSQL over DynamoDB?**\nStrong consistency and joins. Uses k8s.\n\n```sql\nselect 1;\n```\n\n> quote\n\n- list\n  - nested\n"),
    ];
    let glossary = "[[concept]]\nname = \"Kubernetes\"\naliases = [\"k8s\"]\n\n[[concept]]\nname = \"Kafka\"\nkind = \"technology\"\n";
    let mut c = grill::compile::Compiler::new();
    for (name, text) in docs {
        c.try_add_document(name, text).unwrap();
    }
    c.set_glossary(grill::glossary::Glossary::parse(glossary).unwrap());
    let both = c.finish().archive().unwrap();
    let mut c = grill::compile::Compiler::new();
    c.try_add_document(docs[1].0, docs[1].1).unwrap();
    let one = c.finish().archive().unwrap();
    let payload = grill::archive::HEADER_LEN;
    let seeds = [
        ("small-raw", [&[0u8][..], &both].concat()),
        ("small-payload", [&[1u8][..], &both[payload..]].concat()),
        (
            "small-payload-misaligned",
            [&[3u8][..], &both[payload..]].concat(),
        ),
        ("one-doc-payload", [&[1u8][..], &one[payload..]].concat()),
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/archive");
    for (name, bytes) in seeds {
        let path = dir.join(name);
        if std::env::var_os("GRILL_BLESS").is_some() {
            std::fs::write(&path, &bytes).unwrap();
        }
        assert!(
            std::fs::read(&path).unwrap() == bytes,
            "{} is stale: run GRILL_BLESS=1 cargo test --test fuzz_regressions",
            path.display()
        );
    }
}
