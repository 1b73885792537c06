//! The page's time section, when the documents have dates: per lexicon, each contrast's first
//! share and the busiest categories' rates period by period, for the groups with the most dated
//! articles, each point with its 95 % interval as a band.
//!
//! The points and intervals are those of the `series` table of `slant analyze --period`: the
//! same totals ([`crate::stats::Totals::periods`]) and intervals
//! ([`crate::pipeline::summary::intervals`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::charts::{figure, lines, Line, Point, TimeAxes};
use super::{escape, label_of, thousands, Page};
use crate::dates::{days, from_days, Period};
use crate::stats::{per_10k, share, GroupIntervals, GroupTotals};

/// Lines per chart: the groups with the most dated articles.
pub(super) const TIME_GROUPS: usize = 5;

/// Rate charts per lexicon: its categories with the most hits.
pub(super) const TIME_CATEGORIES: usize = 2;

/// Periods drawn from the first to the last with the empty ones as gaps, up to this many;
/// beyond it (a long corpus by day) only the periods with articles.
const MAX_AXIS: usize = 1000;

/// The section (`<h2 id="time">`) and its number of charts; empty without at least two
/// periods.
pub(super) fn time_section(
    page: &Page<'_>,
    shown: &[(&String, &GroupTotals)],
) -> Result<(String, usize), Box<dyn std::error::Error>> {
    let totals = page.totals;
    let Some(period) = totals.period else {
        return Ok((String::new(), 0));
    };
    // dated articles per shown group
    let mut dated: BTreeMap<&str, u64> = BTreeMap::new();
    for ((name, _), t) in &totals.periods {
        *dated.entry(name.as_str()).or_default() += t.docs;
    }
    let mut groups: Vec<(&String, &GroupTotals, u64)> = shown
        .iter()
        .filter_map(|&(n, t)| Some((n, t, *dated.get(n.as_str())?)))
        .filter(|g| g.2 > 0)
        .collect();
    groups.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(b.0)));
    groups.truncate(TIME_GROUPS);
    let present: Vec<i32> = {
        let mut d: Vec<i32> = totals
            .periods
            .keys()
            .filter(|(n, _)| groups.iter().any(|g| g.0 == n))
            .map(|k| k.1)
            .collect();
        d.sort_unstable();
        d.dedup();
        d
    };
    let axis = axis(period, &present);
    if axis.len() < 2 {
        return Ok((String::new(), 0));
    }
    let labels: Vec<String> = axis
        .iter()
        .map(|&d| period.label(from_days(d).unwrap_or_default()))
        .collect();
    let all_dated: u64 = dated.values().sum();
    let mut out = String::new();
    let mut charts = 0;
    let _ = writeln!(
        out,
        "<h2 id=\"time\">Over time</h2>\n<p class=\"note\">By {}{}: {} of {} articles are dated (undated ones count everywhere else on the page). Lines: the {} groups with the most dated articles; each point pools the period's articles, its band is the 95 % interval (moderated as elsewhere), a gap is a period without articles or hits. Every group and period, with intervals: the series table of <code>slant analyze --period {}</code>.</p>",
        period.as_str(),
        if page.chosen_period {
            " (chosen to fit the dates' span; <code>--period</code> sets it)"
        } else {
            ""
        },
        thousands(all_dated),
        thousands(totals.docs()),
        groups.len(),
        period.as_str()
    );
    let analyzer = page.analyzer;
    let whole = totals.corpus();
    let mut contrast_index = 0;
    for (l, lexicon) in analyzer.lexicons().iter().enumerate() {
        let mut figures = String::new();
        for contrast in &lexicon.contrasts {
            let ci = contrast_index;
            contrast_index += 1;
            let slots: Vec<usize> = contrast
                .categories
                .iter()
                .map(|&c| analyzer.slot(l, c))
                .collect();
            let series = lines_of(page, &groups, &axis, |t, iv| {
                let total: u64 = slots.iter().map(|&s| t.counts[s]).sum();
                let v = share(t.counts[slots[0]], total)?;
                Some((
                    v,
                    iv.and_then(|i| i.share.get(ci)?.first().copied().flatten()),
                ))
            });
            if series.iter().all(|s| s.points.iter().all(Option::is_none)) {
                continue;
            }
            let first = &lexicon.categories[contrast.categories[0]].name;
            let title = format!("{}: share of {first}", contrast.name);
            figures.push_str(&figure(
                &lines(
                    &TimeAxes {
                        title: &title,
                        periods: &labels,
                        period: period.as_str(),
                        unit: "share of the contrast's hits",
                        percent: true,
                    },
                    &series,
                )?,
                &format!(
                    "{first}'s share of the hits of {} by {}, with 95 % intervals",
                    contrast.name,
                    period.as_str()
                ),
            ));
            charts += 1;
        }
        // the lexicon's busiest categories: their rates
        let mut busiest: Vec<(usize, u64)> = (0..lexicon.categories.len())
            .map(|c| (c, whole.counts[analyzer.slot(l, c)]))
            .filter(|&(_, n)| n > 0)
            .collect();
        busiest.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        busiest.truncate(TIME_CATEGORIES);
        for (c, _) in busiest {
            let slot = analyzer.slot(l, c);
            let name = &lexicon.categories[c].name;
            let series = lines_of(page, &groups, &axis, |t, iv| {
                let v = per_10k(t.counts[slot], t.tokens)?;
                Some((v, iv.and_then(|i| i.rate.get(slot).copied().flatten())))
            });
            figures.push_str(&figure(
                &lines(
                    &TimeAxes {
                        title: name,
                        periods: &labels,
                        period: period.as_str(),
                        unit: "hits per 10,000 tokens",
                        percent: false,
                    },
                    &series,
                )?,
                &format!(
                    "{name}: hits per 10,000 tokens by {}, with 95 % intervals",
                    period.as_str()
                ),
            ));
            charts += 1;
        }
        if !figures.is_empty() {
            let _ = writeln!(
                out,
                "<h3>{}</h3>\n<div class=\"grid\" data-time=\"{}\">\n{figures}</div>",
                escape(&lexicon.name),
                l
            );
        }
    }
    Ok((out, charts))
}

/// One line per group over the `axis` periods: `value` of the group's totals in a period and
/// of its intervals there, `None` where the group has no article in the period.
fn lines_of(
    page: &Page<'_>,
    groups: &[(&String, &GroupTotals, u64)],
    axis: &[i32],
    value: impl Fn(&GroupTotals, Option<&GroupIntervals>) -> Option<Point>,
) -> Vec<Line> {
    groups
        .iter()
        .map(|&(name, t, _)| Line {
            label: label_of(name, t),
            points: axis
                .iter()
                .map(|&day| {
                    let key = (name.clone(), day);
                    value(page.totals.periods.get(&key)?, page.series.get(&key))
                })
                .collect(),
        })
        .collect()
}

/// The periods of the x axis: every period from the first to the last of `present` (its
/// first days, sorted), so that an empty period is a gap; only `present` when that would be
/// more than [`MAX_AXIS`].
fn axis(period: Period, present: &[i32]) -> Vec<i32> {
    let (Some(&first), Some(&last)) = (present.first(), present.last()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut day = first;
    while day <= last && out.len() <= MAX_AXIS {
        out.push(day);
        let Some(next) = from_days(day).and_then(|d| following(period, d)) else {
            break;
        };
        day = days(next);
    }
    if out.len() > MAX_AXIS || out.last() != Some(&last) {
        present.to_vec()
    } else {
        out
    }
}

/// The first day of the period after the one starting on `start`.
fn following(period: Period, start: NaiveDate) -> Option<NaiveDate> {
    let step = match period {
        Period::Day => 1,
        Period::Week => 7,
        Period::Month => 32,
        Period::Quarter => 93,
        Period::Year => 366,
    };
    Some(period.start(start.checked_add_days(chrono::Days::new(step))?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> i32 {
        days(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    /// Empty periods between the first and the last become gaps; by hand: 2011 … 2014.
    #[test]
    fn the_axis_fills_gaps() {
        let present = [day(2011, 1, 1), day(2014, 1, 1)];
        assert_eq!(
            axis(Period::Year, &present),
            vec![
                day(2011, 1, 1),
                day(2012, 1, 1),
                day(2013, 1, 1),
                day(2014, 1, 1)
            ]
        );
        let months = [day(2016, 11, 1), day(2017, 2, 1)];
        assert_eq!(axis(Period::Month, &months).len(), 4);
        let quarters = [day(2016, 10, 1), day(2017, 4, 1)];
        assert_eq!(axis(Period::Quarter, &quarters).len(), 3);
        // twelve years by day: too long for gaps, only the days with articles
        let long = [day(2000, 1, 3), day(2012, 1, 2)];
        assert_eq!(axis(Period::Day, &long), long.to_vec());
        assert!(axis(Period::Week, &[]).is_empty());
    }
}
