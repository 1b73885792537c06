//! `slant extract`: every article as slant reads it, to JSONL.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use super::Input;
use crate::corpus::{Document, Value};

/// Write every article as slant reads it (an HTML page's article found in the page, its
/// title, date, URL and outlet as the page or the manifest gives them) to a JSONL file: id,
/// outlet, date, title, url, the input's other fields, and text. The text is what would be
/// counted: boilerplate left out (`--keep-boilerplate` keeps it) with `boilerplate_bytes`
/// saying how much went; copies are all written, with `duplicate_of` naming the first.
/// Convert any input once, then read or share the JSONL.
#[derive(Args, Debug)]
pub struct ExtractArgs {
    #[command(flatten)]
    input: Input,

    /// The JSONL file to write (replaced only when the run succeeds).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: PathBuf,
}

pub fn run(args: ExtractArgs) -> Result<ExitCode> {
    let pipeline = args.input.pipeline(false)?;
    let target = &args.output;
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "extract.jsonl".into());
    let temp = crate::outdir::TempFile::create(&dir, &name)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    let mut out = BufWriter::new(temp.as_file());
    let mut written = 0u64;
    let run = args.input.run(&pipeline, false, |doc, m| {
        let line = record(doc, &m.cleaning, m.copy.duplicate_of.as_deref());
        out.write_all(line.as_bytes())
            .and_then(|()| out.write_all(b"\n"))
            .with_context(|| format!("cannot write {}", target.display()))?;
        written += 1;
        Ok(())
    })?;
    out.flush()
        .with_context(|| format!("cannot write {}", target.display()))?;
    drop(out);
    temp.persist(target)
        .with_context(|| format!("cannot write {}", target.display()))?;
    if super::chatty() {
        super::analyze::note_passed_over(&run.corpus.passed_over());
        eprintln!(
            "slant: wrote {} articles from {} to {}",
            crate::report::thousands(written),
            run.corpus.location,
            target.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// One article as a JSON line: its fields, then the text without the excluded boilerplate.
fn record(doc: &Document, cleaning: &crate::clean::Cleaning, duplicate_of: Option<&str>) -> String {
    let mut fields = serde_json::Map::new();
    fields.insert("id".into(), doc.id.clone().into());
    fields.insert("outlet".into(), doc.outlet.clone().into());
    for (key, value) in [
        ("date", &doc.date),
        ("title", &doc.title),
        ("url", &doc.url),
    ] {
        if let Some(v) = value {
            fields.insert(key.into(), v.clone().into());
        }
    }
    for (key, value) in &doc.metadata {
        if !fields.contains_key(key) {
            fields.insert(
                key.clone(),
                match value {
                    Value::Text(s) => s.clone().into(),
                    Value::Int(i) => (*i).into(),
                    Value::Float(f) => serde_json::Number::from_f64(*f)
                        .map_or(serde_json::Value::Null, serde_json::Value::Number),
                    Value::Bool(b) => (*b).into(),
                },
            );
        }
    }
    fields.insert("boilerplate_bytes".into(), cleaning.bytes().into());
    if let Some(first) = duplicate_of {
        fields.insert("duplicate_of".into(), first.into());
    }
    fields.insert("text".into(), kept_text(&doc.body, cleaning).into());
    serde_json::Value::Object(fields).to_string()
}

/// The body without its excluded ranges, paragraphs one blank line apart.
fn kept_text(body: &str, cleaning: &crate::clean::Cleaning) -> String {
    let mut pieces = Vec::new();
    let mut at = 0;
    for e in &cleaning.excluded {
        if e.start > at {
            pieces.push(&body[at..e.start]);
        }
        at = at.max(e.end);
    }
    pieces.push(&body[at.min(body.len())..]);
    let joined = pieces.concat();
    let mut out = String::with_capacity(joined.len());
    let mut blank = false;
    for line in joined.lines() {
        if line.trim().is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(line.trim_end());
        blank = false;
    }
    out
}
