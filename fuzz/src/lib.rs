//! The fuzz targets' bodies (`checks`) and the C ABI compiled in as a
//! module (`ffi`), as grill-c's benchmark does: grill-c is a staticlib and
//! cdylib only.

#[allow(dead_code, unused_imports, clippy::all, missing_docs)]
#[path = "../../bindings-c/src/lib.rs"]
pub mod ffi;

pub mod checks;
