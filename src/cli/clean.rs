//! `slant clean`: an article with what was excluded as boilerplate marked, and why. The
//! evidence for `documents.boilerplate_bytes`.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::{Args, ValueEnum};

use super::{print, print_data, Input};
use crate::token::tokenize;
use crate::voice;

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum CleanFormat {
    Text,
    Json,
}

/// Show an article paragraph by paragraph with the boilerplate slant excludes marked, and why:
/// `furniture` (crumbs, page date lines, web addresses), `repeat` (a paragraph twice in a
/// row), `related` (related-story headlines), `tail` (an appeal, widget or footer running to
/// the end), `credit` (an agency credit line), `repeated` (a line recurring across the
/// outlet's stories), `rule` (your --boilerplate rules). Also shows the wire agency and the
/// article's syndicated copies.
#[derive(Args, Debug)]
pub struct ShowCleanArgs {
    /// Id of the article to show (as in documents.doc_id); several ids separated by commas.
    #[arg(value_name = "DOC_ID")]
    ids: String,

    #[command(flatten)]
    input: Input,

    /// Output format: marked text, or JSON with byte ranges.
    #[arg(long, value_enum, default_value_t = CleanFormat::Text)]
    format: CleanFormat,
}

pub fn run(args: ShowCleanArgs) -> Result<ExitCode> {
    let ids: Vec<&str> = args.ids.split(',').map(str::trim).collect();
    let pipeline = args.input.pipeline(false)?;
    let analyzer = pipeline.analyzer();
    let mut corpus = args.input.open()?;
    let mut found: Vec<Option<String>> = vec![None; ids.len()];
    let mut json = Vec::new();
    for item in &mut corpus {
        let Ok(doc) = item else { continue };
        let Some(k) = ids.iter().position(|id| *id == doc.id) else {
            continue;
        };
        if found[k].is_some() {
            continue;
        }
        let tokens = tokenize(&doc.body);
        let voices = voice::label(&doc.body, &tokens);
        let cleaning = analyzer
            .cleaner()
            .clean(&doc.outlet, &doc.body, &tokens, &voices.of);
        let copy = analyzer.prepass().copy_of(&doc.id);
        match args.format {
            CleanFormat::Text => {
                let mut out = String::new();
                let excluded = cleaning.bytes();
                let _ = writeln!(
                    out,
                    "{} · {} · {} bytes, {} excluded ({:.0} %) · wire: {} · {}",
                    doc.id,
                    doc.outlet,
                    doc.body.len(),
                    excluded,
                    100.0 * excluded as f64 / doc.body.len().max(1) as f64,
                    cleaning.wire.unwrap_or("none found"),
                    match &copy.duplicate_of {
                        Some(first) => format!("copy of {first}"),
                        None if copy.cluster != doc.id => "first copy".to_string(),
                        None => "no copies found".to_string(),
                    }
                );
                // paragraph by paragraph, from the tokenizer's paragraphs
                let mut start = 0;
                while start < tokens.len() {
                    let p = tokens[start].paragraph;
                    let end = start
                        + tokens[start..]
                            .iter()
                            .take_while(|t| t.paragraph == p)
                            .count();
                    let (from, to) = (tokens[start].start, tokens[end - 1].end);
                    let mut at = from;
                    for e in cleaning
                        .excluded
                        .iter()
                        .filter(|e| e.end > from && e.start < to)
                    {
                        if e.start > at {
                            line(&mut out, "", &doc.body[at..e.start]);
                        }
                        let s = e.start.max(at);
                        line(&mut out, e.reason.as_str(), &doc.body[s..e.end.min(to)]);
                        at = e.end.min(to);
                    }
                    if at < to {
                        line(&mut out, "", &doc.body[at..to]);
                    }
                    start = end;
                }
                found[k] = Some(out);
            }
            CleanFormat::Json => {
                let excluded: Vec<_> = cleaning
                    .excluded
                    .iter()
                    .map(|e| {
                        serde_json::json!({
                            "byte_start": e.start, "byte_end": e.end,
                            "reason": e.reason.as_str(), "text": &doc.body[e.start..e.end],
                        })
                    })
                    .collect();
                json.push((
                    k,
                    serde_json::json!({
                        "doc_id": doc.id, "outlet": doc.outlet, "bytes": doc.body.len(),
                        "boilerplate_bytes": cleaning.bytes(), "wire": cleaning.wire,
                        "cluster": copy.cluster, "duplicate_of": copy.duplicate_of,
                        "excluded": excluded,
                    }),
                ));
                found[k] = Some(String::new());
            }
        }
        if found.iter().all(Option::is_some) {
            break;
        }
    }
    let missing: Vec<&str> = ids
        .iter()
        .zip(&found)
        .filter(|(_, f)| f.is_none())
        .map(|(id, _)| *id)
        .collect();
    if !missing.is_empty() {
        bail!(
            "no article with id {} in {} (ids are documents.doc_id of `slant analyze`)",
            missing.join(", "),
            corpus.location
        );
    }
    match args.format {
        CleanFormat::Text => {
            let texts: Vec<String> = found.into_iter().flatten().collect();
            print(&texts.join("\n"))?;
        }
        CleanFormat::Json => {
            json.sort_by_key(|(k, _)| *k);
            let list: Vec<_> = json.into_iter().map(|(_, v)| v).collect();
            print_data(&(serde_json::to_string_pretty(&list)? + "\n"))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One paragraph (or part of one) with its gutter: the exclusion reason, or nothing when kept.
fn line(out: &mut String, reason: &str, text: &str) {
    for (i, l) in text.lines().enumerate() {
        let gutter = if i == 0 || reason.is_empty() {
            reason
        } else {
            "…"
        };
        let _ = writeln!(out, "{gutter:>9} │ {l}");
    }
}
