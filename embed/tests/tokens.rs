//! grill-embed's token ids are the reference tokenizer's, exactly.
//!
//! The fixture `tests/fixtures/token_ids.json` holds texts and the ids Hugging
//! Face's Python `tokenizers` gives them (special tokens added, cut at 256
//! tokens): every seed entry's `entry_text`, every query of
//! `tests/relevance/queries.toml` and `holdout.toml`, and hard cases (accents,
//! CJK, emoji, code, control characters, very long texts).
//!
//! To regenerate it (after the seed corpus or the queries change):
//!
//! ```text
//! GRILL_BLESS=1 cargo test -p grill-embed --test tokens   # writes token_texts.json
//! python3 -m venv ~/.cache/grill-ref/venv && ~/.cache/grill-ref/venv/bin/pip install tokenizers
//! ~/.cache/grill-ref/venv/bin/python scripts/token-fixture.py
//! ```

mod common;

use std::collections::HashSet;
use std::path::Path;

use grill_core::semantic::entry_text;

/// Every text the fixture should cover, in a stable order, without repeats.
fn texts() -> Vec<String> {
    let kb = grill::embedded();
    let mut texts: Vec<String> = kb
        .questions()
        .map(|q| entry_text(q.prompt(), &q.path(), q.answer()))
        .collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for file in [
        "tests/relevance/queries.toml",
        "tests/relevance/holdout.toml",
    ] {
        let text = std::fs::read_to_string(root.join(file)).expect(file);
        let value: toml::Value = toml::from_str(&text).expect(file);
        let queries = value["query"].as_array().expect("[[query]] tables");
        texts.extend(
            queries
                .iter()
                .map(|q| q["q"].as_str().expect("q").to_string()),
        );
    }
    texts.extend(hard_cases());
    let mut seen = HashSet::new();
    texts.retain(|t| seen.insert(t.clone()));
    texts
}

/// Texts chosen to exercise the normaliser, the pre-tokenizer, WordPiece and
/// truncation.
fn hard_cases() -> Vec<String> {
    let mut cases: Vec<String> = [
        "",
        "   \t\n  ",
        "Café crème brûlée à São Paulo; naïve coöperation, Øresund, Łódź",
        "İstanbul ǅ ß ﬁnance Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３",
        "e\u{301}te\u{301} (combining accents) and Å vs A\u{30a}",
        "分布式系统中的一致性是什么？ 一貫性とは何ですか。 분산 시스템의 일관성",
        "Что такое шардирование? Ελληνικά! العربية עברית हिन्दी ไทย",
        "🚀 deploy on Friday 🔥🔥 👩\u{200d}💻 ❤\u{fe0f} 🇫🇷",
        "fn main() { println!(\"{}\", x?); } // -> Result<(), Box<dyn Error>>",
        "SELECT id, COUNT(*) FROM orders o JOIN users u ON o.user_id=u.id WHERE a>=1;",
        "kubectl get pods -n kube-system -o=jsonpath='{.items[*].metadata.name}'",
        "https://example.com/a/b?c=d&e=f#g user@example.com 192.168.0.1:8080",
        "tabs\tand\nnew\r\nlines\u{0}nul\u{7}bell\u{1b}[0mescape\u{fffd}replacement",
        "\u{200b}zero\u{200b}width\u{feff}bom\u{00a0}nbsp\u{2028}line separator",
        "p99 latency < 200ms; 10^6 QPS; O(n log n); 3.14159; -42; 1e-9; 0xDEADBEEF",
        "DON'T SHOUT: CamelCaseIdentifier snake_case_name kebab-case-name",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // A word longer than WordPiece's 100 characters becomes [UNK].
    cases.push(format!("before {} after", "a".repeat(150)));
    // Long texts: cut at 256 tokens, through the opening-first path and
    // past it (a long text without whitespace, and one that starts with a
    // lot of it).
    let words = "the quick brown fox jumps over the lazy dog while Kafka replicates \
                 partitions across brokers and consumers commit their offsets";
    cases.push(vec![words; 120].join(" "));
    cases.push(format!("{} tail words here", "x".repeat(20_000)));
    cases.push(format!(
        "{}{}",
        " ".repeat(10_000),
        vec![words; 40].join("\n")
    ));
    cases.push(vec!["数据库"; 3_000].join(""));
    cases
}

#[derive(serde::Deserialize)]
struct Fixture {
    max_length: usize,
    cases: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    text: String,
    ids: Vec<u32>,
}

fn fixture() -> Fixture {
    let path = common::fixture("token_ids.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (see this test's docs)", path.display()));
    serde_json::from_str(&text).expect("token_ids.json")
}

/// With `GRILL_BLESS=1`, writes the texts for `scripts/token-fixture.py`.
#[test]
fn bless_writes_the_texts() {
    if std::env::var_os("GRILL_BLESS").is_some() {
        let path = common::fixture("token_texts.json");
        let json = serde_json::to_string_pretty(&texts()).unwrap();
        std::fs::write(&path, json + "\n").unwrap();
        eprintln!("wrote {}: now run scripts/token-fixture.py", path.display());
    }
}

#[test]
fn token_ids_match_the_reference_tokenizer() {
    let fixture = fixture();
    let embedder = common::embedder();
    assert_eq!(fixture.max_length, 256);
    let mut wrong = Vec::new();
    for case in &fixture.cases {
        let ids = embedder.token_ids(&case.text).unwrap();
        assert!(ids.len() <= fixture.max_length);
        if ids != case.ids {
            wrong.push(format!(
                "{:?}\n  reference {:?}\n  grill     {:?}",
                case.text.chars().take(80).collect::<String>(),
                &case.ids[..case.ids.len().min(20)],
                &ids[..ids.len().min(20)]
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} texts tokenized differently:\n{}",
        wrong.len(),
        fixture.cases.len(),
        wrong.join("\n")
    );
}

/// The fixture covers the seed and the queries as they are now. A few
/// changed texts are tolerated (a data edit should not need Python at once);
/// more mean the fixture is stale.
#[test]
fn fixture_covers_the_seed_and_the_queries() {
    let fixture = fixture();
    let covered: HashSet<&str> = fixture.cases.iter().map(|c| c.text.as_str()).collect();
    let texts = texts();
    let missing: Vec<&String> = texts
        .iter()
        .filter(|t| !covered.contains(t.as_str()))
        .collect();
    assert!(
        missing.len() * 20 <= texts.len(),
        "token_ids.json is stale: {} of {} texts are not in it (first: {:?}); \
         regenerate it as this test's docs say",
        missing.len(),
        texts.len(),
        missing.first()
    );
}
