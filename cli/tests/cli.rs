//! End-to-end tests of the `grill` binary against the real embedded corpus.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data");

fn grill(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grill"))
        // Words only: an installed model would make `auto` search hybrid.
        .env("GRILL_MODEL", "/nonexistent/grill-model")
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run grill")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs grill, expects success, returns stdout.
fn ok(args: &[&str]) -> String {
    let out = grill(args);
    assert!(
        out.status.success(),
        "grill {args:?} failed: {}",
        stderr(&out)
    );
    stdout(&out)
}

/// Runs grill, expects exit code 1 with exactly one `grill: ` line on
/// stderr; returns that line.
fn fails(args: &[&str]) -> String {
    let out = grill(args);
    assert_eq!(out.status.code(), Some(1), "grill {args:?}: {out:?}");
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "grill {args:?} panicked: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "grill {args:?}: stderr {err:?}");
    assert!(lines[0].starts_with("grill: "), "grill {args:?}: {err:?}");
    lines[0].to_string()
}

fn entries() -> Vec<Value> {
    ok(&["list", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON object"))
        .collect()
}

fn show_json(id: &str) -> Value {
    serde_json::from_str(&ok(&["show", id, "--json"])).expect("show --json is JSON")
}

/// The embedded archive, compiled again from data/ into a temp dir.
fn compiled(dir: &Path) -> PathBuf {
    let kb = dir.join("grill.kb");
    ok(&["compile", DATA, "-o", kb.to_str().unwrap()]);
    kb
}

#[test]
fn list_json_has_every_entry_with_the_right_counts() {
    let entries = entries();
    assert_eq!(entries.len(), 177);

    let mut answered: HashMap<&str, usize> = HashMap::new();
    let mut kinds: HashMap<&str, usize> = HashMap::new();
    let mut ids = HashSet::new();
    for e in &entries {
        for key in ["id", "document", "question", "kind", "source"] {
            assert!(e[key].is_string(), "{key} in {e}");
        }
        assert!(e["topic_path"].is_array() && e["line"].is_u64(), "{e}");
        assert!(ids.insert(e["id"].as_str().unwrap()), "duplicate id {e}");
        let kind = e["kind"].as_str().unwrap();
        *kinds.entry(kind).or_default() += 1;
        let has_answer = kind == "answered" || kind == "section";
        assert_eq!(e["answered"].as_bool(), Some(has_answer), "{e}");
        assert_eq!(e["answer"].is_string(), has_answer, "{e}");
        if kind == "answered" {
            *answered.entry(e["document"].as_str().unwrap()).or_default() += 1;
        }
        if kind == "prompt" {
            assert!(e["answer"].is_null());
            assert_eq!(e["document"], "common-followups-by-topic");
        }
    }
    let expected: HashMap<&str, usize> = [
        ("anticipated-followups", 53),
        ("sample-interview-qa", 24),
        ("common-followups-by-topic", 39),
        ("commsec-trading-platform", 25),
        ("senior-engineer-phase1", 9),
    ]
    .into_iter()
    .collect();
    assert_eq!(answered, expected);
    assert_eq!(kinds["answered"], 150);
    assert_eq!(kinds["prompt"], 11);
    assert_eq!(kinds["group"], 2);
    assert_eq!(kinds["section"], 14);
    assert!(ids.contains("common-followups-by-topic/how-do-you-handle-data-loss"));
    assert!(ids.contains("common-followups-by-topic/whats-your-sla-slo"));
}

#[test]
fn list_json_links_follow_ups_to_their_group() {
    let entries = entries();
    for group in [
        "anticipated-followups/why-elasticsearch-over-other-solutions",
        "anticipated-followups/why-redis-if-used-for-caching",
    ] {
        let children = entries.iter().filter(|e| e["parent"] == group).count();
        assert_eq!(children, 3, "{group}");
        let e = entries.iter().find(|e| e["id"] == group).unwrap();
        assert_eq!(e["kind"], "group");
        assert!(e["answer"].is_null());
    }
}

#[test]
fn list_human_output_names_every_document() {
    let text = ok(&["list"]);
    let docs: Value = serde_json::from_str(&ok(&["topics", "--json"])).unwrap();
    for doc in docs.as_array().unwrap() {
        let title = doc["title"].as_str().unwrap();
        assert!(text.lines().any(|l| l == title), "missing heading {title}");
    }
    // The prompt, then its id on the next line.
    assert!(text.contains(
        "  Why PostgreSQL over DynamoDB?\n    sample-interview-qa/why-postgresql-over-dynamodb\n"
    ));
    assert!(!text.contains('\x1b'), "no ANSI escapes when not a TTY");
    assert!(
        text.lines().all(|l| l.chars().count() <= 100),
        "wrapped to 100"
    );
}

#[test]
fn show_json_gives_the_entry() {
    let q = show_json("sample-interview-qa/why-postgresql-over-dynamodb");
    assert_eq!(q["question"], "Why PostgreSQL over DynamoDB?");
    assert_eq!(
        q["topic_path"],
        serde_json::json!(["Technology Choice Questions"])
    );
    assert!(q["answer"]
        .as_str()
        .unwrap()
        .starts_with("\"We value strong consistency"));
    assert_eq!(q["kind"], "answered");
    assert_eq!(q["source"], "sample-interview-qa.md");
    assert!(q["checklist"].is_null());
    assert_eq!(q["children"], serde_json::json!([]));

    let q = show_json("senior-engineer-phase1/trade-offs-explanation");
    assert_eq!(q["title"], "Trade-offs Explanation");
    assert!(q["question"]
        .as_str()
        .unwrap()
        .starts_with("Explain the difference between performance and scalability."));
    assert!(q["testing"].is_string());

    let q = show_json("sample-interview-qa/walk-me-through-your-system-architecture");
    assert_eq!(q["question"], "Walk me through your system architecture");
    assert_eq!(
        q["topic_path"],
        serde_json::json!(["Architecture & Design Questions"])
    );
    assert!(q["follow_up_details"]
        .as_str()
        .unwrap()
        .contains("Caddy → FastAPI"));

    let q = show_json("anticipated-followups/why-elasticsearch-over-other-solutions");
    assert_eq!(q["kind"], "group");
    assert_eq!(q["children"].as_array().unwrap().len(), 3);

    let q = show_json("common-followups-by-topic/how-do-you-handle-cache-stampede");
    let checklist = q["checklist"].as_array().expect("listed in a checklist");
    assert!(!checklist.is_empty());
}

#[test]
fn show_accepts_a_unique_suffix() {
    let by_suffix = ok(&["show", "why-postgresql-over-dynamodb", "--json"]);
    let by_id = ok(&[
        "show",
        "sample-interview-qa/why-postgresql-over-dynamodb",
        "--json",
    ]);
    assert_eq!(by_suffix, by_id);
    let human = ok(&["show", "why-postgresql-over-dynamodb"]);
    assert_eq!(human.lines().next(), Some("Why PostgreSQL over DynamoDB?"));
}

#[test]
fn show_unknown_id_fails_with_one_line() {
    let line = fails(&["show", "no-such-question"]);
    assert!(line.contains("no-such-question"), "{line}");
}

#[test]
fn show_ambiguous_suffix_lists_the_candidates() {
    let line = fails(&["show", "how-do-you-stay-current-with-technology"]);
    let candidates: Vec<String> = entries()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .filter(|id| id.ends_with("/how-do-you-stay-current-with-technology"))
        .collect();
    assert_eq!(candidates.len(), 2);
    for id in &candidates {
        assert!(line.contains(id.as_str()), "{line} should name {id}");
    }
}

#[test]
fn show_human_keeps_tables_verbatim() {
    let id = "anticipated-followups/whats-the-difference-between-query-and-filter-context-when-do";
    let answer = show_json(id)["answer"].as_str().unwrap().to_string();
    let text = ok(&["show", id]);
    let table: Vec<&str> = answer.lines().filter(|l| l.starts_with('|')).collect();
    assert!(table.contains(&"| Aspect | Query Context | Filter Context |"));
    for row in table {
        assert!(text.lines().any(|l| l == row), "table row changed: {row}");
    }
    assert!(!text.contains('\x1b'));
}

#[test]
fn show_human_keeps_code_blocks_verbatim() {
    let id = "common-followups-by-topic/how-do-you-handle-cache-stampede";
    let answer = show_json(id)["answer"].as_str().unwrap().to_string();
    let text = ok(&["show", id]);
    let rendered: HashSet<&str> = text.lines().collect();
    let mut in_code = false;
    let mut code_lines = 0;
    for line in answer.lines() {
        let fence = line.trim_start().starts_with("```");
        if in_code || fence {
            assert!(rendered.contains(line), "code line changed: {line:?}");
            code_lines += 1;
        }
        if fence {
            in_code = !in_code;
        }
    }
    assert!(code_lines > 4, "the answer should hold a code block");
}

#[test]
fn show_human_has_sections_and_links() {
    let text = ok(&["show", "senior-engineer-phase1/trade-offs-explanation"]);
    assert!(text.contains("Trade-offs Explanation"));
    assert!(text.lines().any(|l| l == "What they're testing"));

    let text = ok(&[
        "show",
        "sample-interview-qa/walk-me-through-your-system-architecture",
    ]);
    assert!(text.lines().any(|l| l == "Follow-up details"));

    let text = ok(&[
        "show",
        "anticipated-followups/why-elasticsearch-over-other-solutions",
    ]);
    let children = show_json("anticipated-followups/why-elasticsearch-over-other-solutions")
        ["children"]
        .clone();
    for child in children.as_array().unwrap() {
        assert!(text.contains(child.as_str().unwrap()));
    }

    let text = ok(&[
        "show",
        "common-followups-by-topic/how-do-you-handle-cache-stampede",
    ]);
    assert!(text.contains("listed in checklist: "));
}

#[test]
fn topics_json_counts_add_up() {
    let docs: Value = serde_json::from_str(&ok(&["topics", "--json"])).unwrap();
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 5);
    let entries = entries();
    for doc in docs {
        let slug = doc["slug"].as_str().unwrap();
        // Entries under the document's title, in no topic, are not counted
        // by any topic.
        let total = entries
            .iter()
            .filter(|e| e["document"] == slug && !e["topic_path"].as_array().unwrap().is_empty())
            .count();
        let sum: u64 = doc["topics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["count"].as_u64().unwrap())
            .sum();
        assert_eq!(sum as usize, total, "{slug}");
        assert!(doc["source"].as_str().unwrap().ends_with(".md"));
    }
    let text = ok(&["topics"]);
    assert!(text.contains("Technology Choice Questions"));
}

#[test]
fn compiled_archive_reads_like_the_embedded_one() {
    let dir = tempfile::tempdir().unwrap();
    let kb = compiled(dir.path());
    let kb = kb.to_str().unwrap();
    let embedded = ok(&["list", "--json"]);
    assert_eq!(ok(&["--kb", kb, "list", "--json"]), embedded);
    // `--kb` is global: it may follow the subcommand too.
    assert_eq!(
        ok(&["topics", "--json", "--kb", kb]),
        ok(&["topics", "--json"])
    );
    assert_eq!(
        ok(&["--kb", kb, "show", "why-postgresql-over-dynamodb"]),
        ok(&["show", "why-postgresql-over-dynamodb"])
    );
}

#[test]
fn compile_is_deterministic_and_summarises() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.kb");
    let b = dir.path().join("b.kb");
    let summary = ok(&["compile", DATA, "-o", a.to_str().unwrap()]);
    ok(&["compile", DATA, "-o", b.to_str().unwrap()]);
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(bytes, std::fs::read(&b).unwrap());
    assert_eq!(summary.lines().count(), 2, "{summary}");
    assert!(summary.contains("5 documents"), "{summary}");
    assert!(summary.contains("150 questions"), "{summary}");
    assert!(summary.contains("14 sections"), "{summary}");
    assert!(summary.contains("11 unanswered prompts"), "{summary}");
    // The seed's two tables of contents are navigation, said so.
    assert!(summary.contains("2 navigation blocks"), "{summary}");
    assert!(
        summary.contains(&format!("{} bytes", bytes.len())),
        "{summary}"
    );
}

#[test]
fn compile_of_an_empty_folder_fails() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.kb");
    fails(&[
        "compile",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(!out.exists());
}

#[test]
fn bad_archives_fail_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.kb");
    let line = fails(&["--kb", missing.to_str().unwrap(), "list"]);
    assert!(line.starts_with("grill: cannot read "), "{line}");
    assert!(line.contains("missing.kb"), "{line}");
    // A folder is not mapped: it is named as what it is.
    let line = fails(&["--kb", dir.path().to_str().unwrap(), "list"]);
    assert!(line.ends_with("a folder, not an archive file"), "{line}");
    let empty = dir.path().join("empty.kb");
    std::fs::write(&empty, b"").unwrap();
    let line = fails(&["--kb", empty.to_str().unwrap(), "list"]);
    assert!(line.contains("not a grill archive"), "{line}");

    let bytes = std::fs::read(compiled(dir.path())).unwrap();
    let truncated = dir.path().join("truncated.kb");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let flipped = dir.path().join("flipped.kb");
    let mut copy = bytes.clone();
    copy[bytes.len() / 2] ^= 0xff;
    std::fs::write(&flipped, &copy).unwrap();
    for path in [&truncated, &flipped] {
        let path = path.to_str().unwrap();
        for cmd in [
            &["list"][..],
            &["show", "why-postgresql-over-dynamodb"],
            &["topics"],
        ] {
            let mut args = vec!["--kb", path];
            args.extend_from_slice(cmd);
            let line = fails(&args);
            assert!(line.contains(path), "{line}");
            assert!(
                line.ends_with("(the file is damaged: rebuild it with `grill compile`)"),
                "{line}"
            );
        }
    }
    // Another format version, or reserved flags set: named, with the fix.
    let mut newer = bytes.clone();
    newer[8] = newer[8].wrapping_add(1);
    let mut flagged = bytes.clone();
    flagged[12] = 1;
    for (name, bad, message) in [
        ("newer.kb", newer, "unsupported archive format version"),
        (
            "flagged.kb",
            flagged,
            "archive header's reserved flags are 0x00000001",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bad).unwrap();
        let path = path.to_str().unwrap();
        let line = fails(&["--kb", path, "list"]);
        assert!(
            line.starts_with(&format!("grill: {path}: {message}")),
            "{line}"
        );
        assert!(
            line.ends_with(
                "(written by another version of grill: rebuild it with `grill compile`)"
            ),
            "{line}"
        );
    }
    let junk = dir.path().join("junk.kb");
    std::fs::write(&junk, b"vm\n").unwrap();
    let junk = junk.to_str().unwrap();
    assert_eq!(
        fails(&["--kb", junk, "list"]),
        format!(
            r#"grill: {junk}: not a grill archive: expected the magic b"GRILLKB\x00", found b"vm\n""#
        )
    );
}

#[test]
fn closed_pipe_is_not_a_panic() {
    for args in [&["list"][..], &["list", "--json"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_grill"))
            // Words only: an installed model would make `auto` search hybrid.
            .env("GRILL_MODEL", "/nonexistent/grill-model")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        reader.read_line(&mut first).unwrap();
        assert!(!first.is_empty());
        drop(reader);
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.is_empty(), "{err}");
        assert_eq!(out.status.code(), Some(0));
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(grill(&["show"]).status.code(), Some(2));
    assert_eq!(grill(&["no-such-command"]).status.code(), Some(2));
}

fn search_json(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    ok(&all)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON object"))
        .collect()
}

/// Runs `grill search --stdin ARGS` with `input` on stdin; returns stdout.
fn search_stdin(args: &[&str], input: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_grill"))
        // Words only: an installed model would make `auto` search hybrid.
        .env("GRILL_MODEL", "/nonexistent/grill-model")
        .args(["search", "--stdin"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Write from another thread: grill answers as it reads.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn search_human_puts_the_best_match_first() {
    let text = ok(&["search", "cache", "stampede"]);
    // The first hit: its prompt, then (dimmed) where it lives and its id,
    // then the snippet; a blank line before the next hit.
    let block: Vec<&str> = text.lines().take_while(|l| !l.is_empty()).collect();
    assert!(block[0].starts_with("  1. "), "{text}");
    assert!(block[0].to_lowercase().contains("cache stampede"), "{text}");
    assert!(
        block[1].starts_with("     Common Follow-ups by Topic › "),
        "{text}"
    );
    assert!(
        block.contains(&"     common-followups-by-topic/how-do-you-handle-cache-stampede"),
        "{text}"
    );
    assert!(block.len() >= 4, "a snippet: {text}");
    assert!(text.contains("\n  2. "), "{text}");
    assert!(!text.contains('\x1b'), "no ANSI escapes when not a TTY");
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");

    let none = ok(&["search", "zzzqqqxxx"]);
    assert!(none.starts_with("no matches"), "{none}");
}

#[test]
fn search_json_prints_one_hit_per_line_best_first() {
    let hits = search_json(&["--limit", "3", "cache", "stampede"]);
    assert_eq!(hits.len(), 3);
    assert_eq!(
        hits[0]["id"],
        "common-followups-by-topic/how-do-you-handle-cache-stampede"
    );
    for (i, h) in hits.iter().enumerate() {
        assert!(h["id"].is_string() && h["question"].is_string(), "{h}");
        assert!(h["score"].as_f64().unwrap() > 0.0, "{h}");
        assert_eq!(h["rank"].as_u64(), Some(i as u64 + 1));
        assert!(
            h["topic_path"].is_array() && h["document"].is_string(),
            "{h}"
        );
        assert!(h.get("explanation").is_none(), "{h}");
    }
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    // Paging: --offset continues where --limit stopped.
    let next = search_json(&["--limit", "2", "--offset", "1", "cache", "stampede"]);
    assert_eq!(next[0]["id"], hits[1]["id"]);
    assert_eq!(next[0]["rank"], 2);
}

#[test]
fn search_highlights_are_byte_ranges_of_their_text() {
    for query in [
        "cache stampede",
        "elasticsaerch reindex",
        "\"exactly once\" kafka",
    ] {
        let hits = search_json(&["--limit", "10", query]);
        assert!(!hits.is_empty(), "{query}");
        let mut marked = 0;
        for h in &hits {
            for (text, key) in [
                (&h["question"], "prompt_highlights"),
                (&h["snippet"], "snippet_highlights"),
            ] {
                let text = text.as_str().unwrap();
                let mut last_end = 0;
                for r in h[key].as_array().unwrap() {
                    let (s, e) = (
                        r[0].as_u64().unwrap() as usize,
                        r[1].as_u64().unwrap() as usize,
                    );
                    assert!(s < e && s >= last_end, "{key} {r} in {h}");
                    let word = text.get(s..e).unwrap_or_else(|| panic!("{key} {r} in {h}"));
                    assert!(!word.trim().is_empty(), "{key} {r} in {h}");
                    last_end = e;
                    marked += 1;
                }
            }
        }
        assert!(marked > 0, "{query}: nothing highlighted");
    }
}

#[test]
fn search_stdin_prints_one_array_per_line() {
    let text = search_stdin(&["--json", "--limit", "2"], b"cache stampede\n\nkafka\n");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    let arrays: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(
        arrays[0][0]["id"],
        "common-followups-by-topic/how-do-you-handle-cache-stampede"
    );
    assert_eq!(arrays[0].as_array().unwrap().len(), 2);
    assert_eq!(lines[1], "[]");
    assert!(!arrays[2].as_array().unwrap().is_empty());

    // Without --json, a last line without a newline, CRLF and bytes that
    // are not UTF-8 still give one line each.
    let text = search_stdin(&[], b"cache\r\n\xff\xfe stampede\nredis");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    for l in lines {
        assert!(serde_json::from_str::<Value>(l).unwrap().is_array(), "{l}");
    }
    assert_eq!(search_stdin(&[], b""), "");
}

#[test]
fn search_explain_names_typos() {
    let hits = search_json(&["--explain", "elasticsaerch", "reindex"]);
    assert!(!hits.is_empty());
    let why = &hits[0]["explanation"];
    let matches = why["matches"].as_array().expect("explanation.matches");
    assert!(
        matches.iter().any(|m| m["how"] == "typo:1"),
        "a typo:1 match in {why}"
    );
    for m in matches {
        assert!(m["clause"].is_string() && m["term"].is_string(), "{m}");
        assert!(
            m["fields"].as_object().is_some_and(|f| !f.is_empty()),
            "{m}"
        );
    }
    // The parts rebuild the score (each rounded to four decimals).
    let part = |key: &str| {
        why[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} in {why}"))
    };
    let sum: f64 = matches.iter().filter_map(|m| m["score"].as_f64()).sum();
    let rebuilt = (sum + part("concept_bonus"))
        * part("coverage")
        * part("prompt_boost")
        * part("answer_factor");
    let score = hits[0]["score"].as_f64().expect("score");
    assert!(
        (rebuilt - score).abs() <= 1e-3 * score,
        "{score} vs {rebuilt}: {why}"
    );

    let text = ok(&["search", "--explain", "elasticsaerch", "reindex"]);
    assert!(text.contains("score "), "{text}");
    assert!(text.contains("typo:1"), "{text}");
}

#[test]
fn search_filters_by_document_and_topic() {
    let hits = search_json(&["--doc", "sample-interview-qa", "--limit", "50", "database"]);
    assert!(!hits.is_empty());
    for h in &hits {
        assert!(
            h["id"]
                .as_str()
                .unwrap()
                .starts_with("sample-interview-qa/"),
            "{h}"
        );
    }
    // The largest top-level topic: every hit lies under it.
    let docs: Value = serde_json::from_str(&ok(&["topics", "--json"])).unwrap();
    let topic = docs
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["topics"].as_array().unwrap())
        .max_by_key(|t| t["count"].as_u64().unwrap())
        .unwrap();
    let title = topic["title"].as_str().unwrap();
    let all = search_json(&["--limit", "200", "data"]);
    let hits = search_json(&[
        "--topic",
        topic["id"].as_str().unwrap(),
        "--limit",
        "200",
        "data",
    ]);
    assert!(!hits.is_empty() && hits.len() < all.len(), "{title}");
    for h in &hits {
        assert_eq!(h["topic_path"][0], title, "{h}");
    }
}

#[test]
fn search_with_an_unknown_scope_fails_with_one_line() {
    let line = fails(&["search", "--doc", "nope", "kafka"]);
    assert!(line.contains("\"nope\""), "{line}");
    let line = fails(&["search", "--topic", "nope/nothing", "kafka"]);
    assert!(line.contains("nope/nothing"), "{line}");
    // Even when no query is ever read.
    let out = Command::new(env!("CARGO_BIN_EXE_grill"))
        // Words only: an installed model would make `auto` search hybrid.
        .env("GRILL_MODEL", "/nonexistent/grill-model")
        .args(["search", "--stdin", "--doc", "nope"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn search_usage_errors_exit_2() {
    assert_eq!(grill(&["search"]).status.code(), Some(2));
    assert_eq!(grill(&["search", "--json"]).status.code(), Some(2));
    assert_eq!(
        grill(&["search", "--limit", "x", "kafka"]).status.code(),
        Some(2)
    );
}

/// Runs grill with `input` on stdin, the given environment variables set
/// (or removed, for an empty value) and the study-state ones cleared unless
/// given; returns the output.
fn grill_with(args: &[&str], input: &[u8], env: &[(&str, &str)]) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_grill"));
    // Words only: an installed model would make `auto` search hybrid.
    cmd.env("GRILL_MODEL", "/nonexistent/grill-model");
    cmd.args(args)
        .env_remove("NO_COLOR")
        .env_remove("GRILL_STATE")
        .env_remove("XDG_DATA_HOME")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        if value.is_empty() {
            cmd.env_remove(key);
        } else {
            cmd.env(key, value);
        }
    }
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        // grill may quit before reading everything: a closed pipe is fine.
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON object"))
        .collect()
}

const ES_GROUP: &str = "anticipated-followups/why-elasticsearch-over-other-solutions";

#[test]
fn followups_json_puts_the_grouped_follow_ups_first() {
    let children = show_json(ES_GROUP)["children"].clone();
    let children: Vec<&str> = children
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(children.len(), 3);
    let next = json_lines(&ok(&["followups", "--json", ES_GROUP]));
    assert_eq!(next.len(), 5, "default limit");
    for (i, n) in next.iter().enumerate() {
        assert_eq!(n["rank"].as_u64(), Some(i as u64 + 1), "{n}");
        for key in ["id", "question", "relation", "reason", "document", "kind"] {
            assert!(n[key].is_string(), "{key} in {n}");
        }
        let w = n["weight"].as_f64().unwrap();
        assert!(w > 0.0 && w <= 1.0, "{n}");
        assert_ne!(n["id"], ES_GROUP);
    }
    let first: Vec<&str> = next[..3]
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(first, children);
    assert!(next[..3].iter().all(|n| n["relation"] == "follow_up"));

    // The unique part after '/' works too, and --limit cuts.
    let short = json_lines(&ok(&[
        "followups",
        "--limit",
        "2",
        "--json",
        "why-elasticsearch-over-other-solutions",
    ]));
    assert_eq!(short.len(), 2);
    assert_eq!(short[0]["id"], next[0]["id"]);

    // The next follow-up of a follow-up is its next sibling.
    let after = json_lines(&ok(&["followups", "--json", children[0]]));
    assert_eq!(after[0]["id"], children[1]);
    assert_eq!(after[0]["relation"], "next_follow_up");
}

#[test]
fn followups_human_numbers_prompts_with_relation_reason_and_id() {
    let text = ok(&["followups", ES_GROUP]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Why Elasticsearch over other solutions?");
    assert!(text.contains("\n  1. "), "{text}");
    assert!(text.contains("\n  5. "), "{text}");
    assert!(!text.contains("\n  6. "), "{text}");
    assert!(
        text.contains("     follow_up · follow-up in the same document"),
        "{text}"
    );
    for n in json_lines(&ok(&["followups", "--json", ES_GROUP])) {
        assert!(text.contains(n["id"].as_str().unwrap()), "{text}");
        assert!(text.contains(n["question"].as_str().unwrap()), "{text}");
    }
    assert!(!text.contains('\x1b'), "no ANSI escapes when not a TTY");
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
}

#[test]
fn related_json_prints_the_limit() {
    let id = "sample-interview-qa/why-postgresql-over-dynamodb";
    let related = json_lines(&ok(&["related", "--json", "--limit", "3", id]));
    assert_eq!(related.len(), 3);
    let mut ids = HashSet::new();
    for r in &related {
        assert!(r["id"].is_string() && r["question"].is_string(), "{r}");
        assert_eq!(r["relation"], "related", "{r}");
        assert!(ids.insert(r["id"].as_str().unwrap().to_string()), "{r}");
        assert_ne!(r["id"], id);
    }
    let text = ok(&["related", "--limit", "3", id]);
    assert!(text.contains("\n  3. "), "{text}");
    assert!(!text.contains("\n  4. "), "{text}");
}

#[test]
fn same_links_prompts_and_their_answers() {
    // An unanswered checklist prompt: its answers.
    let prompt = entries()
        .into_iter()
        .find(|e| e["kind"] == "prompt")
        .unwrap();
    let prompt_id = prompt["id"].as_str().unwrap();
    let answers = json_lines(&ok(&["same", "--json", prompt_id]));
    assert!(!answers.is_empty(), "{prompt_id} has answers");
    assert!(answers.iter().all(|a| a["relation"] == "answered_by"));
    // And the answer names the prompt it answers.
    let answer = answers[0]["id"].as_str().unwrap();
    let back = json_lines(&ok(&["same", "--json", answer]));
    assert!(
        back.iter()
            .any(|b| b["id"] == prompt_id && b["relation"] == "answers"),
        "{back:?}"
    );
    let text = ok(&["same", answer]);
    assert!(text.contains(prompt_id), "{text}");
}

#[test]
fn graph_commands_fail_on_unknown_ids() {
    for cmd in ["followups", "related", "same"] {
        let line = fails(&[cmd, "no-such-question"]);
        assert!(line.contains("no-such-question"), "{line}");
        let line = fails(&[cmd, "--json", "how-do-you-stay-current-with-technology"]);
        assert!(line.contains("ambiguous"), "{line}");
        assert_eq!(grill(&[cmd]).status.code(), Some(2));
    }
}

#[test]
fn concept_finds_any_spelling() {
    let text = ok(&["concept", "k8s"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Kubernetes", "{text}");
    assert!(lines[1].contains("k8s"), "aliases: {text}");
    assert!(text.contains("\n  1. "), "{text}");
    assert!(text.contains("Why did you choose this architecture over Kubernetes?"));
    assert!(!text.contains('\x1b'));

    let qs = json_lines(&ok(&["concept", "--json", "kubernetes"]));
    assert!(qs.len() > 3, "{qs:?}");
    for (i, q) in qs.iter().enumerate() {
        assert_eq!(q["concept"], "Kubernetes");
        assert_eq!(q["rank"].as_u64(), Some(i as u64 + 1));
        assert!(q["id"].is_string() && q["question"].is_string(), "{q}");
        assert!(q["weight"].as_f64().unwrap() > 0.0, "{q}");
    }
    let weights: Vec<f64> = qs.iter().map(|q| q["weight"].as_f64().unwrap()).collect();
    assert!(weights.windows(2).all(|w| w[0] >= w[1]), "{weights:?}");
    let two = json_lines(&ok(&["concept", "--json", "--limit", "2", "k8s"]));
    assert_eq!(two, qs[..2]);
}

#[test]
fn concept_without_a_name_lists_every_concept() {
    let all = json_lines(&ok(&["concept", "--json"]));
    assert!(all.len() > 100, "{}", all.len());
    let k8s = all.iter().find(|c| c["concept"] == "Kubernetes").unwrap();
    assert!(k8s["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "k8s"));
    let count = json_lines(&ok(&["concept", "--json", "--limit", "1000", "k8s"])).len();
    assert_eq!(k8s["questions"].as_u64(), Some(count as u64));

    let text = ok(&["concept"]);
    assert!(text.lines().any(|l| l.starts_with("Kubernetes ")), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
}

#[test]
fn unknown_concept_fails_with_one_line() {
    let line = fails(&["concept", "no-such-thing"]);
    assert!(line.contains("no-such-thing"), "{line}");
}

#[test]
fn mock_asks_a_chain_of_distinct_questions() {
    let start = "sample-interview-qa/why-postgresql-over-dynamodb";
    let steps = json_lines(&ok(&["mock", "--json", "--depth", "4", start]));
    assert_eq!(steps.len(), 4);
    assert_eq!(steps[0]["id"], start);
    assert_eq!(steps[0]["relation"], "opener");
    let ids: HashSet<&str> = steps.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 4, "distinct: {steps:?}");
    for (i, s) in steps.iter().enumerate() {
        assert_eq!(s["step"].as_u64(), Some(i as u64 + 1));
        for key in ["id", "question", "relation", "reason"] {
            assert!(s[key].is_string(), "{key} in {s}");
        }
        assert!(s.get("answer").is_none(), "{s}");
    }

    let text = ok(&["mock", "--depth", "4", "why-postgresql-over-dynamodb"]);
    let asked: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("Interviewer: "))
        .collect();
    let expected: Vec<&str> = steps
        .iter()
        .map(|s| s["question"].as_str().unwrap())
        .collect();
    assert_eq!(asked, expected, "{text}");
    assert!(!text.contains("\"We value strong consistency"), "{text}");

    // With --answers, the answers too.
    let text = ok(&["mock", "--depth", "2", "--answers", start]);
    assert!(text.contains("\"We value strong consistency"), "{text}");
    let steps = json_lines(&ok(&["mock", "--json", "--depth", "2", "--answers", start]));
    assert!(steps.iter().all(|s| s["answer"].is_string()), "{steps:?}");

    // The default depth is 5; a topic or a concept opens too.
    assert_eq!(json_lines(&ok(&["mock", "--json"])).len(), 5);
    let topic = "anticipated-followups/kafka-architecture-follow-ups";
    let steps = json_lines(&ok(&["mock", "--json", "--depth", "2", topic]));
    assert!(steps[0]["id"]
        .as_str()
        .unwrap()
        .starts_with("anticipated-followups/"));
    let steps = json_lines(&ok(&["mock", "--json", "--depth", "1", "k8s"]));
    assert_eq!(steps.len(), 1);
}

#[test]
fn mock_from_nowhere_fails_with_one_line() {
    let line = fails(&["mock", "no-such-start"]);
    assert!(line.contains("no-such-start"), "{line}");
}

/// A study session: `grill study ARGS` with `input` on stdin; expects success.
fn study(args: &[&str], input: &[u8]) -> String {
    let mut all = vec!["study"];
    all.extend_from_slice(args);
    let out = grill_with(&all, input, &[]);
    assert!(out.status.success(), "grill {all:?}: {}", stderr(&out));
    stdout(&out)
}

const NOW: i64 = 1_750_000_000;

#[test]
fn study_json_prints_a_batch_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("study.tsv");
    let state = state.to_str().unwrap();
    let now = NOW.to_string();
    let batch = json_lines(&study(&["--json", "--state", state, "--now", &now], b""));
    assert_eq!(batch.len(), 10, "default limit");
    let mut ids = HashSet::new();
    for (i, r) in batch.iter().enumerate() {
        assert_eq!(r["rank"].as_u64(), Some(i as u64 + 1));
        assert!(r["id"].is_string() && r["question"].is_string(), "{r}");
        assert!(r["reason"].as_str().unwrap().starts_with("new"), "{r}");
        assert!(r.get("retrievability").is_none(), "{r}");
        assert!(ids.insert(r["id"].as_str().unwrap().to_string()));
    }
    assert!(
        !Path::new(state).exists(),
        "--json must not create the state"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    let three = json_lines(&study(
        &["--json", "--limit", "3", "--state", state, "--now", &now],
        b"",
    ));
    assert_eq!(three, batch[..3]);
}

#[test]
fn study_session_saves_ratings_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    // The folder does not exist yet: grill makes it.
    let state = dir.path().join("deep/er/study.tsv");
    let state_s = state.to_str().unwrap();
    let now = NOW.to_string();
    let batch = json_lines(&study(&["--json", "--state", state_s, "--now", &now], b""));
    let first = batch[0]["id"].as_str().unwrap();
    let second = batch[1]["id"].as_str().unwrap();

    // Enter, rate 3; Enter, something wrong then 4; quit at the third.
    let text = study(&["--state", state_s, "--now", &now], b"\n3\n\nfive\n4\nq\n");
    assert!(
        text.contains(batch[0]["question"].as_str().unwrap()),
        "{text}"
    );
    assert!(text.contains("[Enter] show answer, q quit"), "{text}");
    assert!(
        text.contains("Rate 1 again · 2 hard · 3 good · 4 easy (q to quit)"),
        "{text}"
    );
    let answer = show_json(first)["answer"].as_str().unwrap().to_string();
    let answer_start = answer.split_whitespace().take(3).collect::<Vec<_>>();
    assert!(
        text.contains(&answer_start.join(" ")),
        "answer shown: {text}"
    );
    assert!(
        text.contains(batch[2]["question"].as_str().unwrap()),
        "{text}"
    );
    assert!(text.contains("Reviewed 2 questions"), "{text}");
    assert!(!text.contains('\x1b'), "{text}");

    let saved = std::fs::read_to_string(&state).unwrap();
    let lines: Vec<&str> = saved.lines().collect();
    assert_eq!(lines.len(), 3, "{saved}");
    assert_eq!(lines[0], "grill-study 1");
    let cards: HashMap<&str, Vec<&str>> = lines[1..]
        .iter()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0], f)
        })
        .collect();
    // id, reviews, lapses, last rating, last review, stability, difficulty.
    assert_eq!(cards[first][1..5], ["1", "0", "3", now.as_str()], "{saved}");
    assert_eq!(
        cards[second][1..5],
        ["1", "0", "4", now.as_str()],
        "{saved}"
    );
    let leftovers = std::fs::read_dir(state.parent().unwrap()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary files left behind");

    // A minute later: those two are not new any more.
    let later = (NOW + 60).to_string();
    let next = json_lines(&study(
        &["--json", "--state", state_s, "--now", &later],
        b"",
    ));
    assert_eq!(next.len(), 10);
    assert!(
        next.iter().all(|r| r["id"] != first && r["id"] != second),
        "{next:?}"
    );
    assert_eq!(std::fs::read_to_string(&state).unwrap(), saved);

    // A month later they are due for review, most forgotten first.
    let month = (NOW + 30 * 86_400).to_string();
    let next = json_lines(&study(
        &["--json", "--state", state_s, "--now", &month],
        b"",
    ));
    let due: Vec<&Value> = next.iter().filter(|r| r["reason"] == "due").collect();
    assert_eq!(due.len(), 2, "{next:?}");
    assert_eq!(due[0]["id"], first, "rated 3, forgotten sooner than 4");
    for d in &due {
        let r = d["retrievability"].as_f64().unwrap();
        assert!(r > 0.0 && r < 0.9, "{d}");
        assert!(d["overdue_days"].as_f64().unwrap() > 0.0, "{d}");
    }

    // A second session a month later starts with a review and adds to the file.
    let text = study(&["--state", state_s, "--now", &month], b"\n1\n");
    assert!(text.contains("due for review"), "{text}");
    assert!(text.contains("Reviewed 1 question;"), "{text}");
    let saved = std::fs::read_to_string(&state).unwrap();
    let card: Vec<&str> = saved
        .lines()
        .find(|l| l.starts_with(&format!("{first}\t")))
        .unwrap()
        .split('\t')
        .collect();
    assert_eq!(card[1..5], ["2", "1", "1", month.as_str()], "{saved}");
}

#[test]
fn study_quits_cleanly_at_the_end_of_input() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("study.tsv");
    let state_s = state.to_str().unwrap();
    let now = NOW.to_string();
    // Nothing typed at all: nothing saved.
    let text = study(&["--state", state_s, "--now", &now], b"");
    assert!(text.contains("Reviewed 0 questions"), "{text}");
    assert!(!state.exists());
    // End of input while asked for a rating: the rating before it is kept.
    study(&["--state", state_s, "--now", &now], b"\n2\n\n");
    let saved = std::fs::read_to_string(&state).unwrap();
    assert_eq!(saved.lines().count(), 2, "{saved}");
    // --limit bounds the session.
    let text = study(
        &["--state", state_s, "--now", &now, "--limit", "1"],
        b"\n4\n\n4\n",
    );
    assert!(text.contains("Reviewed 1 question;"), "{text}");
    assert!(text.contains("1/1 · "), "{text}");
}

#[test]
fn study_refuses_a_corrupt_state_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("study.tsv");
    let state_s = state.to_str().unwrap();
    let corrupt = "grill-study 1\nsample-interview-qa/why-postgresql-over-dynamodb\t1\t0\n";
    for text in [corrupt, "not a study state\n"] {
        std::fs::write(&state, text).unwrap();
        for args in [
            &["study", "--state", state_s][..],
            &["study", "--json", "--state", state_s],
        ] {
            let out = grill_with(args, b"\n3\n", &[]);
            assert_eq!(out.status.code(), Some(1), "{out:?}");
            let err = stderr(&out);
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.starts_with("grill: "), "{err}");
            assert!(err.contains(state_s), "names the file: {err}");
            assert_eq!(std::fs::read_to_string(&state).unwrap(), text);
        }
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn study_state_defaults_to_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let home_s = home.to_str().unwrap();
    let now = NOW.to_string();
    let args = ["study", "--now", now.as_str()];
    let run = |env: &[(&str, &str)]| {
        let out = grill_with(&args, b"\n3\n", env);
        assert!(out.status.success(), "{}", stderr(&out));
    };

    run(&[("HOME", home_s)]);
    assert!(home.join(".local/share/grill/study.tsv").is_file());

    let xdg = dir.path().join("xdg");
    run(&[("HOME", home_s), ("XDG_DATA_HOME", xdg.to_str().unwrap())]);
    assert!(xdg.join("grill/study.tsv").is_file());

    let explicit = dir.path().join("mine.tsv");
    run(&[
        ("HOME", home_s),
        ("XDG_DATA_HOME", xdg.to_str().unwrap()),
        ("GRILL_STATE", explicit.to_str().unwrap()),
    ]);
    assert!(explicit.is_file());

    // Nowhere to put it: one line saying so.
    let out = grill_with(&args, b"", &[("HOME", "")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("grill: "), "{}", stderr(&out));
}

#[test]
fn compile_past_a_limit_fails_naming_the_limit_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "**Q: Fine?**\nYes.\n").unwrap();
    let long = format!("**Q: Long?**\n{}\n", "x".repeat(300 * 1024));
    std::fs::write(dir.path().join("b.md"), long).unwrap();
    let out = dir.path().join("out.kb");
    let err = fails(&[
        "compile",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        err.contains("b.md: line 2 is 307200 bytes long; lines may be at most 262144 bytes"),
        "{err}"
    );
    assert!(!out.exists());
}
