//! A second language through the dynamic library: `tests/ctypes_test.py`
//! (Python `ctypes`, no third-party packages) against `libgrill.so`, with
//! the real model for semantic search (a missing model fails the test).

mod common;

use std::process::Command;

use common::{env, require, run};

#[test]
fn python_ctypes() {
    require("python3", "python3");
    let env = env();
    let model = grill_embed::model_dir(None).expect("a model folder: set $GRILL_MODEL or $HOME");
    assert!(
        grill_embed::is_model_dir(&model),
        "no model at {}: run scripts/fetch-model.sh (or set $GRILL_MODEL)",
        model.display()
    );
    let mut cmd = Command::new("python3");
    cmd.arg(env.test_file("ctypes_test.py"))
        .arg(env.dynamic_lib())
        .env("GRILL_MODEL", &model);
    let out = run(cmd);
    assert!(String::from_utf8_lossy(&out.stdout).contains("ctypes: grill"));
}
