//! The compiler on malformed and hostile Markdown: it never panics, never
//! fails, and always produces an archive that validates.

use grill::compile::Compiler;
use grill::KnowledgeBase;

fn compile_and_open(name: &str, text: &str) -> usize {
    let mut c = Compiler::new();
    c.add_document(name, text);
    let out = c.finish();
    let bytes = out.archive().unwrap();
    let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
    for q in kb.questions() {
        assert!(!q.prompt().is_empty());
        let _ = (q.path(), q.answer(), q.parent().map(|p| p.id()));
    }
    kb.len()
}

#[test]
fn pathological_documents() {
    let cases: Vec<String> = vec![
        String::new(),
        "\u{feff}".into(),
        "**Q:**".into(),
        "**Q: unterminated".into(),
        "### Question 1:".into(),
        "### Question 1: Title".into(),
        "### Q:".into(),
        "### Q: \"\"".into(),
        "#### Follow-up 1:\n**Answer**:".into(),
        "```\n□ unclosed fence with a checklist line\n".into(),
        "```\"\n```\"\n```\"\n".into(),
        "## ?\n\n## ??\n\n?".into(),
        "# A\n# B\n# C\n## Why? (x)\n**Q: y?**\n".into(),
        ">".repeat(10_000),
        "- ".repeat(5_000) + "x",
        "#".repeat(10_000),
        "**".repeat(10_000),
        "### Q: \"a\"\n\n**A**: b\n".repeat(2_000),
        "## Why not?\n\n".repeat(3_000),
        "\u{0}\u{1}\u{7f}\u{200b}🚀 2️⃣ é ü 漢字 \r\n\r\n".repeat(100),
        "| a |\n|---|\n".repeat(1_000),
    ];
    for (i, text) in cases.iter().enumerate() {
        compile_and_open(&format!("case{i}.md"), text);
    }
}

#[test]
fn windows_of_the_real_corpus() {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"));
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    let mut compiled = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for _ in 0..60 {
            let mut a = next(text.len());
            let mut b = (a + next(4_000)).min(text.len());
            while !text.is_char_boundary(a) {
                a -= 1;
            }
            while !text.is_char_boundary(b) {
                b += 1;
            }
            compile_and_open("window.md", &text[a..b]);
            compiled += 1;
        }
    }
    assert_eq!(compiled, 300);
}

#[test]
fn invalid_utf8_is_replaced_and_reported() {
    let mut c = Compiler::new();
    c.add_bytes(
        "bad.md",
        b"## Topic\n\n### Q: \"Why?\"\n\n**A**: because \xff\xfe here\n",
    );
    let out = c.finish();
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].line, 5);
    assert!(out.diagnostics[0].message.contains("UTF-8"));
    let q = &out.corpus.questions[0];
    assert_eq!(q.answer.as_deref(), Some("because \u{fffd}\u{fffd} here"));
}
