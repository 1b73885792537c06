//! `slant report --html FILE`: the report as one self-contained page.
//!
//! The page has no script, loads nothing (a Content-Security-Policy forbids any request), and
//! carries its charts as inline SVG drawn with plotters ([`charts`]). A table of contents
//! links its sections, each folding with `<details>`. Per lexicon: an outlet × category
//! heatmap; per contrast, each outlet's shares as a stacked bar with a table of intervals; per
//! category, the rate in the outlet's own voice beside the reported, quoted and scare-quoted
//! voices with the share of hits in its own voice ([`voice`]: paired bars for the contrasts'
//! members, a table for every category); each outlet's rate per 10,000 tokens with its 95 %
//! interval as a whisker; hits in context for every outlet with hits, with voice and speaker
//! ([`evidence`]). Then, when the documents have dates, each contrast's share and the busiest
//! categories' rates over time with interval bands ([`time`]); the most distinctive features
//! of each outlet (keyness against all the others), who speaks, who is quoted, and the run's
//! manifest (inputs with sha256, lexicons with versions and hashes, settings).
//!
//! Every piece of corpus text (article text, outlet names, ids, speakers) goes through
//! [`escape`] or plotters' own SVG escaping: an article containing `<script>` shows it as text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::analysis::Analyzer;
use crate::corpus::InputFile;
use crate::keyness::{directions, FeatureKind, KeynessRow, Rank};
use crate::stats::{format_p, per_10k, share, GroupIntervals, GroupTotals, Totals, SMALL_N};
use crate::voice::Voice;

use super::thousands;

mod charts;
mod evidence;
mod time;
mod voice;

#[cfg(test)]
use charts::heat;
use charts::{figure, heatmap, rates, stacked, Bar, Cell};
pub use evidence::{Sample, Samples, SAMPLES_PER_OUTLET};

/// Outlets shown per category in "Hits in context".
const SHOWN_OUTLETS: usize = 20;

/// Features shown per outlet in the keyness tables.
const TOP_FEATURES: usize = 8;

/// `&`, `<`, `>`, `"` and `'` as entities: text that is safe in element content and in quoted
/// attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The groups the page shows, in label order: all of them, or with `top` the `top` with the
/// most articles.
fn shown_groups<'a>(page: &Page<'a>) -> Vec<(&'a String, &'a GroupTotals)> {
    let mut all: Vec<(&String, &GroupTotals)> = page.totals.groups.iter().collect();
    if let Some(top) = page.top.filter(|&n| n > 0 && n < all.len()) {
        all.sort_by(|a, b| b.1.docs.cmp(&a.1.docs).then_with(|| a.0.cmp(b.0)));
        all.truncate(top);
        all.sort_by(|a, b| a.0.cmp(b.0));
    }
    all
}

/// Everything the page shows.
pub struct Page<'a> {
    /// Only the groups with the most articles (`--top`); all without it.
    pub top: Option<usize>,
    pub analyzer: &'a Analyzer,
    pub totals: &'a Totals,
    pub intervals: &'a BTreeMap<String, GroupIntervals>,
    /// The intervals of each group in each period.
    pub series: &'a BTreeMap<(String, i32), GroupIntervals>,
    /// The run chose the period itself (no `--period`).
    pub chosen_period: bool,
    pub keyness: &'a [KeynessRow],
    pub samples: &'a Samples,
    /// Where the corpus was read from.
    pub corpus: &'a str,
    pub inputs: &'a [InputFile],
    /// Lines about boilerplate and copies.
    pub notes: &'a [String],
    pub settings: serde_json::Value,
}

const STYLE: &str = r#"
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 24px auto; max-width: 1180px; color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 2px solid #4c78a8; } h3 { margin-top: 1.4em; }
p.note { color: #555; margin: 0.2em 0; }
.grid { display: flex; flex-wrap: wrap; gap: 8px; }
figure.chart { margin: 0; border: 1px solid #ddd; background: #fff; } figure.chart svg text { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
figure.chart figcaption { font-size: 0.8em; color: #555; padding: 2px 6px; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 3px 6px; vertical-align: top; }
th { background: #f0f3f7; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.left { text-align: right; color: #444; } td.right { color: #444; }
td.hit { font-weight: bold; white-space: nowrap; }
.v-narrator { background: #dbe9f6; border-left: 4px solid #1f5f9f; }
.v-reported { background: #dcf0dc; border-left: 4px solid #2f8f3f; }
.v-quote { background: #fde3c8; border-left: 4px solid #d9711c; }
.v-scare { background: #eadcf5; border-left: 4px solid #7b3fa8; }
span.key { display: inline-block; padding: 1px 8px; margin-right: 6px; }
code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 0.85em; }
pre { background: #f6f6f6; padding: 8px; overflow-x: auto; }
summary { cursor: pointer; } summary h2 { display: inline-block; margin: 0.6em 0 0.2em; }
details.evidence { margin: 0.3em 0; } details.evidence > summary { font-weight: bold; }
nav#contents ol { columns: 2; font-size: 0.95em; }
details.voice { margin: 0.3em 0; } details.voice > summary { font-weight: bold; }
span.bar { display: inline-block; height: 0.8em; background: #1f5f9f; vertical-align: middle; }
"#;

/// Renders the page. Charts are counted into the body's `data-charts` attribute.
pub fn render(page: &Page<'_>) -> Result<String, Box<dyn std::error::Error>> {
    let analyzer = page.analyzer;
    let outlets = shown_groups(page);
    let mut body = String::new();
    let mut charts = 0usize;
    let _ = writeln!(
        body,
        "<h1>slant report</h1>\n<p class=\"note\">{} — {} documents from {} outlets, {} tokens</p>",
        escape(page.corpus),
        thousands(page.totals.docs()),
        thousands(page.totals.groups.len() as u64),
        thousands(page.totals.tokens())
    );
    for note in page.notes {
        let _ = writeln!(body, "<p class=\"note\">{}</p>", escape(note));
    }
    if outlets.len() < page.totals.groups.len() {
        let _ = writeln!(
            body,
            "<p class=\"note\">The {} groups with the most articles are shown (<code>--top {}</code>); all {} are in the tables of <code>slant analyze</code>. Hits in context draw on every outlet, those with the most hits of the category first.</p>",
            thousands(outlets.len() as u64),
            outlets.len(),
            thousands(page.totals.groups.len() as u64)
        );
    }
    let _ = writeln!(
        body,
        "<p class=\"note\">Rates are hits per 10,000 tokens (words and numbers, boilerplate left out), pooled over an outlet's articles; whiskers are 95 % intervals over articles, moderated by the corpus's dispersion so that they stay honest with few articles (with one, they rest on the corpus's dispersion alone). Outlets with fewer than {SMALL_N} articles are marked †. Formulas: docs/METHODOLOGY.md.</p>\n<!--contents-->"
    );
    let label = label_of;
    let mut contrast_index = 0;
    let mut toc: Vec<(String, String)> = Vec::new();
    for (l, lexicon) in analyzer.lexicons().iter().enumerate() {
        let version = super::version_suffix(lexicon);
        let _ = writeln!(
            body,
            "<details open>\n<summary><h2 id=\"lexicon-{l}\">{}{}</h2></summary>",
            escape(&lexicon.name),
            escape(&version)
        );
        toc.push((
            format!("lexicon-{l}"),
            format!("{}{}", lexicon.name, version),
        ));
        if let Some(d) = &lexicon.description {
            let _ = writeln!(body, "<p class=\"note\">{}</p>", escape(d));
        }
        // heatmap: outlets × categories, on one scale: each cell against the corpus's rate
        let whole = page.totals.corpus();
        let values: Vec<Vec<Cell>> = outlets
            .iter()
            .map(|(_, t)| {
                (0..lexicon.categories.len())
                    .map(|c| {
                        let slot = analyzer.slot(l, c);
                        let count = t.counts[slot];
                        Cell {
                            rate: per_10k(count, t.tokens),
                            count,
                            expected: t.tokens as f64 * whole.counts[slot] as f64
                                / whole.tokens.max(1) as f64,
                        }
                    })
                    .collect()
            })
            .collect();
        let rows: Vec<String> = outlets.iter().map(|(n, t)| label(n, t)).collect();
        let cols: Vec<String> = lexicon.categories.iter().map(|c| c.name.clone()).collect();
        let _ = writeln!(
            body,
            "<h3>Outlets × categories</h3>\n<p class=\"note\">Hits per 10,000 tokens. One colour scale for the whole lexicon: how much more (red) or less (blue) than the corpus an outlet uses the category, <code>log2((hits + ½) / (expected + ½))</code> with expected the hits at the corpus's rate (so a single hit in a short outlet is not the darkest cell), clamped at 4 × and ¼ ×; the key is below the chart.</p>"
        );
        body.push_str(&figure(
            &heatmap(&rows, &cols, &values)?,
            "heatmap of rates",
        ));
        charts += 1;

        // contrasts: shares as stacked bars
        for contrast in &lexicon.contrasts {
            let members: Vec<String> = contrast
                .categories
                .iter()
                .map(|&c| lexicon.categories[c].name.clone())
                .collect();
            let mut shares = Vec::new();
            let mut names = Vec::new();
            for (name, t) in &outlets {
                let total: u64 = contrast
                    .categories
                    .iter()
                    .map(|&c| t.counts[analyzer.slot(l, c)])
                    .sum();
                if total == 0 {
                    continue;
                }
                names.push(format!("{} (n={})", label(name, t), thousands(total)));
                shares.push(
                    contrast
                        .categories
                        .iter()
                        .map(|&c| share(t.counts[analyzer.slot(l, c)], total).unwrap_or(0.0))
                        .collect::<Vec<f64>>(),
                );
            }
            let _ = writeln!(
                body,
                "<h3>Contrast: {}</h3>{}",
                escape(&contrast.name),
                contrast
                    .description
                    .as_deref()
                    .map(|d| format!("<p class=\"note\">{}</p>", escape(d)))
                    .unwrap_or_default()
            );
            if names.is_empty() {
                body.push_str("<p class=\"note\">No outlet has a hit in this contrast.</p>\n");
            } else {
                body.push_str(&figure(
                    &stacked(&names, &members, &shares)?,
                    "share of the contrast's hits (n = the contrast's hits)",
                ));
                charts += 1;
            }
            // intervals of the shares, as a table
            body.push_str(&share_table(
                page,
                &outlets,
                l,
                contrast_index,
                &contrast.categories,
                &members,
            ));
            contrast_index += 1;
        }

        // who uses each label: the outlet's own voice against the voices it reports
        let (voices, voice_charts) = voice::own_voice_section(page, &outlets, l)?;
        body.push_str(&voices);
        charts += voice_charts;

        // rates per category, with whiskers
        let _ = writeln!(body, "<h3>Rates per category</h3>\n<div class=\"grid\">");
        for (c, category) in lexicon.categories.iter().enumerate() {
            let slot = analyzer.slot(l, c);
            let mut bars: Vec<Bar> = outlets
                .iter()
                .map(|(name, t)| Bar {
                    label: label(name, t),
                    value: per_10k(t.counts[slot], t.tokens),
                    interval: page
                        .intervals
                        .get(*name)
                        .and_then(|i| i.rate.get(slot).copied().flatten()),
                })
                .collect();
            // the highest rate first (outlets without tokens last), then by label
            bars.sort_by(|a, b| {
                b.value
                    .unwrap_or(-1.0)
                    .total_cmp(&a.value.unwrap_or(-1.0))
                    .then_with(|| a.label.cmp(&b.label))
            });
            body.push_str(&figure(
                &rates(&category.name, &bars)?,
                &format!(
                    "{}: hits per 10,000 tokens with 95 % interval, highest first",
                    category.name
                ),
            ));
            charts += 1;
        }
        body.push_str("</div>\n");

        // samples in context: every outlet with hits, the most hits first
        let _ = writeln!(
            body,
            "<h3>Hits in context</h3>\n<p class=\"note\">Per category, the outlets with hits, those with the most hits of the category first (up to {SHOWN_OUTLETS}; how many more is said below the table), each with its first {SAMPLES_PER_OUTLET} hits in corpus order, with their voice and, inside a quotation or reported clause, its speaker; every hit is in the hits table of <code>slant analyze</code> and in <code>slant kwic</code>. Voice: {}</p>",
            voice_key()
        );
        for (c, category) in lexicon.categories.iter().enumerate() {
            let slot = analyzer.slot(l, c);
            body.push_str(&evidence_table(page, slot, &category.name));
        }
        body.push_str("</details>\n");
    }

    let (over_time, time_charts) = time::time_section(page, &outlets)?;
    charts += time_charts;
    for (id, title, section) in [
        ("time", "Over time", over_time),
        (
            "keyness",
            "What sets each outlet apart",
            keyness_section(page, &outlets),
        ),
        ("voices", "Who speaks", voices_section(&outlets)),
        ("quoted", "Who is quoted", speakers_section(&outlets)),
        ("manifest", "Manifest", manifest_section(page)),
    ] {
        if section.is_empty() {
            continue;
        }
        toc.push((id.to_string(), title.to_string()));
        body.push_str(&collapsible(&section));
    }
    // the table of contents goes after the page's header notes
    let mut contents = String::from("<nav id=\"contents\"><h2>Contents</h2>\n<ol>\n");
    for (id, title) in &toc {
        let _ = writeln!(contents, "<li><a href=\"#{id}\">{}</a></li>", escape(title));
    }
    contents.push_str("</ol></nav>\n");
    let body = body.replacen("<!--contents-->", &contents, 1);

    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>slant report</title>\n<style>{STYLE}</style>\n</head>\n<body data-charts=\"{charts}\">\n{body}</body>\n</html>\n"
    );
    Ok(html)
}

fn interval_text(iv: Option<(f64, f64)>, percent: bool) -> String {
    match iv {
        Some((lo, hi)) if percent => format!("{:.0}–{:.0}%", lo * 100.0, hi * 100.0),
        Some((lo, hi)) => format!("{lo:.1}–{hi:.1}"),
        None => "–".to_string(),
    }
}

/// A section whose `<h2>…</h2>` heading opens and closes it (`<details open>`: no script).
fn collapsible(section: &str) -> String {
    let trimmed = section.trim_start();
    match trimmed.find("</h2>") {
        Some(end) if trimmed.starts_with("<h2") => format!(
            "<details open>\n<summary>{}</summary>{}</details>\n",
            &trimmed[..end + 5],
            &trimmed[end + 5..]
        ),
        _ => section.to_string(),
    }
}

/// The hits in context of one category: the outlets with samples, the most hits of the
/// category first (at most [`SHOWN_OUTLETS`]), each with its samples; in a `<details>` that
/// opens on its summary. Empty when no outlet has a hit.
fn evidence_table(page: &Page<'_>, slot: usize, category: &str) -> String {
    let by_outlet = &page.samples.by_slot[slot];
    if by_outlet.is_empty() {
        return String::new();
    }
    // an outlet's hits of the category: its group's, when groups are outlets
    let hits = |outlet: &str| {
        page.totals
            .groups
            .get(outlet)
            .and_then(|t| t.counts.get(slot).copied())
            .unwrap_or(0)
    };
    let mut outlets: Vec<(&String, &Vec<Sample>)> = by_outlet.iter().collect();
    outlets.sort_by(|a, b| hits(b.0).cmp(&hits(a.0)).then_with(|| a.0.cmp(b.0)));
    let more = outlets.len().saturating_sub(SHOWN_OUTLETS);
    outlets.truncate(SHOWN_OUTLETS);
    let mut out = format!(
        "<details class=\"evidence\" data-category=\"{}\"><summary>{} — {} outlet{} with hits</summary>\n<table>\n",
        escape(category),
        escape(category),
        thousands((outlets.len() + more) as u64),
        if outlets.len() + more == 1 { "" } else { "s" }
    );
    for (outlet, samples) in outlets {
        for s in samples {
            let who = s
                .speaker
                .as_deref()
                .map(|w| format!("<br><small>{}</small>", escape(w)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<tr class=\"v-{}\" data-outlet=\"{}\"><td>{}<br><small>{}</small></td><td class=\"left\">{}</td><td class=\"hit\">{}</td><td class=\"right\">{}</td><td>{}{who}<br><small>{}</small></td></tr>",
                s.voice.as_str(),
                escape(outlet),
                escape(outlet),
                escape(&s.doc_id),
                escape(&s.context.left),
                escape(&s.context.hit),
                escape(&s.context.right),
                s.voice.as_str(),
                escape(&s.term)
            );
        }
    }
    out.push_str("</table>\n");
    if more > 0 {
        let _ = writeln!(
            out,
            "<p class=\"note\">{} more outlets with hits: <code>slant kwic --category {}</code> lists every hit.</p>",
            thousands(more as u64),
            escape(category)
        );
    }
    out.push_str("</details>\n");
    out
}

/// The contrast's shares with their intervals and the narrator-only shares.
fn share_table(
    page: &Page<'_>,
    outlets: &[(&String, &GroupTotals)],
    l: usize,
    contrast_index: usize,
    categories: &[usize],
    members: &[String],
) -> String {
    let a = page.analyzer;
    let mut t = String::from("<table><tr><th>outlet</th>");
    for m in members {
        let _ = write!(t, "<th>{} share (95 % interval)</th>", escape(m));
    }
    t.push_str("<th>hits</th><th>narrator share of first member</th></tr>\n");
    for (name, o) in outlets {
        let total: u64 = categories.iter().map(|&c| o.counts[a.slot(l, c)]).sum();
        let own: Vec<u64> = categories
            .iter()
            .map(|&c| o.counts_by_voice[a.slot(l, c)][Voice::Narrator.index()])
            .collect();
        let own_total: u64 = own.iter().sum();
        let ivs = page
            .intervals
            .get(*name)
            .and_then(|i| i.share.get(contrast_index));
        let _ = write!(t, "<tr><td>{}</td>", escape(name));
        for (k, &c) in categories.iter().enumerate() {
            let n = o.counts[a.slot(l, c)];
            let s = share(n, total)
                .map(|s| format!("{:.0}%", s * 100.0))
                .unwrap_or_else(|| "–".into());
            let iv = interval_text(ivs.and_then(|v| v.get(k).copied().flatten()), true);
            let _ = write!(t, "<td class=\"num\">{s} ({n})<br><small>{iv}</small></td>");
        }
        let own_share = share(own.first().copied().unwrap_or(0), own_total)
            .map(|s| format!("{:.0}% of {own_total}", s * 100.0))
            .unwrap_or_else(|| "–".into());
        let _ = writeln!(
            t,
            "<td class=\"num\">{}</td><td class=\"num\">{own_share}</td></tr>",
            thousands(total)
        );
    }
    t.push_str("</table>\n");
    t
}

/// Features an outlet never uses are listed when the others use them at least this often.
const ABSENT_MIN: u64 = 10;

fn keyness_section(page: &Page<'_>, shown: &[(&String, &GroupTotals)]) -> String {
    let rank = Rank::default();
    let mut out = format!(
        "<h2 id=\"keyness\">What sets each outlet apart</h2>\n<p class=\"note\">Each outlet against all the others, categories and terms apart, ranked by {}: what it uses more, what it uses less, and what it never uses that the others use at least {ABSENT_MIN} times. G² and p: the likelihood-ratio test of equal rates (1 df); q: Benjamini–Hochberg over the outlet's categories or terms; log ratio: log2 of the ratio of rates with 0.5 added to each count (1 = twice as often), with its 95 % interval; log-odds with an informative Dirichlet prior (Monroe, Colaresi &amp; Quinn 2008). † marks an expected count under 5. All rows are in the keyness table of <code>slant analyze</code>.</p>\n",
        rank.title()
    );
    let mut by_outlet: BTreeMap<&str, Vec<&KeynessRow>> = BTreeMap::new();
    for row in page.keyness {
        if row.kind != FeatureKind::Word && shown.iter().any(|(n, _)| **n == row.target) {
            by_outlet.entry(row.target.as_str()).or_default().push(row);
        }
    }
    for (outlet, rows) in by_outlet {
        let _ = writeln!(out, "<h3>{}</h3>", escape(outlet));
        for kind in [FeatureKind::Category, FeatureKind::Term] {
            let d = directions(
                rows.iter().copied().filter(|r| r.kind == kind),
                rank,
                TOP_FEATURES,
                ABSENT_MIN,
            );
            let kinds = if kind == FeatureKind::Category {
                "categories"
            } else {
                "terms"
            };
            for (title, part) in [
                ("used more", &d.more),
                ("used less", &d.less),
                ("never used", &d.absent),
            ] {
                if part.is_empty() {
                    continue;
                }
                let _ = writeln!(
                    out,
                    "<h4>{kinds} {title}</h4>\n<table><tr><th>feature</th><th>lexicon / category</th><th>count</th><th>per 10k</th><th>others per 10k</th><th>G²</th><th>p</th><th>q</th><th>log ratio [95% CI]</th><th>log-odds (z)</th></tr>"
                );
                for r in part.iter() {
                    let f =
                        |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_else(|| "–".into());
                    let _ = writeln!(
                        out,
                        "<tr><td>{}{}</td><td>{} / {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{:.1}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{:.2} [{:.2}, {:.2}]</td><td class=\"num\">{:.2} ({:.2})</td></tr>",
                        escape(&r.feature),
                        if r.small() { " †" } else { "" },
                        escape(r.lexicon.as_deref().unwrap_or("")),
                        escape(r.category.as_deref().unwrap_or("")),
                        thousands(r.target_count),
                        f(r.target_per_10k()),
                        f(r.reference_per_10k()),
                        r.stats.g2,
                        escape(&format_p(r.stats.p)),
                        escape(&format_p(r.q)),
                        r.stats.log_ratio,
                        r.stats.log_ratio_low,
                        r.stats.log_ratio_high,
                        r.stats.log_odds,
                        r.stats.z,
                    );
                }
                out.push_str("</table>\n");
            }
        }
    }
    out
}

/// The colour key of the voices.
fn voice_key() -> String {
    Voice::ALL
        .iter()
        .map(|v| format!("<span class=\"key v-{0}\">{0}</span>", v.as_str()))
        .collect()
}

/// A group's label, marked † with fewer than [`SMALL_N`] articles.
fn label_of(name: &str, t: &GroupTotals) -> String {
    if t.docs < SMALL_N {
        format!("{name} †")
    } else {
        name.to_string()
    }
}

/// Who speaks: each group's words by voice, as shares of its words.
fn voices_section(shown: &[(&String, &GroupTotals)]) -> String {
    let mut out = String::from(
        "<h2 id=\"voices\">Who speaks</h2>\n<p class=\"note\">Each outlet's words by voice: its own assertions (narrator), what it reports others as saying outside quotation marks (reported), direct quotations (quote) and scare quotes (scare). Rules and their measured accuracy: docs/VOICE.md.</p>\n<table><tr><th>outlet</th><th>words</th>",
    );
    for v in Voice::ALL {
        let _ = write!(out, "<th class=\"v-{0}\">{0}</th>", v.as_str());
    }
    out.push_str("</tr>\n");
    for (name, t) in shown {
        let words: u64 = t.tokens_by_voice.iter().sum();
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td>",
            escape(name),
            thousands(words)
        );
        for v in Voice::ALL {
            let cell = share(t.tokens_by_voice[v.index()], words)
                .map_or_else(|| "–".to_string(), |s| format!("{:.1}%", s * 100.0));
            let _ = write!(out, "<td class=\"num\">{cell}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

fn speakers_section(shown: &[(&String, &GroupTotals)]) -> String {
    let mut out = String::from(
        "<h2 id=\"quoted\">Who is quoted</h2>\n<p class=\"note\">Direct quotations per speaker (scare quotes not included), with the speaker's side from the actors lexicon; the five most quoted per outlet, after the share of its quotations whose source is named, only described (anonymous sources: a known framing indicator) or not given.</p>\n<table><tr><th>outlet</th><th>speaker</th><th>group</th><th>quotes</th><th>quoted words</th></tr>\n",
    );
    for (outlet, t) in shown {
        let mut speakers: Vec<_> = t.speakers.iter().filter(|(s, _)| s.is_some()).collect();
        speakers.sort_by(|a, b| b.1.words.cmp(&a.1.words).then_with(|| a.0.cmp(b.0)));
        if let Some(line) = super::sources_line(&t.sources) {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td colspan=\"4\"><small>{}</small></td></tr>",
                escape(outlet),
                escape(&line)
            );
        }
        for (speaker, s) in speakers.into_iter().take(5) {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(outlet),
                escape(speaker.as_deref().unwrap_or("")),
                escape(s.group.as_deref().unwrap_or("")),
                thousands(s.quotes),
                thousands(s.words)
            );
        }
    }
    out.push_str("</table>\n");
    out
}

fn manifest_section(page: &Page<'_>) -> String {
    let mut out = format!(
        "<h2 id=\"manifest\">Manifest</h2>\n<p class=\"note\">slant {} — corpus {}</p>\n<table><tr><th>input file</th><th>bytes</th><th>sha256</th></tr>\n",
        env!("CARGO_PKG_VERSION"),
        escape(page.corpus)
    );
    for f in page.inputs {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td><code>{}</code></td></tr>",
            escape(&f.path),
            thousands(f.bytes),
            escape(&f.sha256)
        );
    }
    out.push_str("</table>\n<table><tr><th>lexicon</th><th>version</th><th>source</th><th>categories</th><th>terms</th><th>sha256</th></tr>\n");
    for l in page.analyzer.lexicons() {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td><code>{}</code></td></tr>",
            escape(&l.name),
            escape(l.version.as_deref().unwrap_or("")),
            escape(&l.source),
            l.categories.len(),
            l.term_count(),
            escape(&l.sha256)
        );
    }
    out.push_str("</table>\n");
    let settings = serde_json::to_string_pretty(&page.settings).unwrap_or_default();
    let _ = writeln!(out, "<pre>{}</pre>", escape(&settings));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#""><img src=x onerror='a()'> & <script>"#),
            "&quot;&gt;&lt;img src=x onerror=&#39;a()&#39;&gt; &amp; &lt;script&gt;"
        );
    }

    use plotters::style::RGBColor;

    #[test]
    fn charts_draw_with_escaped_labels() {
        let bars = [
            Bar {
                label: "<script>x</script>".into(),
                value: Some(12.5),
                interval: Some((10.0, 15.0)),
            },
            Bar {
                label: "Press TV".into(),
                value: None,
                interval: None,
            },
        ];
        let svg = rates("terrorist_label", &bars).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("<rect"));
        assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"));
        let svg = stacked(
            &["a".into()],
            &["terrorist".into(), "opposition".into()],
            &[vec![0.25, 0.75]],
        )
        .unwrap();
        assert!(svg.matches("<rect").count() >= 4);
        let cell = |rate: Option<f64>, count: u64, expected: f64| Cell {
            rate,
            count,
            expected,
        };
        let svg = heatmap(
            &["a".into(), "b".into()],
            &["x".into()],
            &[vec![cell(Some(2.0), 4, 1.0)], vec![cell(None, 0, 0.0)]],
        )
        .unwrap();
        assert!(svg.contains("2.0") && svg.contains("4 ×"));
        // 4 hits where 1 was expected: log2(4.5 / 1.5) = 1.585; 1 where 0.1: log2(1.5 / 0.6)
        assert!((cell(None, 4, 1.0).ratio() - 1.584_962_500_721_156).abs() < 1e-12);
        assert!((cell(None, 1, 0.1).ratio() - 1.321_928_094_887_362).abs() < 1e-12);
        // the scale's ends and middle
        assert_eq!(heat(0.0), RGBColor(255, 255, 255));
        assert_eq!(heat(9.0), heat(2.0));
        assert_eq!(heat(-2.0), RGBColor(33, 102, 172));
    }
}
