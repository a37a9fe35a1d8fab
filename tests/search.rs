//! Search over the embedded corpus: the right question near the top for the
//! kinds of query people type, phrases, synonyms, snippets, highlights,
//! explanations, scopes, and sane behaviour on odd input. (Quality over the
//! judged query set is measured in `tests/relevance.rs`.)

use grill::{Error, Field, Hit, KnowledgeBase, MatchKind, Scope, SearchOptions};

/// The embedded knowledge base, opened once.
fn kb() -> &'static KnowledgeBase<'static> {
    static KB: std::sync::OnceLock<KnowledgeBase<'static>> = std::sync::OnceLock::new();
    KB.get_or_init(grill::embedded)
}

fn search(query: &str, options: &SearchOptions) -> Vec<Hit<'static>> {
    kb().search(query, options)
        .expect("unscoped search cannot fail")
}

fn top(query: &str, k: usize) -> Vec<String> {
    search(
        query,
        &SearchOptions {
            limit: k,
            ..SearchOptions::default()
        },
    )
    .iter()
    .map(|h| h.question.id().to_string())
    .collect()
}

fn first(query: &str) -> String {
    top(query, 1).into_iter().next().unwrap_or_default()
}

#[test]
fn keywords_find_the_question() {
    assert_eq!(
        first("cache stampede"),
        "common-followups-by-topic/how-do-you-handle-cache-stampede"
    );
    assert_eq!(
        first("hot partitions"),
        "common-followups-by-topic/how-do-you-handle-hot-partitions"
    );
    let kafka = top("kafka exactly once", 2);
    assert!(kafka
        .contains(&"anticipated-followups/how-do-you-ensure-exactly-once-semantics".to_string()));
    assert!(kafka.contains(
        &"common-followups-by-topic/how-do-you-ensure-exactly-once-processing".to_string()
    ));
}

#[test]
fn technical_tokens_and_abbreviations_written_as_in_the_corpus() {
    assert_eq!(
        first("k8s secrets"),
        "commsec-trading-platform/how-do-you-handle-kubernetes-secrets-securely"
    );
}

#[test]
fn a_swapped_pair_of_letters_is_one_typo() {
    assert_eq!(
        first("elasticsaerch reindex"),
        "anticipated-followups/how-do-you-handle-a-reindexing-scenario-with-zero-downtime"
    );
    assert_eq!(
        first("cache stmapede"),
        "common-followups-by-topic/how-do-you-handle-cache-stampede"
    );
}

#[test]
fn the_last_word_matches_as_a_prefix_while_typing() {
    let hits = top("connection poo", 2);
    assert!(
        hits.contains(
            &"common-followups-by-topic/how-do-you-handle-connection-pooling".to_string()
        ),
        "{hits:?}"
    );
    // A finished word (followed by a space) is not widened.
    let off = SearchOptions {
        prefix: false,
        fuzzy: false,
        ..SearchOptions::default()
    };
    assert!(search("connection poo", &off).iter().all(|h| h.score > 0.0));
}

#[test]
fn exact_matches_outrank_widened_ones() {
    let exact = search("stampede", &SearchOptions::default());
    let typo = search("stmapede", &SearchOptions::default());
    assert_eq!(exact[0].question.id(), typo[0].question.id());
    assert!(exact[0].score > typo[0].score);
}

#[test]
fn odd_queries_are_sensible() {
    let o = SearchOptions::default();
    assert!(search("", &o).is_empty());
    assert!(search("   ", &o).is_empty());
    assert!(search("how do you", &o).is_empty(), "stop words only");
    assert!(search("🚀🔥 \u{0}\u{7}", &o).is_empty());
    let huge = "kafka ".repeat(200_000);
    assert!(
        !search(&huge, &o).is_empty(),
        "a 1.2 MB query is cut, not refused"
    );
    let long: String = "é".repeat(600_000);
    let _ = search(&long, &o);
    assert!(search(
        "kafka",
        &SearchOptions {
            limit: 0,
            ..o.clone()
        }
    )
    .is_empty());
}

#[test]
fn scores_are_finite_sorted_and_pages_line_up() {
    let all = search(
        "database failover replication",
        &SearchOptions {
            limit: 50,
            ..SearchOptions::default()
        },
    );
    assert!(all.len() >= 10);
    assert!(all.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(all.iter().all(|h| h.score.is_finite() && h.score > 0.0));
    let page2 = search(
        "database failover replication",
        &SearchOptions {
            limit: 5,
            offset: 5,
            ..SearchOptions::default()
        },
    );
    let ids: Vec<_> = page2.iter().map(|h| h.question.id()).collect();
    let expected: Vec<_> = all[5..10].iter().map(|h| h.question.id()).collect();
    assert_eq!(ids, expected);
}

#[test]
fn a_word_misspelled_in_its_inflected_form_is_found() {
    // "idempotncy" is one edit from the surface word "idempotency", three
    // from its stem "idempot": typos are matched on what people write.
    let hits = search("idempotncy key", &SearchOptions::default());
    assert!(!hits.is_empty());
    // No prompt says it; the best answers do.
    let answer = hits[0].question.answer().unwrap_or_default().to_lowercase();
    assert!(
        answer.contains("idempotency key"),
        "{}",
        hits[0].question.id()
    );
}

#[test]
fn glossary_abbreviations_expand_both_ways() {
    // "DLQ" is an alias of "dead letter queue" in data/glossary.toml.
    let short = top("dlq", 5);
    let long = top("dead letter queue", 5);
    assert!(!short.is_empty() && !long.is_empty());
    assert!(
        short.iter().any(|id| long.contains(id)),
        "{short:?} vs {long:?}"
    );
    let no_syn = search(
        "pg replication",
        &SearchOptions {
            synonyms: false,
            ..SearchOptions::default()
        },
    );
    let syn = search("pg replication", &SearchOptions::default());
    let with = &syn[0];
    let explained = search(
        "pg replication",
        &SearchOptions {
            explain: true,
            ..SearchOptions::default()
        },
    );
    assert_eq!(explained[0].question.id(), with.question.id());
    assert!(
        explained[0]
            .explanation
            .as_ref()
            .unwrap()
            .matches
            .iter()
            .any(|m| matches!(m.how, MatchKind::Synonym(_))
                && ["postgr", "postgresql"].contains(&m.term.as_str())),
        "{:?} (without synonyms: {:?})",
        explained[0].explanation,
        no_syn.first().map(|h| h.question.id())
    );
}

#[test]
fn a_quoted_phrase_is_required_word_for_word() {
    let hits = search(
        "\"exactly once\" kafka",
        &SearchOptions {
            limit: 50,
            ..SearchOptions::default()
        },
    );
    assert!(!hits.is_empty());
    for h in &hits {
        let text = format!(
            "{} {}",
            h.question.prompt(),
            h.question.answer().unwrap_or_default()
        )
        .to_lowercase()
        .replace('-', " ");
        assert!(text.contains("exactly once"), "{}", h.question.id());
    }
    // Free words match in any order; the same words quoted in reverse do not.
    assert!(search("\"once exactly\"", &SearchOptions::default()).len() < hits.len());
    // An unclosed quote is text still being typed.
    assert!(!search("\"exactly onc", &SearchOptions::default()).is_empty());
}

#[test]
fn snippets_show_the_best_passage_with_highlights() {
    let hits = search("cache stampede", &SearchOptions::default());
    let s = &hits[0].snippet;
    assert!(!s.text.is_empty());
    assert!(!s.highlights.is_empty());
    // "thundering herd" is the glossary's other name for a cache stampede.
    let words: Vec<String> = s
        .highlights
        .iter()
        .map(|r| s.text[r.clone()].to_lowercase())
        .collect();
    assert!(words.iter().any(|w| w.starts_with("stamped")), "{words:?}");
    assert!(
        words.iter().all(|w| ["stamped", "cach", "thunder", "herd"]
            .iter()
            .any(|p| w.starts_with(p))),
        "{words:?}"
    );
    assert!(!s.text.contains("**"), "markup is stripped: {}", s.text);
    assert!(s.text.len() <= 200 + 2 * '…'.len_utf8());
}

#[test]
fn highlights_mark_prefix_and_typo_matches() {
    let typed = search("connection poo", &SearchOptions::default());
    let hit = typed
        .iter()
        .find(|h| h.question.id().ends_with("connection-pooling"))
        .unwrap();
    let marked: Vec<&str> = hit
        .prompt_highlights
        .iter()
        .map(|r| &hit.question.prompt()[r.clone()])
        .collect();
    assert!(
        marked.iter().any(|w| w.to_lowercase().starts_with("pool")),
        "{marked:?}"
    );
    let typo = search("cache stmapede", &SearchOptions::default());
    let marked: Vec<&str> = typo[0]
        .prompt_highlights
        .iter()
        .map(|r| &typo[0].question.prompt()[r.clone()])
        .collect();
    assert!(
        marked.iter().any(|w| w.eq_ignore_ascii_case("stampede")),
        "{marked:?}"
    );
}

#[test]
fn explanations_say_how_each_word_matched() {
    let hits = search(
        "elasticsaerch reindex zero downt",
        &SearchOptions {
            explain: true,
            ..SearchOptions::default()
        },
    );
    let e = hits[0].explanation.as_ref().unwrap();
    assert_eq!(e.clauses, 4);
    let how = |clause: &str| {
        e.matches
            .iter()
            .find(|m| m.clause == clause)
            .map(|m| &m.how)
    };
    assert_eq!(how("elasticsaerch"), Some(&MatchKind::Typo(1)));
    assert_eq!(how("reindex"), Some(&MatchKind::Exact));
    assert_eq!(how("downt"), Some(&MatchKind::Prefix));
    assert!(e
        .matches
        .iter()
        .any(|m| m.fields.iter().any(|(f, n)| *f == Field::Prompt && *n > 0)));
    assert!(e.matches.iter().all(|m| m.score > 0.0));
    // Without explain, none is computed.
    assert!(search("reindex", &SearchOptions::default())[0]
        .explanation
        .is_none());
}

#[test]
fn scopes_restrict_to_a_document_or_topic_subtree() {
    let doc = SearchOptions {
        scope: Scope::Document("sample-interview-qa".into()),
        limit: 100,
        ..SearchOptions::default()
    };
    let hits = search("database", &doc);
    assert!(!hits.is_empty());
    assert!(hits
        .iter()
        .all(|h| h.question.document().slug() == "sample-interview-qa"));
    // A topic subtree: every hit's topic path passes through it.
    let topic = kb()
        .topics()
        .find(|t| t.title().eq_ignore_ascii_case("caching"))
        .or_else(|| {
            kb().topics()
                .find(|t| t.title().to_lowercase().contains("cach"))
        })
        .expect("a caching topic");
    let scoped = search(
        "invalidation",
        &SearchOptions {
            scope: Scope::Topic(topic.id().into()),
            limit: 100,
            ..SearchOptions::default()
        },
    );
    assert!(!scoped.is_empty());
    for h in &scoped {
        let mut t = h.question.topic();
        let mut inside = false;
        while let Some(x) = t {
            inside |= x.id() == topic.id();
            t = x.parent();
        }
        assert!(inside, "{} is outside {}", h.question.id(), topic.id());
    }
    assert_eq!(
        kb().search(
            "x",
            &SearchOptions {
                scope: Scope::Document("nope".into()),
                ..SearchOptions::default()
            }
        )
        .unwrap_err(),
        Error::UnknownDocument("nope".into())
    );
    assert!(matches!(
        kb().search(
            "x",
            &SearchOptions {
                scope: Scope::Topic("nope".into()),
                ..SearchOptions::default()
            }
        ),
        Err(Error::UnknownTopic(_))
    ));
}
