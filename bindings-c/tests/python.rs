//! A second language through the dynamic library: `tests/ctypes_test.py`
//! (Python `ctypes`, no third-party packages) against `libgrill.so`.

mod common;

use std::process::Command;

use common::{env, have, run};

#[test]
fn python_ctypes() {
    if !have("python3") {
        println!("NOTICE: python3 is not installed; the ctypes test is skipped");
        return;
    }
    let env = env();
    let mut cmd = Command::new("python3");
    cmd.arg(env.test_file("ctypes_test.py"))
        .arg(env.dynamic_lib());
    let out = run(cmd);
    assert!(String::from_utf8_lossy(&out.stdout).contains("ctypes: grill"));
}
