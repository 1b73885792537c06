//! Reports for people: per-lexicon tables of rates and contrast shares, drawn with comfy-table.
//!
//! The report reads only per-outlet [`Totals`]; it never recounts. Numbers are formatted for
//! reading (one decimal, thousands separators); exact values are in the tables `slant analyze`
//! writes.

pub mod context;
pub mod html;

use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, ContentArrangement, Table};

use crate::analysis::Analyzer;
use std::collections::BTreeMap;

use crate::lexicon::ContrastKind;
use crate::stats::{per_10k, share, GroupIntervals, GroupTotals, Totals, SMALL_N};
use crate::voice::Voice;

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn new_table() -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t
}

fn align_numbers(t: &mut Table, from: usize) {
    for i in from..t.column_count() {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
}

fn rate_cell(count: u64, tokens: u64) -> String {
    match per_10k(count, tokens) {
        Some(r) => format!("{r:.1} ({count})"),
        None => "–".to_string(),
    }
}

fn share_cell(count: u64, total: u64) -> String {
    match share(count, total) {
        Some(s) => format!("{:.0}% ({count})", s * 100.0),
        None => "–".to_string(),
    }
}

/// How a group's direct quotations give their source, as shares: named (a name, or a pronoun
/// resolved to one), described (`a senior official`: an anonymous or described source, a known
/// framing indicator) and unattributed. `None` without quotations.
pub fn sources_line(sources: &crate::stats::BySource) -> Option<String> {
    let total: u64 = sources.iter().sum();
    let pct = |n: u64| share(n, total).map_or(0.0, |s| s * 100.0);
    (total > 0).then(|| {
        format!(
            "(sources: named {:.0}% · described {:.0}% · none {:.0}%)",
            pct(sources[0] + sources[2]),
            pct(sources[1]),
            pct(sources[3])
        )
    })
}

/// Speakers shown per outlet in the "who is quoted" table.
const TOP_SPEAKERS: usize = 8;

fn interval_line(iv: crate::stats::Interval, percent: bool) -> String {
    match iv {
        Some((lo, hi)) if percent => format!("[{:.0}–{:.0}%]", lo * 100.0, hi * 100.0),
        Some((lo, hi)) => format!("[{lo:.1}–{hi:.1}]"),
        None => String::new(),
    }
}

/// ` v2` for a lexicon with a version, nothing otherwise.
fn version_suffix(lexicon: &crate::lexicon::Lexicon) -> String {
    lexicon
        .version
        .as_deref()
        .map(|v| format!(" v{v}"))
        .unwrap_or_default()
}

/// What cleaning did, for the report's header: boilerplate left out and syndicated copies.
pub fn cleaning_notes(summary: &crate::pipeline::Summary) -> Vec<String> {
    let mut notes = Vec::new();
    let cleaning = summary.cleaning;
    notes.push(if cleaning.boilerplate_left_out {
        format!(
            "boilerplate: {} of {} bytes left out (page furniture, related links, appeals, widgets, credits; `slant clean DOC_ID` shows them)",
            thousands(summary.boilerplate_bytes),
            thousands(summary.text_bytes)
        )
    } else {
        "boilerplate: kept (--keep-boilerplate)".to_string()
    });
    let (copies, stories) = (summary.duplicates, summary.stories_with_copies);
    notes.push(if copies == 0 {
        "copies: no syndicated or repeated stories found".to_string()
    } else {
        format!(
            "copies: {} article{} repeat an earlier one ({} stor{} with copies); {}",
            thousands(copies),
            if copies == 1 { "" } else { "s" },
            thousands(stories),
            if stories == 1 { "y" } else { "ies" },
            match cleaning.dedupe {
                crate::analysis::Dedupe::None =>
                    "all counted (--dedupe outlet|all counts each story once)".to_string(),
                crate::analysis::Dedupe::Outlet => format!(
                    "counted once per outlet: {} left out",
                    thousands(summary.uncounted)
                ),
                crate::analysis::Dedupe::All =>
                    format!("counted once: {} left out", thousands(summary.uncounted)),
            }
        )
    });
    notes
}

/// Short names of the voices, for table cells.
fn short_voice(v: Voice) -> &'static str {
    match v {
        Voice::Narrator => "narr",
        Voice::Reported => "rep",
        Voice::Quote => "quote",
        Voice::Scare => "scare",
    }
}

/// A group's tokens, and with all voices counted, its tokens in each voice.
fn tokens_cell(t: &GroupTotals, all_voices: bool) -> String {
    let mut cell = thousands(t.tokens);
    if all_voices {
        for v in Voice::ALL {
            cell.push_str(&format!(
                "\n{} {}",
                short_voice(v),
                thousands(t.tokens_by_voice[v.index()])
            ));
        }
    }
    cell
}

/// The terminal report: for each lexicon, rates per 10,000 tokens per outlet and category with
/// 95 % intervals, then each contrast's shares per outlet, then who is quoted. When all
/// voices are counted, each cell has a last line for the outlet's own voice (narrator) only, and
/// the tokens cell gives the tokens of each voice.
/// Outlets with fewer than [`SMALL_N`] articles are marked †; cells whose expected count (at
/// the corpus-wide rate) is under 5 are marked *.
pub fn terminal(
    analyzer: &Analyzer,
    totals: &Totals,
    summaries: &crate::pipeline::Summaries,
    corpus: &str,
    notes: &[String],
) -> String {
    let intervals = &summaries.intervals;
    let all_voices = analyzer.voices().len() == Voice::COUNT;
    let voices: Vec<&str> = analyzer.voices().iter().map(|v| v.as_str()).collect();
    let narrator = Voice::Narrator.index();
    let whole = totals.corpus();
    let group_header = totals.by.join(" · ");
    let mut out = String::new();
    let groups = if totals.by == ["outlet"] {
        String::new()
    } else {
        format!(
            " in {} groups by {}",
            thousands(totals.groups.len() as u64),
            group_header
        )
    };
    out.push_str(&format!(
        "slant report: {} — {} documents from {} outlets{groups}, {} tokens{}\n",
        corpus,
        thousands(totals.docs()),
        thousands(totals.outlets.len() as u64),
        thousands(totals.tokens()),
        if all_voices {
            String::new()
        } else {
            format!(" in the {} voice", voices.join(" + "))
        }
    ));
    for note in notes {
        out.push_str(note);
        out.push('\n');
    }
    let outlets: Vec<(&String, &GroupTotals)> = totals.groups.iter().collect();
    let label = |name: &str, t: &GroupTotals| {
        if t.docs < SMALL_N {
            format!("{name} †")
        } else {
            name.to_string()
        }
    };
    let (mut small_cells, mut cells, mut small_outlets) = (0, 0, false);
    let mut contrast_index = 0;
    for (l, lexicon) in analyzer.lexicons().iter().enumerate() {
        let version = version_suffix(lexicon);
        out.push_str(&format!(
            "\n{}{} — hits per 10,000 tokens (count), 95% interval{}\n",
            lexicon.name,
            version,
            if all_voices {
                "; narr: the outlet's own voice only, per 10,000 narrator tokens; tokens by voice: narr(ator), rep(orted speech), quote, scare"
            } else {
                ""
            }
        ));
        let count =
            |t: &GroupTotals, c: usize| t.counts.get(analyzer.slot(l, c)).copied().unwrap_or(0);
        let own = |t: &GroupTotals, c: usize| {
            t.counts_by_voice
                .get(analyzer.slot(l, c))
                .map_or(0, |v| v[narrator])
        };
        let mut cell = |name: &str, t: &GroupTotals, c: usize| {
            let slot = analyzer.slot(l, c);
            let expected = t.tokens as f64 * whole.counts.get(slot).copied().unwrap_or(0) as f64
                / whole.tokens.max(1) as f64;
            cells += 1;
            let mark = if expected < 5.0 {
                small_cells += 1;
                " *"
            } else {
                ""
            };
            let iv = intervals.get(name);
            let mut s = format!("{}{mark}", rate_cell(count(t, c), t.tokens));
            let line = interval_line(iv.and_then(|i| i.rate.get(slot).copied().flatten()), false);
            if !line.is_empty() {
                s.push_str(&format!("\n{line}"));
            }
            if all_voices {
                s.push_str(&format!(
                    "\nnarr {}",
                    rate_cell(own(t, c), t.tokens_by_voice[narrator])
                ));
            }
            s
        };
        let mut table = new_table();
        // The shorter dimension goes across, so the table fits a terminal.
        if outlets.len() <= lexicon.categories.len() {
            let mut header = vec!["category".to_string()];
            header.extend(outlets.iter().map(|(name, t)| label(name, t)));
            table.set_header(header);
            let mut docs = vec!["(documents)".to_string()];
            docs.extend(outlets.iter().map(|(_, t)| thousands(t.docs)));
            table.add_row(docs);
            let mut tokens = vec!["(tokens)".to_string()];
            tokens.extend(outlets.iter().map(|(_, t)| tokens_cell(t, all_voices)));
            table.add_row(tokens);
            for (c, category) in lexicon.categories.iter().enumerate() {
                let mut row = vec![category.name.clone()];
                row.extend(outlets.iter().map(|(name, t)| cell(name, t, c)));
                table.add_row(row);
            }
        } else {
            let mut header = vec![
                group_header.clone(),
                "docs".to_string(),
                "tokens".to_string(),
            ];
            header.extend(lexicon.categories.iter().map(|c| c.name.clone()));
            table.set_header(header);
            for (name, t) in &outlets {
                let mut row = vec![
                    label(name, t),
                    thousands(t.docs),
                    tokens_cell(t, all_voices),
                ];
                row.extend((0..lexicon.categories.len()).map(|c| cell(name, t, c)));
                table.add_row(row);
            }
        }
        small_outlets |= outlets.iter().any(|(_, t)| t.docs < SMALL_N);
        align_numbers(&mut table, 1);
        out.push_str(&table.to_string());
        out.push('\n');
        out.push_str(&scores(
            analyzer,
            l,
            &outlets,
            &label,
            (&group_header, all_voices),
        ));

        for contrast in &lexicon.contrasts {
            out.push_str(&format!(
                "\n{} / {} — share of the contrast's hits (count), 95% interval{}\n",
                lexicon.name,
                contrast.name,
                if all_voices {
                    "; narr: the outlet's own voice only"
                } else {
                    ""
                }
            ));
            if let Some(d) = &contrast.description {
                out.push_str(&format!("{d}\n"));
            }
            let mut table = new_table();
            let mut header = vec![group_header.clone()];
            header.extend(
                contrast
                    .categories
                    .iter()
                    .map(|&c| lexicon.categories[c].name.clone()),
            );
            let is_tone = contrast.kind == ContrastKind::Tone;
            if is_tone {
                header.push("tone".to_string());
            }
            header.push("hits".to_string());
            table.set_header(header);
            for (name, t) in &outlets {
                let total: u64 = contrast.categories.iter().map(|&c| count(t, c)).sum();
                let own_total: u64 = contrast.categories.iter().map(|&c| own(t, c)).sum();
                let shares = intervals
                    .get(*name)
                    .and_then(|i| i.share.get(contrast_index));
                let positive = contrast.categories[0];
                let mut row = vec![label(name, t)];
                row.extend(contrast.categories.iter().enumerate().map(|(member, &c)| {
                    let mut s = share_cell(count(t, c), total);
                    let line =
                        interval_line(shares.and_then(|v| v.get(member).copied().flatten()), true);
                    if !line.is_empty() {
                        s.push_str(&format!("\n{line}"));
                    }
                    if all_voices {
                        s.push_str(&format!("\nnarr {}", share_cell(own(t, c), own_total)));
                    }
                    s
                }));
                if is_tone {
                    let iv = shares.and_then(|v| v.first().copied().flatten());
                    row.push(tone_cell(
                        (count(t, positive), total),
                        iv,
                        all_voices.then_some((own(t, positive), own_total)),
                    ));
                }
                // the hits line up with the counts, their narrator part with the shares'
                let has_interval = shares.is_some_and(|v| v.iter().any(Option::is_some));
                let gap = if has_interval { "\n" } else { "" };
                row.push(if all_voices {
                    format!("{}{gap}\nnarr {}", thousands(total), thousands(own_total))
                } else {
                    thousands(total)
                });
                table.add_row(row);
            }
            contrast_index += 1;
            align_numbers(&mut table, 1);
            out.push_str(&table.to_string());
            out.push('\n');
        }
    }
    if small_outlets {
        out.push_str(&format!(
            "† fewer than {SMALL_N} articles: rates, shares and their intervals rest on too few articles to generalize (with one article the interval rests on the corpus's dispersion alone: Poisson counts when no outlet has two articles)\n"
        ));
    }
    if small_cells > 0 {
        out.push_str(&format!(
            "* {small_cells} of {cells} cells have an expected count under 5 (at the corpus-wide rate): too few hits to say anything there\n"
        ));
    }
    out.push_str(&speakers(totals));
    out.push_str(&periods(analyzer, totals, &summaries.series));
    out
}

/// A tone `2 s − 1` from the positive member's `(count, total)` and share interval, with the
/// narrator's tone below it.
fn tone_cell(
    (positive, total): (u64, u64),
    iv: crate::stats::Interval,
    narrator: Option<(u64, u64)>,
) -> String {
    let tone = |p: u64, n: u64| {
        share(p, n).map_or("–".to_string(), |s| format!("{:+.2}", 2.0 * s - 1.0))
    };
    let mut s = tone(positive, total);
    if let Some((lo, hi)) = iv {
        s.push_str(&format!(
            "\n[{:+.2}, {:+.2}]",
            2.0 * lo - 1.0,
            2.0 * hi - 1.0
        ));
    }
    if let Some((p, n)) = narrator {
        s.push_str(&format!("\nnarr {}", tone(p, n)));
    }
    s
}

/// For a lexicon with scored terms (AFINN): each group's sum of the hits' scores per 10,000
/// tokens, over all its scored categories (the net score) and per category; empty otherwise.
fn scores(
    analyzer: &Analyzer,
    l: usize,
    outlets: &[(&String, &GroupTotals)],
    label: &dyn Fn(&str, &GroupTotals) -> String,
    (group_header, all_voices): (&str, bool),
) -> String {
    let lexicon = &analyzer.lexicons()[l];
    // categories whose terms all score 0 (AFINN's `neutral`) add nothing to show
    let scored: Vec<usize> = (0..lexicon.categories.len())
        .filter(|&c| {
            lexicon.categories[c]
                .terms
                .iter()
                .any(|t| t.score.is_some_and(|s| s.get() != 0.0))
        })
        .collect();
    if scored.is_empty() {
        return String::new();
    }
    let narrator = Voice::Narrator.index();
    let per_10k = |micros: i64, tokens: u64| {
        if tokens == 0 {
            "–".to_string()
        } else {
            format!(
                "{:+.1}",
                crate::table::from_micros(micros) / tokens as f64 * 1e4
            )
        }
    };
    let mut table = new_table();
    let mut header = vec![group_header.to_string(), "net".to_string()];
    header.extend(scored.iter().map(|&c| lexicon.categories[c].name.clone()));
    table.set_header(header);
    for (name, t) in outlets {
        let score = |c: usize| {
            t.scores_by_voice
                .get(analyzer.slot(l, c))
                .copied()
                .unwrap_or_default()
        };
        let cell = |by_voice: [i64; Voice::COUNT]| {
            let mut s = per_10k(analyzer.selected_sum(&by_voice), t.tokens);
            if all_voices {
                s.push_str(&format!(
                    "\nnarr {}",
                    per_10k(by_voice[narrator], t.tokens_by_voice[narrator])
                ));
            }
            s
        };
        let mut net = [0i64; Voice::COUNT];
        for &c in &scored {
            for (n, x) in net.iter_mut().zip(score(c)) {
                *n += x;
            }
        }
        let mut row = vec![label(name, t), cell(net)];
        row.extend(scored.iter().map(|&c| cell(score(c))));
        table.add_row(row);
    }
    align_numbers(&mut table, 1);
    format!(
        "\n{} — score (the sum of the hits' term weights) per 10,000 tokens; net: over all scored categories{}\n{table}\n",
        lexicon.name,
        if all_voices { "; narr: per 10,000 narrator tokens" } else { "" }
    )
}

/// Groups shown side by side in a period table: the ones with the most hits of the contrast.
const PERIOD_GROUPS: usize = 8;

/// With `--period`: per contrast, a table of periods × groups of the share of its first
/// category (each of its categories but the last, for a contrast of three or more), with 95 %
/// intervals and the contrast's hits. The `series` table has every group and category.
fn periods(
    analyzer: &Analyzer,
    totals: &Totals,
    series: &BTreeMap<(String, i32), GroupIntervals>,
) -> String {
    let Some(period) = totals.period else {
        return String::new();
    };
    let mut out = String::new();
    let mut days: Vec<i32> = totals.periods.keys().map(|(_, d)| *d).collect();
    days.sort_unstable();
    days.dedup();
    let mut contrast_index = 0;
    for (l, lexicon) in analyzer.lexicons().iter().enumerate() {
        for contrast in &lexicon.contrasts {
            let k = contrast_index;
            contrast_index += 1;
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
            let mut groups: Vec<(&String, u64)> =
                totals.groups.iter().map(|(n, t)| (n, hits(t))).collect();
            groups.retain(|(_, h)| *h > 0);
            if groups.is_empty() {
                continue;
            }
            groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            let more = groups.len().saturating_sub(PERIOD_GROUPS);
            groups.truncate(PERIOD_GROUPS);
            groups.sort_by(|a, b| a.0.cmp(b.0));
            let shown = slots.len().saturating_sub(1).max(1);
            for (member, &slot) in slots.iter().enumerate().take(shown) {
                let category = &lexicon.categories[contrast.categories[member]].name;
                out.push_str(&format!(
                    "\n{} / {} — share of {category} by {} (contrast hits), 95% interval\n",
                    lexicon.name,
                    contrast.name,
                    period.as_str()
                ));
                let mut table = new_table();
                let mut header = vec![period.as_str().to_string()];
                header.extend(groups.iter().map(|(n, _)| n.to_string()));
                table.set_header(header);
                for &day in &days {
                    // a period none of the groups shown has articles in
                    if groups
                        .iter()
                        .all(|(n, _)| !totals.periods.contains_key(&((*n).clone(), day)))
                    {
                        continue;
                    }
                    let first = crate::dates::from_days(day).unwrap_or_default();
                    let mut row = vec![period.label(first)];
                    for (name, _) in &groups {
                        let key = ((*name).clone(), day);
                        row.push(match totals.periods.get(&key) {
                            None => String::new(),
                            Some(t) => {
                                let total = hits(t);
                                let count = t.counts.get(slot).copied().unwrap_or(0);
                                let mut s = match share(count, total) {
                                    Some(x) => format!("{:.0}% ({total})", x * 100.0),
                                    None => "–".to_string(),
                                };
                                let iv = series
                                    .get(&key)
                                    .and_then(|i| i.share.get(k))
                                    .and_then(|v| v.get(member).copied().flatten());
                                let line = interval_line(iv, true);
                                if !line.is_empty() {
                                    s.push_str(&format!("\n{line}"));
                                }
                                s
                            }
                        });
                    }
                    table.add_row(row);
                }
                align_numbers(&mut table, 1);
                out.push_str(&table.to_string());
                out.push('\n');
                if more > 0 {
                    out.push_str(&format!(
                        "({more} more with hits of this contrast: see the `series` table of `slant analyze --period {}`)\n",
                        period.as_str()
                    ));
                }
            }
        }
    }
    out
}

/// Who is quoted: per outlet, the speakers of direct quotations with the most quoted words.
fn speakers(totals: &Totals) -> String {
    let mut table = new_table();
    let by = totals.by.join(" · ");
    table.set_header(vec![
        by.as_str(),
        "speaker",
        "group",
        "quotes",
        "quoted words",
    ]);
    let mut rows = 0;
    for (outlet, t) in &totals.groups {
        let mut speakers: Vec<_> = t.speakers.iter().collect();
        speakers.sort_by(|a, b| b.1.words.cmp(&a.1.words).then_with(|| a.0.cmp(b.0)));
        let shown = speakers.len().min(TOP_SPEAKERS);
        for (speaker, s) in &speakers[..shown] {
            let name = speaker.as_deref().unwrap_or("(not attributed)");
            table.add_row(vec![
                outlet.clone(),
                name.to_string(),
                s.group.clone().unwrap_or_default(),
                thousands(s.quotes),
                thousands(s.words),
            ]);
            rows += 1;
        }
        if speakers.len() > shown {
            let rest = &speakers[shown..];
            let (q, w) = rest
                .iter()
                .fold((0, 0), |(q, w), (_, s)| (q + s.quotes, w + s.words));
            table.add_row(vec![
                outlet.clone(),
                format!("({} others)", rest.len()),
                String::new(),
                thousands(q),
                thousands(w),
            ]);
        }
        if let Some(line) = sources_line(&t.sources) {
            table.add_row(vec![
                outlet.clone(),
                line,
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
    }
    if rows == 0 {
        return String::new();
    }
    align_numbers(&mut table, 2);
    format!(
        "\nwho is quoted — direct quotations per speaker, grouped by the actors lexicon (scare quotes not included); sources: the share of quotations whose source is named, only described (anonymous sources), or not given\n{table}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(36_400_123), "36,400,123");
    }

    /// Named sources include pronouns resolved to a name; shares by hand: 4 of 5, 1 of 5.
    #[test]
    fn source_shares() {
        assert_eq!(
            sources_line(&[3, 1, 1, 0]).as_deref(),
            Some("(sources: named 80% · described 20% · none 0%)")
        );
        assert_eq!(sources_line(&[0; 4]), None);
    }
}
