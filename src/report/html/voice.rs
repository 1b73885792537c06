//! The page's own-voice section, per lexicon: for each category, the rate in the outlet's
//! own voice beside the rates in the voices it reports (reported speech, direct quotations)
//! and the share of its hits said in its own voice, as a chart and a table.

use std::fmt::Write as _;

use super::charts::{figure, voice_rates, VoiceRates};
use super::{escape, interval_text, label_of, thousands, voice_key, Page};
use crate::stats::{per_10k, share, GroupTotals};
use crate::voice::Voice;

/// Categories per lexicon with a chart when it has no contrast: those with the most hits.
const CHARTED: usize = 3;

/// Groups shown per category in the own-voice tables: those with the most hits of it.
const VOICE_GROUPS: usize = 12;

/// Per category of lexicon `l` with hits: for the groups with the most hits of it, the rate
/// in each voice (hits in the voice per 10,000 tokens in that voice; the narrator's with its
/// 95 % interval) and the share of the hits said in the outlet's own voice, as a bar. What
/// the outlet asserts is read apart from what it quotes or reports others as saying.
pub(super) fn own_voice_section(
    page: &Page<'_>,
    outlets: &[(&String, &GroupTotals)],
    l: usize,
) -> Result<(String, usize), Box<dyn std::error::Error>> {
    let analyzer = page.analyzer;
    let lexicon = &analyzer.lexicons()[l];
    let narrator = Voice::Narrator.index();
    let mut out = format!(
        "<h3>Own voice and reported voices</h3>\n<p class=\"note\">Per category: each outlet's hits per 10,000 of its own words (narrator, with its 95 % interval), of the words it reports others as saying (reported), of its direct quotations (quote); the hits it puts in scare quotes (a count: a scare quote is mostly the label itself); and the share of the category's hits in its own voice. The {VOICE_GROUPS} outlets with the most hits of each category; categories without a hit are left out. Voice: {}</p>\n",
        voice_key()
    );
    let rate = |t: &GroupTotals, slot: usize, v: Voice| {
        let n = t.counts_by_voice.get(slot).map_or(0, |c| c[v.index()]);
        per_10k(n, t.tokens_by_voice[v.index()])
    };
    // charts for the contrasts' members, or without contrasts the categories with most hits
    let mut charted: Vec<usize> = lexicon
        .contrasts
        .iter()
        .flat_map(|k| k.categories.iter().copied())
        .collect();
    if charted.is_empty() {
        let hits = |c: usize| -> u64 {
            let slot = analyzer.slot(l, c);
            outlets
                .iter()
                .map(|(_, t)| t.counts.get(slot).copied().unwrap_or(0))
                .sum()
        };
        let mut by_hits: Vec<(usize, u64)> = (0..lexicon.categories.len())
            .map(|c| (c, hits(c)))
            .filter(|&(_, n)| n > 0)
            .collect();
        by_hits.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        charted = by_hits.into_iter().take(CHARTED).map(|(c, _)| c).collect();
    }
    let mut charts = 0;
    let mut any = false;
    for (c, category) in lexicon.categories.iter().enumerate() {
        let slot = analyzer.slot(l, c);
        let mut rows: Vec<&(&String, &GroupTotals)> = outlets
            .iter()
            .filter(|(_, t)| t.counts.get(slot).copied().unwrap_or(0) > 0)
            .collect();
        if rows.is_empty() {
            continue;
        }
        any = true;
        rows.sort_by(|a, b| {
            b.1.counts[slot]
                .cmp(&a.1.counts[slot])
                .then_with(|| a.0.cmp(b.0))
        });
        let more = rows.len().saturating_sub(VOICE_GROUPS);
        rows.truncate(VOICE_GROUPS);
        let chart = charted.contains(&c);
        let _ = writeln!(
            out,
            "<details class=\"voice\" data-category=\"{0}\"{1}><summary>{0}</summary>",
            escape(&category.name),
            if chart { " open" } else { "" }
        );
        if chart {
            let bars: Vec<VoiceRates> = rows
                .iter()
                .map(|(name, t)| VoiceRates {
                    label: label_of(name, t),
                    rates: [Voice::Narrator, Voice::Reported, Voice::Quote]
                        .map(|v| rate(t, slot, v)),
                    narrator_interval: page
                        .intervals
                        .get(*name)
                        .and_then(|i| i.narrator_rate.get(slot).copied().flatten()),
                })
                .collect();
            out.push_str(&figure(
                &voice_rates(&category.name, &bars)?,
                &format!(
                    "{}: hits per 10,000 words of each voice (own voice with its 95 % interval), the outlets with most hits first",
                    category.name
                ),
            ));
            charts += 1;
        }
        let _ = writeln!(
            out,
            "<table><tr><th>outlet</th><th>hits</th><th class=\"v-narrator\">own voice</th><th class=\"v-reported\">reported</th><th class=\"v-quote\">quote</th><th class=\"v-scare\">in scare quotes</th><th>share of hits in its own voice</th></tr>"
        );
        for (name, t) in rows {
            let hits = t.counts[slot];
            let own = t.counts_by_voice.get(slot).map_or(0, |v| v[narrator]);
            let own_share = share(own, hits).unwrap_or(0.0);
            let iv = page
                .intervals
                .get(*name)
                .and_then(|i| i.narrator_rate.get(slot).copied().flatten());
            let cell = |r: Option<f64>| r.map_or("–".to_string(), |r| format!("{r:.1}"));
            let _ = writeln!(
                out,
                "<tr data-outlet=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} <small>[{}]</small></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td><span class=\"bar\" style=\"width:{}px\"></span> {:.0}%</td></tr>",
                escape(name),
                escape(&label_of(name, t)),
                thousands(hits),
                cell(rate(t, slot, Voice::Narrator)),
                interval_text(iv, false),
                cell(rate(t, slot, Voice::Reported)),
                cell(rate(t, slot, Voice::Quote)),
                thousands(t.counts_by_voice.get(slot).map_or(0, |v| v[Voice::Scare.index()])),
                (own_share * 120.0).round() as u32,
                own_share * 100.0
            );
        }
        out.push_str("</table>\n");
        if more > 0 {
            let _ = writeln!(
                out,
                "<p class=\"note\">{} more outlets with hits: the outlets table of <code>slant analyze</code> has every one.</p>",
                thousands(more as u64)
            );
        }
        out.push_str("</details>\n");
    }
    Ok(if any {
        (out, charts)
    } else {
        (String::new(), 0)
    })
}
