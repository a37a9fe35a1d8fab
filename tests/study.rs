//! The scheduler against values worked out by hand from the published FSRS-5
//! formulas and default parameters, and recommendations on the real corpus.

use std::collections::BTreeSet;

use grill::fsrs::{Fsrs, Memory, Rating};
use grill::{Error, ErrorKind, StudyReason, StudyState};

const DAY: i64 = 86_400;
const T0: i64 = 1_750_000_000;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * b.abs().max(1.0)
}

#[test]
fn fsrs_matches_the_published_formulas() {
    let f = Fsrs::default();
    // First reviews: S0 = w[G-1], D0 = w4 - e^(w5 (G-1)) + 1.
    let good = f.first_review(Rating::Good);
    assert!(close(good.stability, 3.173) && close(good.difficulty, 5.282434422319005));
    let again = f.first_review(Rating::Again);
    assert!(close(again.stability, 0.40255) && close(again.difficulty, 7.1949));
    let easy = f.first_review(Rating::Easy);
    assert!(close(easy.stability, 15.69105) && close(easy.difficulty, 3.2245015893713678));
    // The forgetting curve: R(S, S) = 0.9.
    assert!(close(f.retrievability(3.173, 3.173), 0.9));
    assert!(close(f.retrievability(10.0, 3.173), 0.7582588166545682));
    assert!(close(f.interval(10.0), 10.0), "r = 0.9 gives I = S");
    // Recalled after 3 days.
    let s2 = f.review(good, 3.0, Rating::Good);
    assert!(close(s2.stability, 10.73892584613159), "{s2:?}");
    assert!(close(s2.difficulty, 5.272967931287446), "{s2:?}");
    // Then forgotten 10 days later.
    let s3 = f.review(s2, 10.0, Rating::Again);
    assert!(close(s3.stability, 2.146380692406721), "{s3:?}");
    assert!(close(s3.difficulty, 8.170909306114632), "{s3:?}");
    // Hard and easy penalties and bonuses.
    let hard = f.review(good, 5.0, Rating::Hard);
    assert!(close(hard.stability, 5.918364950238929) && close(hard.difficulty, 6.726650091287445));
    let easy = f.review(good, 3.0, Rating::Easy);
    assert!(close(easy.stability, 25.79360509476422) && close(easy.difficulty, 3.8192857712874453));
    // Same-day reviews use the short-term formula.
    assert!(close(
        f.review(good, 0.0, Rating::Good).stability,
        4.466858064362218
    ));
    assert!(close(
        f.review(good, 0.2, Rating::Again).stability,
        1.589763507266002
    ));
    // Difficulty stays within 1..10 whatever happens.
    let mut m = Memory {
        stability: 1.0,
        difficulty: 9.9,
    };
    for _ in 0..50 {
        m = f.review(m, 2.0, Rating::Again);
        assert!((1.0..=10.0).contains(&m.difficulty) && m.stability > 0.0);
    }
}

#[test]
fn a_new_learner_gets_one_question_per_topic_first() {
    let kb = grill::embedded();
    let batch = kb.recommend(&StudyState::default(), T0, 10);
    assert_eq!(batch.len(), 10);
    let topics: BTreeSet<_> = batch
        .iter()
        .map(|r| r.question.topic().map(|t| t.id()))
        .collect();
    assert_eq!(topics.len(), 10, "ten different topics");
    assert!(batch.iter().all(|r| r.question.is_answered()));
    assert!(batch
        .iter()
        .all(|r| matches!(r.reason, StudyReason::NewTopic)));
    // Deterministic.
    let again: Vec<_> = kb
        .recommend(&StudyState::default(), T0, 10)
        .iter()
        .map(|r| r.question.id())
        .collect();
    assert_eq!(
        again,
        batch.iter().map(|r| r.question.id()).collect::<Vec<_>>()
    );
}

#[test]
fn follow_ups_of_what_was_just_studied_come_next() {
    let kb = grill::embedded();
    let group = kb
        .get("anticipated-followups/why-elasticsearch-over-other-solutions")
        .unwrap();
    let first: Vec<_> = group.children().collect();
    let mut state = StudyState::default();
    state.review(first[0].id(), Rating::Good, T0);
    let batch = kb.recommend(&state, T0 + 600, 5);
    assert_eq!(batch[0].question.id(), first[1].id());
    match batch[0].reason {
        StudyReason::FollowUp { of } => assert_eq!(of.id(), first[0].id()),
        other => panic!("{other:?}"),
    }
    assert!(batch.iter().all(|r| r.question.id() != first[0].id()));
}

#[test]
fn due_reviews_come_first_most_forgotten_first_and_take_half_the_batch() {
    let kb = grill::embedded();
    let mut state = StudyState::default();
    let ids: Vec<String> = kb
        .questions()
        .filter(|q| q.is_answered())
        .take(12)
        .map(|q| q.id().to_string())
        .collect();
    for (i, id) in ids.iter().enumerate() {
        let rating = if i % 3 == 0 {
            Rating::Again
        } else {
            Rating::Good
        };
        state.review(id, rating, T0);
    }
    // Nothing is due an hour later.
    let soon = kb.recommend(&state, T0 + 3600, 6);
    assert!(soon
        .iter()
        .all(|r| !matches!(r.reason, StudyReason::Due { .. })));
    // A month later all twelve are due; half the batch is reviews.
    let later = kb.recommend(&state, T0 + 30 * DAY, 6);
    let due: Vec<f64> = later
        .iter()
        .filter_map(|r| match r.reason {
            StudyReason::Due {
                retrievability,
                overdue_days,
            } => {
                assert!(overdue_days >= 0.0);
                Some(retrievability)
            }
            _ => None,
        })
        .collect();
    assert_eq!(due.len(), 3);
    assert!(due.windows(2).all(|w| w[0] <= w[1]), "most forgotten first");
    assert!(matches!(later[0].reason, StudyReason::Due { .. }));
    // Those rated Again are the most forgotten.
    assert_eq!(later[0].question.id(), ids[0]);
}

#[test]
fn a_state_covering_every_question_is_all_reviews() {
    let kb = grill::embedded();
    let mut state = StudyState::default();
    // Answered questions and sections: everything with an answer is studied.
    for q in kb.questions().filter(|q| q.is_answered()) {
        state.review(q.id(), Rating::Good, T0);
    }
    assert_eq!(
        state.cards().len(),
        kb.stats().answered + kb.stats().sections
    );
    let batch = kb.recommend(&state, T0 + 365 * DAY, 20);
    assert_eq!(batch.len(), 20);
    assert!(batch
        .iter()
        .all(|r| matches!(r.reason, StudyReason::Due { .. })));
    let ids: BTreeSet<_> = batch.iter().map(|r| r.question.id()).collect();
    assert_eq!(ids.len(), 20);
}

#[test]
fn the_text_form_round_trips_and_names_bad_lines() {
    let mut state = StudyState::default();
    state.review(
        "sample-interview-qa/why-postgresql-over-dynamodb",
        Rating::Hard,
        T0,
    );
    state.review(
        "sample-interview-qa/why-postgresql-over-dynamodb",
        Rating::Good,
        T0 + 3 * DAY,
    );
    state.review("anticipated-followups/why-postgresql", Rating::Again, T0);
    let text = state.to_text();
    assert_eq!(StudyState::parse(&text).unwrap(), state);
    let card = state
        .card("sample-interview-qa/why-postgresql-over-dynamodb")
        .unwrap();
    assert_eq!((card.reviews, card.lapses, card.last_rating), (2, 0, 3));
    // A hand-written card with only reviews, rating and time gets a memory.
    let hand = StudyState::parse("grill-study 1\nx/y\t1\t0\t3\t0\t0\t0\n").unwrap();
    assert!((hand.card("x/y").unwrap().stability - 3.173).abs() < 1e-9);
    let err = StudyState::parse("grill-study 1\nx/y\t1\t0\t7\t0\t1\t5\n").unwrap_err();
    assert_eq!(
        err,
        Error::StudyState {
            line: 2,
            expected: "a last rating of 1-4"
        }
    );
    assert_eq!(err.kind(), ErrorKind::StudyState);
    assert_eq!(
        err.to_string(),
        "study state, line 2: expected a last rating of 1-4"
    );
    assert_eq!(
        StudyState::parse("not a state"),
        Err(Error::StudyState {
            line: 1,
            expected: "the header `grill-study 1`"
        })
    );
    // Blank lines still count: the line named is the line in the file.
    assert_eq!(
        StudyState::parse("grill-study 1\n\nx\t1\n"),
        Err(Error::StudyState {
            line: 3,
            expected: "7 tab-separated fields"
        })
    );
    for (line, expected) in [
        ("x/y\tmany\t0\t3\t0\t0\t0", "a count of reviews"),
        ("x/y\t1\t-1\t3\t0\t0\t0", "a count of lapses"),
        ("x/y\t1\t0\t3\tnoon\t0\t0", "a last review time in seconds"),
        ("x/y\t1\t0\t3\t0\tsteady\t0", "a stability that is a number"),
        ("x/y\t1\t0\t3\t0\t1\thard", "a difficulty that is a number"),
        ("\t1\t0\t3\t0\t0\t0", "a question id"),
        (
            "x/y\t1\t0\t3\t0\t-1\t5",
            "a finite stability >= 0 and a finite difficulty",
        ),
    ] {
        assert_eq!(
            StudyState::parse(&format!("grill-study 1\n{line}\n")),
            Err(Error::StudyState { line: 2, expected }),
            "{line:?}"
        );
    }
    // Unknown ids in a state are kept but do not disturb recommendations.
    let kb = grill::embedded();
    assert_eq!(kb.recommend(&hand, T0, 3).len(), 3);
}
