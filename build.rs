//! Compiles `data/` into the archive that `grill::embedded()` opens.
//!
//! The same compiler (`grill_core::compile`) backs `grill compile`, so the
//! embedded archive and a user's own archive are built by one code path.

use std::path::Path;

fn main() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    println!("cargo:rerun-if-changed={}", data.display());
    let compiled = match grill_core::compile::compile_dir(&data) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("grill build: {e}");
            std::process::exit(1);
        }
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
