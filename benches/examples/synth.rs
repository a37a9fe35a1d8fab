//! Writes the synthetic corpus of N questions as Markdown files into DIR,
//! for timing `grill compile DIR` as a user runs it.
//!
//! ```sh
//! cargo run --release -p grill-bench --example synth -- 150000 /tmp/synth-150k
//! ```

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: synth QUESTIONS DIR");
        std::process::exit(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("synth: QUESTIONS must be a number, not {n:?}");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir)?;
    let mut bytes = 0;
    let docs = grill_bench::synthetic_corpus(n);
    for (name, text) in &docs {
        std::fs::write(dir.join(name), text)?;
        bytes += text.len();
    }
    println!("{} files, {bytes} bytes in {}", docs.len(), dir.display());
    Ok(())
}
