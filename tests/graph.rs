//! The follow-up graph on the real corpus, against hand-judged expectations
//! in `tests/graph/`: same-question groups (precision and recall over pairs),
//! answers for the unanswered checklist prompts, and follow-ups.
//!
//! `cargo test --test graph -- --nocapture` prints the figures.

use std::collections::BTreeSet;

use grill::{KnowledgeBase, QuestionKind, Relation};

#[derive(serde::Deserialize)]
struct Groups {
    group: Vec<Group>,
}

#[derive(serde::Deserialize)]
struct Group {
    topic: String,
    ids: Vec<String>,
    #[serde(default = "yes")]
    strict: bool,
}

fn yes() -> bool {
    true
}

#[derive(serde::Deserialize)]
struct Prompts {
    prompt: Vec<Prompt>,
}

#[derive(serde::Deserialize)]
struct Prompt {
    id: String,
    answers: Vec<String>,
}

#[derive(serde::Deserialize)]
struct FollowUps {
    question: Vec<Expected>,
}

#[derive(serde::Deserialize)]
struct Expected {
    id: String,
    next: Vec<String>,
}

fn load<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> T {
    match toml::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("tests/graph/{name}: {e}"),
    }
}

fn kb() -> KnowledgeBase<'static> {
    grill::embedded()
}

/// An unordered pair of ids.
fn pair(a: &str, b: &str) -> (String, String) {
    if a < b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

#[test]
fn same_question_edges_match_the_judged_groups() {
    let text = include_str!("graph/same_question.toml");
    let (precision, recall) = same_question_figures("same_question.toml", text);
    // The floors. Reached: 0.9 and 0.9 (27 of 30 judged pairs, 3
    // extra). Prompts that share no words ("What's your uptime?" / "What's
    // your SLA/SLO?") are beyond what lexical similarity finds.
    assert!(precision >= 0.9, "precision {precision:.3} < 0.9");
    assert!(recall >= 0.8, "recall {recall:.3} < 0.8");
}

#[test]
fn same_question_edges_hold_on_blind_groups() {
    let text = include_str!("graph/blind_same_question.toml");
    let (precision, recall) = same_question_figures("blind_same_question.toml", text);
    // Measured, never tuned on: 0.909 / 0.811 with the seed's entry vectors
    // (words alone: 0.903 / 0.757).
    assert!(precision >= 0.85, "precision {precision:.3}");
    assert!(recall >= 0.8, "recall {recall:.3}");
}

/// Precision and recall of the same-question edges over the strict groups
/// of a judged file (printing the figures, the extra and the missed pairs).
fn same_question_figures(name: &str, text: &str) -> (f64, f64) {
    let kb = kb();
    let groups: Groups = load(name, text);
    let (mut judged, mut loose) = (BTreeSet::new(), BTreeSet::new());
    for g in &groups.group {
        for (i, a) in g.ids.iter().enumerate() {
            assert!(kb.question(a).is_some(), "{}: unknown id {a}", g.topic);
            for b in &g.ids[i + 1..] {
                if g.strict {
                    judged.insert(pair(a, b));
                } else {
                    loose.insert(pair(a, b));
                }
            }
        }
    }
    let mut found = BTreeSet::new();
    for q in kb.questions() {
        let twins = kb.same_as(q.id()).unwrap();
        for t in &twins {
            assert_eq!(t.relation, Relation::SameQuestion);
            assert!(t.weight > 0.0 && t.weight <= 1.0 + 1e-6);
            // Symmetric: the twin names this question back.
            assert!(
                kb.same_as(t.question.id())
                    .unwrap()
                    .iter()
                    .any(|b| b.question.id() == q.id()),
                "{} -> {} is one-way",
                q.id(),
                t.question.id()
            );
            found.insert(pair(q.id(), t.question.id()));
        }
    }
    let all: BTreeSet<_> = judged.union(&loose).cloned().collect();
    let hits_all = found.intersection(&all).count();
    println!(
        "same_question over all groups: precision {:.3}, recall {:.3}",
        hits_all as f64 / found.len().max(1) as f64,
        hits_all as f64 / all.len().max(1) as f64
    );
    let found: BTreeSet<_> = found.difference(&loose).cloned().collect();
    let hits = found.intersection(&judged).count();
    let precision = hits as f64 / found.len().max(1) as f64;
    let recall = hits as f64 / judged.len().max(1) as f64;
    println!(
        "same_question over strict groups: {} pairs found, {} judged, {hits} agree: precision {precision:.3}, recall {recall:.3}",
        found.len(),
        judged.len()
    );
    for p in found.difference(&judged) {
        println!("  extra:  {} = {}", p.0, p.1);
    }
    for p in judged.difference(&found) {
        println!("  missed: {} = {}", p.0, p.1);
    }
    (precision, recall)
}

/// Whether `b` is among the same questions of `a`.
fn same(kb: &KnowledgeBase<'_>, a: &str, b: &str) -> bool {
    kb.same_as(a).unwrap().iter().any(|t| t.question.id() == b)
}

#[test]
fn same_question_respects_products_and_is_transitive() {
    let kb = kb();
    // Alike words about different products are not the same question...
    assert!(!same(
        &kb,
        "anticipated-followups/what-if-redis-goes-down",
        "sample-interview-qa/what-happens-if-meilisearch-goes-down"
    ));
    // ...while a product and no product may be ("the cache" is Redis here).
    assert!(same(
        &kb,
        "anticipated-followups/what-if-redis-goes-down",
        "common-followups-by-topic/what-if-the-cache-goes-down"
    ));
    // A prompt naming no product is about the products its answer names:
    // "the cache" here is Redis, not Meilisearch or Kafka.
    for other in [
        "sample-interview-qa/what-happens-if-meilisearch-goes-down",
        "anticipated-followups/what-if-kafka-itself-goes-down",
    ] {
        assert!(!same(
            &kb,
            "common-followups-by-topic/what-if-the-cache-goes-down",
            other
        ));
    }
    // Telling two things apart is another question than handling one.
    assert!(!same(
        &kb,
        "common-followups-by-topic/how-do-you-handle-partial-failures",
        "commsec-trading-platform/how-do-you-differentiate-between-a-gray-failure-and-a-complete"
    ));
    // Two entries of one document, each the same as a third elsewhere, are
    // the same as each other, though one document rarely repeats a question.
    let third = "common-followups-by-topic/how-do-you-handle-schema-migrations";
    let a = "anticipated-followups/how-do-you-handle-database-schema-migrations";
    let b = "anticipated-followups/how-do-you-handle-schema-changes-with-zero-downtime";
    assert!(same(&kb, a, third) && same(&kb, b, third));
    assert!(same(&kb, a, b) && same(&kb, b, a));
    // ...but not when the two look nothing alike: both resemble "What's
    // your backup and disaster recovery strategy?", yet backup and recovery
    // is not the disaster recovery plan.
    let narrow = "common-followups-by-topic/how-do-you-handle-backup-and-recovery";
    for plan in [
        "common-followups-by-topic/whats-your-disaster-recovery-plan",
        "anticipated-followups/whats-your-disaster-recovery-plan",
    ] {
        assert!(!same(&kb, narrow, plan) && !same(&kb, plan, narrow));
    }
}

#[test]
fn every_unanswered_prompt_gets_a_judged_answer() {
    let text = include_str!("graph/answered_by.toml");
    let (good, anywhere) = answered_by_figures("answered_by.toml", text);
    // With the seed's entry vectors: 9 and 10 (words alone: 8 and 8).
    assert!(good >= 9, "{good} of 11 first");
    assert!(anywhere >= 10, "{anywhere} of 11 anywhere");
}

#[test]
fn unanswered_prompts_get_blind_judged_answers() {
    let text = include_str!("graph/blind_answered_by.toml");
    let (good, anywhere) = answered_by_figures("blind_answered_by.toml", text);
    // Measured, never tuned on: 10 and 11 (words alone: 10 and 10).
    assert!(good >= 9, "{good} of 11 first");
    assert!(anywhere >= 8, "{anywhere} of 11 anywhere");
}

/// Of the 11 prompts, how many get a judged answer first, and anywhere.
fn answered_by_figures(name: &str, text: &str) -> (usize, usize) {
    let kb = kb();
    let prompts: Prompts = load(name, text);
    let all: Vec<_> = kb
        .questions()
        .filter(|q| q.kind() == QuestionKind::Prompt)
        .map(|q| q.id().to_string())
        .collect();
    assert_eq!(all.len(), 11);
    let judged: BTreeSet<&str> = prompts.prompt.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(judged.len(), 11, "every prompt is judged");
    let (mut good, mut anywhere) = (0, 0);
    for p in &prompts.prompt {
        assert!(all.contains(&p.id), "{} is not an unanswered prompt", p.id);
        let answers = kb.answered_by(&p.id).unwrap();
        let first = answers.first().map(|a| a.question.id());
        let ok = first.is_some_and(|f| p.answers.iter().any(|a| a == f));
        let any = answers
            .iter()
            .any(|a| p.answers.iter().any(|j| j == a.question.id()));
        anywhere += usize::from(any);
        println!(
            "{} {:<60} -> {}",
            if ok { "ok  " } else { "MISS" },
            p.id,
            first.unwrap_or("(none)")
        );
        good += usize::from(ok);
        for a in &answers {
            assert_eq!(a.relation, Relation::AnsweredBy);
            assert!(a.question.is_answered());
            // And the answer points back at the prompt.
            assert!(kb
                .answered_by(a.question.id())
                .unwrap()
                .iter()
                .any(|b| b.relation == Relation::Answers && b.question.id() == p.id));
        }
    }
    println!(
        "answered_by ({name}): {good} of 11 prompts get a judged answer first, {anywhere} among their answers"
    );
    (good, anywhere)
}

#[test]
fn follow_ups_put_the_stated_ones_first() {
    let recall = follow_up_recall("follow_ups.toml", include_str!("graph/follow_ups.toml"));
    assert!(recall >= 0.7, "recall {recall:.3}");
}

#[test]
fn follow_ups_hold_on_blind_judgments() {
    let text = include_str!("graph/blind_follow_ups.toml");
    let recall = follow_up_recall("blind_follow_ups.toml", text);
    // Measured: 0.512 (words alone 0.500). The blind judge chose next
    // questions from other documents where the graph offers the document's
    // own; see the issue 21 note.
    assert!(recall >= 0.5, "recall {recall:.3}");
}

/// The share of judged next questions among a question's first max(5, n)
/// follow-ups.
fn follow_up_recall(name: &str, text: &str) -> f64 {
    let kb = kb();
    let expected: FollowUps = load(name, text);
    let (mut found, mut total) = (0, 0);
    for e in &expected.question {
        let k = e.next.len().max(5);
        let got: Vec<String> = kb
            .follow_ups(&e.id, k)
            .unwrap()
            .iter()
            .map(|n| n.question.id().to_string())
            .collect();
        let hit = e.next.iter().filter(|n| got.contains(n)).count();
        println!("{hit}/{} {}", e.next.len(), e.id);
        found += hit;
        total += e.next.len();
    }
    let recall = found as f64 / total.max(1) as f64;
    println!(
        "follow_ups ({name}): recall {recall:.3} of judged next questions within the top max(5, n)"
    );
    recall
}

#[test]
fn grouped_follow_ups_come_first_in_document_order() {
    let kb = kb();
    let group = "anticipated-followups/why-elasticsearch-over-other-solutions";
    let next = kb.follow_ups(group, 10).unwrap();
    let children: Vec<&str> = kb.get(group).unwrap().children().map(|c| c.id()).collect();
    assert_eq!(children.len(), 3);
    let first: Vec<&str> = next.iter().take(3).map(|n| n.question.id()).collect();
    assert_eq!(first, children);
    assert!(next
        .iter()
        .take(3)
        .all(|n| n.relation == Relation::FollowUp));
    assert_eq!(next[0].reason(), "follow-up in the same document");
    // From the first child, the next sibling is the next follow-up.
    let after = kb.follow_ups(children[0], 3).unwrap();
    assert_eq!(after[0].question.id(), children[1]);
    assert_eq!(after[0].relation, Relation::NextFollowUp);
    assert!(
        after[0].reason().contains("Why Elasticsearch"),
        "{}",
        after[0].reason()
    );
    // Never the question itself, never twice, never more than asked.
    for q in kb.questions() {
        let f = kb.follow_ups(q.id(), 6).unwrap();
        assert!(f.len() <= 6);
        let ids: BTreeSet<_> = f.iter().map(|n| n.question.id()).collect();
        assert_eq!(ids.len(), f.len());
        assert!(!ids.contains(q.id()));
    }
}

#[test]
fn related_questions_are_similar_and_not_already_linked() {
    let kb = kb();
    let id = "common-followups-by-topic/how-do-you-handle-cache-stampede";
    let related = kb.related(id, 5).unwrap();
    assert_eq!(related.len(), 5);
    assert!(related.windows(2).all(|w| w[0].weight >= w[1].weight));
    assert!(related
        .iter()
        .any(|n| n.question.prompt().to_lowercase().contains("cache")));
    let twins = kb.same_as(id).unwrap();
    for r in &related {
        assert!(r.question.is_answered());
        assert!(!twins.iter().any(|t| t.question.id() == r.question.id()));
    }
    assert!(matches!(
        kb.related("no/such", 3),
        Err(grill::Error::UnknownId(_))
    ));
}

#[test]
fn concepts_are_found_by_any_spelling() {
    let kb = kb();
    let k8s = kb.concept("k8s").unwrap();
    assert_eq!(k8s.name(), "Kubernetes");
    assert_eq!(kb.concept("Kubernetes").unwrap().index(), k8s.index());
    let questions: Vec<_> = k8s.questions().collect();
    assert!(questions.len() >= 5, "{}", questions.len());
    assert!(questions.windows(2).all(|w| w[0].1 >= w[1].1));
    let dlq = kb.concept("dead-letter queues").unwrap();
    assert_eq!(dlq.name(), "Dead letter queue");
    // And back: a question's concepts include the one it is about.
    let stampede = kb
        .get("common-followups-by-topic/how-do-you-handle-cache-stampede")
        .unwrap();
    assert!(stampede
        .concepts()
        .any(|(c, _)| c.name() == "Cache stampede"));
    assert!(matches!(
        kb.concept("no such thing"),
        Err(grill::Error::UnknownConcept(_))
    ));
    assert!(kb.concepts().len() >= 200);
}

#[test]
fn a_mock_interview_goes_deeper_without_repeating() {
    let kb = kb();
    let start = "anticipated-followups/why-kafka-over-rabbitmq-or-sqs";
    let chain = kb.mock_interview(start, 6).unwrap();
    assert_eq!(chain[0].question.id(), start);
    assert!(chain.len() >= 4, "{}", chain.len());
    let ids: BTreeSet<_> = chain.iter().map(|n| n.question.id()).collect();
    assert_eq!(ids.len(), chain.len(), "no question twice");
    assert!(chain.iter().all(|n| n.question.is_answered()));
    // Deterministic.
    let again: Vec<_> = kb
        .mock_interview(start, 6)
        .unwrap()
        .iter()
        .map(|n| n.question.id())
        .collect();
    assert_eq!(
        again,
        chain.iter().map(|n| n.question.id()).collect::<Vec<_>>()
    );
    // A topic opens with its first answered question.
    let topic = kb.get(start).unwrap().topic().unwrap();
    let by_topic = kb.mock_interview(topic.id(), 3).unwrap();
    assert_eq!(
        by_topic[0].question.topic().map(|t| t.id()),
        Some(topic.id())
    );
    // An unknown start is named as a start, not as an unknown question id.
    let err = kb.mock_interview("nope", 3).unwrap_err();
    assert_eq!(err, grill::Error::UnknownStart("nope".into()));
    assert_eq!(err.kind(), grill::ErrorKind::NotFound);
    assert_eq!(
        err.to_string(),
        "no question or topic with id \"nope\" to start a mock interview from"
    );
}
