//! Prepares what the .wasm embeds, on the host, at build time:
//!
//! - `answers.html`: every answer, "what they're testing" and "follow-up
//!   details" of the seed corpus rendered from Markdown to safe HTML (see
//!   `build/render.rs`), as a table indexed by question position, so the
//!   .wasm needs no Markdown parser;
//! - with the `lzma` feature, `embedded.lzma`: the seed archive
//!   (`grill::embedded_bytes()`, the very bytes the native crates embed)
//!   followed by that table, as one LZMA stream. One stream matters: the
//!   HTML repeats the archive's answer text, which LZMA's large window finds
//!   (xz-like 160 KB for both, against 250 KB for zlib's 32 KB window).
//!
//! Table layout (all integers u32 little endian): `n`, then `n + 1` offsets
//! into the UTF-8 text that follows; entry `3 * i + f` is field `f`
//! (answer, testing, follow-up details) of question `i`, empty when absent.

use std::path::{Path, PathBuf};

#[path = "build/render.rs"]
mod render;
// The same escaping the binding uses at run time (its plain renderer is
// unused here).
#[allow(dead_code)]
#[path = "src/html.rs"]
mod html;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build/render.rs");
    println!("cargo:rerun-if-changed=src/html.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let lzma = std::env::var_os("CARGO_FEATURE_LZMA").is_some();

    let kb = grill::embedded();
    let mut texts: Vec<String> = Vec::with_capacity(kb.len() * 3);
    for q in kb.questions() {
        for field in [q.answer(), q.testing(), q.follow_up_details()] {
            texts.push(field.map(render::markdown_to_html).unwrap_or_default());
        }
    }
    let mut table = Vec::new();
    table.extend_from_slice(&(texts.len() as u32).to_le_bytes());
    let mut offset = 0u32;
    table.extend_from_slice(&offset.to_le_bytes());
    for t in &texts {
        offset += t.len() as u32;
        table.extend_from_slice(&offset.to_le_bytes());
    }
    for t in &texts {
        table.extend_from_slice(t.as_bytes());
    }

    let archive = grill::embedded_bytes();
    let consts = format!(
        "/// Bytes of the seed archive.\npub const KB_LEN: usize = {};\n\
         /// Bytes of the answer HTML table.\npub const HTML_LEN: usize = {};\n",
        archive.len(),
        table.len()
    );
    if lzma {
        let mut both = archive.to_vec();
        both.extend_from_slice(&table);
        write(&out.join("embedded.lzma"), &compress(&both));
    } else {
        write(&out.join("answers.html"), &table);
    }
    write(&out.join("sizes.rs"), consts.as_bytes());
}

/// LZMA at the strongest preset, with a .lzma header (props, dictionary
/// size, uncompressed length).
fn compress(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let options = lzma_rust2::LzmaOptions::with_preset(9);
    let result =
        lzma_rust2::LzmaWriter::new_use_header(Vec::new(), &options, Some(bytes.len() as u64))
            .and_then(|mut w| {
                w.write_all(bytes)?;
                w.finish()
            });
    match result {
        Ok(v) => v,
        Err(e) => {
            eprintln!("grill-wasm build: LZMA compression failed: {e}");
            std::process::exit(1);
        }
    }
}

fn write(path: &Path, bytes: &[u8]) {
    if let Err(e) = std::fs::write(path, bytes) {
        eprintln!("grill-wasm build: cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
}
