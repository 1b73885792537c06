//! `slant lexicon`: check lexicon files.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

use super::print;
use crate::lexicon::{self, LexiconError};

#[derive(Subcommand, Debug)]
pub enum LexiconCommand {
    /// Validate lexicon files: every problem of every file, as `file:line: message`. Exit 1 if
    /// any file has a problem.
    Check {
        /// Lexicon files (.toml or .tsv).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

pub fn run(cmd: LexiconCommand) -> Result<ExitCode> {
    let LexiconCommand::Check { files } = cmd;
    let mut ok = true;
    let mut out = String::new();
    for path in &files {
        match lexicon::load(path) {
            Ok(l) => out.push_str(&format!(
                "{}: ok: lexicon `{}`, {} categories, {} terms, {} contrasts\n",
                path.display(),
                l.name,
                l.categories.len(),
                l.term_count(),
                l.contrasts.len()
            )),
            Err(LexiconError::Invalid(problems)) => {
                ok = false;
                for p in problems {
                    out.push_str(&format!("{p}\n"));
                }
            }
            Err(e) => {
                ok = false;
                out.push_str(&format!("{e}\n"));
            }
        }
    }
    print(&out)?;
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
