//! The terminal report (`slant report`): groups in rows, fitted to the terminal's width.
//!
//! 1. Who speaks: per group, its articles, tokens and the share of its words in each voice.
//! 2. Per lexicon: hits per 10,000 tokens with 95 % intervals and the share of the lexicon's
//!    hits in the outlet's own voice; the net score of a weighted lexicon; its contrasts'
//!    shares (and tones) with intervals.
//! 3. Who is quoted, and with `--period`, each contrast's first share over time.
//!
//! The largest groups by articles are shown (`--top`), the rest summed in one "other groups"
//! row; `--categories` and `--min-docs` choose (and `--outlets` counts only some outlets); categories without a hit in the
//! corpus are left out with a note. Tables are drawn by [`super::fit`].

use std::collections::BTreeMap;

use super::fit::{wrap_text, Grid, TableStyle};
use super::thousands;
use crate::analysis::Analyzer;
use crate::lexicon::{ContrastKind, Lexicon};
use crate::stats::{per_10k, share, GroupIntervals, GroupTotals, Interval, Totals, SMALL_N};
use crate::voice::Voice;

/// Groups shown by default.
pub const TOP: usize = 10;

/// Speakers shown per group in "who is quoted".
const TOP_SPEAKERS: usize = 3;

/// Groups shown side by side in a period table.
const PERIOD_GROUPS: usize = 6;

/// What the report shows and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Groups shown, the largest by articles first; 0 for all.
    pub top: usize,
    /// Only these categories (`name` or `lexicon:name`); empty for all.
    pub categories: Vec<String>,
    /// Groups with fewer articles go to the "other groups" row.
    pub min_docs: u64,
    /// Rates with their 95 % intervals (contrast shares always have theirs).
    pub intervals: bool,
    pub style: TableStyle,
    /// Columns of the terminal.
    pub width: usize,
    /// The period × group tables, when the totals have periods (`--period`).
    pub periods: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            top: TOP,
            categories: Vec::new(),
            min_docs: 0,
            intervals: false,
            style: TableStyle::Table,
            width: 100,
            periods: true,
        }
    }
}

/// The groups a report shows, and the others summed.
struct Shown<'a> {
    groups: Vec<(&'a str, &'a GroupTotals)>,
    /// The groups not shown, summed, and how many they are.
    other: Option<(GroupTotals, usize)>,
}

/// Chooses the groups: those with `--min-docs` articles, the `--top` by articles (`--outlets`
/// has already left the others out of the count).
fn choose<'a>(totals: &'a Totals, o: &Options) -> Shown<'a> {
    let mut all: Vec<(&str, &GroupTotals)> =
        totals.groups.iter().map(|(n, t)| (n.as_str(), t)).collect();
    all.sort_by(|a, b| b.1.docs.cmp(&a.1.docs).then_with(|| a.0.cmp(b.0)));
    let (mut shown, mut rest): (Vec<_>, Vec<_>) =
        all.into_iter().partition(|(_, t)| t.docs >= o.min_docs);
    if o.top > 0 && shown.len() > o.top {
        rest.extend(shown.split_off(o.top));
    }
    let other = (!rest.is_empty()).then(|| {
        let mut sum = GroupTotals::default();
        for (_, t) in &rest {
            sum.add_sums(t);
        }
        (sum, rest.len())
    });
    Shown {
        groups: shown,
        other,
    }
}

/// `8.2`, `14`, `136`: one decimal under 10 (a rate's interval is wider than that).
fn num(x: f64) -> String {
    if x < 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.0}")
    }
}

fn rate_text(rate: Option<f64>, iv: Interval) -> String {
    match (rate, iv) {
        (Some(r), Some((lo, hi))) => format!("{} [{}–{}]", num(r), num(lo), num(hi)),
        (Some(r), None) => num(r),
        (None, _) => "–".to_string(),
    }
}

fn share_text(s: Option<f64>, iv: Interval) -> String {
    match (s, iv) {
        (Some(s), Some((lo, hi))) => {
            format!("{:.0} [{:.0}–{:.0}]", s * 100.0, lo * 100.0, hi * 100.0)
        }
        (Some(s), None) => format!("{:.0}", s * 100.0),
        (None, _) => "–".to_string(),
    }
}

fn pct(n: u64, total: u64) -> String {
    share(n, total).map_or("–".to_string(), |s| format!("{:.0}%", s * 100.0))
}

/// The categories of `lexicon` the report shows: those `--categories` names (all without
/// it) that have a hit somewhere in the corpus; and the names of those left out for want of
/// hits.
fn categories(
    analyzer: &Analyzer,
    l: usize,
    whole: &GroupTotals,
    o: &Options,
) -> (Vec<usize>, Vec<String>) {
    let lexicon = &analyzer.lexicons()[l];
    let asked = |name: &str| {
        o.categories.is_empty()
            || o.categories.iter().any(|c| {
                c == name
                    || c.split_once(':')
                        .is_some_and(|(lx, cat)| lx == lexicon.name && cat == name)
            })
    };
    let (mut shown, mut empty) = (Vec::new(), Vec::new());
    for (c, cat) in lexicon.categories.iter().enumerate() {
        if !asked(&cat.name) {
            continue;
        }
        if whole.counts.get(analyzer.slot(l, c)).copied().unwrap_or(0) == 0 {
            empty.push(cat.name.clone());
        } else {
            shown.push(c);
        }
    }
    (shown, empty)
}

/// The report as text.
pub fn report(
    analyzer: &Analyzer,
    totals: &Totals,
    summaries: &crate::pipeline::Summaries,
    corpus: &str,
    notes: &[String],
    o: &Options,
) -> Result<String, String> {
    for c in &o.categories {
        let name = c.split_once(':').map_or(c.as_str(), |(_, n)| n);
        let known = analyzer
            .lexicons()
            .iter()
            .any(|l| l.categories.iter().any(|k| k.name == name));
        if !known {
            return Err(format!(
                "--categories: no category `{c}` in the lexicons of this run (`slant lexicon show FILE` lists them)"
            ));
        }
    }
    let shown = choose(totals, o);
    let intervals = &summaries.intervals;
    let whole = totals.corpus();
    let all_voices = analyzer.voices().len() == Voice::COUNT;
    let by = totals.by.join(" · ");
    let mut out = String::new();
    let voices: Vec<&str> = analyzer.voices().iter().map(|v| v.as_str()).collect();
    let groups = if totals.by == ["outlet"] {
        String::new()
    } else {
        format!(
            " in {} groups by {by}",
            thousands(totals.groups.len() as u64)
        )
    };
    out.push_str(&wrap_text(
        &format!(
            "slant report: {} — {} documents from {} outlets{groups}, {} tokens{}",
            corpus,
            thousands(totals.docs()),
            thousands(totals.outlets.len() as u64),
            thousands(totals.tokens()),
            if all_voices {
                String::new()
            } else {
                format!(" in the {} voice", voices.join(" + "))
            }
        ),
        o.width,
    ));
    out.push('\n');
    for note in notes {
        out.push_str(&wrap_text(note, o.width));
        out.push('\n');
    }
    let mut small = false;
    let mut label = |name: &str, t: &GroupTotals| {
        if t.docs < SMALL_N {
            small = true;
            format!("{name} †")
        } else {
            name.to_string()
        }
    };
    let mut rows: Vec<(String, &GroupTotals, Option<&GroupIntervals>)> = shown
        .groups
        .iter()
        .map(|(n, t)| (label(n, t), *t, intervals.get(*n)))
        .collect();
    let other_label = shown
        .other
        .as_ref()
        .map(|(_, k)| format!("({} others)", thousands(*k as u64)));
    if let (Some((t, _)), Some(l)) = (&shown.other, &other_label) {
        rows.push((l.clone(), t, None));
    }
    let mut grids = vec![voices_grid(&rows, &by, all_voices, &shown, totals)];
    let chosen: Vec<(Vec<usize>, Vec<String>)> = (0..analyzer.lexicons().len())
        .map(|l| categories(analyzer, l, &whole, o))
        .collect();
    if all_voices {
        grids.push(own_voice_grid(analyzer, &chosen, &rows, &by));
    }
    let mut small_cells = false;
    for (l, lexicon) in analyzer.lexicons().iter().enumerate() {
        let (cats, empty) = chosen[l].clone();
        let (grid, marked) = rates_grid(analyzer, l, &cats, &rows, &whole, &by, o.intervals);
        small_cells |= marked;
        let mut grid = grid;
        grid.abbreviate();
        if !empty.is_empty() {
            grid.notes.push(format!(
                "{} {} with no hit in the corpus not shown: {}",
                empty.len(),
                if empty.len() == 1 {
                    "category"
                } else {
                    "categories"
                },
                list(&empty, 8)
            ));
        }
        if !cats.is_empty() || !empty.is_empty() {
            grids.push(grid);
        }
        if let Some(g) = scores_grid(analyzer, l, &cats, &rows, &by, all_voices) {
            grids.push(g);
        }
        let asked: Vec<usize> = (0..lexicon.categories.len())
            .filter(|c| cats.contains(c) || empty.contains(&lexicon.categories[*c].name))
            .collect();
        if let Some(mut g) = contrasts_grid(analyzer, l, &asked, &whole, &rows, &by, lexicon) {
            g.abbreviate();
            grids.push(g);
        }
    }
    for g in &grids {
        out.push_str(&g.render(o.style, o.width));
    }
    let mut foot = Vec::new();
    if shown.other.is_some() {
        foot.push(format!(
            "({} others): the groups not shown (--top {}, --min-docs), summed; no interval",
            shown.other.as_ref().map_or(0, |(_, k)| *k),
            o.top
        ));
    }
    if small {
        foot.push(format!("† fewer than {SMALL_N} articles: rates, shares and their intervals rest on too few articles to generalize"));
    }
    if small_cells {
        foot.push(
            "* expected count under 5 at the corpus-wide rate: too few hits to say anything"
                .to_string(),
        );
    }
    foot.push("per voice, per article and exact numbers: `slant analyze -o DIR` (tables outlets, contrasts, counts; docs/SCHEMA.md)".to_string());
    out.push('\n');
    for f in foot {
        out.push_str(&wrap_text(&f, o.width));
        out.push('\n');
    }
    if let Some(g) = speakers_grid(&shown, &by, o.width) {
        out.push_str(&g.render(o.style, o.width));
    }
    let grids = if o.periods {
        periods_grids(analyzer, totals, &summaries.series, &shown)
    } else {
        Vec::new()
    };
    for g in grids {
        out.push_str(&g.render(o.style, o.width));
    }
    Ok(out)
}

/// `a, b, c and 4 more`.
fn list(names: &[String], max: usize) -> String {
    let mut s = names[..names.len().min(max)].join(", ");
    if names.len() > max {
        s.push_str(&format!(" and {} more", names.len() - max));
    }
    s
}

/// Who speaks: articles, tokens, and the share of tokens in each voice.
fn voices_grid(
    rows: &[(String, &GroupTotals, Option<&GroupIntervals>)],
    by: &str,
    all_voices: bool,
    shown: &Shown,
    totals: &Totals,
) -> Grid {
    let mut columns = vec!["docs".to_string(), "tokens".to_string()];
    if all_voices {
        columns.extend(["own voice", "reported", "quoted", "scare"].map(String::from));
    }
    let rows = rows
        .iter()
        .map(|(label, t, _)| {
            let mut v = vec![thousands(t.docs), thousands(t.tokens)];
            if all_voices {
                v.extend(Voice::ALL.map(|x| pct(t.tokens_by_voice[x.index()], t.tokens)));
            }
            (vec![label.clone()], v)
        })
        .collect();
    let shown_n = shown.groups.len();
    Grid {
        title: format!(
            "who speaks — {} of {} groups by articles{}",
            thousands(shown_n as u64),
            thousands(totals.groups.len() as u64),
            if all_voices {
                "; their words by voice"
            } else {
                ""
            }
        ),
        keys: vec![by.to_string()],
        columns,
        rows,
        notes: Vec::new(),
        text_last: false,
    }
}

/// The share of each lexicon's hits (its shown categories) said in the outlet's own voice.
fn own_voice_grid(
    analyzer: &Analyzer,
    chosen: &[(Vec<usize>, Vec<String>)],
    rows: &[(String, &GroupTotals, Option<&GroupIntervals>)],
    by: &str,
) -> Grid {
    let narrator = Voice::Narrator.index();
    let lexicons: Vec<usize> = (0..chosen.len())
        .filter(|&l| !chosen[l].0.is_empty())
        .collect();
    let grid_rows = rows
        .iter()
        .map(|(label, t, _)| {
            let v = lexicons
                .iter()
                .map(|&l| {
                    let (own, all) = chosen[l].0.iter().fold((0, 0), |(own, all), &c| {
                        let slot = analyzer.slot(l, c);
                        (
                            own + t.counts_by_voice.get(slot).map_or(0, |v| v[narrator]),
                            all + t.counts.get(slot).copied().unwrap_or(0),
                        )
                    });
                    if all == 0 {
                        "–".to_string()
                    } else {
                        format!("{} ({})", pct(own, all), thousands(all))
                    }
                })
                .collect();
            (vec![label.clone()], v)
        })
        .collect();
    Grid {
        title: "own voice — the share of each lexicon's hits in the outlet's own words (hits); the rest is quoted or reported speech".to_string(),
        keys: vec![by.to_string()],
        columns: lexicons
            .iter()
            .map(|&l| analyzer.lexicons()[l].name.clone())
            .collect(),
        rows: grid_rows,
        notes: Vec::new(),
        text_last: false,
    }
}

/// Hits per 10,000 tokens (with `intervals`, their 95 % intervals); whether a cell was marked
/// for a small expected count.
fn rates_grid(
    analyzer: &Analyzer,
    l: usize,
    cats: &[usize],
    rows: &[(String, &GroupTotals, Option<&GroupIntervals>)],
    whole: &GroupTotals,
    by: &str,
    intervals: bool,
) -> (Grid, bool) {
    let lexicon = &analyzer.lexicons()[l];
    let mut marked = false;
    let columns: Vec<String> = cats
        .iter()
        .map(|&c| lexicon.categories[c].name.clone())
        .collect();
    let grid_rows = rows
        .iter()
        .map(|(label, t, iv)| {
            let v: Vec<String> = cats
                .iter()
                .map(|&c| {
                    let slot = analyzer.slot(l, c);
                    let n = t.counts.get(slot).copied().unwrap_or(0);
                    let expected = t.tokens as f64
                        * whole.counts.get(slot).copied().unwrap_or(0) as f64
                        / whole.tokens.max(1) as f64;
                    let iv = iv
                        .filter(|_| intervals)
                        .and_then(|i| i.rate.get(slot).copied().flatten());
                    let mut s = rate_text(per_10k(n, t.tokens), iv);
                    if expected < 5.0 {
                        marked = true;
                        s.push_str(" *");
                    }
                    s
                })
                .collect();
            (vec![label.clone()], v)
        })
        .collect();
    let grid = Grid {
        title: format!(
            "{}{} — hits per 10,000 tokens{}",
            lexicon.name,
            super::version_suffix(lexicon),
            if intervals {
                " [95% interval]"
            } else {
                " (--intervals: with 95% intervals)"
            }
        ),
        keys: vec![by.to_string()],
        columns,
        rows: grid_rows,
        notes: Vec::new(),
        text_last: false,
    };
    (grid, marked)
}

/// A weighted lexicon's scores per 10,000 tokens: net, then per category; `None` for a
/// lexicon without nonzero scores.
fn scores_grid(
    analyzer: &Analyzer,
    l: usize,
    cats: &[usize],
    rows: &[(String, &GroupTotals, Option<&GroupIntervals>)],
    by: &str,
    all_voices: bool,
) -> Option<Grid> {
    let lexicon = &analyzer.lexicons()[l];
    // categories whose terms all score 0 (AFINN's `neutral`) add nothing to show
    let scored: Vec<usize> = cats
        .iter()
        .copied()
        .filter(|&c| {
            lexicon.categories[c]
                .terms
                .iter()
                .any(|t| t.score.is_some_and(|s| s.get() != 0.0))
        })
        .collect();
    if scored.is_empty() {
        return None;
    }
    let narrator = Voice::Narrator.index();
    let per_10k = |micros: i64, tokens: u64| {
        crate::table::score_per_10k(micros, tokens)
            .map_or_else(|| "–".to_string(), |r| format!("{r:+.1}"))
    };
    let mut columns = vec!["net".to_string()];
    if all_voices {
        columns.push("net, own voice".to_string());
    }
    columns.extend(scored.iter().map(|&c| lexicon.categories[c].name.clone()));
    let grid_rows = rows
        .iter()
        .map(|(label, t, _)| {
            let score = |c: usize| {
                t.scores_by_voice
                    .get(analyzer.slot(l, c))
                    .copied()
                    .unwrap_or_default()
            };
            let mut net = [0i64; Voice::COUNT];
            for &c in &scored {
                for (n, x) in net.iter_mut().zip(score(c)) {
                    *n += x;
                }
            }
            let mut v = vec![per_10k(analyzer.selected_sum(&net), t.tokens)];
            if all_voices {
                v.push(per_10k(net[narrator], t.tokens_by_voice[narrator]));
            }
            v.extend(
                scored
                    .iter()
                    .map(|&c| per_10k(analyzer.selected_sum(&score(c)), t.tokens)),
            );
            (vec![label.clone()], v)
        })
        .collect();
    Some(Grid {
        title: format!(
            "{} — score (the sum of the hits' term weights) per 10,000 tokens; net: over all scored categories",
            lexicon.name
        ),
        keys: vec![by.to_string()],
        columns,
        rows: grid_rows,
        notes: Vec::new(),
        text_last: false,
    })
}

/// The lexicon's contrasts side by side: each member's share of its contrast's hits with
/// its interval, and a tone contrast's tone.
fn contrasts_grid(
    analyzer: &Analyzer,
    l: usize,
    cats: &[usize],
    whole: &GroupTotals,
    rows: &[(String, &GroupTotals, Option<&GroupIntervals>)],
    by: &str,
    lexicon: &Lexicon,
) -> Option<Grid> {
    let first = analyzer.lexicons()[..l]
        .iter()
        .map(|x| x.contrasts.len())
        .sum::<usize>();
    // the contrasts whose members are all asked for, and that have a hit in the corpus
    let hits = |c: &crate::lexicon::Contrast| -> u64 {
        c.categories
            .iter()
            .map(|&m| whole.counts.get(analyzer.slot(l, m)).copied().unwrap_or(0))
            .sum()
    };
    let chosen: Vec<(usize, &crate::lexicon::Contrast)> = lexicon
        .contrasts
        .iter()
        .enumerate()
        .filter(|(_, c)| c.categories.iter().all(|m| cats.contains(m)) && hits(c) > 0)
        .map(|(k, c)| (first + k, c))
        .collect();
    if chosen.is_empty() {
        return None;
    }
    let mut columns = Vec::new();
    let mut legend = Vec::new();
    let mut any_pair = false;
    for (_, c) in &chosen {
        let names: Vec<&str> = c
            .categories
            .iter()
            .map(|&m| lexicon.categories[m].name.as_str())
            .collect();
        let pair = names.len() == 2;
        any_pair |= pair;
        legend.push(format!("{}: {}", c.name, names.join(" · ")));
        columns.extend(
            names
                .iter()
                .take(if pair { 1 } else { names.len() })
                .map(|n| n.to_string()),
        );
        if c.kind == ContrastKind::Tone {
            columns.push(format!("{} tone", c.name));
        }
    }
    let grid_rows = rows
        .iter()
        .map(|(label, t, iv)| {
            let mut v = Vec::new();
            for (k, c) in &chosen {
                let count = |m: usize| t.counts.get(analyzer.slot(l, m)).copied().unwrap_or(0);
                let total: u64 = c.categories.iter().map(|&m| count(m)).sum();
                let shares = iv.and_then(|i| i.share.get(*k));
                let shown = if c.categories.len() == 2 {
                    1
                } else {
                    c.categories.len()
                };
                for (member, &m) in c.categories.iter().enumerate().take(shown) {
                    let civ = shares.and_then(|s| s.get(member).copied().flatten());
                    v.push(share_text(share(count(m), total), civ));
                }
                if c.kind == ContrastKind::Tone {
                    let s = share(count(c.categories[0]), total);
                    let civ = shares.and_then(|s| s.first().copied().flatten());
                    v.push(match (s, civ) {
                        (Some(s), Some((lo, hi))) => format!(
                            "{:+.2} [{:+.2}, {:+.2}]",
                            2.0 * s - 1.0,
                            2.0 * lo - 1.0,
                            2.0 * hi - 1.0
                        ),
                        (Some(s), None) => format!("{:+.2}", 2.0 * s - 1.0),
                        (None, _) => "–".to_string(),
                    });
                }
            }
            (vec![label.clone()], v)
        })
        .collect();
    Some(Grid {
        title: format!(
            "{} — contrasts: each label's % of its contrast's hits [95% interval]",
            lexicon.name
        ),
        keys: vec![by.to_string()],
        columns,
        rows: grid_rows,
        notes: vec![format!(
            "contrasts{} — {}",
            if any_pair {
                " (of a pair, the first's share)"
            } else {
                ""
            },
            legend.join("; ")
        )],
        text_last: false,
    })
}

/// Who is quoted: per shown group, its direct quotations, how their sources are given, and
/// the speakers with the most quoted words (cut to fit `width`).
fn speakers_grid(shown: &Shown, by: &str, width: usize) -> Option<Grid> {
    let mut rows = Vec::new();
    // the row's borders, quotes, named and described take 38 columns; the label at most a
    // sixth of the width (as the table cuts it)
    let label_width = shown
        .groups
        .iter()
        .map(|(n, _)| super::fit::width_of(n))
        .max()
        .unwrap_or(0)
        .min((width / 6).max(16));
    let room = width.saturating_sub(label_width + 38).max(20);
    for (name, t) in &shown.groups {
        let mut speakers: Vec<_> = t.speakers.iter().collect();
        if speakers.is_empty() {
            continue;
        }
        speakers.sort_by(|a, b| b.1.words.cmp(&a.1.words).then_with(|| a.0.cmp(b.0)));
        // unattributed quotations are in the counts, not among the speakers
        let top: Vec<String> = speakers
            .iter()
            .filter(|(s, _)| s.is_some())
            .take(TOP_SPEAKERS)
            .map(|(s, x)| {
                format!(
                    "{} ({})",
                    s.as_deref().unwrap_or("(not attributed)"),
                    thousands(x.words)
                )
            })
            .collect();
        let quotes: u64 = speakers.iter().map(|(_, s)| s.quotes).sum();
        let sources: u64 = t.sources.iter().sum();
        rows.push((
            vec![name.to_string()],
            vec![
                thousands(quotes),
                pct(t.sources[0] + t.sources[2], sources),
                pct(t.sources[1], sources),
                super::fit::cut(&top.join("; "), room),
            ],
        ));
    }
    (!rows.is_empty()).then(|| Grid {
        title: "who is quoted — direct quotations; sources named or only described; top speakers (quoted words)".to_string(),
        keys: vec![by.to_string()],
        columns: vec![
            "quotes".into(),
            "named".into(),
            "described".into(),
            "top speakers".into(),
        ],
        rows,
        notes: Vec::new(),
        text_last: true,
    })
}

/// With `--period`: per contrast, its first member's share by period for the shown groups
/// with the most hits of it.
fn periods_grids(
    analyzer: &Analyzer,
    totals: &Totals,
    series: &BTreeMap<(String, i32), GroupIntervals>,
    shown: &Shown,
) -> Vec<Grid> {
    let Some(period) = totals.period else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut days: Vec<i32> = totals.periods.keys().map(|(_, d)| *d).collect();
    days.sort_unstable();
    days.dedup();
    let mut k = 0;
    for (l, lexicon) in analyzer.lexicons().iter().enumerate() {
        for contrast in &lexicon.contrasts {
            let index = k;
            k += 1;
            let slots: Vec<usize> = contrast
                .categories
                .iter()
                .map(|&c| analyzer.slot(l, c))
                .collect();
            let hits = |t: &GroupTotals| -> u64 {
                slots
                    .iter()
                    .map(|&s| t.counts.get(s).copied().unwrap_or(0))
                    .sum()
            };
            let mut groups: Vec<(&str, u64)> = shown
                .groups
                .iter()
                .map(|(n, t)| (*n, hits(t)))
                .filter(|(_, h)| *h > 0)
                .collect();
            if groups.is_empty() {
                continue;
            }
            groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            groups.truncate(PERIOD_GROUPS);
            let category = &lexicon.categories[contrast.categories[0]].name;
            let rows = days
                .iter()
                .filter(|&&day| {
                    groups
                        .iter()
                        .any(|(n, _)| totals.periods.contains_key(&(n.to_string(), day)))
                })
                .map(|&day| {
                    let first = crate::dates::from_days(day).unwrap_or_default();
                    let cells = groups
                        .iter()
                        .map(|(n, _)| {
                            let key = (n.to_string(), day);
                            match totals.periods.get(&key) {
                                None => String::new(),
                                Some(t) => {
                                    let count = t.counts.get(slots[0]).copied().unwrap_or(0);
                                    let iv = series
                                        .get(&key)
                                        .and_then(|i| i.share.get(index))
                                        .and_then(|v| v.first().copied().flatten());
                                    share_text(share(count, hits(t)), iv)
                                }
                            }
                        })
                        .collect();
                    (vec![period.label(first)], cells)
                })
                .collect();
            out.push(Grid {
                title: format!(
                    "{} / {} — % of {category} in the contrast's hits by {} [95% interval]",
                    lexicon.name,
                    contrast.name,
                    period.as_str()
                ),
                keys: vec![period.as_str().to_string()],
                columns: groups.iter().map(|(n, _)| n.to_string()).collect(),
                rows,
                notes: Vec::new(),
                text_last: false,
            });
        }
    }
    out
}
