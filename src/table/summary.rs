//! The tables summed over groups (`outlets`, `contrasts`, `series`, `keyness`, `distances`),
//! built from the totals and their statistics at the end of a run.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::{from_micros, int, score_per_10k, PerVoice, TableError, Text};
use crate::analysis::Analyzer;
use crate::keyness::KeynessRow;
use crate::lexicon::ContrastKind;
use crate::stats::{jsd, per_10k, share, GroupIntervals, Interval, Totals, SMALL_N};
use crate::voice::Voice;

/// Where the narrator's numbers are in per-voice arrays.
const NARRATOR: usize = Voice::Narrator as usize;

/// The group columns of a summary table (`--by`: `outlet` by default), one per column.
struct GroupColumns {
    names: Vec<String>,
    values: Vec<Text>,
}

impl GroupColumns {
    fn new(totals: &Totals) -> GroupColumns {
        GroupColumns {
            names: totals.by.clone(),
            values: totals.by.iter().map(|_| Text::default()).collect(),
        }
    }

    /// Adds the values of the group `label`.
    fn push(&mut self, totals: &Totals, label: &str) {
        let key = totals.key(label);
        for (i, column) in self.values.iter_mut().enumerate() {
            column.push_opt(key.get(i).and_then(|v| v.as_deref()));
        }
    }

    fn columns(&self) -> Vec<Column> {
        self.names
            .iter()
            .zip(&self.values)
            .map(|(n, v)| v.column(n))
            .collect()
    }
}

/// The `outlets` table: one row per outlet × lexicon category.
pub fn outlets_frame(
    analyzer: &Analyzer,
    totals: &Totals,
    intervals: &BTreeMap<String, GroupIntervals>,
) -> PolarsResult<DataFrame> {
    let mut group = GroupColumns::new(totals);
    let (mut lexicon, mut category) = (Text::default(), Text::default());
    let (mut lo, mut hi, mut n_lo, mut n_hi) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut small_n = Vec::new();
    let (mut docs, mut docs_with) = (Vec::new(), Vec::new());
    let (mut tokens, mut count, mut rate) = (Vec::new(), Vec::new(), Vec::new());
    let mut tokens_by_voice = PerVoice::<i64>::default();
    let mut counts_by_voice = PerVoice::<i64>::default();
    let mut rates_by_voice = PerVoice::<Option<f64>>::default();
    let (mut score, mut score_rate) = (Vec::new(), Vec::new());
    let mut scores_by_voice = PerVoice::<Option<f64>>::default();
    let mut score_rates_by_voice = PerVoice::<Option<f64>>::default();
    for (name, t) in &totals.groups {
        for (l, lex) in analyzer.lexicons().iter().enumerate() {
            for (c, cat) in lex.categories.iter().enumerate() {
                let slot = analyzer.slot(l, c);
                let n = t.counts.get(slot).copied().unwrap_or(0);
                let by_voice = t.counts_by_voice.get(slot).copied().unwrap_or_default();
                group.push(totals, name);
                lexicon.push(&lex.name);
                category.push(&cat.name);
                docs.push(int(t.docs));
                docs_with.push(int(t.docs_with.get(slot).copied().unwrap_or(0)));
                tokens.push(int(t.tokens));
                count.push(int(n));
                rate.push(per_10k(n, t.tokens));
                tokens_by_voice.push(&t.tokens_by_voice);
                counts_by_voice.push(&by_voice);
                rates_by_voice
                    .push_with(|v| per_10k(by_voice[v.index()], t.tokens_by_voice[v.index()]));
                let scores = analyzer
                    .scored_slot(slot)
                    .then(|| t.scores_by_voice.get(slot).copied().unwrap_or_default());
                let selected = scores.map(|s| analyzer.selected_sum(&s));
                score.push(selected.map(from_micros));
                score_rate.push(selected.and_then(|s| score_per_10k(s, t.tokens)));
                scores_by_voice.push_with(|v| scores.map(|s| from_micros(s[v.index()])));
                score_rates_by_voice.push_with(|v| {
                    scores.and_then(|s| score_per_10k(s[v.index()], t.tokens_by_voice[v.index()]))
                });
                let iv = intervals.get(name);
                let pick =
                    |v: Option<&Vec<Interval>>| v.and_then(|v| v.get(slot).copied().flatten());
                let (rate, narrator_rate) = (
                    pick(iv.map(|i| &i.rate)),
                    pick(iv.map(|i| &i.narrator_rate)),
                );
                lo.push(rate.map(|r| r.0));
                hi.push(rate.map(|r| r.1));
                n_lo.push(narrator_rate.map(|r| r.0));
                n_hi.push(narrator_rate.map(|r| r.1));
                small_n.push(t.docs < SMALL_N);
            }
        }
    }
    let mut columns = group.columns();
    columns.extend([
        lexicon.column("lexicon"),
        category.column("category"),
        Column::new("docs".into(), docs),
        Column::new("docs_with".into(), docs_with),
        Column::new("tokens".into(), tokens),
    ]);
    columns.extend(tokens_by_voice.columns(|v| format!("tokens_{v}")));
    columns.push(Column::new("count".into(), count));
    columns.extend(counts_by_voice.columns(str::to_string));
    columns.extend([
        Column::new("per_10k".into(), rate),
        Column::new("per_10k_ci_low".into(), lo),
        Column::new("per_10k_ci_high".into(), hi),
    ]);
    // the narrator's rate first, with its interval (the outlet's own framing), then the others'
    let mut rates = rates_by_voice.columns(|v| format!("{v}_per_10k"));
    columns.extend(rates.next());
    columns.extend([
        Column::new("narrator_per_10k_ci_low".into(), n_lo),
        Column::new("narrator_per_10k_ci_high".into(), n_hi),
    ]);
    columns.extend(rates);
    columns.extend([
        Column::new("score".into(), score),
        Column::new("score_per_10k".into(), score_rate),
    ]);
    columns.extend(scores_by_voice.columns(|v| format!("{v}_score")));
    columns.extend(score_rates_by_voice.columns(|v| format!("{v}_score_per_10k")));
    columns.push(Column::new("small_n".into(), small_n));
    DataFrame::new_infer_height(columns)
}

/// The `series` table's rows for the groups and periods `keys` (of `totals.periods`): one row
/// per group × period × lexicon category, for the periods in which the group has articles. A
/// category in a contrast has its share of the contrast (the first contrast it is in, named in
/// `contrast`). The writer gives the keys a few at a time, so that the table (a row per group,
/// period and category: 400,000 for ABP by outlet and month) is never held whole.
pub fn series_frame(
    analyzer: &Analyzer,
    totals: &Totals,
    intervals: &BTreeMap<(String, i32), GroupIntervals>,
    keys: &[&(String, i32)],
) -> PolarsResult<DataFrame> {
    // each category slot's first contrast: (lexicon's contrast name, contrast index, member)
    let contrast_slots = analyzer.contrast_slots();
    let mut member: Vec<Option<(String, usize, usize)>> = vec![None; analyzer.slots()];
    let names: Vec<&str> = analyzer
        .lexicons()
        .iter()
        .flat_map(|l| l.contrasts.iter().map(|c| c.name.as_str()))
        .collect();
    for (k, slots) in contrast_slots.iter().enumerate() {
        for (m, &slot) in slots.iter().enumerate() {
            if member[slot].is_none() {
                member[slot] = Some((names[k].to_string(), k, m));
            }
        }
    }
    let period = totals.period.unwrap_or(crate::dates::Period::Day);
    let mut group = GroupColumns::new(totals);
    let (mut label, mut lexicon, mut category, mut contrast) = (
        Text::default(),
        Text::default(),
        Text::default(),
        Text::default(),
    );
    let mut start: Vec<i32> = Vec::new();
    let (mut docs, mut docs_with, mut tokens, mut counts) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut tokens_by_voice = PerVoice::<i64>::default();
    let mut counts_by_voice = PerVoice::<i64>::default();
    let (mut rate, mut lo, mut hi) = (Vec::new(), Vec::new(), Vec::new());
    let (mut n_rate, mut n_lo, mut n_hi) = (Vec::new(), Vec::new(), Vec::new());
    let (mut shares, mut s_lo, mut s_hi) = (Vec::new(), Vec::new(), Vec::new());
    let mut small_n = Vec::new();
    for &key in keys {
        let (name, day) = key;
        let Some(t) = totals.periods.get(key) else {
            continue;
        };
        let iv = intervals.get(key);
        let first = crate::dates::from_days(*day).unwrap_or_default();
        let period_label = period.label(first);
        let count = |slot: usize| t.counts.get(slot).copied().unwrap_or(0);
        for (l, lex) in analyzer.lexicons().iter().enumerate() {
            for (c, cat) in lex.categories.iter().enumerate() {
                let slot = analyzer.slot(l, c);
                let by_voice = t.counts_by_voice.get(slot).copied().unwrap_or_default();
                group.push(totals, name);
                label.push(&period_label);
                start.push(*day);
                lexicon.push(&lex.name);
                category.push(&cat.name);
                docs.push(int(t.docs));
                docs_with.push(int(t.docs_with.get(slot).copied().unwrap_or(0)));
                tokens.push(int(t.tokens));
                tokens_by_voice.push(&t.tokens_by_voice);
                counts.push(int(count(slot)));
                counts_by_voice.push(&by_voice);
                let pick =
                    |v: Option<&Vec<Interval>>| v.and_then(|v| v.get(slot).copied().flatten());
                let (r, nr) = (
                    pick(iv.map(|i| &i.rate)),
                    pick(iv.map(|i| &i.narrator_rate)),
                );
                rate.push(per_10k(count(slot), t.tokens));
                lo.push(r.map(|r| r.0));
                hi.push(r.map(|r| r.1));
                n_rate.push(per_10k(by_voice[NARRATOR], t.tokens_by_voice[NARRATOR]));
                n_lo.push(nr.map(|r| r.0));
                n_hi.push(nr.map(|r| r.1));
                match &member[slot] {
                    Some((cname, k, m)) => {
                        let total: u64 = contrast_slots[*k].iter().map(|&s| count(s)).sum();
                        let siv = iv
                            .and_then(|i| i.share.get(*k))
                            .and_then(|v| v.get(*m).copied().flatten());
                        contrast.push(cname);
                        shares.push(share(count(slot), total));
                        s_lo.push(siv.map(|x| x.0));
                        s_hi.push(siv.map(|x| x.1));
                    }
                    None => {
                        contrast.push_opt(None);
                        shares.push(None);
                        s_lo.push(None);
                        s_hi.push(None);
                    }
                }
                small_n.push(t.docs < SMALL_N);
            }
        }
    }
    let mut columns = group.columns();
    columns.extend([
        label.column("period"),
        Int32Chunked::from_vec("period_start".into(), start)
            .into_date()
            .into_column(),
        lexicon.column("lexicon"),
        category.column("category"),
        Column::new("docs".into(), docs),
        Column::new("docs_with".into(), docs_with),
        Column::new("tokens".into(), tokens),
    ]);
    columns.extend(tokens_by_voice.columns(|v| format!("tokens_{v}")));
    columns.push(Column::new("count".into(), counts));
    columns.extend(counts_by_voice.columns(str::to_string));
    columns.extend([
        Column::new("per_10k".into(), rate),
        Column::new("per_10k_ci_low".into(), lo),
        Column::new("per_10k_ci_high".into(), hi),
        Column::new("narrator_per_10k".into(), n_rate),
        Column::new("narrator_per_10k_ci_low".into(), n_lo),
        Column::new("narrator_per_10k_ci_high".into(), n_hi),
        contrast.column("contrast"),
        Column::new("share".into(), shares),
        Column::new("share_ci_low".into(), s_lo),
        Column::new("share_ci_high".into(), s_hi),
        Column::new("small_n".into(), small_n),
    ]);
    DataFrame::new_infer_height(columns)
}

/// The `contrasts` table: one row per outlet × contrast × category of the contrast.
pub fn contrasts_frame(
    analyzer: &Analyzer,
    totals: &Totals,
    intervals: &BTreeMap<String, GroupIntervals>,
) -> PolarsResult<DataFrame> {
    let (mut lo, mut hi) = (Vec::new(), Vec::new());
    let mut group = GroupColumns::new(totals);
    let (mut lexicon, mut contrast, mut category) =
        (Text::default(), Text::default(), Text::default());
    let (mut count, mut total, mut shares) = (Vec::new(), Vec::new(), Vec::new());
    let (mut n_count, mut n_total, mut n_shares) = (Vec::new(), Vec::new(), Vec::new());
    let mut small_n = Vec::new();
    let (mut tone, mut tone_lo, mut tone_hi, mut n_tone) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (name, t) in &totals.groups {
        let mut contrast_index = 0;
        for (l, lex) in analyzer.lexicons().iter().enumerate() {
            for con in &lex.contrasts {
                let shares_iv = intervals
                    .get(name)
                    .and_then(|i| i.share.get(contrast_index));
                contrast_index += 1;
                let all = |c: usize| t.counts.get(analyzer.slot(l, c)).copied().unwrap_or(0);
                let narr = |c: usize| {
                    t.counts_by_voice
                        .get(analyzer.slot(l, c))
                        .map_or(0, |v| v[NARRATOR])
                };
                let sum: u64 = con.categories.iter().map(|&c| all(c)).sum();
                let n_sum: u64 = con.categories.iter().map(|&c| narr(c)).sum();
                // a tone is 2 s − 1, s the positive (first) member's share: so is its interval
                let is_tone = con.kind == ContrastKind::Tone;
                let positive = con.categories.first().copied().unwrap_or(0);
                let to_tone = |s: Option<f64>| s.filter(|_| is_tone).map(|s| 2.0 * s - 1.0);
                let pos_iv = shares_iv.and_then(|v| v.first().copied().flatten());
                for (member, &c) in con.categories.iter().enumerate() {
                    tone.push(to_tone(share(all(positive), sum)));
                    tone_lo.push(to_tone(pos_iv.map(|x| x.0)));
                    tone_hi.push(to_tone(pos_iv.map(|x| x.1)));
                    n_tone.push(to_tone(share(narr(positive), n_sum)));
                    let iv = shares_iv.and_then(|v| v.get(member).copied().flatten());
                    lo.push(iv.map(|x| x.0));
                    hi.push(iv.map(|x| x.1));
                    small_n.push(t.docs < SMALL_N);
                    group.push(totals, name);
                    lexicon.push(&lex.name);
                    contrast.push(&con.name);
                    category.push(&lex.categories[c].name);
                    count.push(int(all(c)));
                    total.push(int(sum));
                    shares.push(share(all(c), sum));
                    n_count.push(int(narr(c)));
                    n_total.push(int(n_sum));
                    n_shares.push(share(narr(c), n_sum));
                }
            }
        }
    }
    let mut columns = group.columns();
    columns.extend([
        lexicon.column("lexicon"),
        contrast.column("contrast"),
        category.column("category"),
        Column::new("count".into(), count),
        Column::new("contrast_total".into(), total),
        Column::new("share".into(), shares),
        Column::new("share_ci_low".into(), lo),
        Column::new("share_ci_high".into(), hi),
        Column::new("small_n".into(), small_n),
        Column::new("narrator_count".into(), n_count),
        Column::new("narrator_total".into(), n_total),
        Column::new("narrator_share".into(), n_shares),
        Column::new("tone".into(), tone),
        Column::new("tone_ci_low".into(), tone_lo),
        Column::new("tone_ci_high".into(), tone_hi),
        Column::new("narrator_tone".into(), n_tone),
    ]);
    DataFrame::new_infer_height(columns)
}

/// The `keyness` table: one row per comparison × feature, with the target group's columns.
pub fn keyness_frame(rows: &[KeynessRow], totals: &Totals) -> PolarsResult<DataFrame> {
    let mut group = GroupColumns::new(totals);
    for r in rows {
        group.push(totals, &r.target);
    }
    let text = |name: &str, f: &dyn Fn(&KeynessRow) -> &str| {
        StringChunked::from_iter_values(name.into(), rows.iter().map(f))
            .into_series()
            .into_column()
    };
    let opt = |name: &str, f: &dyn Fn(&KeynessRow) -> Option<&str>| {
        StringChunked::from_iter_options(name.into(), rows.iter().map(f))
            .into_series()
            .into_column()
    };
    let num = |f: &dyn Fn(&KeynessRow) -> u64| rows.iter().map(|r| int(f(r))).collect::<Vec<i64>>();
    let real = |f: &dyn Fn(&KeynessRow) -> f64| rows.iter().map(f).collect::<Vec<f64>>();
    let rate =
        |f: &dyn Fn(&KeynessRow) -> Option<f64>| rows.iter().map(f).collect::<Vec<Option<f64>>>();
    // null, not NaN, where a value is undefined
    let finite = |f: &dyn Fn(&KeynessRow) -> f64| {
        rows.iter()
            .map(|r| Some(f(r)).filter(|x| x.is_finite()))
            .collect::<Vec<Option<f64>>>()
    };
    let mut columns = group.columns();
    columns.extend([
        text("target", &|r| &r.target),
        text("reference", &|r| &r.reference),
        opt("lexicon", &|r| r.lexicon.as_deref()),
        opt("category", &|r| r.category.as_deref()),
        text("feature", &|r| &r.feature),
        text("feature_kind", &|r| r.kind.as_str()),
        Column::new("target_count".into(), num(&|r| r.target_count)),
        Column::new("reference_count".into(), num(&|r| r.reference_count)),
        Column::new("target_tokens".into(), num(&|r| r.target_tokens)),
        Column::new("reference_tokens".into(), num(&|r| r.reference_tokens)),
        Column::new("target_per_10k".into(), rate(&|r| r.target_per_10k())),
        Column::new("reference_per_10k".into(), rate(&|r| r.reference_per_10k())),
        Column::new("log_odds".into(), real(&|r| r.stats.log_odds)),
        Column::new("z".into(), real(&|r| r.stats.z)),
        Column::new("chi2".into(), real(&|r| r.stats.chi2)),
        Column::new("g2".into(), real(&|r| r.stats.g2)),
        Column::new("p".into(), real(&|r| r.stats.p)),
        Column::new("q".into(), finite(&|r| r.q)),
        Column::new("log_ratio".into(), finite(&|r| r.stats.log_ratio)),
        Column::new("log_ratio_low".into(), finite(&|r| r.stats.log_ratio_low)),
        Column::new("log_ratio_high".into(), finite(&|r| r.stats.log_ratio_high)),
        Column::new("expected_min".into(), real(&|r| r.expected)),
    ]);
    DataFrame::new_infer_height(columns)
}

/// Groups beyond which the `distances` table (a row per pair of groups and lexicon) is not
/// written: 10,000 groups make 50 million pairs per lexicon, which is a grouping by something
/// that is not a kind of outlet (`--by id`, `--by title`) rather than a comparison anyone reads.
pub const MAX_DISTANCE_GROUPS: usize = 10_000;

/// The `distances` table: per lexicon, one row per pair of outlets (in name order), the
/// Jensen–Shannon divergence of their category distributions. Given to `each` in frames of at
/// most `rows` rows: the table has a row per pair of outlets, 600,000 for 491 outlets and a
/// hundred times that for 5,000, so it is never held whole. With more than
/// [`MAX_DISTANCE_GROUPS`] groups the table is left empty.
pub fn distances_frames(
    analyzer: &Analyzer,
    totals: &Totals,
    rows: usize,
    each: &mut dyn FnMut(PolarsResult<DataFrame>) -> Result<(), TableError>,
) -> Result<(), TableError> {
    // `outlet_a` and `outlet_b` by default; `label_a`, `outlet_country_a` with --by
    let by = totals.by.join("_");
    let (column_a, column_b) = (format!("{by}_a"), format!("{by}_b"));
    #[derive(Default)]
    struct Frame {
        lexicon: Text,
        a: Text,
        b: Text,
        hits_a: Vec<i64>,
        hits_b: Vec<i64>,
        d: Vec<Option<f64>>,
    }
    impl Frame {
        fn take(&mut self, a: &str, b: &str) -> PolarsResult<DataFrame> {
            let f = std::mem::take(self);
            DataFrame::new_infer_height(vec![
                f.lexicon.column("lexicon"),
                f.a.column(a),
                f.b.column(b),
                Column::new("hits_a".into(), f.hits_a),
                Column::new("hits_b".into(), f.hits_b),
                Column::new("jsd".into(), f.d),
            ])
        }
    }
    let mut frame = Frame::default();
    let mut any = false;
    if totals.groups.len() > MAX_DISTANCE_GROUPS {
        return each(frame.take(&column_a, &column_b));
    }
    let outlets: Vec<(&String, &crate::stats::GroupTotals)> = totals.groups.iter().collect();
    for (l, lex) in analyzer.lexicons().iter().enumerate() {
        let counts = |t: &crate::stats::GroupTotals| -> Vec<u64> {
            (0..lex.categories.len())
                .map(|c| t.counts.get(analyzer.slot(l, c)).copied().unwrap_or(0))
                .collect()
        };
        let all: Vec<Vec<u64>> = outlets.iter().map(|(_, t)| counts(t)).collect();
        let hits: Vec<i64> = all.iter().map(|c| int(c.iter().sum())).collect();
        for (i, (name_a, _)) in outlets.iter().enumerate() {
            let ca = &all[i];
            for (j, (name_b, _)) in outlets.iter().enumerate().skip(i + 1) {
                let cb = &all[j];
                frame.lexicon.push(&lex.name);
                frame.a.push(name_a);
                frame.b.push(name_b);
                frame.hits_a.push(hits[i]);
                frame.hits_b.push(hits[j]);
                frame.d.push(jsd(ca, cb));
                if frame.d.len() >= rows {
                    each(frame.take(&column_a, &column_b))?;
                    any = true;
                }
            }
        }
    }
    if !frame.d.is_empty() || !any {
        each(frame.take(&column_a, &column_b))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_in_frames_make_the_whole_table() {
        let toml = "[categories.terrorist_label]\nterms = [\"terrorist*\"]\n\
                    [categories.opposition_label]\nterms = [\"opposition\", \"rebel*\"]\n";
        let lexicon =
            crate::lexicon::parse(toml, "t.toml", "t", crate::lexicon::Format::Toml).unwrap();
        let analyzer = Analyzer::new(vec![lexicon]);
        let mut totals = Totals::default();
        let outlets = [
            ("Press TV", [6, 0]),
            ("RT", [3, 2]),
            ("Reuters", [1, 5]),
            ("TASS", [0, 0]),
            ("The Guardian", [2, 4]),
        ];
        for (name, counts) in outlets {
            let t = crate::stats::GroupTotals {
                counts: counts.to_vec(),
                ..Default::default()
            };
            totals.groups.insert(name.into(), t);
        }
        let frames = |totals: &Totals, rows: usize| {
            let mut out = Vec::new();
            distances_frames(&analyzer, totals, rows, &mut |f| {
                out.push(f.unwrap());
                Ok(())
            })
            .unwrap();
            out
        };
        let whole = frames(&totals, usize::MAX);
        assert_eq!(whole.len(), 1);
        let whole = &whole[0];
        assert_eq!(whole.height(), 10); // 5 outlets, 10 pairs
        let b: Vec<_> = whole
            .column("outlet_b")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(
            b[..4],
            [
                Some("RT"),
                Some("Reuters"),
                Some("TASS"),
                Some("The Guardian")
            ]
        );
        for rows in [1, 3, 4, 10] {
            let parts = frames(&totals, rows);
            assert_eq!(parts.len(), 10usize.div_ceil(rows), "{rows} rows a frame");
            let mut joined = parts[0].clone();
            for p in &parts[1..] {
                joined.vstack_mut(p).unwrap();
            }
            assert!(joined.equals_missing(whole), "{rows} rows a frame");
        }
        // no outlets: one empty frame, which gives the file its schema
        let none = frames(&Totals::default(), 3);
        assert_eq!((none.len(), none[0].height()), (1, 0));
        assert_eq!(none[0].schema(), whole.schema());
    }
}
