//! `slant report --html FILE`: the report as one self-contained page.
//!
//! The page has no script, loads nothing (a Content-Security-Policy forbids any request), and
//! carries its charts as inline SVG drawn with plotters: per category, each outlet's rate per
//! 10,000 tokens with its 95 % interval as a whisker; per contrast, each outlet's
//! shares as a stacked bar; per lexicon, an outlet × category heatmap. Then the most
//! distinctive features of each outlet (keyness against all the others), samples of hits in
//! context with their voice in colour, who is quoted, and the run's manifest (inputs with
//! sha256, lexicons with versions and hashes, settings).
//!
//! Every piece of corpus text (article text, outlet names, ids, speakers) goes through
//! [`escape`] or plotters' own SVG escaping: an article containing `<script>` shows it as text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use plotters::prelude::*;

use crate::analysis::{Analyzer, Measurement};
use crate::corpus::{Document, InputFile};
use crate::keyness::{directions, FeatureKind, KeynessRow, Rank};
use crate::stats::{format_p, per_10k, share, GroupIntervals, GroupTotals, Totals, SMALL_N};
use crate::token::tokenize;
use crate::voice::Voice;

use super::context::{context, Context};
use super::thousands;

/// Samples of hits in context kept per category, and per outlet within a category.
pub const SAMPLES_PER_CATEGORY: usize = 6;
pub const SAMPLES_PER_OUTLET: usize = 2;
/// Words of context on each side of a sample.
const SAMPLE_WINDOW: usize = 10;
/// Features shown per outlet in the keyness tables.
const TOP_FEATURES: usize = 8;

type ChartResult = Result<String, Box<dyn std::error::Error>>;

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

/// One hit in context.
#[derive(Debug, Clone)]
pub struct Sample {
    pub outlet: String,
    pub doc_id: String,
    pub voice: Voice,
    pub term: String,
    pub context: Context,
}

/// Hits in context, a few per category: the first ones in corpus order, at most
/// [`SAMPLES_PER_OUTLET`] per outlet and [`SAMPLES_PER_CATEGORY`] in all, so the page stays
/// small and several outlets are shown.
#[derive(Debug, Clone, Default)]
pub struct Samples {
    /// Per category slot.
    pub by_slot: Vec<Vec<Sample>>,
}

impl Samples {
    pub fn new(slots: usize) -> Samples {
        Samples {
            by_slot: vec![Vec::new(); slots],
        }
    }

    /// Takes what it still needs from one document's hits.
    pub fn offer(&mut self, analyzer: &Analyzer, doc: &Document, m: &Measurement) {
        let mut words = None;
        for h in &m.hits {
            let slot = analyzer.slot(h.lexicon as usize, h.hit.category as usize);
            let kept = &self.by_slot[slot];
            if kept.len() >= SAMPLES_PER_CATEGORY
                || kept.iter().filter(|s| s.outlet == doc.outlet).count() >= SAMPLES_PER_OUTLET
            {
                continue;
            }
            let words = words.get_or_insert_with(|| {
                tokenize(&doc.body)
                    .into_iter()
                    .filter(|t| t.kind.is_word())
                    .collect::<Vec<_>>()
            });
            let lexicon = &analyzer.lexicons()[h.lexicon as usize];
            self.by_slot[slot].push(Sample {
                outlet: doc.outlet.clone(),
                doc_id: doc.id.clone(),
                voice: h.voice,
                term: h.term(lexicon).text.clone(),
                context: context(
                    &doc.body,
                    words,
                    (h.hit.word_start as usize, h.hit.word_end as usize),
                    (h.hit.byte_start, h.hit.byte_end),
                    SAMPLE_WINDOW,
                ),
            });
        }
    }
}

impl Samples {
    /// The samples a run over the corpus would take, from an `analyze` output's `hits` table
    /// and the corpus's text (for the context): `corpus` is read in order and each document in
    /// `kept` (the counted documents the filters keep) offers its hits.
    pub fn from_hits(
        analyzer: &Analyzer,
        corpus: &mut crate::corpus::Corpus,
        hits: &[crate::table::HitRow],
        kept: &rustc_hash::FxHashSet<String>,
    ) -> Samples {
        let mut samples = Samples::new(analyzer.slots());
        let mut by_doc: rustc_hash::FxHashMap<&str, Vec<&crate::table::HitRow>> =
            Default::default();
        for h in hits {
            by_doc.entry(h.doc_id.as_str()).or_default().push(h);
        }
        // lexicon, category and term indices by name
        let mut index: rustc_hash::FxHashMap<(&str, &str, &str), (u32, u32, u32)> =
            Default::default();
        for (l, lexicon) in analyzer.lexicons().iter().enumerate() {
            for (c, category) in lexicon.categories.iter().enumerate() {
                for (t, term) in category.terms.iter().enumerate() {
                    index
                        .entry((&lexicon.name, &category.name, &term.text))
                        .or_insert((l as u32, c as u32, t as u32));
                }
            }
        }
        for doc in corpus.by_ref().flatten() {
            if !kept.contains(&doc.id) {
                continue;
            }
            let Some(rows) = by_doc.get(doc.id.as_str()) else {
                continue;
            };
            let hits = rows
                .iter()
                .filter_map(|r| {
                    let &(l, c, t) = index.get(&(&*r.lexicon, &*r.category, &*r.term))?;
                    let voice = Voice::ALL.into_iter().find(|v| v.as_str() == r.voice)?;
                    Some(crate::analysis::HitRecord {
                        lexicon: l,
                        hit: crate::matcher::Hit {
                            category: c,
                            term: t,
                            word_start: r.token_start as u32,
                            word_end: r.token_end as u32,
                            byte_start: r.byte_start,
                            byte_end: r.byte_end,
                            sentence: 0,
                        },
                        voice,
                        negated: false,
                        term_category: c,
                        score: None,
                    })
                })
                .collect();
            let m = Measurement {
                hits,
                ..Measurement::default()
            };
            samples.offer(analyzer, &doc, &m);
        }
        samples
    }
}

/// Everything the page shows.
pub struct Page<'a> {
    pub analyzer: &'a Analyzer,
    pub totals: &'a Totals,
    pub intervals: &'a BTreeMap<String, GroupIntervals>,
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
figure.chart { margin: 0; border: 1px solid #ddd; background: #fff; }
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
"#;

/// Renders the page. Charts are counted into the body's `data-charts` attribute.
pub fn render(page: &Page<'_>) -> Result<String, Box<dyn std::error::Error>> {
    let analyzer = page.analyzer;
    let outlets: Vec<(&String, &GroupTotals)> = page.totals.groups.iter().collect();
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
    let _ = writeln!(
        body,
        "<p class=\"note\">Rates are hits per 10,000 tokens (words and numbers, boilerplate left out), pooled over an outlet's articles; whiskers are 95 % intervals over articles, moderated by the corpus's dispersion so that they stay honest with few articles (with one, they rest on the corpus's dispersion alone). Outlets with fewer than {SMALL_N} articles are marked †. Formulas: docs/METHODOLOGY.md.</p>"
    );
    let label = |name: &str, t: &GroupTotals| {
        if t.docs < SMALL_N {
            format!("{name} †")
        } else {
            name.to_string()
        }
    };
    let mut contrast_index = 0;
    for (l, lexicon) in analyzer.lexicons().iter().enumerate() {
        let version = super::version_suffix(lexicon);
        let _ = writeln!(
            body,
            "<h2 id=\"lexicon-{l}\">{}{}</h2>",
            escape(&lexicon.name),
            escape(&version)
        );
        if let Some(d) = &lexicon.description {
            let _ = writeln!(body, "<p class=\"note\">{}</p>", escape(d));
        }
        // heatmap: outlets × categories
        let values: Vec<Vec<Option<f64>>> = outlets
            .iter()
            .map(|(_, t)| {
                (0..lexicon.categories.len())
                    .map(|c| per_10k(t.counts[analyzer.slot(l, c)], t.tokens))
                    .collect()
            })
            .collect();
        let rows: Vec<String> = outlets.iter().map(|(n, t)| label(n, t)).collect();
        let cols: Vec<String> = lexicon.categories.iter().map(|c| c.name.clone()).collect();
        let _ = writeln!(
            body,
            "<h3>Outlets × categories</h3>\n<p class=\"note\">Hits per 10,000 tokens; the colour compares outlets within each category (darkest = the highest rate in that column).</p>"
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

        // rates per category, with whiskers
        let _ = writeln!(body, "<h3>Rates per category</h3>\n<div class=\"grid\">");
        for (c, category) in lexicon.categories.iter().enumerate() {
            let slot = analyzer.slot(l, c);
            let bars: Vec<Bar> = outlets
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
            body.push_str(&figure(
                &rates(&category.name, &bars)?,
                &format!(
                    "{}: hits per 10,000 tokens with 95 % interval",
                    category.name
                ),
            ));
            charts += 1;
        }
        body.push_str("</div>\n");

        // samples in context
        let _ = writeln!(
            body,
            "<h3>Hits in context</h3>\n<p class=\"note\">The first hits in corpus order (at most {SAMPLES_PER_OUTLET} per outlet and {SAMPLES_PER_CATEGORY} per category); every hit is in the hits table of <code>slant analyze</code> and in <code>slant kwic</code>. Voice: {}</p>",
            voice_key()
        );
        for (c, category) in lexicon.categories.iter().enumerate() {
            let samples = &page.samples.by_slot[analyzer.slot(l, c)];
            if samples.is_empty() {
                continue;
            }
            let _ = writeln!(
                body,
                "<table><tr><th colspan=\"5\">{}</th></tr>",
                escape(&category.name)
            );
            for s in samples {
                let _ = writeln!(
                    body,
                    "<tr class=\"v-{}\"><td>{}<br><small>{}</small></td><td class=\"left\">{}</td><td class=\"hit\">{}</td><td class=\"right\">{}</td><td>{}<br><small>{}</small></td></tr>",
                    s.voice.as_str(),
                    escape(&s.outlet),
                    escape(&s.doc_id),
                    escape(&s.context.left),
                    escape(&s.context.hit),
                    escape(&s.context.right),
                    s.voice.as_str(),
                    escape(&s.term)
                );
            }
            body.push_str("</table>\n");
        }
    }

    body.push_str(&keyness_section(page));
    body.push_str(&voices_section(page.totals));
    body.push_str(&speakers_section(page.totals));
    body.push_str(&manifest_section(page));

    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>slant report</title>\n<style>{STYLE}</style>\n</head>\n<body data-charts=\"{charts}\">\n{body}</body>\n</html>\n"
    );
    Ok(html)
}

fn figure(svg: &str, caption: &str) -> String {
    format!(
        "<figure class=\"chart\">{svg}<figcaption>{}</figcaption></figure>\n",
        escape(caption)
    )
}

/// A label cut to `max` characters.
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

fn label_width(labels: &[String], max: usize) -> u32 {
    let longest = labels
        .iter()
        .map(|l| l.chars().count().min(max))
        .max()
        .unwrap_or(4);
    (longest as u32 * 7 + 16).clamp(60, 260)
}

/// One outlet's bar of a rate chart.
struct Bar {
    label: String,
    value: Option<f64>,
    interval: Option<(f64, f64)>,
}

const BAR: RGBColor = RGBColor(76, 120, 168);
const LABEL: usize = 32;

/// Horizontal bars, one per outlet (top to bottom in the given order), with whiskers.
fn rates(title: &str, bars: &[Bar]) -> ChartResult {
    let n = bars.len();
    let top = bars
        .iter()
        .flat_map(|b| [b.value, b.interval.map(|i| i.1)])
        .flatten()
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let xmax = if top > 0.0 { top * 1.1 } else { 1.0 };
    let labels: Vec<String> = bars.iter().map(|b| short(&b.label, LABEL)).collect();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (370, 56 + 22 * n as u32)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 14))
            .margin(6)
            .x_label_area_size(22)
            .y_label_area_size(label_width(&labels, LABEL))
            .build_cartesian_2d(0.0..xmax, (0..n).into_segmented())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n.max(1))
            .x_labels(4)
            .label_style(("sans-serif", 11))
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) if *i < n => labels[n - 1 - i].clone(),
                _ => String::new(),
            })
            .draw()?;
        chart.draw_series(bars.iter().enumerate().filter_map(|(i, b)| {
            let y = n - 1 - i;
            let v = b.value?;
            let mut r = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(y)),
                    (v, SegmentValue::Exact(y + 1)),
                ],
                BAR.filled(),
            );
            r.set_margin(3, 3, 0, 0);
            Some(r)
        }))?;
        chart.draw_series(bars.iter().enumerate().filter_map(|(i, b)| {
            let (lo, hi) = b.interval?;
            Some(ErrorBar::new_horizontal(
                SegmentValue::CenterOf(n - 1 - i),
                lo,
                b.value.unwrap_or(lo),
                hi,
                BLACK.stroke_width(1),
                8,
            ))
        }))?;
        root.present()?;
    }
    Ok(svg)
}

const SERIES: [RGBColor; 8] = [
    RGBColor(76, 120, 168),
    RGBColor(245, 133, 24),
    RGBColor(84, 162, 75),
    RGBColor(228, 87, 86),
    RGBColor(114, 183, 178),
    RGBColor(178, 121, 162),
    RGBColor(238, 202, 59),
    RGBColor(157, 117, 93),
];

/// One horizontal stacked bar per outlet, the contrast's members side by side, 0–100 %.
fn stacked(outlets: &[String], members: &[String], shares: &[Vec<f64>]) -> ChartResult {
    let n = outlets.len();
    let labels: Vec<String> = outlets.iter().map(|o| short(o, 40)).collect();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(
            &mut svg,
            (760, 70 + 24 * n as u32 + 18 * members.len() as u32),
        )
        .into_drawing_area();
        root.fill(&WHITE)?;
        let (plot, legend) = root.split_vertically(40 + 24 * n as u32);
        let mut chart = ChartBuilder::on(&plot)
            .margin(6)
            .x_label_area_size(22)
            .y_label_area_size(label_width(&labels, 40))
            .build_cartesian_2d(0.0..100.0, (0..n).into_segmented())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n.max(1))
            .x_labels(6)
            .label_style(("sans-serif", 11))
            .x_label_formatter(&|x| format!("{x:.0}%"))
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) if *i < n => labels[n - 1 - i].clone(),
                _ => String::new(),
            })
            .draw()?;
        for (i, row) in shares.iter().enumerate() {
            let y = n - 1 - i;
            let mut from = 0.0;
            for (k, s) in row.iter().enumerate() {
                let to = from + s * 100.0;
                if to > from {
                    let mut r = Rectangle::new(
                        [
                            (from, SegmentValue::Exact(y)),
                            (to, SegmentValue::Exact(y + 1)),
                        ],
                        SERIES[k % SERIES.len()].filled(),
                    );
                    r.set_margin(3, 3, 0, 0);
                    chart.draw_series(std::iter::once(r))?;
                }
                from = to;
            }
        }
        for (k, m) in members.iter().enumerate() {
            let y = 4 + 18 * k as i32;
            legend.draw(&Rectangle::new(
                [(20, y), (34, y + 12)],
                SERIES[k % SERIES.len()].filled(),
            ))?;
            legend.draw(&Text::new(
                short(m, 60),
                (40, y),
                ("sans-serif", 12).into_font(),
            ))?;
        }
        root.present()?;
    }
    Ok(svg)
}

/// White to dark blue.
fn heat(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(mix(255.0, 8.0), mix(255.0, 69.0), mix(255.0, 148.0))
}

/// Outlets (rows) × categories (columns), each cell coloured by its rate relative to the
/// highest rate in its column, with the rate written in it.
fn heatmap(rows: &[String], cols: &[String], values: &[Vec<Option<f64>>]) -> ChartResult {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let (nr, nc) = (rows.len(), cols.len());
    let labels: Vec<String> = rows.iter().map(|r| short(r, LABEL)).collect();
    let col_labels: Vec<String> = cols.iter().map(|c| short(c, 22)).collect();
    let max: Vec<f64> = (0..nc)
        .map(|c| values.iter().filter_map(|r| r[c]).fold(0.0_f64, f64::max))
        .collect();
    let cell = 64;
    let left = label_width(&labels, LABEL);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(
            &mut svg,
            (left + 20 + cell * nc.max(1) as u32, 150 + 26 * nr as u32),
        )
        .into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(6)
            .set_label_area_size(LabelAreaPosition::Top, 130)
            .y_label_area_size(left)
            .build_cartesian_2d((0..nc).into_segmented(), (0..nr).into_segmented())?;
        chart
            .configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .y_labels(nr.max(1))
            .label_style(("sans-serif", 11))
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(i) if *i < nr => labels[nr - 1 - i].clone(),
                _ => String::new(),
            })
            .draw()?;
        // Column labels, written upwards above each column.
        for (c, name) in col_labels.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(SegmentValue::CenterOf(c), SegmentValue::Exact(nr)));
            root.draw(&Text::new(
                name.clone(),
                (x, y - 6),
                TextStyle::from(
                    ("sans-serif", 11)
                        .into_font()
                        .transform(FontTransform::Rotate270),
                )
                .pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        for (r, row) in values.iter().enumerate() {
            let y = nr - 1 - r;
            for (c, v) in row.iter().enumerate() {
                let t = match v {
                    Some(v) if max[c] > 0.0 => v / max[c],
                    _ => 0.0,
                };
                chart.draw_series(std::iter::once(Rectangle::new(
                    [
                        (SegmentValue::Exact(c), SegmentValue::Exact(y)),
                        (SegmentValue::Exact(c + 1), SegmentValue::Exact(y + 1)),
                    ],
                    heat(t).filled(),
                )))?;
                let text = v.map(|v| format!("{v:.1}")).unwrap_or_else(|| "–".into());
                let colour = if t > 0.55 { WHITE } else { BLACK };
                chart.draw_series(std::iter::once(Text::new(
                    text,
                    (SegmentValue::CenterOf(c), SegmentValue::CenterOf(y)),
                    ("sans-serif", 10)
                        .into_font()
                        .color(&colour)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                )))?;
            }
        }
        root.present()?;
    }
    Ok(svg)
}

fn interval_text(iv: Option<(f64, f64)>, percent: bool) -> String {
    match iv {
        Some((lo, hi)) if percent => format!("{:.0}–{:.0}%", lo * 100.0, hi * 100.0),
        Some((lo, hi)) => format!("{lo:.1}–{hi:.1}"),
        None => "–".to_string(),
    }
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

fn keyness_section(page: &Page<'_>) -> String {
    let rank = Rank::default();
    let mut out = format!(
        "<h2 id=\"keyness\">What sets each outlet apart</h2>\n<p class=\"note\">Each outlet against all the others, categories and terms apart, ranked by {}: what it uses more, what it uses less, and what it never uses that the others use at least {ABSENT_MIN} times. G² and p: the likelihood-ratio test of equal rates (1 df); q: Benjamini–Hochberg over the outlet's categories or terms; log ratio: log2 of the ratio of rates with 0.5 added to each count (1 = twice as often), with its 95 % interval; log-odds with an informative Dirichlet prior (Monroe, Colaresi &amp; Quinn 2008). † marks an expected count under 5. All rows are in the keyness table of <code>slant analyze</code>.</p>\n",
        rank.title()
    );
    let mut by_outlet: BTreeMap<&str, Vec<&KeynessRow>> = BTreeMap::new();
    for row in page.keyness {
        if row.kind != FeatureKind::Word {
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

/// Who speaks: each group's words by voice, as shares of its words.
fn voices_section(totals: &Totals) -> String {
    let mut out = String::from(
        "<h2 id=\"voices\">Who speaks</h2>\n<p class=\"note\">Each outlet's words by voice: its own assertions (narrator), what it reports others as saying outside quotation marks (reported), direct quotations (quote) and scare quotes (scare). Rules and their measured accuracy: docs/VOICE.md.</p>\n<table><tr><th>outlet</th><th>words</th>",
    );
    for v in Voice::ALL {
        let _ = write!(out, "<th class=\"v-{0}\">{0}</th>", v.as_str());
    }
    out.push_str("</tr>\n");
    for (name, t) in &totals.groups {
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

fn speakers_section(totals: &Totals) -> String {
    let mut out = String::from(
        "<h2 id=\"quoted\">Who is quoted</h2>\n<p class=\"note\">Direct quotations per speaker (scare quotes not included), with the speaker's side from the actors lexicon; the five most quoted per outlet, after the share of its quotations whose source is named, only described (anonymous sources: a known framing indicator) or not given.</p>\n<table><tr><th>outlet</th><th>speaker</th><th>group</th><th>quotes</th><th>quoted words</th></tr>\n",
    );
    for (outlet, t) in &totals.groups {
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
        let svg = heatmap(
            &["a".into(), "b".into()],
            &["x".into()],
            &[vec![Some(2.0)], vec![None]],
        )
        .unwrap();
        assert!(svg.contains("2.0"));
    }
}
