//! Parity of the C ABI with the library: `parity.c` runs every judged query
//! (`tests/relevance/*.toml`) through `grill_search` and the top hit through
//! `grill_follow_ups`, and prints ids, scores, relations and weights to 4
//! decimals; they must be what `grill_rs` answers, line for line.

mod common;

use std::fmt::Write;
use std::process::Command;

use common::{compile, env, run, Link};

#[path = "../../tests/relevance/judged.rs"]
mod judged;

/// Follow-ups of each top hit, as `parity.c` asks for.
const FOLLOW_UPS: usize = 5;

/// What `parity.c` should print: the library's answers in its format.
fn expected(queries: &[String]) -> String {
    let kb = grill_rs::embedded();
    let options = grill_rs::SearchOptions::default();
    let mut text = String::new();
    for query in queries {
        let hits = kb.search(query, &options).expect("search");
        assert!(!hits.is_empty(), "{query:?} finds nothing");
        writeln!(text, "Q\t{query}").unwrap();
        for h in &hits {
            writeln!(text, "H\t{}\t{:.4}", h.question.id(), f64::from(h.score)).unwrap();
        }
        let top = hits[0].question.id();
        for n in kb.follow_ups(top, FOLLOW_UPS).expect("follow-ups") {
            let (id, relation) = (n.question.id(), n.relation.name());
            writeln!(text, "F\t{id}\t{relation}\t{:.4}", f64::from(n.weight)).unwrap();
        }
    }
    text
}

#[test]
fn judged_queries_through_c_match_the_library() {
    let queries = judged::judged_queries();
    let file = env().work.join("judged-queries.txt");
    let lines: String = queries.iter().map(|q| format!("{q}\n")).collect();
    std::fs::write(&file, lines).expect("write the queries");

    let exe = compile("parity", &["parity.c"], Link::Static, &[]);
    let mut cmd = Command::new(exe);
    cmd.arg(&env().archive).arg(&file);
    let out = run(cmd);
    let printed = String::from_utf8(out.stdout).expect("UTF-8");
    let expected = expected(&queries);
    for (n, (got, want)) in printed.lines().zip(expected.lines()).enumerate() {
        assert_eq!(got, want, "line {} of parity.c's output", n + 1);
    }
    assert_eq!(printed.lines().count(), expected.lines().count());
    // Most top hits have follow-ups; a handful would mean the graph broke.
    assert!(expected.matches("\nF\t").count() * 2 > queries.len());
}
