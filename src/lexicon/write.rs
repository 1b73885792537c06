//! Writing a lexicon: slant's TOML (lossless) and the formats other tools read (TSV, quanteda
//! YAML, LIWC `.dic`), each with the list of what it cannot hold.
//!
//! [`OutputFormat::of`] picks the format from the output's extension; [`write`] returns the
//! text and a [`Loss`] for every kind of content the format has no place for (descriptions,
//! `not` phrases, contrasts, metadata, globs LIWC does not know), so that `lexicon convert`
//! can say what was left out instead of dropping it silently.

use std::fmt::Write as _;
use std::path::Path;

use super::{ContrastKind, Lexicon, Term, Wildcard};

/// The formats `lexicon convert` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// slant's TOML: keeps everything.
    Toml,
    /// `category<TAB>term` lines.
    Tsv,
    /// quanteda YAML: category names split at `.` into nested mappings.
    Yaml,
    /// LIWC `.dic`: a `%` header of numbered categories, then `term<TAB>ids`.
    Liwc,
}

impl OutputFormat {
    /// The extensions written, for messages.
    pub const EXTENSIONS: &'static str = ".toml, .tsv, .yml (or .yaml), .dic";

    /// The format an output path's extension names, if slant writes it.
    pub fn of(path: &Path) -> Option<OutputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "toml" => OutputFormat::Toml,
            "tsv" => OutputFormat::Tsv,
            "yml" | "yaml" => OutputFormat::Yaml,
            "dic" => OutputFormat::Liwc,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Toml => "slant TOML",
            OutputFormat::Tsv => "TSV",
            OutputFormat::Yaml => "quanteda YAML",
            OutputFormat::Liwc => "LIWC .dic",
        }
    }
}

/// Content of the lexicon that the output format cannot hold: left out, and said so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loss {
    /// What is left out, with a count (`3 category descriptions`).
    pub what: String,
}

/// Why a lexicon cannot be written in a format at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwritable(pub String);

/// The lexicon as text in `format`, with what the format could not hold.
pub fn write(l: &Lexicon, format: OutputFormat) -> Result<(String, Vec<Loss>), Unwritable> {
    // slant's TOML gives every term of a category a score, or none
    if let Some(c) = l.categories.iter().find(|c| {
        c.terms.iter().any(|t| t.score.is_some()) && c.terms.iter().any(|t| t.score.is_none())
    }) {
        return Err(Unwritable(format!(
            "category `{}` has scores for some of its terms only; give every term a score \
             (`term<TAB>score`), or none",
            c.name
        )));
    }
    match format {
        OutputFormat::Toml => Ok((to_toml(l), Vec::new())),
        OutputFormat::Tsv => to_tsv(l).map(|t| (t, losses(l, format))),
        OutputFormat::Yaml => Ok((to_yaml(l), losses(l, format))),
        OutputFormat::Liwc => to_liwc(l).map(|t| (t, losses(l, format))),
    }
}

/// What a format other than TOML leaves out of `l`.
fn losses(l: &Lexicon, format: OutputFormat) -> Vec<Loss> {
    let mut out = Vec::new();
    let mut lose = |n: usize, what: &str| {
        if n > 0 {
            out.push(Loss {
                what: format!("{n} {what}"),
            });
        }
    };
    let described = l
        .categories
        .iter()
        .filter(|c| c.description.is_some())
        .count();
    lose(described, "category descriptions");
    lose(
        l.categories.iter().map(|c| c.not.len()).sum(),
        "`not` phrases (vetoes)",
    );
    lose(l.contrasts.len(), "contrasts");
    lose(usize::from(l.negation.is_some()), "negation rule");
    let meta = [&l.version, &l.language, &l.description]
        .iter()
        .filter(|v| v.is_some())
        .count()
        + usize::from(l.groups_speakers);
    lose(
        meta,
        "metadata fields (version, language, description, groups_speakers)",
    );
    lose(
        l.categories.iter().filter(|c| c.terms.is_empty()).count(),
        "categories without terms",
    );
    lose(
        l.categories
            .iter()
            .flat_map(|c| &c.terms)
            .filter(|t| t.score.is_some())
            .count(),
        "term scores (weights)",
    );
    if format == OutputFormat::Liwc {
        let globs = l
            .categories
            .iter()
            .flat_map(|c| &c.terms)
            .filter(|t| !liwc_can_match(t))
            .count();
        // Written as they are, they are kept, but LIWC reads them literally.
        if globs > 0 {
            out.push(Loss {
                what: format!(
                    "the glob meaning of {globs} terms with `?` or a `*` not ending a word \
                     (LIWC reads them literally; slant reads them back as globs)"
                ),
            });
        }
    }
    out
}

/// Whether LIWC's own matcher (exact words, a trailing `*`) means what slant means by a term.
fn liwc_can_match(t: &Term) -> bool {
    t.pattern.words.iter().all(|w| w.wildcard != Wildcard::Glob)
}

/// A TOML string literal.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML key: bare when it can be, quoted otherwise (`"AFRICA.EAST.ER"`).
fn toml_key(s: &str) -> String {
    let bare = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        s.to_string()
    } else {
        toml_string(s)
    }
}

/// Width TOML lists are wrapped at.
const WIDTH: usize = 88;

/// `key = [ ... ]`, on one line when it fits in [`WIDTH`], else one indented run of items per
/// line, each line filled up to the width.
fn toml_list(out: &mut String, key: &str, items: &[String]) {
    let one_line = format!("{key} = [{}]", items.join(", "));
    if one_line.len() <= WIDTH {
        out.push_str(&one_line);
        out.push('\n');
        return;
    }
    out.push_str(key);
    out.push_str(" = [\n");
    let mut line = String::new();
    for item in items {
        if !line.is_empty() && 4 + line.len() + 1 + item.len() + 1 > WIDTH {
            let _ = writeln!(out, "    {}", line.trim_end());
            line.clear();
        }
        line.push_str(item);
        line.push_str(", ");
    }
    if !line.is_empty() {
        let _ = writeln!(out, "    {}", line.trim_end());
    }
    out.push_str("]\n");
}

/// The lexicon in slant's TOML format: metadata, categories (terms as written, in order, with
/// descriptions and `not` phrases) and contrasts, term lists wrapped at [`WIDTH`] columns.
/// Loading the result gives the same lexicon.
pub fn to_toml(l: &Lexicon) -> String {
    let mut out = String::from("[lexicon]\n");
    let _ = writeln!(out, "name = {}", toml_string(&l.name));
    for (key, value) in [
        ("version", &l.version),
        ("language", &l.language),
        ("description", &l.description),
    ] {
        if let Some(v) = value {
            let _ = writeln!(out, "{key} = {}", toml_string(v));
        }
    }
    let source = format!("converted by slant from {}", l.source);
    let _ = writeln!(out, "sources = [{}]", toml_string(&source));
    if l.groups_speakers {
        out.push_str("groups_speakers = true\n");
    }
    let quoted =
        |terms: &[Term]| -> Vec<String> { terms.iter().map(|t| toml_string(&t.text)).collect() };
    for c in &l.categories {
        let _ = writeln!(out, "\n[categories.{}]", toml_key(&c.name));
        if let Some(d) = &c.description {
            let _ = writeln!(out, "description = {}", toml_string(d));
        }
        toml_list(&mut out, "terms", &quoted(&c.terms));
        if !c.not.is_empty() {
            toml_list(&mut out, "not", &quoted(&c.not));
        }
        if !c.terms.is_empty() && c.terms.iter().all(|t| t.score.is_some()) {
            let _ = writeln!(out, "\n[categories.{}.scores]", toml_key(&c.name));
            for t in &c.terms {
                if let Some(score) = t.score {
                    let _ = writeln!(out, "{} = {score}", toml_key(&t.text));
                }
            }
        }
    }
    for k in &l.contrasts {
        let _ = writeln!(out, "\n[contrasts.{}]", toml_key(&k.name));
        if let Some(d) = &k.description {
            let _ = writeln!(out, "description = {}", toml_string(d));
        }
        let members: Vec<String> = k
            .categories
            .iter()
            .map(|&c| toml_string(&l.categories[c].name))
            .collect();
        toml_list(&mut out, "categories", &members);
        if k.kind != ContrastKind::Shares {
            let _ = writeln!(out, "kind = {}", toml_string(k.kind.as_str()));
        }
    }
    if let Some(n) = &l.negation {
        out.push_str("\n[negation]\n");
        let words: Vec<String> = n.written.iter().map(|w| toml_string(w)).collect();
        toml_list(&mut out, "words", &words);
        let _ = writeln!(out, "window = {}", n.window);
        let _ = writeln!(out, "action = {}", toml_string(n.action.as_str()));
        if n.applies.iter().any(|&a| !a) {
            let names: Vec<String> = l
                .categories
                .iter()
                .zip(&n.applies)
                .filter(|(_, &a)| a)
                .map(|(c, _)| toml_string(&c.name))
                .collect();
            toml_list(&mut out, "categories", &names);
        }
    }
    out
}

/// Refuses text that would break a line-based format: a tab or a line break inside a field.
fn one_field(s: &str, what: &str, format: &str) -> Result<(), Unwritable> {
    if s.contains(['\t', '\n', '\r']) {
        return Err(Unwritable(format!(
            "{what} `{}` holds a tab or a line break, which {format} cannot hold; write .toml",
            s.escape_debug()
        )));
    }
    Ok(())
}

/// `category<TAB>term` lines, in category order, terms as written.
fn to_tsv(l: &Lexicon) -> Result<String, Unwritable> {
    let mut out = format!("# {} (converted by slant from {})\n", l.name, l.source);
    for c in &l.categories {
        one_field(&c.name, "category", "TSV")?;
        if c.name.trim() != c.name || c.name.starts_with('#') {
            return Err(Unwritable(format!(
                "category `{}` starts with `#` or a space, which TSV cannot hold; write .toml",
                c.name
            )));
        }
        for t in &c.terms {
            one_field(&t.text, "term", "TSV")?;
            let _ = writeln!(out, "{}\t{}", c.name, t.text);
        }
    }
    Ok(out)
}

/// A LIWC `.dic`: categories numbered from 1 in the header, then one line per term (in order
/// of first appearance) with the ids of every category that has it.
fn to_liwc(l: &Lexicon) -> Result<String, Unwritable> {
    let mut out = String::from("%\n");
    for (i, c) in l.categories.iter().enumerate() {
        one_field(&c.name, "category", "LIWC")?;
        if c.name.trim().is_empty() {
            return Err(Unwritable(
                "an empty category name cannot be written to LIWC".into(),
            ));
        }
        let _ = writeln!(out, "{}\t{}", i + 1, c.name.trim());
    }
    out.push_str("%\n");
    let mut order: Vec<&str> = Vec::new();
    let mut ids: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, c) in l.categories.iter().enumerate() {
        for t in &c.terms {
            one_field(&t.text, "term", "LIWC")?;
            let list = ids.entry(t.text.trim()).or_insert_with(|| {
                order.push(t.text.trim());
                Vec::new()
            });
            if !list.contains(&(i + 1)) {
                list.push(i + 1);
            }
        }
    }
    for term in order {
        let list: Vec<String> = ids[term].iter().map(|i| i.to_string()).collect();
        let _ = writeln!(out, "{term}\t{}", list.join("\t"));
    }
    Ok(out)
}

/// quanteda YAML: dotted names nest (`AFRICA.EAST.ER` under `AFRICA:` and `EAST:`) unless a
/// name is both a category and the head of another (`a` and `a.b`), when every key is written
/// whole.
fn to_yaml(l: &Lexicon) -> String {
    use yaml_rust2::yaml::Hash;
    use yaml_rust2::{Yaml, YamlEmitter};
    let names: std::collections::HashSet<&str> =
        l.categories.iter().map(|c| c.name.as_str()).collect();
    let nest = !l.categories.iter().any(|c| {
        let mut head = c.name.as_str();
        while let Some((h, _)) = head.rsplit_once('.') {
            if names.contains(h) || h.is_empty() {
                return true;
            }
            head = h;
        }
        c.name.split('.').any(str::is_empty)
    });
    let mut root = Hash::new();
    for c in &l.categories {
        let terms = Yaml::Array(
            c.terms
                .iter()
                .map(|t| Yaml::String(t.text.clone()))
                .collect(),
        );
        let path: Vec<&str> = if nest {
            c.name.split('.').collect()
        } else {
            vec![c.name.as_str()]
        };
        let mut map = &mut root;
        for key in &path[..path.len() - 1] {
            let entry = map
                .entry(Yaml::String(key.to_string()))
                .or_insert_with(|| Yaml::Hash(Hash::new()));
            map = match entry {
                Yaml::Hash(h) => h,
                _ => unreachable!("a name that heads another is written whole"),
            };
        }
        map.insert(Yaml::String(path[path.len() - 1].to_string()), terms);
    }
    let mut out = format!("# {} (converted by slant from {})\n", l.name, l.source);
    let mut body = String::new();
    let doc = Yaml::Hash(root);
    // Writing into a String cannot fail.
    let _ = YamlEmitter::new(&mut body).dump(&doc);
    out.push_str(body.strip_prefix("---\n").unwrap_or(&body));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{parse as parse_as, Format, Pattern};

    const LEXICON: &str = r#"[lexicon]
name = "t"
version = "1"
description = "a test"

[categories.terror]
description = "terror labels"
terms = ["terrorist*", "terror group*", "colo?r", "fair-*"]

[categories."AFRICA.EAST.ER"]
terms = ["Эритре*", "Asmara"]

[categories."AFRICA.EAST.ET"]
terms = ["Ethiopia*", "terrorist*"]

[categories.opposition]
terms = ["opposition", "rebels"]
not = ["opposition party"]

[contrasts.labels]
categories = ["terror", "opposition"]
"#;

    fn lexicon() -> Lexicon {
        crate::lexicon::parse_toml(LEXICON, "t.toml", "t").unwrap()
    }

    /// (category, terms as written) of a lexicon.
    fn content(l: &Lexicon) -> Vec<(String, Vec<String>)> {
        l.categories
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    c.terms.iter().map(|t| t.text.clone()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn every_format_reads_back_the_same_categories_and_terms() {
        let l = lexicon();
        for (format, read_as) in [
            (OutputFormat::Toml, Format::Toml),
            (OutputFormat::Tsv, Format::Tsv),
            (OutputFormat::Yaml, Format::Yaml),
            (OutputFormat::Liwc, Format::Liwc),
        ] {
            let (text, _) = write(&l, format).unwrap();
            let back = parse_as(&text, "out", "t", read_as)
                .unwrap_or_else(|e| panic!("{format:?} does not read back: {e}\n{text}"));
            let (mut got, mut want) = (content(&back), content(&l));
            if format == OutputFormat::Liwc {
                // one line per term: a category's terms come in the order of their lines
                for (_, terms) in got.iter_mut().chain(want.iter_mut()) {
                    terms.sort();
                }
            }
            assert_eq!(got, want, "{format:?}:\n{text}");
        }
        let (text, _) = write(&l, OutputFormat::Toml).unwrap();
        let back = crate::lexicon::parse_toml(&text, "out", "t").unwrap();
        assert_eq!(back.categories, {
            let mut c = l.categories.clone();
            // lines differ: the written file is laid out anew
            for (b, c) in back.categories.iter().zip(c.iter_mut()) {
                for (bt, ct) in b.terms.iter().zip(c.terms.iter_mut()) {
                    ct.line = bt.line;
                }
                for (bt, ct) in b.not.iter().zip(c.not.iter_mut()) {
                    ct.line = bt.line;
                }
            }
            c
        });
        assert_eq!(back.contrasts, l.contrasts);
        assert_eq!(
            (back.version, back.description),
            (l.version.clone(), l.description.clone())
        );
    }

    #[test]
    fn formats_say_what_they_leave_out() {
        let l = lexicon();
        let said = |f| -> Vec<String> {
            write(&l, f)
                .unwrap()
                .1
                .into_iter()
                .map(|l| l.what)
                .collect()
        };
        assert!(said(OutputFormat::Toml).is_empty());
        let tsv = said(OutputFormat::Tsv);
        assert_eq!(
            tsv,
            [
                "1 category descriptions",
                "1 `not` phrases (vetoes)",
                "1 contrasts",
                "2 metadata fields (version, language, description, groups_speakers)",
            ]
        );
        let liwc = said(OutputFormat::Liwc);
        assert_eq!(liwc.len(), 5);
        assert!(
            liwc[4].starts_with("the glob meaning of 2 terms"),
            "{liwc:?}"
        );
    }

    #[test]
    fn layouts() {
        let l = lexicon();
        let (yaml, _) = write(&l, OutputFormat::Yaml).unwrap();
        assert!(yaml.contains("AFRICA:\n  EAST:\n    ER:\n"), "{yaml}");
        let (dic, _) = write(&l, OutputFormat::Liwc).unwrap();
        assert!(
            dic.starts_with("%\n1\tterror\n2\tAFRICA.EAST.ER\n"),
            "{dic}"
        );
        // a term of two categories is one line with both ids
        assert!(dic.contains("\nterrorist*\t1\t3\n"), "{dic}");
        // long lists wrap, every line within the width
        let mut long = l.clone();
        long.categories[1].terms = (0..60)
            .map(|i| Term {
                text: format!("word{i}"),
                pattern: Pattern::parse(&format!("word{i}")).unwrap(),
                line: 0,
                score: None,
            })
            .collect();
        let toml = to_toml(&long);
        assert!(toml.lines().all(|line| line.len() <= WIDTH), "{toml}");
        assert!(
            toml.contains("terms = [\n    \"word0\", \"word1\","),
            "{toml}"
        );
        let back = crate::lexicon::parse_toml(&toml, "out", "t").unwrap();
        assert_eq!(back.categories[1].terms.len(), 60);
    }

    #[test]
    fn refuses_what_a_format_cannot_hold() {
        let mut l = lexicon();
        l.categories[0].name = "a\tb".into();
        assert!(write(&l, OutputFormat::Tsv)
            .unwrap_err()
            .0
            .contains("holds a tab"));
        assert!(write(&l, OutputFormat::Liwc).is_err());
        assert!(write(&l, OutputFormat::Toml).is_ok());
        assert_eq!(
            OutputFormat::of(Path::new("x.TSV")),
            Some(OutputFormat::Tsv)
        );
        assert_eq!(
            OutputFormat::of(Path::new("x.yaml")),
            Some(OutputFormat::Yaml)
        );
        assert_eq!(OutputFormat::of(Path::new("x.cat")), None);
        assert_eq!(OutputFormat::of(Path::new("x")), None);
    }

    /// AFINN-style scores survive the trip to TOML and back, and formats without a place for
    /// them say so.
    #[test]
    fn scores_round_trip_through_toml() {
        let afinn = "abandon\t-2\nabhor\t-3\ncan't stand\t-3\nbreathtaking\t5\nlol\t0.5\n";
        let l = parse_as(afinn, "AFINN-111.txt", "AFINN-111", Format::WordList).unwrap();
        let (toml, losses) = write(&l, OutputFormat::Toml).unwrap();
        assert!(losses.is_empty());
        assert!(
            toml.contains("[categories.negative.scores]\nabandon = -2\n"),
            "{toml}"
        );
        assert!(toml.contains("\"can't stand\" = -3\n"), "{toml}");
        assert!(toml.contains("kind = \"tone\"\n"), "{toml}");
        let back = crate::lexicon::parse_toml(&toml, "a.toml", "a").unwrap();
        let scores = |l: &Lexicon| -> Vec<(String, f64)> {
            l.categories
                .iter()
                .flat_map(|c| &c.terms)
                .map(|t| (t.text.clone(), t.score.unwrap().get()))
                .collect()
        };
        assert_eq!(scores(&back), scores(&l));
        assert_eq!(scores(&back)[1], ("lol".to_string(), 0.5));
        assert_eq!(back.contrasts, l.contrasts);
        let (_, tsv) = write(&l, OutputFormat::Tsv).unwrap();
        assert!(
            tsv.iter().any(|x| x.what == "5 term scores (weights)"),
            "{tsv:?}"
        );
        // a category scored in part cannot be written
        let mut part = l.clone();
        part.categories[0].terms[0].score = None;
        assert!(write(&part, OutputFormat::Toml)
            .unwrap_err()
            .0
            .contains("some of its terms only"));
    }

    #[test]
    fn toml_scores_are_all_or_none_and_name_terms() {
        let bad = "[categories.a]\nterms = [\"x\", \"y\"]\n[categories.a.scores]\nx = 1\nz = 2\nw = \"high\"\n";
        let Err(crate::lexicon::LexiconError::Invalid(p)) =
            crate::lexicon::parse_toml(bad, "s.toml", "s")
        else {
            panic!("should fail")
        };
        let p: Vec<String> = p.iter().map(|p| p.to_string()).collect();
        for needle in [
            "s.toml:5: `scores` names `z`, which is not a term of category `a`",
            "s.toml:6: the score of `w` must be a number",
            "s.toml:2: term `y` of category `a` has no score; give every term a score, or none",
        ] {
            assert!(p.iter().any(|m| m == needle), "{needle:?} not in {p:?}");
        }
    }
}
