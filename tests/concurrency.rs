//! Many threads on one archive: `KnowledgeBase` is `Send + Sync`, and
//! searches and graph walks from many threads at once give exactly what
//! one thread gets (search keeps per-thread scratch space).

use grill::{KnowledgeBase, SearchOptions};

const fn send_sync<T: Send + Sync>() {}
const _: () = send_sync::<KnowledgeBase<'static>>();

/// What one thread sees: for each query, hit ids with their scores' bits,
/// and the follow-ups of each hit.
fn answers(kb: &KnowledgeBase<'_>, queries: &[String]) -> Vec<Vec<(String, u32, Vec<String>)>> {
    let options = SearchOptions::default();
    queries
        .iter()
        .map(|q| {
            kb.search(q, &options)
                .unwrap()
                .iter()
                .map(|h| {
                    let follow = kb.follow_ups(h.question.id(), 5).unwrap();
                    (
                        h.question.id().to_string(),
                        h.score.to_bits(),
                        follow.iter().map(|n| n.question.id().to_string()).collect(),
                    )
                })
                .collect()
        })
        .collect()
}

fn queries(kb: &KnowledgeBase<'_>) -> Vec<String> {
    // Real prompts, prefixes being typed, typos and phrases.
    let mut out: Vec<String> = kb
        .questions()
        .step_by(7)
        .map(|q| q.prompt().to_string())
        .collect();
    out.extend(
        [
            "kafk",
            "idempotncy",
            "\"exactly once\"",
            "k8s secrets",
            "why postgres",
        ]
        .map(String::from),
    );
    out
}

fn same_from_many_threads(kb: &KnowledgeBase<'_>) {
    let queries = queries(kb);
    let expected = answers(kb, &queries);
    assert!(expected.iter().filter(|hits| !hits.is_empty()).count() > queries.len() / 2);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|t| {
                let queries = &queries;
                s.spawn(move || {
                    // Each thread starts at a different query, so different
                    // searches overlap in time.
                    let mut rotated = queries.clone();
                    rotated.rotate_left(t * queries.len() / 8);
                    let mut got = answers(kb, &rotated);
                    got.rotate_right(t * queries.len() / 8);
                    got
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), expected);
        }
    });
}

#[test]
fn embedded_archive_from_many_threads() {
    same_from_many_threads(&grill::embedded());
}

#[test]
fn validated_archive_shared_by_arc_across_threads() {
    let kb =
        std::sync::Arc::new(KnowledgeBase::from_vec(grill::embedded_bytes().to_vec()).unwrap());
    let first = answers(&kb, &queries(&kb));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let kb = std::sync::Arc::clone(&kb);
            std::thread::spawn(move || answers(&kb, &queries(&kb)))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), first);
    }
    same_from_many_threads(&kb);
}
