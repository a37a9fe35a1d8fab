//! Parity of the CLI with the library: every judged query
//! (`tests/relevance/*.toml`) through `grill search --stdin` gives the ids,
//! kinds and scores (to the 4 decimals printed) core gives, and the top hit's
//! `grill followups --json` the ids, relations and weights of
//! `KnowledgeBase::follow_ups`. `docs/JSON.md` describes the shapes.

use std::io::Write;
use std::process::{Command, Stdio};

use grill::{KnowledgeBase, SearchOptions};
use serde_json::Value;

#[path = "../../tests/relevance/judged.rs"]
mod judged;

/// Hits per query, as `capture.sh` and the relevance test use.
const LIMIT: usize = 10;
/// Follow-ups compared for each query's top hit.
const FOLLOW_UPS: usize = 5;

/// A score as the CLI prints it.
fn round4(x: f32) -> f64 {
    (f64::from(x) * 1e4).round() / 1e4
}

fn grill(args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_grill"))
        // Words only: an installed model would make `auto` search hybrid.
        .env("GRILL_MODEL", "/nonexistent/grill-model")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run grill");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write queries");
    let out = child.wait_with_output().expect("grill finishes");
    assert!(
        out.status.success(),
        "grill {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// `(id, kind, score)` of core's hits, as the CLI would print them.
fn core_hits(kb: &KnowledgeBase<'_>, query: &str) -> Vec<(String, String, f64)> {
    let options = SearchOptions {
        limit: LIMIT,
        ..SearchOptions::default()
    };
    kb.search(query, &options)
        .expect("search")
        .iter()
        .map(|h| {
            let q = &h.question;
            (
                q.id().to_string(),
                q.kind().name().to_string(),
                round4(h.score),
            )
        })
        .collect()
}

#[test]
fn judged_queries_rank_and_score_as_core_does() {
    let kb = grill::embedded();
    let queries = judged::judged_queries();
    let input: String = queries.iter().map(|q| format!("{q}\n")).collect();
    let lines = grill(&["search", "--stdin", "--limit", "10"], &input);
    let lines: Vec<&str> = lines.lines().collect();
    assert_eq!(lines.len(), queries.len(), "one line of output per query");

    let mut compared_follow_ups = 0;
    for (query, line) in queries.iter().zip(lines) {
        let hits: Vec<Value> = serde_json::from_str(line).expect("a JSON array of hits");
        let printed: Vec<(String, String, f64)> = hits
            .iter()
            .map(|h| {
                (
                    h["id"].as_str().expect("id").to_string(),
                    h["kind"].as_str().expect("kind").to_string(),
                    h["score"].as_f64().expect("score"),
                )
            })
            .collect();
        let expected = core_hits(&kb, query);
        assert!(!expected.is_empty(), "{query:?} finds nothing");
        assert_eq!(printed, expected, "search {query:?}");

        let top = &expected[0].0;
        let out = grill(&["followups", "--json", "--limit", "5", top], "");
        let printed: Vec<(String, String, f64)> = out
            .lines()
            .map(|l| {
                let n: Value = serde_json::from_str(l).expect("a JSON neighbour");
                (
                    n["id"].as_str().expect("id").to_string(),
                    n["relation"].as_str().expect("relation").to_string(),
                    n["weight"].as_f64().expect("weight"),
                )
            })
            .collect();
        let expected: Vec<(String, String, f64)> = kb
            .follow_ups(top, FOLLOW_UPS)
            .expect("follow-ups")
            .iter()
            .map(|n| {
                let id = n.question.id().to_string();
                (id, n.relation.name().to_string(), round4(n.weight))
            })
            .collect();
        assert_eq!(
            printed, expected,
            "followups of {top} (top hit of {query:?})"
        );
        compared_follow_ups += usize::from(!expected.is_empty());
    }
    // Most top hits have follow-ups; a handful would mean the graph broke.
    assert!(
        compared_follow_ups * 2 > queries.len(),
        "only {compared_follow_ups} of {} top hits have follow-ups",
        queries.len()
    );
}
