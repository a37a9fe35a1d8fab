//! The glossary of abbreviations and synonyms (`data/glossary.toml`).
//!
//! A glossary is a list of concepts, each with a canonical name, the other
//! ways people write it and an optional kind:
//!
//! ```toml
//! [[concept]]
//! name = "Elasticsearch"
//! aliases = ["ES", "elastic search", "OpenSearch"]
//! kind = "technology"
//! ```
//!
//! [`Glossary::parse`] checks that no name or alias belongs to two concepts
//! (or twice to one). Two spellings are the same when the
//! [`Analyzer`] gives them the same words, so case,
//! plurals and `dead-letter`/`dead letter` count as one spelling.

use std::collections::HashMap;

use crate::text::Analyzer;

/// The kinds a concept may have.
pub const KINDS: &[&str] = &["technology", "aws", "pattern", "metric", "practice"];

/// One glossary concept.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    /// Canonical display name; also the concept node's name.
    pub name: String,
    /// Other ways people write the concept; may be multi-word.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// One of [`KINDS`], if given.
    #[serde(default)]
    pub kind: Option<String>,
}

/// The parsed glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glossary {
    /// The concepts, in file order.
    pub concepts: Vec<Concept>,
    /// Everyday phrasings of concepts, in file order.
    pub phrasings: Vec<Phrasing>,
}

/// How people say a concept in plain words when they do not know its name
/// ("going back to the previous version" for a rollback).
///
/// A query using a phrasing also searches for the concept's name and
/// aliases; unlike an alias, a phrasing is never shown as the concept's name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrasing {
    /// The name of the concept meant.
    pub concept: String,
    /// The plain-word phrasings.
    pub says: Vec<String>,
}

/// Why a glossary could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GlossaryError {
    /// The text is not valid TOML or not of the glossary's shape; the
    /// message names the line and column.
    #[error("glossary is not valid: {0}")]
    Toml(String),
    /// A name or alias with no word in it (empty, or only punctuation).
    #[error("glossary concept `{concept}` has an empty name or alias `{word}`")]
    Empty {
        /// The concept's name (or `#N` for the N-th concept if the name is empty).
        concept: String,
        /// The offending name or alias.
        word: String,
    },
    /// A phrasing names a concept the glossary does not have.
    #[error("glossary phrasing names unknown concept `{0}`")]
    UnknownConcept(String),
    /// A `kind` outside [`KINDS`].
    #[error("glossary concept `{concept}` has unknown kind `{kind}` (expected one of {KINDS:?})")]
    UnknownKind {
        /// The concept's name.
        concept: String,
        /// The kind found.
        kind: String,
    },
    /// The same name or alias (after analysis) in two concepts, or twice in one.
    #[error(
        "glossary: `{second_word}` of concept `{second}` duplicates `{first_word}` of concept `{first}`"
    )]
    Duplicate {
        /// The concept that had the spelling first.
        first: String,
        /// Its name or alias.
        first_word: String,
        /// The concept that repeats it (may equal `first`).
        second: String,
        /// The repeating name or alias.
        second_word: String,
    },
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    concept: Vec<Concept>,
    #[serde(default)]
    phrasing: Vec<Phrasing>,
}

impl Glossary {
    /// Parse and check glossary TOML.
    ///
    /// ```
    /// use grill_core::glossary::{Glossary, GlossaryError};
    ///
    /// let g = Glossary::parse("[[concept]]\nname = \"Kubernetes\"\naliases = [\"k8s\"]\n").unwrap();
    /// assert_eq!(g.concepts[0].aliases, ["k8s"]);
    ///
    /// let dup = "[[concept]]\nname = \"A\"\naliases = [\"X\"]\n[[concept]]\nname = \"B\"\naliases = [\"x\"]\n";
    /// assert!(matches!(Glossary::parse(dup), Err(GlossaryError::Duplicate { .. })));
    /// ```
    pub fn parse(toml_text: &str) -> Result<Glossary, GlossaryError> {
        let file: File =
            toml::from_str(toml_text).map_err(|e| GlossaryError::Toml(e.to_string()))?;
        let analyzer = Analyzer::new();
        // Spelling key -> (concept index, word as written).
        let mut seen: HashMap<String, (usize, &str)> = HashMap::new();
        for (index, concept) in file.concept.iter().enumerate() {
            if let Some(kind) = &concept.kind {
                if !KINDS.contains(&kind.as_str()) {
                    return Err(GlossaryError::UnknownKind {
                        concept: concept.name.clone(),
                        kind: kind.clone(),
                    });
                }
            }
            for word in std::iter::once(&concept.name).chain(&concept.aliases) {
                let key = spelling_key(&analyzer, word);
                if key.is_empty() {
                    let name = if concept.name.trim().is_empty() {
                        format!("#{}", index + 1)
                    } else {
                        concept.name.clone()
                    };
                    return Err(GlossaryError::Empty {
                        concept: name,
                        word: word.clone(),
                    });
                }
                if let Some(&(first, first_word)) = seen.get(&key) {
                    return Err(GlossaryError::Duplicate {
                        first: file.concept[first].name.clone(),
                        first_word: first_word.to_string(),
                        second: concept.name.clone(),
                        second_word: word.clone(),
                    });
                }
                seen.insert(key, (index, word));
            }
        }
        for phrasing in &file.phrasing {
            let Some(index) = file.concept.iter().position(|c| c.name == phrasing.concept) else {
                return Err(GlossaryError::UnknownConcept(phrasing.concept.clone()));
            };
            for word in &phrasing.says {
                let key = spelling_key(&analyzer, word);
                if key.is_empty() {
                    return Err(GlossaryError::Empty {
                        concept: phrasing.concept.clone(),
                        word: word.clone(),
                    });
                }
                if let Some(&(first, first_word)) = seen.get(&key) {
                    return Err(GlossaryError::Duplicate {
                        first: file.concept[first].name.clone(),
                        first_word: first_word.to_string(),
                        second: phrasing.concept.clone(),
                        second_word: word.clone(),
                    });
                }
                seen.insert(key, (index, word));
            }
        }
        Ok(Glossary {
            concepts: file.concept,
            phrasings: file.phrasing,
        })
    }
}

pub(crate) use crate::text::spelling_key;

#[cfg(test)]
mod tests {
    use super::*;

    const REAL: &str = include_str!("../../data/glossary.toml");

    fn real() -> Glossary {
        match Glossary::parse(REAL) {
            Ok(g) => g,
            Err(e) => panic!("data/glossary.toml: {e}"),
        }
    }

    #[test]
    fn real_glossary_parses_and_is_big_enough() {
        let g = real();
        assert!(g.concepts.len() >= 120, "{} concepts", g.concepts.len());
        assert!(g.concepts.len() <= 220, "{} concepts", g.concepts.len());
    }

    #[test]
    fn real_glossary_entries_are_well_formed() {
        for c in real().concepts {
            assert_eq!(c.name.trim(), c.name, "padded name");
            assert!(!c.name.is_empty());
            assert!(c.kind.is_some(), "{} has no kind", c.name);
            for a in &c.aliases {
                assert_eq!(a.trim(), a, "padded alias in {}", c.name);
                assert!(!a.is_empty(), "empty alias in {}", c.name);
            }
        }
    }

    #[test]
    fn real_glossary_has_required_entries() {
        let g = real();
        let analyzer = Analyzer::new();
        let lookup = |word: &str| -> Option<&str> {
            let key = spelling_key(&analyzer, word);
            g.concepts
                .iter()
                .find(|c| {
                    std::iter::once(&c.name)
                        .chain(&c.aliases)
                        .any(|w| spelling_key(&analyzer, w) == key)
                })
                .map(|c| c.name.as_str())
        };
        for group in [
            &["ES", "Elasticsearch", "elastic search"][..],
            &["k8s", "Kubernetes"],
            &["PG", "Postgres", "PostgreSQL"],
            &["DB", "database"],
            &["DLQ", "dead letter queue", "dead-letter queue"],
            &["DR", "disaster recovery"],
            &["HA", "high availability"],
            &["AZ", "availability zone", "AZs"],
            &["2PC", "two-phase commit", "two phase commit"],
            &["CDC", "change data capture"],
            &["LB", "load balancer"],
            &["TTL", "time to live"],
            &["SLO", "service level objective"],
            &["SLA", "service level agreement"],
            &["RPO", "recovery point objective"],
            &["RTO", "recovery time objective"],
            &["CI/CD", "continuous integration", "continuous delivery"],
            &["HPA", "horizontal pod autoscaler"],
            &["p99", "percentile latency"],
            &["QPS", "RPS", "TPS", "throughput"],
            &["MTTR", "mean time to recovery"],
            &["PgBouncer", "connection pooling"],
            &["DLQ"],
        ] {
            let first = lookup(group[0]);
            assert!(first.is_some(), "{} missing", group[0]);
            for w in group {
                assert_eq!(lookup(w), first, "{w} vs {}", group[0]);
            }
        }
        for w in [
            "Kafka",
            "RabbitMQ",
            "SQS",
            "Redis",
            "idempotency",
            "exactly-once",
            "at-least-once",
            "sharding",
            "replication",
            "consistent hashing",
            "circuit breaker",
            "rate limiting",
            "backpressure",
            "CAP",
            "eventual consistency",
            "strong consistency",
            "saga",
            "outbox",
            "read replica",
            "cache stampede",
            "cache invalidation",
            "write-through",
            "cache-aside",
            "hot partition",
            "EKS",
            "ECS",
            "EC2",
            "RDS",
            "S3",
            "IAM",
            "KMS",
            "VPC",
            "WAF",
            "CDN",
            "DNS",
            "TLS",
            "JWT",
            "OAuth",
            "RBAC",
            "MFA",
            "OLTP",
            "OLAP",
            "ACID",
            "MVCC",
            "WAL",
            "JSONB",
            "GIN index",
            "B-tree",
            "N+1",
            "ORM",
            "gRPC",
            "REST API",
            "WebSocket",
            "pub/sub",
            "blue-green",
            "canary",
            "rollback",
            "observability",
            "Prometheus",
            "Grafana",
            "Loki",
            "on-call",
            "postmortem",
            "runbook",
            "gray failure",
            "split brain",
            "quorum",
            "leader election",
            "ALB",
        ] {
            assert!(lookup(w).is_some(), "{w} missing");
        }
    }

    #[test]
    fn real_glossary_has_no_common_word_aliases() {
        let analyzer = Analyzer::new();
        for c in real().concepts {
            for a in &c.aliases {
                let key = spelling_key(&analyzer, a);
                assert!(
                    !crate::text::is_stop_word(&key),
                    "alias `{a}` of {} is a stop word",
                    c.name
                );
                for common in [
                    "it", "as", "on", "rest", "base", "go", "live", "contain", "readi",
                ] {
                    assert_ne!(key, common, "alias `{a}` of {} is a common word", c.name);
                }
            }
        }
    }

    #[test]
    fn duplicate_alias_across_concepts_is_an_error() {
        let text = r#"
[[concept]]
name = "Elasticsearch"
aliases = ["ES"]

[[concept]]
name = "Spanish"
aliases = ["es"]
"#;
        let err = Glossary::parse(text).unwrap_err();
        assert_eq!(
            err,
            GlossaryError::Duplicate {
                first: "Elasticsearch".into(),
                first_word: "ES".into(),
                second: "Spanish".into(),
                second_word: "es".into(),
            }
        );
        let message = err.to_string();
        assert!(message.contains("Elasticsearch") && message.contains("Spanish"));
    }

    #[test]
    fn duplicates_after_analysis_are_errors() {
        let dup = |a: &str, b: &str| {
            let text = format!("[[concept]]\nname = \"{a}\"\n[[concept]]\nname = \"{b}\"\n");
            matches!(Glossary::parse(&text), Err(GlossaryError::Duplicate { .. }))
        };
        assert!(dup("Dead-letter queues", "dead letter queue"));
        assert!(dup("Read replica", "read replicas"));
        assert!(dup("CI/CD", "ci cd"));
        assert!(!dup("DB", "DBs"), "Snowball keeps `dbs`");
        assert!(!dup("Write-through", "Write-behind"));
        // Within one concept too.
        let text = "[[concept]]\nname = \"Kafka\"\naliases = [\"kafka\"]\n";
        assert!(matches!(
            Glossary::parse(text),
            Err(GlossaryError::Duplicate { first, second, .. }) if first == "Kafka" && second == "Kafka"
        ));
    }

    #[test]
    fn syntax_and_shape_errors_name_the_line() {
        let err = Glossary::parse("[[concept]]\nname = \"A\"\naliases = [\"x\"\n").unwrap_err();
        match err {
            GlossaryError::Toml(message) => assert!(message.contains("line"), "{message}"),
            other => panic!("{other:?}"),
        }
        let err = Glossary::parse("[[concept]]\nname = \"A\"\nalias = [\"x\"]\n").unwrap_err();
        match err {
            GlossaryError::Toml(message) => {
                assert!(message.contains("alias"), "{message}");
                assert!(message.contains("line 3"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            Glossary::parse("[[concept]]\naliases = [\"x\"]\n"),
            Err(GlossaryError::Toml(_))
        ));
    }

    #[test]
    fn empty_words_and_unknown_kinds_are_errors() {
        assert!(matches!(
            Glossary::parse("[[concept]]\nname = \"A\"\naliases = [\"--\"]\n"),
            Err(GlossaryError::Empty { .. })
        ));
        assert!(matches!(
            Glossary::parse("[[concept]]\nname = \"\"\n"),
            Err(GlossaryError::Empty { concept, .. }) if concept == "#1"
        ));
        assert!(matches!(
            Glossary::parse("[[concept]]\nname = \"A\"\nkind = \"gadget\"\n"),
            Err(GlossaryError::UnknownKind { .. })
        ));
        assert_eq!(Glossary::parse("").unwrap().concepts, Vec::new());
    }
}
