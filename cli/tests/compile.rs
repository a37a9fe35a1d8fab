//! `grill compile PATH...` as a user runs it on their own notes: files and
//! folders, subfolders, what is skipped, the summary, `--strict`.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn grill(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grill"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run grill")
}

fn ok(args: &[&str]) -> (String, String) {
    let out = grill(args);
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert!(out.status.success(), "grill {args:?} failed: {stderr}");
    (stdout, stderr)
}

fn write(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The entries of an archive, as `list --json` prints them.
fn entries(kb: &Path) -> Vec<Value> {
    ok(&["--kb", kb.to_str().unwrap(), "list", "--json"])
        .0
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A small notes folder: subfolders, front matter, a hidden folder and
/// node_modules that must be skipped, a drafts folder to exclude.
fn notes(root: &Path) {
    write(root, "kafka.md", "# Kafka\n\n## What is a consumer group?\n\nConsumers sharing the partitions of a topic.\n\n## Retention\n\nHow long the log keeps messages.\n");
    write(
        root,
        "guides/ops/backups.md",
        "---\ntitle: Backups\nweight: 2\n---\n\nSnapshots every night, kept for a month.\n",
    );
    write(root, "guides/virtual-dom.md", "### What is the virtual DOM?\n\n#### Answer\n\nA tree of plain objects the library diffs.\n");
    write(root, ".drafts/secret.md", "## Hidden\n\nNever compiled.\n");
    write(
        root,
        "node_modules/pkg/readme.md",
        "## Package\n\nNever compiled.\n",
    );
    write(
        root,
        "drafts/idea.md",
        "## Idea\n\nLeft out with --exclude.\n",
    );
}

#[test]
fn folders_are_walked_with_relative_sources_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("notes");
    notes(&root);
    let kb = dir.path().join("notes.kb");
    let (summary, warnings) = ok(&[
        "compile",
        root.to_str().unwrap(),
        "--exclude",
        "drafts",
        "-o",
        kb.to_str().unwrap(),
    ]);
    assert_eq!(warnings, "");
    assert!(
        summary.starts_with("compiled 3 documents: 2 questions, 2 sections, 0 unanswered prompts, 0 groups; skipped 1 front matter"),
        "{summary}"
    );
    let entries = entries(&kb);
    let sources: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap(),
                e["kind"].as_str().unwrap(),
                e["question"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        sources,
        [
            ("guides/ops/backups.md", "section", "Backups"),
            (
                "guides/virtual-dom.md",
                "answered",
                "What is the virtual DOM?"
            ),
            ("kafka.md", "answered", "What is a consumer group?"),
            ("kafka.md", "section", "Retention"),
        ]
    );
    // A document with one entry is reachable by its slug.
    let (shown, _) = ok(&["--kb", kb.to_str().unwrap(), "show", "guides-virtual-dom"]);
    assert!(shown.contains("A tree of plain objects"), "{shown}");
    // Search finds a section's text.
    let (hits, _) = ok(&[
        "--kb",
        kb.to_str().unwrap(),
        "search",
        "--json",
        "nightly snapshots",
    ]);
    let first: Value = serde_json::from_str(hits.lines().next().unwrap()).unwrap();
    assert_eq!(first["id"], "guides-ops-backups/backups");
}

#[test]
fn a_single_file_compiles_and_ids_are_stable() {
    let dir = tempfile::tempdir().unwrap();
    notes(dir.path());
    let file = dir.path().join("kafka.md");
    let kb = dir.path().join("one.kb");
    let (summary, _) = ok(&[
        "compile",
        file.to_str().unwrap(),
        "-o",
        kb.to_str().unwrap(),
    ]);
    assert!(
        summary.starts_with("compiled 1 document: 1 question, 1 section"),
        "{summary}"
    );
    let ids: Vec<String> = entries(&kb)
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["kafka/what-is-a-consumer-group", "kafka/retention"]);
    // Compiling twice gives the same bytes.
    let again = dir.path().join("again.kb");
    ok(&[
        "compile",
        file.to_str().unwrap(),
        "-o",
        again.to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read(&kb).unwrap(), std::fs::read(&again).unwrap());
}

#[test]
fn strict_refuses_what_it_cannot_place_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "notes.md",
        "## Topic\n\n**Q: Asked but never answered?**\n\n## Next\n\nText.\n",
    );
    let kb = dir.path().join("notes.kb");
    // Without --strict: a warning with file and line, and an archive.
    let (_, warnings) = ok(&[
        "compile",
        dir.path().to_str().unwrap(),
        "-o",
        kb.to_str().unwrap(),
    ]);
    assert_eq!(
        warnings,
        "warning: notes.md:3: question without an answer\n"
    );
    assert!(kb.exists());
    std::fs::remove_file(&kb).unwrap();
    let out = grill(&[
        "compile",
        "--strict",
        dir.path().to_str().unwrap(),
        "-o",
        kb.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("notes.md:3: question without an answer"),
        "{err}"
    );
    assert!(
        err.contains("--strict: 1 problem(s) above; nothing written"),
        "{err}"
    );
    assert!(!kb.exists());
}

#[test]
fn bad_paths_and_globs_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("x.kb");
    let out = grill(&["compile", "/no/such/notes", "-o", kb.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("grill: cannot read /no/such/notes"),
        "{err}"
    );
    let out = grill(&[
        "compile",
        dir.path().to_str().unwrap(),
        "--exclude",
        "[",
        "-o",
        kb.to_str().unwrap(),
    ]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("grill: invalid exclude pattern \"[\""),
        "{err}"
    );
    let out = grill(&[
        "compile",
        dir.path().to_str().unwrap(),
        "-o",
        kb.to_str().unwrap(),
    ]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("grill: no Markdown files"), "{err}");
}
