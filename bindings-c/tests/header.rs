//! `include/grill.h` must be what cbindgen generates from the sources.
//!
//! Regenerate it with `GRILL_BLESS=1 cargo test -p grill-c --test header`.

use std::path::Path;

#[test]
fn header_is_up_to_date() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("bindings-c/cbindgen.toml is readable and valid");
    let bindings = cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header");
    let mut generated = Vec::new();
    bindings.write(&mut generated);
    let generated = String::from_utf8(generated).expect("the header is UTF-8");

    let path = crate_dir.join("include/grill.h");
    if std::env::var_os("GRILL_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("include/grill.h is writable");
        eprintln!("wrote {}", path.display());
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    if checked_in != generated {
        let line = checked_in
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| checked_in.lines().count().min(generated.lines().count()))
            + 1;
        panic!(
            "bindings-c/include/grill.h does not match what cbindgen generates from bindings-c/src (first difference at line {line}): \
             the C API or its docs changed, or the header was edited by hand.\n\
             Regenerate it with:\n    GRILL_BLESS=1 cargo test -p grill-c --test header\n\
             and commit the new header."
        );
    }
}
