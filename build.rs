//! Compiles `data/` into the archive that `grill::embedded()` opens.
//!
//! The same compiler (`grill_core::compile`) backs `grill compile`, so the
//! embedded archive and a user's own archive are built by one code path.
//!
//! The entry vectors of semantic search come from `data/seed.vectors`
//! (made by `scripts/embed-seed.sh` with the model), so that building needs
//! no model. When the corpus has changed since, the file lacks the new
//! entries' texts: the archive is built without vectors, with a warning, and
//! the test `the_embedded_corpus_carries_fresh_seed_vectors`
//! (`embed/tests/semantic.rs`) fails until the file is made again.

use std::path::Path;

use grill_core::compile::Compiler;
use grill_core::semantic::VectorFile;

fn main() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    println!("cargo:rerun-if-changed={}", data.display());
    let compiler = || {
        let mut c = Compiler::new();
        c.add_dir(&data).map(|_| c)
    };
    let stored = std::fs::read(data.join("seed.vectors"))
        .ok()
        .and_then(|bytes| match VectorFile::from_bytes(&bytes) {
            Ok(file) => Some(file),
            Err(e) => {
                println!("cargo:warning=grill corpus: data/seed.vectors: {e}");
                None
            }
        });
    let with_vectors = stored.and_then(|file| {
        let c = compiler().ok()?;
        match c.finish_with(Some(&file)) {
            Ok(compiled) => Some(compiled),
            Err(e) => {
                println!(
                    "cargo:warning=grill corpus: built without entry vectors: {e} \
                     (run scripts/embed-seed.sh)"
                );
                None
            }
        }
    });
    let compiled = match with_vectors {
        Some(c) => c,
        None => match compiler() {
            Ok(c) => c.finish(),
            Err(e) => {
                eprintln!("grill build: {e}");
                std::process::exit(1);
            }
        },
    };
    // Repairs are expected (and tested); only what could not be placed is
    // worth a warning on every build.
    for d in compiled.diagnostics.iter().filter(|d| !d.repaired) {
        println!("cargo:warning=grill corpus: {d}");
    }
    let bytes = match compiled.archive() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("grill build: {e}");
            std::process::exit(1);
        }
    };
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    write(&Path::new(&out_dir).join("grill.kb"), &bytes);
    // An archive with no documents, for `embedded()` to fall back on.
    match grill_core::compile::Compiler::new().finish().archive() {
        Ok(empty) => write(&Path::new(&out_dir).join("empty.kb"), &empty),
        Err(e) => {
            eprintln!("grill build: {e}");
            std::process::exit(1);
        }
    }
}

fn write(path: &Path, bytes: &[u8]) {
    if let Err(e) = std::fs::write(path, bytes) {
        eprintln!("grill build: cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
}
