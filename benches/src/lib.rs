//! Shared helpers for grill's benchmarks: the seed documents, and a serde
//! mirror of the corpus for the JSON baseline that the zero-copy archive is
//! measured against.

use grill::KnowledgeBase;

/// The seed corpus's Markdown files (`data/*.md`), as (file name, text), sorted.
pub fn seed_documents() -> Vec<(String, String)> {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../data"));
    let mut docs: Vec<(String, String)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some((name, std::fs::read_to_string(&p).ok()?))
        })
        .collect();
    docs.sort();
    docs
}

/// One entry with owned fields: what a JSON-based knowledge base would load.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct JsonQuestion {
    /// Stable id.
    pub id: String,
    /// Document slug.
    pub doc: String,
    /// Topic titles, outermost first.
    pub path: Vec<String>,
    /// The prompt.
    pub question: String,
    /// Short title, if any.
    pub title: Option<String>,
    /// Answer Markdown, if any.
    pub answer: Option<String>,
    /// "What they're testing", if any.
    pub testing: Option<String>,
    /// Follow-up details, if any.
    pub follow_up_details: Option<String>,
    /// Source line.
    pub line: u32,
    /// Parent id, if any.
    pub parent: Option<String>,
    /// Follow-up ids.
    pub children: Vec<String>,
}

impl JsonQuestion {
    /// Every entry of a knowledge base, with owned copies of its fields.
    pub fn from_kb(kb: &KnowledgeBase<'_>) -> Vec<JsonQuestion> {
        kb.questions()
            .map(|q| JsonQuestion {
                id: q.id().to_string(),
                doc: q.document().slug().to_string(),
                path: q.path().into_iter().map(String::from).collect(),
                question: q.prompt().to_string(),
                title: q.title().map(String::from),
                answer: q.answer().map(String::from),
                testing: q.testing().map(String::from),
                follow_up_details: q.follow_up_details().map(String::from),
                line: q.line(),
                parent: q.parent().map(|p| p.id().to_string()),
                children: q.children().map(|c| c.id().to_string()).collect(),
            })
            .collect()
    }
}
