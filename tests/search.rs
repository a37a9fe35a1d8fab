//! Search over the embedded corpus: the right question near the top for the
//! kinds of query people type, and sane behaviour on odd input. (The judged
//! relevance set with success@1 and MRR floors is the next step.)

use grill::SearchOptions;

fn top(query: &str, k: usize) -> Vec<String> {
    let kb = grill::embedded();
    kb.search(
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
    let kb = grill::embedded();
    let off = SearchOptions {
        prefix: false,
        fuzzy: false,
        ..SearchOptions::default()
    };
    assert!(kb
        .search("connection poo", &off)
        .iter()
        .all(|h| h.score > 0.0));
}

#[test]
fn exact_matches_outrank_widened_ones() {
    let kb = grill::embedded();
    let exact = kb.search("stampede", &SearchOptions::default());
    let typo = kb.search("stmapede", &SearchOptions::default());
    assert_eq!(exact[0].question.id(), typo[0].question.id());
    assert!(exact[0].score > typo[0].score);
}

#[test]
fn odd_queries_are_sensible() {
    let kb = grill::embedded();
    let o = SearchOptions::default();
    assert!(kb.search("", &o).is_empty());
    assert!(kb.search("   ", &o).is_empty());
    assert!(kb.search("how do you", &o).is_empty(), "stop words only");
    assert!(kb.search("🚀🔥 \u{0}\u{7}", &o).is_empty());
    let huge = "kafka ".repeat(200_000);
    assert!(
        !kb.search(&huge, &o).is_empty(),
        "a 1.2 MB query is cut, not refused"
    );
    let long: String = "é".repeat(600_000);
    let _ = kb.search(&long, &o);
    assert!(kb
        .search("kafka", &SearchOptions { limit: 0, ..o })
        .is_empty());
}

#[test]
fn scores_are_finite_sorted_and_pages_line_up() {
    let kb = grill::embedded();
    let all = kb.search(
        "database failover replication",
        &SearchOptions {
            limit: 50,
            ..SearchOptions::default()
        },
    );
    assert!(all.len() >= 10);
    assert!(all.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(all.iter().all(|h| h.score.is_finite() && h.score > 0.0));
    let page2 = kb.search(
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
