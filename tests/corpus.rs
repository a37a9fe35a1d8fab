//! The seed corpus, compiled by the build, against ground truth read off the
//! Markdown files by hand.

use std::path::Path;

use grill::compile::{compile_dir, Compiler};
use grill::{KnowledgeBase, QuestionKind};

fn data_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))
}

fn source(file: &str) -> String {
    std::fs::read_to_string(data_dir().join(file)).unwrap()
}

#[test]
fn answered_questions_per_document() {
    let kb = grill::embedded();
    let expected = [
        ("anticipated-followups", 53),
        ("common-followups-by-topic", 39),
        ("commsec-trading-platform", 25),
        ("sample-interview-qa", 24),
        ("senior-engineer-phase1", 9),
    ];
    let docs: Vec<_> = kb.documents().map(|d| d.slug()).collect();
    assert_eq!(docs, expected.iter().map(|e| e.0).collect::<Vec<_>>());
    for (slug, n) in expected {
        let got = kb
            .questions()
            .filter(|q| q.document().slug() == slug && q.kind() == QuestionKind::Answered)
            .count();
        assert_eq!(got, n, "{slug}");
    }
    let stats = kb.stats();
    assert_eq!(stats.answered, 150);
    assert_eq!(stats.prompts, 11);
    assert_eq!(stats.groups, 2);
    assert_eq!(stats.sections, SEED_SECTIONS.len());
    assert_eq!(kb.len(), 163 + SEED_SECTIONS.len());
}

/// The seed's headings that are not questions but have text of their own:
/// titles with an introduction, overviews, checklists of red flags. Each is
/// a section entry; before sections existed their text was in no entry.
const SEED_SECTIONS: &[&str] = &[
    "anticipated-followups/anticipated-follow-up-questions-answers",
    "anticipated-followups/red-flags-to-avoid-in-answers",
    "anticipated-followups/additional-anti-patterns",
    "anticipated-followups/quick-reference-your-key-metrics",
    "common-followups-by-topic/prerequisites",
    "common-followups-by-topic/why-follow-ups-matter",
    "common-followups-by-topic/one-clean-mental-summary",
    "commsec-trading-platform/overview",
    "commsec-trading-platform/what-theyre-looking-for",
    "commsec-trading-platform/red-flags",
    "commsec-trading-platform/green-flags",
    "commsec-trading-platform/revision-history",
    "senior-engineer-phase1/phase-1-interview-questions-for-senior-software-engineer",
    "senior-engineer-phase1/how-to-prepare",
];

#[test]
fn seed_sections_are_the_headings_with_text_that_ask_nothing() {
    let kb = grill::embedded();
    let sections: Vec<&str> = kb
        .questions()
        .filter(|q| q.kind() == QuestionKind::Section)
        .map(|q| q.id())
        .collect();
    assert_eq!(sections, SEED_SECTIONS);
    for id in SEED_SECTIONS {
        let q = kb.question(id).unwrap();
        assert!(q.is_answered(), "{id}: a section's text is its answer");
        assert!(q.answer().is_some_and(|a| a.len() > 20), "{id}");
    }
}

#[test]
fn every_answered_question_has_a_non_empty_answer_and_others_have_none() {
    let kb = grill::embedded();
    for q in kb.questions() {
        match q.kind() {
            QuestionKind::Answered | QuestionKind::Section => {
                let a = q.answer().unwrap_or_default();
                assert!(a.trim().len() > 20, "{} has a short answer {a:?}", q.id());
            }
            QuestionKind::Group | QuestionKind::Prompt => {
                assert!(q.answer().is_none(), "{}", q.id())
            }
        }
        assert!(!q.prompt().is_empty());
        assert!(
            !q.prompt().starts_with("Q:") && !q.prompt().starts_with('"'),
            "{}",
            q.prompt()
        );
    }
}

/// (id, prompt, topic path, first line of the answer), over all five formats.
const SAMPLES: &[(&str, &str, &[&str], &str)] = &[
    // 1. bold **Q: ...** paragraphs
    (
        "anticipated-followups/why-not-use-redis-for-caching-instead-of-es",
        "Why not use Redis for caching instead of ES?",
        &["Elasticsearch Project Follow-Ups", "Why Elasticsearch over other solutions?"],
        "Redis is great for key-value lookups, but our use case required:",
    ),
    (
        "anticipated-followups/how-do-you-ensure-exactly-once-semantics",
        "How do you ensure exactly-once semantics?",
        &["Elasticsearch Project Follow-Ups", "Kafka Architecture Follow-Ups"],
        "We don't - we use **at-least-once** with **idempotent consumers**:",
    ),
    (
        "anticipated-followups/how-would-you-handle-multi-region-deployment",
        "How would you handle multi-region deployment?",
        &["System Design Follow-Ups"],
        "**Elasticsearch:**",
    ),
    // 2. ### Q: "..." with **A**:
    (
        "sample-interview-qa/walk-me-through-your-system-architecture",
        "Walk me through your system architecture",
        &["Architecture & Design Questions"],
        "\"I built a microservices platform with Caddy as a single edge proxy providing security and routing to specialized services.",
    ),
    (
        "sample-interview-qa/do-you-have-any-questions-for-me",
        "Do you have any questions for me?",
        &["Final Closing Questions"],
        "Consider asking:",
    ),
    // 3. ### / #### Follow-up N: "..." with **Answer**:
    (
        "common-followups-by-topic/how-do-you-handle-hot-partitions",
        "How do you handle hot partitions?",
        &["Database Follow-ups"],
        "**Context**: When using sharding, some shards get more traffic than others.",
    ),
    (
        "common-followups-by-topic/whats-your-eviction-policy",
        "What's your eviction policy?",
        &["Additional Follow-ups with Detailed Answers", "Cache Follow-ups (Continued)"],
        "\"Eviction policy determines what gets removed when cache is full.",
    ),
    (
        "common-followups-by-topic/what-if-component-fails",
        "What if [component] fails?",
        &["Additional Follow-ups with Detailed Answers", "Reliability Follow-ups"],
        "\"For each component, I consider:",
    ),
    // 4. ### Q1.1: ... with **Answer:**
    (
        "commsec-trading-platform/why-did-commsec-migrate-from-a-multi-cloud-active-active-setup",
        "Why did CommSec migrate from a multi-cloud active-active setup to AWS-only?",
        &["Architecture Design Questions"],
        "CommSec initially used a multi-cloud active-active architecture for fault isolation, but this created significant operational overhead:",
    ),
    (
        "commsec-trading-platform/aws-reports-an-issue-in-us-east-1a-walk-me-through-your-response",
        "AWS reports an issue in us-east-1a. Walk me through your response.",
        &["Scenario-Based Questions"],
        "**T+0: Alert Received**",
    ),
    // 5. ### Question N: Title + bold quoted prompt
    (
        "senior-engineer-phase1/trade-offs-explanation",
        "Explain the difference between performance and scalability. Give an example where a system has good performance but poor scalability.",
        &["Level 1: Conceptual Understanding"],
        "```",
    ),
    (
        "senior-engineer-phase1/past-experience",
        "Tell me about a time you had to choose between consistency and availability in a system you built. What did you choose and why?",
        &["Behavioral + Technical Combo"],
        "\"In my fraud detection system, I faced exactly this choice:",
    ),
];

#[test]
fn prompts_paths_and_first_answer_lines() {
    let kb = grill::embedded();
    for &(id, prompt, path, first) in SAMPLES {
        let q = kb.question(id).unwrap_or_else(|| panic!("missing {id}"));
        assert_eq!(q.prompt(), prompt, "{id}");
        assert_eq!(q.path(), path, "{id}");
        let line = q
            .answer()
            .and_then(|a| a.lines().next())
            .unwrap_or_default();
        assert!(line.starts_with(first), "{id}: {line:?}");
        assert!(
            line.len() < first.len() + 600,
            "{id}: the first line runs on"
        );
    }
}

#[test]
fn titled_questions_keep_title_testing_and_the_example_answer() {
    let kb = grill::embedded();
    let q = kb
        .question("senior-engineer-phase1/trade-offs-explanation")
        .unwrap();
    assert_eq!(q.title(), Some("Trade-offs Explanation"));
    assert_eq!(
        q.testing(),
        Some("- Can you articulate basic concepts clearly?\n- Do you understand the practical implications?")
    );
    let answer = q.answer().unwrap();
    assert!(answer.contains("**Example answer:**"));
    assert!(answer.ends_with("which allowed us to scale linearly to 100+ cameras.\""));
    // The bold prompt is not repeated inside the answer.
    assert!(!answer.contains("Explain the difference between performance"));
}

#[test]
fn follow_up_details_are_kept_apart_from_the_answer() {
    let kb = grill::embedded();
    let q = kb
        .question("sample-interview-qa/walk-me-through-your-system-architecture")
        .unwrap();
    let details = q.follow_up_details().unwrap();
    assert!(details.starts_with("- Data flow: User → Caddy → FastAPI"));
    assert!(!q.answer().unwrap().contains("Data flow"));
    assert_eq!(
        kb.questions()
            .filter(|q| q.follow_up_details().is_some())
            .count(),
        1
    );
}

#[test]
fn a_table_survives_intact() {
    let kb = grill::embedded();
    let q = kb
        .question(
            "anticipated-followups/whats-the-difference-between-query-and-filter-context-when-do",
        )
        .unwrap();
    let answer = q.answer().unwrap();
    let src = source("anticipated-followups.md");
    let table: Vec<&str> = src
        .lines()
        .skip_while(|l| !l.starts_with("| Aspect | Query Context"))
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert!(table.len() >= 4);
    assert!(answer.contains(&table.join("\n")));
}

#[test]
fn a_code_block_with_hash_lines_survives_intact() {
    let kb = grill::embedded();
    let q = kb
        .question(
            "commsec-trading-platform/walk-me-through-how-you-would-diagnose-a-production-outage",
        )
        .unwrap();
    let answer = q.answer().unwrap();
    // Lines starting with `#` inside the code block are code, not headings.
    assert!(answer.contains("# Check if platform is reachable\n"));
    assert!(answer.contains("# Check pod status\n"));
    let fences = answer.lines().filter(|l| l.starts_with("```")).count();
    assert_eq!(fences % 2, 0, "fences balanced");
    // Byte for byte the source text.
    assert!(source("commsec-trading-platform.md").contains(answer));
}

#[test]
fn answers_are_verbatim_slices_of_their_source() {
    let kb = grill::embedded();
    let mut checked = 0;
    for q in kb.questions() {
        let Some(answer) = q.answer() else { continue };
        let src = source(q.document().source());
        assert!(src.contains(answer), "{} is not verbatim", q.id());
        checked += 1;
    }
    // Every answered question and every section: the seed's sections are
    // one run of text each, so they too are verbatim.
    assert_eq!(checked, 150 + SEED_SECTIONS.len());
}

#[test]
fn groups_and_their_follow_ups_in_the_first_document() {
    let kb = grill::embedded();
    let group = kb
        .question("anticipated-followups/why-elasticsearch-over-other-solutions")
        .unwrap();
    assert_eq!(group.kind(), QuestionKind::Group);
    let children: Vec<_> = group.children().map(|c| c.prompt()).collect();
    assert_eq!(
        children,
        vec![
            "Why not use Redis for caching instead of ES?",
            "Why not PostgreSQL with proper indexing?",
            "Did you consider Apache Solr?"
        ]
    );
    let redis = kb
        .question("anticipated-followups/why-redis-if-used-for-caching")
        .unwrap();
    assert_eq!(redis.prompt(), "Why Redis? (If used for caching)");
    let children: Vec<_> = redis.children().map(|c| c.id()).collect();
    assert_eq!(
        children,
        vec![
            "anticipated-followups/why-redis-for-caching-enrichment-data",
            "anticipated-followups/how-do-you-handle-cache-invalidation",
            "anticipated-followups/what-if-redis-goes-down"
        ]
    );
    for c in redis.children() {
        assert_eq!(c.parent().map(|p| p.id()), Some(redis.id()));
    }
    // Questions under plain topic headings have no parent.
    let kafka = kb
        .question("anticipated-followups/why-kafka-over-rabbitmq-or-sqs")
        .unwrap();
    assert!(kafka.parent().is_none());
    assert_eq!(kb.questions().filter(|q| q.parent().is_some()).count(), 6);
}

#[test]
fn the_checklist_lists_fifty_prompts_eleven_of_them_unanswered() {
    let kb = grill::embedded();
    let groups: Vec<_> = kb
        .topics()
        .filter(|t| {
            t.path().first() == Some(&"Quick Reference: 50+ Follow-ups") && t.parent().is_some()
        })
        .collect();
    let names: Vec<_> = groups.iter().map(|t| t.title()).collect();
    assert_eq!(
        names,
        vec![
            "Database",
            "Cache",
            "Messaging",
            "Consistency",
            "Scale",
            "Reliability",
            "Security",
            "Operations"
        ]
    );
    let listed: Vec<_> = kb.questions().filter(|q| q.checklist().is_some()).collect();
    assert_eq!(listed.len(), 50);
    let per_group: Vec<usize> = groups.iter().map(|t| t.listed().count()).collect();
    assert_eq!(per_group, vec![8, 7, 7, 6, 6, 6, 5, 5]);
    for g in &groups {
        for q in g.listed() {
            assert_eq!(q.checklist().map(|t| t.index()), Some(g.index()));
        }
    }
    let answered = listed.iter().filter(|q| q.is_answered()).count();
    assert_eq!(answered, 39);
    let prompts: Vec<_> = kb
        .questions()
        .filter(|q| q.kind() == QuestionKind::Prompt)
        .map(|q| q.prompt())
        .collect();
    assert_eq!(
        prompts,
        vec![
            "How do you handle data loss?",
            "What's your SLA/SLO?",
            "How do you handle partial failures?",
            "How do you protect sensitive data?",
            "How do you handle rate limiting?",
            "How do you prevent DDoS?",
            "How do you monitor this?",
            "How do you handle deployments?",
            "What alerts would you set up?",
            "How do you debug production issues?",
            "What's your on-call process?",
        ]
    );
    let stampede = kb
        .question("common-followups-by-topic/how-do-you-handle-cache-stampede")
        .unwrap();
    assert_eq!(
        stampede.checklist().map(|t| t.path()),
        Some(vec!["Quick Reference: 50+ Follow-ups", "Cache"])
    );
    let data_loss = kb
        .question("common-followups-by-topic/how-do-you-handle-data-loss")
        .unwrap();
    assert_eq!(data_loss.line(), 1706);
    assert_eq!(
        data_loss.path(),
        vec!["Quick Reference: 50+ Follow-ups", "Reliability"]
    );
}

#[test]
fn topic_headings_are_cleaned() {
    let kb = grill::embedded();
    for t in kb.topics() {
        let title = t.title();
        assert!(!title.contains("**"), "{title}");
        assert!(
            !title.contains('\u{20E3}') && !title.contains('\u{FE0F}'),
            "{title}"
        );
        assert!(!title.starts_with(|c: char| c.is_ascii_digit()), "{title}");
        assert!(!title.is_empty());
    }
    let top: Vec<_> = kb
        .documents()
        .nth(1)
        .unwrap()
        .topics()
        .map(|t| t.title())
        .collect();
    assert_eq!(
        &top[..3],
        &[
            "Database Follow-ups",
            "Cache Follow-ups",
            "Messaging Follow-ups"
        ]
    );
    let commsec: Vec<_> = kb
        .documents()
        .nth(2)
        .unwrap()
        .topics()
        .map(|t| t.title())
        .collect();
    assert!(commsec.contains(&"DevOps & CI/CD"));
    let phase1: Vec<_> = kb
        .documents()
        .nth(4)
        .unwrap()
        .topics()
        .map(|t| t.title())
        .collect();
    assert_eq!(phase1[0], "Level 1: Conceptual Understanding");
}

#[test]
fn source_lines_point_at_the_question() {
    let kb = grill::embedded();
    for q in kb.questions().filter(|q| q.is_answered()) {
        let src = source(q.document().source());
        let line = src.lines().nth(q.line() as usize - 1).unwrap();
        let words: Vec<&str> = q.prompt().split_whitespace().take(3).collect();
        let line_and_next = format!(
            "{line} {}",
            src.lines().nth(q.line() as usize).unwrap_or("")
        );
        assert!(
            words.iter().all(|w| line_and_next.contains(w))
                || q.title().is_some_and(|t| line.contains(t)),
            "{} at line {}: {line:?}",
            q.id(),
            q.line()
        );
    }
}

#[test]
fn the_build_reports_the_three_repaired_code_fences() {
    let compiled = compile_dir(data_dir()).unwrap();
    let diags: Vec<String> = compiled
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}", d.file, d.line))
        .collect();
    assert_eq!(
        diags,
        vec![
            "common-followups-by-topic.md:715",
            "common-followups-by-topic.md:1195",
            "common-followups-by-topic.md:1515"
        ]
    );
}

#[test]
fn compiling_is_deterministic_and_matches_the_embedded_archive() {
    // The build compiles data/ with its stored entry vectors.
    let stored = std::fs::read(data_dir().join("seed.vectors")).unwrap();
    let stored = grill::semantic::VectorFile::from_bytes(&stored).unwrap();
    let compile = || {
        let mut c = Compiler::new();
        c.add_dir(data_dir()).unwrap();
        c.finish_with(Some(&stored)).unwrap().archive().unwrap()
    };
    let a = compile();
    assert_eq!(a, compile());
    assert_eq!(a, grill::embedded_bytes());
    // Without vectors, the same corpus, deterministically.
    let plain = compile_dir(data_dir()).unwrap().archive().unwrap();
    assert_eq!(plain, compile_dir(data_dir()).unwrap().archive().unwrap());
    assert!(plain.len() < a.len());
    // Order of adding documents does not matter either.
    let mut c = Compiler::new();
    let glossary = std::fs::read_to_string(data_dir().join("glossary.toml")).unwrap();
    c.set_glossary(grill::glossary::Glossary::parse(&glossary).unwrap());
    let mut files: Vec<_> = std::fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files.reverse();
    for f in files {
        c.add_document(
            f.file_name().unwrap().to_str().unwrap(),
            &std::fs::read_to_string(&f).unwrap(),
        );
    }
    assert_eq!(c.finish_with(Some(&stored)).unwrap().archive().unwrap(), a);
}

#[test]
fn ids_are_unique_and_readable() {
    let kb = grill::embedded();
    let mut ids: Vec<&str> = kb.questions().map(|q| q.id()).collect();
    for id in &ids {
        assert!(id.len() <= 48 + 1 + 64, "{id}");
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '/'),
            "{id}"
        );
        assert_eq!(kb.question(id).map(|q| q.id()), Some(*id));
    }
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n);
    assert!(kb.question("no/such-id").is_none());
    assert!(kb.get("no/such-id").is_err());
}

#[test]
fn the_validated_open_of_the_embedded_bytes_agrees_with_the_trusted_one() {
    let checked = KnowledgeBase::from_bytes(grill::embedded_bytes()).unwrap();
    let trusted = grill::embedded();
    assert_eq!(checked.stats(), trusted.stats());
    let a: Vec<_> = checked.questions().map(|q| (q.id(), q.answer())).collect();
    let b: Vec<_> = trusted.questions().map(|q| (q.id(), q.answer())).collect();
    assert_eq!(a, b);
}
