//! `slant lexicon`: check lexicon files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

use super::print;
use crate::lexicon::{self, LexiconError};

#[derive(Subcommand, Debug)]
pub enum LexiconCommand {
    /// Validate lexicon files: every problem of every file in one pass, as `file:line:
    /// message`. Exit 1 if any file has an error, 0 if there are only warnings.
    Check {
        /// Lexicon files: .toml (slant), .tsv, .dic (LIWC), .dicx (LIWC-22), .yml (quanteda), .lc3 (Lexicoder),
        /// .cat (WordStat), .txt (word list).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,

        #[command(flatten)]
        format: FormatArg,
    },
    /// Show a lexicon: its categories with term counts and example terms, and its contrasts.
    Show {
        #[arg(value_name = "FILE")]
        file: PathBuf,

        #[command(flatten)]
        format: FormatArg,
    },
    /// Convert a lexicon from any format it reads to the one OUT's extension names: .toml
    /// (slant's, lossless: terms as written, in order; nested categories keep their dotted
    /// names), .tsv, .yml/.yaml (quanteda) or .dic (LIWC). What the target format cannot hold
    /// (descriptions, `not` phrases, contrasts, metadata) is listed as a warning.
    Convert {
        #[arg(value_name = "IN")]
        input: PathBuf,

        /// The file to write (replaced if it exists); its extension picks the format.
        #[arg(value_name = "OUT")]
        output: PathBuf,

        #[command(flatten)]
        format: FormatArg,
    },
}

/// `--lexicon-format`, shared by the lexicon commands.
#[derive(clap::Args, Debug, Clone)]
pub struct FormatArg {
    /// Read lexicons in this format whatever their extension: toml, tsv, liwc, dicx, yaml, lexicoder,
    /// wordstat or words.
    #[arg(long = "lexicon-format", value_name = "FORMAT", value_parser = parse_format)]
    pub lexicon_format: Option<lexicon::Format>,
}

pub(crate) fn parse_format(name: &str) -> Result<lexicon::Format, String> {
    lexicon::Format::from_name(name).ok_or_else(|| {
        format!(
            "unknown lexicon format `{name}`; one of: {}",
            lexicon::Format::NAMES.join(", ")
        )
    })
}

pub fn run(cmd: LexiconCommand) -> Result<ExitCode> {
    match cmd {
        LexiconCommand::Check { files, format } => check(&files, format.lexicon_format),
        LexiconCommand::Show { file, format } => show(&file, format.lexicon_format),
        LexiconCommand::Convert {
            input,
            output,
            format,
        } => convert(&input, &output, format.lexicon_format),
    }
}

fn check(files: &[PathBuf], format: Option<lexicon::Format>) -> Result<ExitCode> {
    let mut ok = true;
    let mut out = String::new();
    for path in files {
        match lexicon::load_as(path, format) {
            Ok(l) => {
                for w in &l.warnings {
                    out.push_str(&format!("{w}\n"));
                }
                out.push_str(&format!(
                    "{}: ok: lexicon `{}`, {} categories, {} entries, {} terms, {} contrasts{}\n",
                    path.display(),
                    l.name,
                    l.categories.len(),
                    l.entries,
                    l.term_count(),
                    l.contrasts.len(),
                    match l.warnings.len() {
                        0 => String::new(),
                        1 => ", 1 warning".to_string(),
                        n => format!(", {n} warnings"),
                    }
                ));
            }
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

fn show(path: &Path, format: Option<lexicon::Format>) -> Result<ExitCode> {
    let l = lexicon::load_as(path, format)?;
    let mut out = format!(
        "lexicon {}{}: {} categories, {} entries, {} terms, {} contrasts\n",
        l.name,
        l.version
            .as_deref()
            .map(|v| format!(" v{v}"))
            .unwrap_or_default(),
        l.categories.len(),
        l.entries,
        l.term_count(),
        l.contrasts.len()
    );
    if let Some(d) = &l.description {
        out.push_str(&format!("{d}\n"));
    }
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    table.set_header(vec!["category", "terms", "not", "examples", "description"]);
    for c in &l.categories {
        let examples: Vec<&str> = c.terms.iter().take(6).map(|t| t.text.as_str()).collect();
        let more = if c.terms.len() > 6 { ", …" } else { "" };
        table.add_row(vec![
            c.name.clone(),
            c.terms.len().to_string(),
            c.not.len().to_string(),
            format!("{}{more}", examples.join(", ")),
            c.description.clone().unwrap_or_default(),
        ]);
    }
    out.push_str(&format!("{table}\n"));
    for contrast in &l.contrasts {
        let members: Vec<&str> = contrast
            .categories
            .iter()
            .map(|&c| l.categories[c].name.as_str())
            .collect();
        out.push_str(&format!(
            "contrast {}: {}\n",
            contrast.name,
            members.join(" vs ")
        ));
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn convert(input: &Path, output: &Path, format: Option<lexicon::Format>) -> Result<ExitCode> {
    let Some(target) = lexicon::OutputFormat::of(output) else {
        anyhow::bail!(
            "{}: cannot tell which format to write from its extension; name the output with \
             one of {}",
            output.display(),
            lexicon::OutputFormat::EXTENSIONS
        );
    };
    let l = lexicon::load_as(input, format)?;
    let (text, losses) =
        lexicon::write(&l, target).map_err(|e| anyhow::anyhow!("{}: {}", output.display(), e.0))?;
    crate::outdir::write_atomically(output, text.as_bytes())
        .with_context(|| format!("cannot write {}", output.display()))?;
    for loss in &losses {
        eprintln!(
            "slant: warning: {}: {} has no place for {}; left out (write .toml to keep them)",
            output.display(),
            target.name(),
            loss.what
        );
    }
    if super::chatty() {
        eprintln!(
            "slant: wrote {} ({}, {} categories, {} terms) from {}",
            output.display(),
            target.name(),
            l.categories.len(),
            l.term_count(),
            input.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
