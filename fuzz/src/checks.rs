//! What each fuzz target does with its input, shared by the libFuzzer
//! targets (`fuzz/fuzz_targets/`, nightly) and the regression tests that
//! replay the checked-in inputs on stable (`tests/fuzz_regressions.rs`).
//!
//! Every function only returns or panics: a panic is a bug (library code
//! must never panic on input), and so is a broken property the function
//! asserts (scores finite and sorted, highlights inside their text, a
//! compiled archive that does not validate...).
//!
//! This file is compiled as a module of a crate that has `grill_rs` (the
//! `grill` crate) and a sibling module `ffi` (the C ABI's source).

use std::ffi::{c_char, CStr, CString};
use std::ptr;

use grill_rs::compile::Compiler;
use grill_rs::glossary::Glossary;
use grill_rs::{archive, KnowledgeBase, Scope, SearchOptions, StudyState};

use super::ffi;

/// Most entries walked per input, so one execution stays short.
const WALK: usize = 64;

/// Target `archive`: arbitrary bytes as an archive. The first byte picks a
/// mode: bit 0 wraps the rest in a correct header (magic, version, length,
/// checksum) so that mutations reach rkyv's validation and grill's own
/// checks instead of stopping at the checksum; bit 1 opens the bytes one
/// byte off alignment (the copying path). Whatever opens is walked.
pub fn archive(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        assert!(KnowledgeBase::from_bytes(data).is_err());
        return;
    };
    let bytes = if mode & 1 == 1 {
        wrap(rest)
    } else {
        rest.to_vec()
    };
    let shift = usize::from(mode & 2 == 2);
    let mut buffer = vec![0u8; shift];
    buffer.extend_from_slice(&bytes);
    match KnowledgeBase::from_bytes(&buffer[shift..]) {
        Ok(kb) => {
            walk(&kb, false);
            // An archive that opens is valid as an owned buffer too.
            assert!(KnowledgeBase::from_vec(bytes).is_ok());
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// A complete archive around `payload`, with a correct header.
pub fn wrap(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(archive::HEADER_LEN + payload.len());
    out.extend_from_slice(&archive::MAGIC);
    out.extend_from_slice(&archive::FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&archive::checksum(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// Reads everything an opened archive offers (up to [`WALK`] entries of
/// each kind) and checks what must hold of any valid archive. `compiled`:
/// the archive came from the compiler, so it is also consistent (every
/// concept is found by its name); arbitrary bytes that pass validation
/// need not be.
pub fn walk(kb: &KnowledgeBase<'_>, compiled: bool) {
    let stats = kb.stats();
    assert_eq!(
        stats.answered + stats.groups + stats.prompts + stats.sections,
        kb.len()
    );
    for d in kb.documents().take(WALK) {
        let _ = (d.slug(), d.title(), d.source(), d.topics().count());
    }
    for t in kb.topics().take(WALK) {
        let _ = (t.title(), t.line(), t.document().slug(), t.path());
        let _ = (
            t.children().count(),
            t.questions().count(),
            t.listed().count(),
        );
        assert!(t.parent().is_none_or(|p| p.index() < t.index()));
        let _ = kb.topic(t.id());
    }
    let mut first = None;
    for q in kb.questions().take(WALK) {
        let id = q.id();
        first.get_or_insert(id);
        // Ids are unique and sorted in the id index: a lookup finds this entry.
        assert_eq!(kb.question(id).map(|f| f.index()), Some(q.index()));
        let _ = (q.kind(), q.prompt(), q.title(), q.answer(), q.testing());
        let _ = (
            q.follow_up_details(),
            q.line(),
            q.document().slug(),
            q.path(),
        );
        let _ = (q.topic(), q.checklist(), q.children().count());
        assert!(q.parent().is_none_or(|p| p.index() < q.index()));
        for n in kb.follow_ups(id, 8).unwrap_or_default() {
            assert!(n.weight.is_finite());
            let _ = (n.reason(), n.question.id());
        }
        for n in kb.related(id, 8).unwrap_or_default() {
            assert!(n.weight.is_finite());
        }
        let _ = kb.same_as(id).map(|v| v.len());
        let _ = kb.answered_by(id).map(|v| v.len());
        for (c, w) in q.concepts() {
            assert!(w.is_finite());
            let _ = c.name();
        }
    }
    for c in kb.concepts().take(WALK) {
        let _ = (c.kind(), c.aliases().count(), c.questions().count());
        let found = kb.concept(c.name());
        assert!(
            !compiled || found.is_ok(),
            "concept {:?} not found by its name",
            c.name()
        );
    }
    if let Some(id) = first {
        let _ = kb.mock_interview(id, 6).map(|v| v.len());
        let mut state = StudyState::default();
        state.review(id, grill_rs::fsrs::Rating::Good, 1_700_000_000);
        let _ = kb.recommend(&state, 1_700_100_000, 5).len();
    }
    let prompts: Vec<String> = kb
        .questions()
        .take(4)
        .map(|q| q.prompt().to_string())
        .collect();
    for query in prompts
        .iter()
        .map(String::as_str)
        .chain(["kafka", "\"exactly once\" idempot"])
    {
        search_checked(kb, query, &SearchOptions::default());
    }
}

/// Searches and checks what must hold of any result: scores finite,
/// positive and sorted, no more hits than asked, highlights on character
/// boundaries inside their text.
pub fn search_checked(kb: &KnowledgeBase<'_>, query: &str, options: &SearchOptions) {
    let Ok(hits) = kb.search(query, options) else {
        return;
    };
    assert!(hits.len() <= options.limit);
    for pair in hits.windows(2) {
        assert!(
            pair[0].score >= pair[1].score,
            "scores not sorted for {query:?}"
        );
    }
    for hit in &hits {
        assert!(
            hit.score.is_finite() && hit.score > 0.0,
            "score {} for {query:?}",
            hit.score
        );
        let prompt = hit.question.prompt();
        for r in &hit.prompt_highlights {
            assert!(
                prompt.get(r.clone()).is_some(),
                "highlight {r:?} outside {prompt:?}"
            );
        }
        let text = &hit.snippet.text;
        for r in &hit.snippet.highlights {
            assert!(
                text.get(r.clone()).is_some(),
                "snippet highlight {r:?} outside {text:?}"
            );
        }
        if let Some(e) = &hit.explanation {
            let _ = format!("{e:?}");
        }
    }
}

/// Target `compile`: arbitrary bytes as Markdown. A NUL byte splits the
/// input: before it one document, after it another; a second NUL starts a
/// glossary. The compiler must not panic, and what it writes must open,
/// validate and be walkable.
pub fn compile(data: &[u8]) {
    let mut parts = data.splitn(3, |&b| b == 0);
    let mut c = Compiler::new();
    c.add_bytes("fuzz.md", parts.next().unwrap_or_default());
    if let Some(second) = parts.next() {
        c.add_bytes("second.md", second);
    }
    if let Some(glossary) = parts.next() {
        if let Ok(g) = Glossary::parse(&String::from_utf8_lossy(glossary)) {
            c.set_glossary(g);
        }
    }
    let out = c.finish();
    let bytes = out.archive().expect("a compiled corpus serialises");
    let kb = KnowledgeBase::from_bytes(&bytes).expect("a compiled archive validates");
    assert_eq!(kb.len(), out.corpus.questions.len());
    walk(&kb, true);
}

/// Target `query`: arbitrary query text and options against a knowledge
/// base (the embedded one). Bytes: 8 of options, then the query.
pub fn query(kb: &KnowledgeBase<'_>, data: &[u8]) {
    let (head, rest) = data.split_at(data.len().min(8));
    let mut b = [0u8; 8];
    b[..head.len()].copy_from_slice(head);
    let text = String::from_utf8_lossy(rest);
    let scope = match b[6] % 8 {
        0 => Scope::Document("sample-interview-qa".to_string()),
        1 => Scope::Document(text.chars().take(24).collect()),
        2 => Scope::Topic(
            kb.topics()
                .nth(usize::from(b[7]) % kb.topics().len().max(1))
                .map_or_else(String::new, |t| t.id().to_string()),
        ),
        3 => Scope::Topic(text.chars().take(24).collect()),
        _ => Scope::All,
    };
    let options = SearchOptions {
        limit: usize::from(b[0] % 64),
        offset: if b[1] == 255 {
            usize::MAX
        } else {
            usize::from(b[1] % 16)
        },
        fuzzy: b[2] & 1 == 1,
        prefix: b[2] & 2 == 2,
        synonyms: b[2] & 4 == 4,
        explain: b[2] & 8 == 8,
        snippet_bytes: usize::from(u16::from_le_bytes([b[3], b[4]])),
        semantic: grill_rs::Semantic::Off,
        scope,
    };
    search_checked(kb, &text, &options);
    let _ = kb.question(&text).map(|q| q.index());
    let _ = kb.topic(&text).map(|t| t.index());
    let _ = kb.concept(&text).map(|c| c.index());
    let _ = kb.follow_ups(&text, usize::from(b[5])).map(|v| v.len());
    let _ = kb
        .mock_interview(&text, usize::from(b[5] % 16))
        .map(|v| v.len());
    if let Ok(state) = StudyState::parse(&text) {
        let _ = kb.recommend(&state, i64::from_le_bytes(b), 5).len();
        let _ = state.to_text();
    }
}

/// Reads one byte, or 0 past the end.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn word(&mut self) -> usize {
        usize::from(u16::from_le_bytes([self.byte(), self.byte()]))
    }

    /// A C string of up to `max` bytes (any bytes but NUL, so also invalid
    /// UTF-8), or None (a NULL argument) when the length byte is 255.
    fn c_string(&mut self, max: usize) -> Option<CString> {
        let len = self.byte();
        if len == 255 {
            return None;
        }
        let n = usize::from(len).min(max).min(self.0.len());
        let (s, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(CString::new(s.iter().map(|&b| b.max(1)).collect::<Vec<u8>>()).unwrap_or_default())
    }
}

fn c_ptr(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(ptr::null(), |s| s.as_ptr())
}

/// Reads a string an accessor returned: NULL or NUL-terminated UTF-8.
///
/// # Safety
///
/// `p` is NULL or a string a grill accessor just returned.
unsafe fn c_read(p: *const c_char) {
    if !p.is_null() {
        // SAFETY: non-NULL accessor results are NUL-terminated strings that
        // live as long as the object they came from, which is alive here.
        let s = unsafe { CStr::from_ptr(p) };
        assert!(s.to_str().is_ok(), "accessor returned invalid UTF-8");
    }
}

/// Target `c_abi`: a program of C ABI calls read from the bytes, with
/// arbitrary strings (invalid UTF-8 included), NULLs, indices, limits,
/// ratings and times, on the embedded knowledge base and on a knowledge
/// base opened from bytes. Pointers are never dangling (that is the
/// caller's contract, which no library can check); everything else is
/// fair game. No call may panic across the boundary or return a status
/// outside the enum; every string an accessor returns must be UTF-8.
pub fn c_abi(data: &[u8]) {
    use ffi::*;
    let mut input = Bytes(data);
    let mut kbs: Vec<*mut grill_kb> = Vec::new();
    let mut hits: Vec<*mut grill_hits> = Vec::new();
    let mut questions: Vec<*mut grill_question> = Vec::new();
    let ok = |s: grill_status| (s as i32) >= 0 && (s as i32) <= 7;
    // SAFETY (whole block): every pointer passed is NULL, a live object
    // this function got from the library and has not freed, a live
    // CString, or a live local; results are freed once, at the end.
    unsafe {
        let mut kb = ptr::null_mut();
        assert!(ok(grill_kb_open_embedded(&mut kb)));
        kbs.push(kb);
        for _ in 0..32 {
            if input.0.is_empty() {
                break;
            }
            let op = input.byte();
            let pick = input.byte();
            let kb: *const grill_kb = if pick == 255 {
                ptr::null()
            } else {
                kbs[usize::from(pick) % kbs.len()]
            };
            match op % 16 {
                0 => {
                    let n = input.word();
                    let take = n.min(input.0.len());
                    let (bytes, rest) = input.0.split_at(take);
                    input.0 = rest;
                    let mut out = ptr::null_mut();
                    let s = grill_kb_open(bytes.as_ptr(), bytes.len(), &mut out);
                    assert!(ok(s));
                    assert_eq!(s == GRILL_OK, !out.is_null());
                    if !out.is_null() {
                        kbs.push(out);
                    }
                }
                1 => {
                    let query = input.c_string(512);
                    let document = input.c_string(32);
                    let topic = input.c_string(32);
                    let mut o = grill_search_options_default();
                    o.limit = input.word();
                    o.offset = if input.byte() == 255 {
                        usize::MAX
                    } else {
                        input.word()
                    };
                    o.snippet_bytes = input.word();
                    let flags = input.byte();
                    o.fuzzy = flags & 1;
                    o.prefix = flags & 2;
                    o.synonyms = flags & 4;
                    o.document = c_ptr(&document);
                    o.topic = c_ptr(&topic);
                    let opts: *const grill_search_options =
                        if flags & 8 == 8 { ptr::null() } else { &o };
                    let mut out = ptr::null_mut();
                    assert!(ok(grill_search(kb, c_ptr(&query), opts, &mut out)));
                    hits.push(out);
                }
                2..=5 => {
                    let id = input.c_string(96);
                    let n = input.word();
                    let mut out = ptr::null_mut();
                    let s = match op % 16 {
                        2 => grill_follow_ups(kb, c_ptr(&id), n, &mut out),
                        3 => grill_related(kb, c_ptr(&id), n, &mut out),
                        4 => grill_same_as(kb, c_ptr(&id), &mut out),
                        _ => grill_mock_interview(kb, c_ptr(&id), n % 64, &mut out),
                    };
                    assert!(ok(s));
                    hits.push(out);
                }
                6 => {
                    let state = input.c_string(256);
                    let now = i64::from(input.word() as u16 as i16) * 86_400_000;
                    let mut out = ptr::null_mut();
                    assert!(ok(grill_recommend(
                        kb,
                        c_ptr(&state),
                        now,
                        input.word(),
                        &mut out
                    )));
                    hits.push(out);
                }
                7 => {
                    // An id of the knowledge base, or arbitrary bytes.
                    let id = if input.byte() & 1 == 0 {
                        let kb_ref = grill_rs::embedded();
                        let i = input.word() % kb_ref.len().max(1);
                        kb_ref
                            .question_at(i as u32)
                            .and_then(|q| CString::new(q.id()).ok())
                    } else {
                        input.c_string(96)
                    };
                    let mut out = ptr::null_mut();
                    assert!(ok(grill_question_get(kb, c_ptr(&id), &mut out)));
                    questions.push(out);
                }
                8 => {
                    let q = questions
                        .get(usize::from(pick) % questions.len().max(1))
                        .copied();
                    let q = q.unwrap_or(ptr::null_mut());
                    for s in [
                        grill_question_id(q),
                        grill_question_prompt(q),
                        grill_question_title(q),
                        grill_question_answer(q),
                        grill_question_testing(q),
                        grill_question_follow_up_details(q),
                        grill_question_document(q),
                        grill_question_document_title(q),
                        grill_question_topic(q),
                        grill_question_path(q),
                        grill_question_parent(q),
                        grill_question_path_at(q, input.word()),
                        grill_question_child(q, input.word()),
                    ] {
                        c_read(s);
                    }
                    let _ = (grill_question_kind(q), grill_question_line(q));
                    let _ = (grill_question_path_len(q), grill_question_children_len(q));
                }
                9 => {
                    let h = hits.get(usize::from(pick) % hits.len().max(1)).copied();
                    let h = h.unwrap_or(ptr::null_mut());
                    let len = grill_hits_len(h);
                    let i = if input.byte() & 1 == 0 {
                        input.word() % len.max(1)
                    } else {
                        input.word()
                    };
                    for s in [
                        grill_hits_id(h, i),
                        grill_hits_question(h, i),
                        grill_hits_document(h, i),
                        grill_hits_snippet(h, i),
                        grill_hits_relation(h, i),
                        grill_hits_reason(h, i),
                    ] {
                        c_read(s);
                    }
                    assert!(grill_hits_score(h, i).is_finite());
                    type Ranges = unsafe extern "C" fn(
                        *const grill_hits,
                        usize,
                        *mut usize,
                    ) -> *const grill_range;
                    type Text = unsafe extern "C" fn(*const grill_hits, usize) -> *const c_char;
                    let pairs: [(Ranges, Text); 2] = [
                        (grill_hits_question_highlights, grill_hits_question),
                        (grill_hits_snippet_highlights, grill_hits_snippet),
                    ];
                    for (f, text) in pairs {
                        let mut count = usize::MAX;
                        let ranges = f(h, i, &mut count);
                        assert!(count == 0 || !ranges.is_null());
                        let _ = f(h, i, ptr::null_mut());
                        if i < len {
                            let text = text(h, i);
                            let text = CStr::from_ptr(text).to_bytes();
                            for k in 0..count {
                                let r = *ranges.add(k);
                                assert!(r.start <= r.end && r.end <= text.len());
                            }
                        }
                    }
                }
                10 => {
                    let state = input.c_string(256);
                    let id = input.c_string(96);
                    let rating = i32::from(input.byte() as i8);
                    let now = i64::from(input.word() as u16 as i16) * 86_400_000;
                    let mut out = ptr::null_mut();
                    let s = grill_study_review(c_ptr(&state), c_ptr(&id), rating, now, &mut out);
                    assert!(ok(s));
                    c_read(out);
                    grill_string_free(out);
                }
                11 => {
                    let mut stats = grill_stats::default();
                    assert!(ok(grill_kb_stats(kb, &mut stats)));
                    assert!(ok(grill_kb_stats(kb, ptr::null_mut())));
                    let _ = grill_kb_len(kb);
                }
                12 => {
                    c_read(grill_status_str(i32::from(input.byte() as i8)));
                    c_read(grill_last_error_message());
                    c_read(grill_version());
                }
                13 => {
                    // NULL `out` pointers everywhere: an error, never a write.
                    let q = c"x";
                    assert_eq!(
                        grill_search(kb, q.as_ptr(), ptr::null(), ptr::null_mut()),
                        GRILL_ERR_NULL
                    );
                    assert_eq!(
                        grill_question_get(kb, q.as_ptr(), ptr::null_mut()),
                        GRILL_ERR_NULL
                    );
                    assert_eq!(grill_kb_open_embedded(ptr::null_mut()), GRILL_ERR_NULL);
                    let mut out = ptr::null_mut();
                    assert!(ok(grill_kb_open_file(ptr::null(), &mut out)));
                }
                14 => {
                    // Free the newest result early (accessors then see others).
                    if let Some(h) = hits.pop() {
                        grill_hits_free(h);
                    }
                    if let Some(q) = questions.pop() {
                        grill_question_free(q);
                    }
                }
                _ => {
                    // Results outlive their knowledge base: free a kb opened
                    // from bytes while its hits are still read later.
                    if kbs.len() > 1 {
                        grill_kb_free(kbs.pop().unwrap_or(ptr::null_mut()));
                    }
                }
            }
        }
        for h in hits {
            grill_hits_free(h);
        }
        for q in questions {
            grill_question_free(q);
        }
        for kb in kbs {
            grill_kb_free(kb);
        }
    }
}
