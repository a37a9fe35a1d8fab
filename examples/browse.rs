//! # Browsing the knowledge base: a tour of grill's reading API
//!
//! Run it with `cargo run --example browse`.
//!
//! grill compiles its Markdown corpus into one archive at build time, and
//! `grill::embedded()` opens that archive in place: no parsing, no copying.
//! Everything below reads straight out of the archive's bytes.

use grill::{KnowledgeBase, QuestionKind};

fn main() -> Result<(), grill::Error> {
    // Opening the embedded archive checks its 32-byte header and nothing
    // else: the build wrote these bytes, so they are trusted.
    let kb = grill::embedded();
    let stats = kb.stats();
    println!(
        "{} documents, {} topics, {} answered questions, {} unanswered prompts\n",
        stats.documents, stats.topics, stats.answered, stats.prompts
    );

    // Documents hold a tree of topics (their section headings); each topic
    // knows how many questions sit under it, sub-topics included.
    for doc in kb.documents() {
        println!("{} ({})", doc.title(), doc.source());
        for topic in doc.topics().take(3) {
            println!("  {} [{}]", topic.title(), topic.question_count());
        }
    }

    // Questions have stable ids, `document-slug/question-slug`, that an app
    // can store (progress, bookmarks) and look up again in O(log n).
    let q = kb.get("anticipated-followups/why-elasticsearch-over-other-solutions")?;
    println!("\n{}  ({:?})", q.prompt(), q.kind());
    assert_eq!(q.kind(), QuestionKind::Group);

    // A group's children are the follow-ups an interviewer asks under it;
    // each has its answer as Markdown, exactly as the document wrote it.
    for follow_up in q.children() {
        let answer = follow_up.answer().unwrap_or_default();
        let first_line = answer.lines().next().unwrap_or_default();
        println!("  -> {}\n     {}", follow_up.prompt(), first_line);
    }

    // Bytes from elsewhere (a file a user compiled with `grill compile`, a
    // download) are validated in full before use: magic, format version,
    // checksum, structure, every index. A damaged archive is an error, never
    // a crash.
    let mut damaged = grill::embedded_bytes().to_vec();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0xff;
    match KnowledgeBase::from_bytes(&damaged) {
        Ok(_) => println!("\nunexpected: a damaged archive opened"),
        Err(e) => println!("\na damaged archive is refused: {e}"),
    }
    Ok(())
}
