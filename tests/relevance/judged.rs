//! The judged queries of `queries.toml` and `holdout.toml`, read without a
//! TOML parser, for the parity tests of the CLI and the C ABI
//! (`cli/tests/parity.rs`, `bindings-c/tests/parity.rs`; the Node test
//! `bindings-wasm/tests/parity.test.mjs` reads them the same way).
//!
//! Each `[[query]]` has one `q = "..."` line without escapes; anything else
//! fails loudly, so a change of format cannot silently drop queries.

/// Every judged query, tuning set first, in file order.
pub fn judged_queries() -> Vec<String> {
    let mut queries = Vec::new();
    for (name, text) in [
        ("queries.toml", include_str!("queries.toml")),
        ("holdout.toml", include_str!("holdout.toml")),
    ] {
        let tables = text.lines().filter(|l| l.trim() == "[[query]]").count();
        let before = queries.len();
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("q = \"") else {
                continue;
            };
            let query = rest
                .strip_suffix('"')
                .unwrap_or_else(|| panic!("{name}: unterminated q: {line}"));
            assert!(
                !query.contains('\\') && !query.contains('"'),
                "{name}: escapes in q are not read here: {line}"
            );
            queries.push(query.to_string());
        }
        assert_eq!(
            queries.len() - before,
            tables,
            "{name}: every [[query]] needs exactly one q = \"...\" line"
        );
        assert!(tables > 0, "{name} has no queries");
    }
    queries
}
