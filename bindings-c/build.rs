//! Sets `cfg(grill_model)` for this crate: the semantic-search calls need
//! candle (`grill-embed`), which `tests/unsafe_paths.rs` (the root crate's
//! Miri test, compiling `src/lib.rs` as a module) leaves out.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(grill_model)");
    println!("cargo::rustc-cfg=grill_model");
}
