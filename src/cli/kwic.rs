//! `slant kwic`: every hit in context, with its outlet and voice. The evidence behind a count.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::{Args, ValueEnum};

use super::{print, print_data, Input};
use crate::lexicon::{parse, Format, Lexicon};
use crate::pipeline::Pipeline;
use crate::token::tokenize;
use crate::voice::Voice;

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum KwicFormat {
    Text,
    Csv,
    Json,
}

/// Show every match of a term, or every hit of a lexicon category, in its context: the words
/// before and after, the article, the outlet and the voice (narrator, reported, quote, scare). Give a TERM
/// (written like a lexicon term: `terrorist*`, `war crime*`, `so-called`) or `--category NAME`
/// for a category of the lexicons in use. With `--from DIR`, the hits are those an earlier
/// `slant analyze -o DIR` wrote (same corpus; nothing is matched again). Output: aligned text,
/// or CSV/JSON for scripts.
#[derive(Args, Debug)]
pub struct KwicArgs {
    /// The term to find, written like a lexicon term. Omit it to use --category.
    #[arg(value_name = "TERM")]
    term: Option<String>,

    #[command(flatten)]
    input: Input,

    /// Show the hits of this lexicon category instead of a term.
    #[arg(long, value_name = "NAME")]
    category: Option<String>,

    /// Only this outlet.
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,

    /// Words of context on each side.
    #[arg(long, default_value_t = 8, value_name = "N")]
    window: usize,

    /// Output format.
    #[arg(long, value_enum, default_value_t = KwicFormat::Text)]
    format: KwicFormat,

    /// Read the hits from the hits table of an earlier `slant analyze -o DIR` instead of
    /// matching again; TERM then selects hits by their lexicon term as written (or their
    /// surface text, case folded). Give the same corpus as that run, for the context.
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
}

/// One line of evidence.
#[derive(Clone)]
struct Line {
    doc_id: String,
    outlet: String,
    voice: &'static str,
    lexicon: String,
    category: String,
    term: String,
    left: String,
    hit: String,
    right: String,
    /// Whether the text has space between the left context and the hit, and after the hit.
    spaced: (bool, bool),
    byte_start: usize,
    byte_end: usize,
}

pub fn run(mut args: KwicArgs) -> Result<ExitCode> {
    // `slant kwic --category NAME CORPUS`: the one positional is the corpus
    if args.category.is_some() && args.term.is_some() {
        if args.input.corpus.is_some() {
            bail!("give a TERM or --category NAME, not both");
        }
        args.input.corpus = args.term.take().map(PathBuf::from);
    }
    if let Some(dir) = args.from.clone() {
        return from_table(&args, &dir);
    }
    let (pipeline, category) = match (&args.term, &args.category) {
        (Some(term), None) => {
            let toml = format!(
                "[lexicon]\nname = \"kwic\"\n[categories.term]\nterms = [{}]\n",
                toml::Value::String(term.clone())
            );
            let lexicon: Lexicon = parse(&toml, "the TERM argument", "kwic", Format::Toml)?;
            let mut settings = args.input.settings(false)?;
            settings.lexicons = vec![lexicon];
            args.input.set_threads();
            (Pipeline::prepare(settings, &super::Progress::new())?, None)
        }
        (None, Some(category)) => {
            let pipeline = args.input.pipeline(false)?;
            let analyzer = pipeline.analyzer();
            let known = analyzer
                .lexicons()
                .iter()
                .any(|l| l.categories.iter().any(|c| &c.name == category));
            if !known {
                let names: Vec<String> = analyzer
                    .lexicons()
                    .iter()
                    .flat_map(|l| {
                        l.categories
                            .iter()
                            .map(move |c| format!("{}:{}", l.name, c.name))
                    })
                    .collect();
                bail!(
                    "no category `{category}` in the lexicons in use; categories: {}",
                    names.join(", ")
                );
            }
            (pipeline, Some(category.clone()))
        }
        _ => bail!("give a TERM to find, or --category NAME"),
    };
    let mut lines: Vec<Line> = Vec::new();
    let (outlet, window) = (args.outlet.clone(), args.window);
    let analyzer = pipeline.analyzer();
    args.input.run(&pipeline, true, |doc, m| {
        if outlet.as_ref().is_some_and(|o| o != &doc.outlet) {
            return Ok(());
        }
        let hits: Vec<_> = m
            .hits
            .iter()
            .filter(|h| {
                let lexicon = &analyzer.lexicons()[h.lexicon as usize];
                category
                    .as_ref()
                    .is_none_or(|c| &lexicon.categories[h.hit.category as usize].name == c)
            })
            .collect();
        if hits.is_empty() {
            return Ok(());
        }
        let body = doc.body.as_str();
        let words: Vec<_> = tokenize(body)
            .into_iter()
            .filter(|t| t.kind.is_word())
            .collect();
        for h in hits {
            let c = crate::report::context::context(
                body,
                &words,
                (h.hit.word_start as usize, h.hit.word_end as usize),
                (h.hit.byte_start, h.hit.byte_end),
                window,
            );
            let lexicon = &analyzer.lexicons()[h.lexicon as usize];
            let cat = &lexicon.categories[h.hit.category as usize];
            lines.push(Line {
                doc_id: doc.id.clone(),
                outlet: doc.outlet.clone(),
                voice: h.voice.as_str(),
                lexicon: lexicon.name.clone(),
                category: cat.name.clone(),
                term: h.term(lexicon).text.clone(),
                left: c.left,
                hit: c.hit,
                right: c.right,
                spaced: c.spaced,
                byte_start: h.hit.byte_start,
                byte_end: h.hit.byte_end,
            });
        }
        Ok(())
    })?;
    output(args.format, &lines)
}

/// `slant kwic --from DIR`: the hits of an earlier run, in context.
fn from_table(args: &KwicArgs, dir: &std::path::Path) -> Result<ExitCode> {
    if args.term.is_none() && args.category.is_none() {
        bail!("give a TERM to find, or --category NAME");
    }
    let voices: Vec<&str> = args
        .input
        .voice
        .voices()
        .iter()
        .map(|v| v.as_str())
        .collect();
    let term = args.term.as_deref().map(str::to_lowercase);
    let rows: Vec<crate::table::HitRow> =
        crate::table::read_hits(&crate::outdir::Committed::open(dir)?)?
            .into_iter()
            .filter(|h| {
                term.as_ref()
                    .is_none_or(|t| h.term.to_lowercase() == *t || h.surface.to_lowercase() == *t)
                    && args.category.as_ref().is_none_or(|c| &h.category == c)
                    && args.outlet.as_ref().is_none_or(|o| &h.outlet == o)
                    && voices.contains(&h.voice.as_str())
            })
            .collect();
    let mut by_doc: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, h) in rows.iter().enumerate() {
        by_doc.entry(h.doc_id.as_str()).or_default().push(i);
    }
    let mut lines: Vec<Option<Line>> = (0..rows.len()).map(|_| None).collect();
    let mut corpus = args.input.open()?;
    let mut found = 0;
    for item in &mut corpus {
        let Ok(doc) = item else { continue };
        let Some(list) = by_doc.get(doc.id.as_str()) else {
            continue;
        };
        let body = doc.body.as_str();
        let words: Vec<_> = tokenize(body)
            .into_iter()
            .filter(|t| t.kind.is_word())
            .collect();
        for &i in list {
            let h = &rows[i];
            let fits = h.byte_end <= body.len()
                && body.is_char_boundary(h.byte_start)
                && body.is_char_boundary(h.byte_end)
                && body[h.byte_start..h.byte_end] == h.surface
                && h.token_end <= words.len();
            if !fits {
                bail!(
                    "{}: the hit `{}` at bytes {}..{} of {} is not in this corpus's text; give the corpus that run analyzed",
                    dir.display(),
                    h.surface,
                    h.byte_start,
                    h.byte_end,
                    doc.id
                );
            }
            let c = crate::report::context::context(
                body,
                &words,
                (h.token_start, h.token_end),
                (h.byte_start, h.byte_end),
                args.window,
            );
            lines[i] = Some(Line {
                doc_id: h.doc_id.clone(),
                outlet: h.outlet.clone(),
                voice: Voice::from_name(&h.voice).map_or("narrator", Voice::as_str),
                lexicon: h.lexicon.clone(),
                category: h.category.clone(),
                term: h.term.clone(),
                left: c.left,
                hit: c.hit,
                right: c.right,
                spaced: c.spaced,
                byte_start: h.byte_start,
                byte_end: h.byte_end,
            });
            found += 1;
        }
    }
    if found < rows.len() {
        let missing: Vec<&str> = rows
            .iter()
            .zip(&lines)
            .filter(|(_, l)| l.is_none())
            .map(|(h, _)| h.doc_id.as_str())
            .take(5)
            .collect();
        bail!(
            "{} hits of {} are in articles that {} does not have (first: {}); give the corpus that run analyzed",
            rows.len() - found,
            dir.display(),
            corpus.location,
            missing.join(", ")
        );
    }
    let lines: Vec<Line> = lines.into_iter().flatten().collect();
    output(args.format, &lines)
}

fn output(format: KwicFormat, lines: &[Line]) -> Result<ExitCode> {
    if super::chatty() {
        eprintln!(
            "slant: {} hit{}",
            lines.len(),
            if lines.len() == 1 { "" } else { "s" }
        );
    }
    match format {
        KwicFormat::Text => print(&text(lines))?,
        KwicFormat::Csv => print_data(&csv_text(lines)?)?,
        KwicFormat::Json => {
            let rows: Vec<serde_json::Value> = lines.iter().map(json).collect();
            print_data(&(serde_json::to_string_pretty(&rows)? + "\n"))?
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The hits as aligned text, control characters escaped before the columns are measured.
fn text(lines: &[Line]) -> String {
    use crate::terminal::escape;
    let shown: Vec<Line> = lines
        .iter()
        .map(|l| Line {
            doc_id: escape(&l.doc_id).into_owned(),
            outlet: escape(&l.outlet).into_owned(),
            left: escape(&l.left).replace('\n', " "),
            hit: escape(&l.hit).replace('\n', " "),
            right: escape(&l.right).replace('\n', " "),
            ..l.clone()
        })
        .collect();
    let lines = &shown;
    let chars = |s: &str| s.chars().count();
    let id_width = lines.iter().map(|l| chars(&l.doc_id)).max().unwrap_or(0);
    let outlet_width = lines.iter().map(|l| chars(&l.outlet)).max().unwrap_or(0);
    let left_width = lines.iter().map(|l| chars(&l.left)).max().unwrap_or(0);
    let mut out = String::new();
    for l in lines {
        out.push_str(&format!(
            "{:<id$}  {:<outlet$}  {:<8}  {:>left$}{}[{}]{}{}\n",
            l.doc_id,
            l.outlet,
            l.voice,
            l.left,
            if l.spaced.0 { " " } else { "" },
            l.hit,
            if l.spaced.1 { " " } else { "" },
            l.right,
            id = id_width,
            outlet = outlet_width,
            left = left_width
        ));
    }
    out
}

const COLUMNS: [&str; 11] = [
    "doc_id",
    "outlet",
    "voice",
    "lexicon",
    "category",
    "term",
    "left",
    "hit",
    "right",
    "byte_start",
    "byte_end",
];

fn fields(l: &Line) -> [String; 11] {
    [
        l.doc_id.clone(),
        l.outlet.clone(),
        l.voice.to_string(),
        l.lexicon.clone(),
        l.category.clone(),
        l.term.clone(),
        l.left.clone(),
        l.hit.clone(),
        l.right.clone(),
        l.byte_start.to_string(),
        l.byte_end.to_string(),
    ]
}

fn csv_text(lines: &[Line]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    for l in lines {
        w.write_record(fields(l))?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

fn json(l: &Line) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for (k, v) in COLUMNS.iter().zip(fields(l)) {
        let value = match *k {
            "byte_start" | "byte_end" => serde_json::Value::from(v.parse::<u64>().unwrap_or(0)),
            _ => serde_json::Value::String(v),
        };
        map.insert(k.to_string(), value);
    }
    serde_json::Value::Object(map)
}
