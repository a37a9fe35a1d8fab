//! Finding the built libraries and compiling and running C programs against them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Where things are.
pub struct Env {
    /// `bindings-c/`.
    pub crate_dir: PathBuf,
    /// `target/<profile>`, holding `libgrill.a` and `libgrill.so`.
    pub lib_dir: PathBuf,
    /// A scratch directory for this test binary's programs and files.
    pub work: PathBuf,
    /// The embedded corpus written to a file, for `grill_kb_open*`.
    pub archive: PathBuf,
}

impl Env {
    pub fn static_lib(&self) -> PathBuf {
        self.lib_dir.join("libgrill.a")
    }

    pub fn dynamic_lib(&self) -> PathBuf {
        self.lib_dir.join(if cfg!(target_os = "macos") {
            "libgrill.dylib"
        } else {
            "libgrill.so"
        })
    }

    pub fn test_file(&self, name: &str) -> PathBuf {
        self.crate_dir.join("tests").join(name)
    }
}

/// Builds `libgrill.a` and `libgrill.so` (once per test binary) and prepares
/// a scratch directory.
///
/// Cargo builds a package's staticlib and cdylib for its integration tests
/// only when the library is also an rlib; this crate's is not (its rlib would
/// collide with the `grill` crate's `libgrill.rlib`), so the test asks cargo
/// for them, with the same profile and target directory as the test itself.
/// `--tests` keeps the feature set of the running `cargo test`, so nothing
/// but this crate is rebuilt.
pub fn env() -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(|| {
        let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let exe = std::env::current_exe().expect("the test binary's path");
        // target/<profile>/deps/<test>-<hash>
        let lib_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("the test binary is in target/<profile>/deps")
            .to_path_buf();
        let target_dir = lib_dir.parent().expect("target/<profile> has a parent");
        let profile = match lib_dir.file_name().and_then(|n| n.to_str()) {
            Some("debug") | None => "dev".to_string(),
            Some(name) => name.to_string(),
        };
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| env!("CARGO").to_string());
        let status = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "--lib",
                "--tests",
                "--profile",
                &profile,
                "--manifest-path",
            ])
            .arg(crate_dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", target_dir)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "cargo build -p grill-c failed");
        for lib in ["libgrill.a", "libgrill.so"] {
            if cfg!(target_os = "linux") {
                assert!(
                    lib_dir.join(lib).exists(),
                    "{} was not built",
                    lib_dir.join(lib).display()
                );
            }
        }

        let name = exe
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("c")
            .to_string();
        let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("grill-c")
            .join(name);
        std::fs::create_dir_all(&work).expect("scratch directory");
        let archive = work.join("embedded.kb");
        std::fs::write(&archive, grill_rs::embedded_bytes()).expect("write the archive");
        Env {
            crate_dir,
            lib_dir,
            work,
            archive,
        }
    })
}

/// How a C program links grill.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Link {
    /// `libgrill.a` and the system libraries Rust's std needs.
    Static,
    /// `-lgrill` from `libgrill.so`, found at run time through an rpath.
    Dynamic,
}

/// The C compiler: `$CC`, else `cc`.
pub fn cc() -> String {
    std::env::var("CC").unwrap_or_else(|_| "cc".to_string())
}

/// Compiles `sources` (in `tests/`) into the program `name` in the scratch
/// directory, with the warnings that catch misuse of the header as errors.
pub fn compile(name: &str, sources: &[&str], link: Link, extra: &[&str]) -> PathBuf {
    let env = env();
    let out = env.work.join(name);
    let mut cmd = Command::new(cc());
    cmd.args([
        "-std=c11",
        "-Wall",
        "-Wextra",
        "-Wpedantic",
        "-Werror",
        "-g",
        "-O1",
    ])
    .arg("-I")
    .arg(env.crate_dir.join("include"))
    .args(extra);
    for s in sources {
        cmd.arg(env.test_file(s));
    }
    cmd.arg("-o").arg(&out);
    match link {
        Link::Static => {
            cmd.arg(env.static_lib()).args([
                "-lgcc_s",
                "-lutil",
                "-lrt",
                "-lpthread",
                "-lm",
                "-ldl",
            ]);
        }
        Link::Dynamic => {
            cmd.arg("-L")
                .arg(&env.lib_dir)
                .arg(format!("-Wl,-rpath,{}", env.lib_dir.display()))
                .args(["-lgrill", "-lpthread"]);
        }
    }
    let output = cmd
        .output()
        .expect("the C compiler runs (is `cc` installed?)");
    assert!(
        output.status.success(),
        "compiling {name} failed: {cmd:?}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

/// Runs a command, prints its output, and fails the test unless it succeeds.
pub fn run(mut cmd: Command) -> Output {
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    print!("{stdout}");
    eprint!("{stderr}");
    assert!(
        output.status.success(),
        "{cmd:?} failed with {}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        output.status
    );
    output
}

/// Fails the test unless `program` is on the PATH: a check that skipped
/// itself would pass without checking anything. The README's test command
/// installs each of them (`.ci/test-all.sh`).
pub fn require(program: &str, package: &str) {
    let found = Command::new(program)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "`{program}` is not installed: this test needs it (Debian: apt-get install {package})"
    );
}
