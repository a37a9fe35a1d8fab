//! `grill`: study the interview knowledge base from a terminal.
//!
//! `main` parses the command line, opens the knowledge base (the embedded
//! archive, or `--kb FILE`), runs one command with a buffered, locked stdout,
//! and turns every failure into exactly one `grill: ` line on stderr and
//! exit code 1. A closed stdout (`grill list | head -1`) is not a failure.

mod commands;
mod json;
mod markdown;
mod output;
mod semantic;

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use grill::KnowledgeBase;

use crate::output::Style;

/// Study interview questions offline: search and browse the knowledge base, follow the
/// follow-up graph, run mock interviews and drill with spaced repetition.
#[derive(Debug, Parser)]
#[command(name = "grill", version, about)]
struct Cli {
    /// Read this archive instead of the one built into grill.
    #[arg(long, global = true, value_name = "FILE")]
    kb: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Search the questions and answers, best matches first.
    ///
    /// Matches words exactly, the last word as a prefix, words with a typo,
    /// and glossary synonyms (`k8s` finds Kubernetes); `"quoted words"` must
    /// appear as a phrase. `--stdin` runs one query per input line and prints
    /// one JSON array of hits per line.
    Search(commands::search::Args),
    /// List every entry: answered questions, groups and unanswered prompts.
    List {
        /// One JSON object per line per entry.
        #[arg(long)]
        json: bool,
    },
    /// Show one entry with its answer.
    Show {
        /// The entry's id, or the part after its `/` when that is unique.
        id: String,
        /// One JSON object with every field.
        #[arg(long)]
        json: bool,
    },
    /// Show the topic tree of each document with entry counts.
    Topics {
        /// A JSON array of documents.
        #[arg(long)]
        json: bool,
    },
    /// What an interviewer is likely to ask after a question.
    ///
    /// The follow-ups the document groups under it, the next follow-ups of
    /// its parent, follow-ups of the same question asked elsewhere, later
    /// questions of its topic, questions on its concepts, then related ones.
    Followups {
        /// The entry's id, or the part after its `/` when that is unique.
        id: String,
        /// Most questions to print.
        #[arg(long, value_name = "N", default_value_t = 5)]
        limit: usize,
        /// One JSON object per line per question.
        #[arg(long)]
        json: bool,
    },
    /// The questions most similar in content that nothing else links to it.
    Related {
        /// The entry's id, or the part after its `/` when that is unique.
        id: String,
        /// Most questions to print.
        #[arg(long, value_name = "N", default_value_t = 5)]
        limit: usize,
        /// One JSON object per line per question.
        #[arg(long)]
        json: bool,
    },
    /// The same question asked elsewhere, and the prompts it answers.
    ///
    /// The same question in other documents, then the unanswered checklist
    /// prompts it answers (or, for such a prompt, the answers to it).
    Same {
        /// The entry's id, or the part after its `/` when that is unique.
        id: String,
        /// One JSON object per line per question.
        #[arg(long)]
        json: bool,
    },
    /// A glossary concept and its questions; without NAME, every concept.
    ///
    /// The concept's kind and other spellings, then the questions that
    /// mention it, strongest first. Without NAME, every concept of the
    /// glossary with its kind, question count and spellings.
    Concept {
        /// The concept, by its name or any spelling of it (`k8s`).
        name: Option<String>,
        /// Most questions to print.
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: usize,
        /// One JSON object per line per question (or per concept).
        #[arg(long)]
        json: bool,
    },
    /// A mock interview: an opener and the follow-ups an interviewer would
    /// ask after it.
    Mock(commands::mock::Args),
    /// Drill questions with spaced repetition, saving your progress.
    ///
    /// Shows a question, the answer when you press Enter, and asks how well
    /// you knew it (1 again, 2 hard, 3 good, 4 easy); reviews come back when
    /// you are about to forget them, new questions cover topics and concepts
    /// you have not met yet. Progress is saved after every rating; the next
    /// run resumes. `--json` prints the next batch and changes nothing.
    Study(commands::study::Args),
    /// Compile Markdown files and folders into an archive.
    ///
    /// Every heading with text becomes an entry: a question when it asks
    /// (with or without `?`, or sets a task: "Explain ...") or a section;
    /// questions are also read from `1. ### ...` list items,
    /// `<details><summary>` blocks and `**Q:**`/`**A:**` lines. Ends with a
    /// summary and a `file:line:` warning for anything it could not place.
    Compile(commands::compile::Args),
}

/// Why a command failed.
#[derive(Debug)]
pub enum Error {
    /// Writing output failed. A closed pipe ends up here and counts as success.
    Output(io::Error),
    /// Anything else, already phrased for the user.
    Message(String),
}

impl Error {
    /// An error with a message for the user.
    pub fn msg(message: impl Into<String>) -> Error {
        Error::Message(message.into())
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Error {
        Error::Output(e)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Output(e) => write!(f, "cannot write output: {e}"),
            Error::Message(m) => f.write_str(m),
        }
    }
}

/// What every command returns.
pub type Result<T, E = Error> = std::result::Result<T, E>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            // One line, whatever the message holds; if stderr is gone too
            // there is nobody left to tell.
            let message = e.to_string().replace(['\n', '\r'], " ");
            let _ = writeln!(io::stderr().lock(), "grill: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let style = Style::detect();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let kb = cli.kb.as_deref();
    match cli.command {
        Command::Search(args) => {
            let mut input = io::stdin().lock();
            commands::search::run(&open(kb)?, &args, &style, &mut input, &mut out)?
        }
        Command::List { json } => commands::list::run(&open(kb)?, json, &style, &mut out)?,
        Command::Show { id, json } => commands::show::run(&open(kb)?, &id, json, &style, &mut out)?,
        Command::Topics { json } => commands::topics::run(&open(kb)?, json, &style, &mut out)?,
        Command::Followups { id, limit, json } => {
            let which = commands::neighbors::Which::FollowUps;
            commands::neighbors::run(&open(kb)?, which, &id, limit, json, &style, &mut out)?
        }
        Command::Related { id, limit, json } => {
            let which = commands::neighbors::Which::Related;
            commands::neighbors::run(&open(kb)?, which, &id, limit, json, &style, &mut out)?
        }
        Command::Same { id, json } => {
            let which = commands::neighbors::Which::Same;
            commands::neighbors::run(&open(kb)?, which, &id, usize::MAX, json, &style, &mut out)?
        }
        Command::Concept { name, limit, json } => {
            let name = name.as_deref();
            commands::concept::run(&open(kb)?, name, limit, json, &style, &mut out)?
        }
        Command::Mock(args) => commands::mock::run(&open(kb)?, &args, &style, &mut out)?,
        Command::Study(args) => {
            let mut input = io::stdin().lock();
            commands::study::run(&open(kb)?, &args, &style, &mut input, &mut out)?
        }
        // Compiling reads Markdown, not an archive: `--kb` has nothing to do.
        Command::Compile(args) => commands::compile::run(&args, &mut out)?,
    }
    out.flush()?;
    Ok(())
}

/// The knowledge base to read: `--kb FILE`, memory-mapped and fully
/// validated, or the embedded one.
fn open(path: Option<&Path>) -> Result<KnowledgeBase<'static>> {
    let Some(path) = path else {
        return Ok(grill::embedded());
    };
    KnowledgeBase::open(path).map_err(|e| open_error(path, &e))
}

/// The CLI's message for an archive that does not open: core's message,
/// after the file's name, and what to do about it.
fn open_error(path: &Path, e: &grill::Error) -> Error {
    use grill::Error as E;
    let advice = match e {
        E::Version { .. } | E::ReservedFlags { .. } => {
            " (written by another version of grill: rebuild it with `grill compile`)"
        }
        // A file that cannot be read is named in core's own message.
        E::Read { .. } => return Error::msg(e.to_string()),
        E::Truncated { .. } | E::TrailingBytes { .. } | E::Checksum { .. } | E::Corrupt { .. } => {
            " (the file is damaged: rebuild it with `grill compile`)"
        }
        _ => "",
    };
    Error::msg(format!("{}: {e}{advice}", path.display()))
}
