//! The page's charts, drawn with plotters as inline SVG: rates with whiskers, stacked shares,
//! the outlet × category heatmap.

use plotters::prelude::*;

use super::escape;

pub(super) type ChartResult = Result<String, Box<dyn std::error::Error>>;

pub(super) fn figure(svg: &str, caption: &str) -> String {
    format!(
        "<figure class=\"chart\">{}<figcaption>{}</figcaption></figure>\n",
        compact(svg),
        escape(caption)
    )
}

/// plotters' SVG without what SVG assumes anyway (`opacity="1"`, `stroke="none"`,
/// `stroke-width="1"`), the font family (the page's style gives it) and font sizes to whole
/// pixels: about a fifth smaller, drawn the same.
fn compact(svg: &str) -> String {
    let mut out = svg
        .replace(" opacity=\"1\"", "")
        .replace(" stroke=\"none\"", "")
        .replace(" stroke-width=\"1\"", "")
        .replace(" font-family=\"sans-serif\"", "");
    let key = "font-size=\"";
    let mut from = 0;
    while let Some(at) = out[from..].find(key) {
        let start = from + at + key.len();
        let Some(len) = out[start..].find('"') else {
            break;
        };
        if let Some(dot) = out[start..start + len].find('.') {
            out.replace_range(start + dot..start + len, "");
        }
        from = start;
    }
    out
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
    (longest as u32 * 8 + 16).clamp(60, 300)
}

/// One outlet's bar of a rate chart.
pub(super) struct Bar {
    pub(super) label: String,
    pub(super) value: Option<f64>,
    pub(super) interval: Option<(f64, f64)>,
}

/// `n` segments (bars, rows, periods) for an axis. plotters' `(0..m).into_segmented()` has
/// the m + 1 segments 0..=m, which left an empty row and a stray tick after the last.
/// (One segment is drawn as two, the second empty: plotters cannot map a range of one value.)
fn segments(
    n: usize,
) -> plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordusize> {
    (0..n.max(2) - 1).into_segmented()
}

const BAR: RGBColor = RGBColor(76, 120, 168);
/// Font sizes given to plotters, which writes `0.806 ×` them into the SVG: 15 is 12 px.
const TEXT: u32 = 15;
const CAPTION: u32 = 18;
const LABEL: usize = 32;

/// Horizontal bars, one per outlet (top to bottom in the given order), with whiskers.
pub(super) fn rates(title: &str, bars: &[Bar]) -> ChartResult {
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
        let root = SVGBackend::with_string(&mut svg, (420, 82 + 24 * n as u32)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", CAPTION))
            .margin(6)
            .x_label_area_size(44)
            .y_label_area_size(label_width(&labels, LABEL))
            .build_cartesian_2d(0.0..xmax, segments(n))?;
        chart
            .configure_mesh()
            .max_light_lines(1)
            .disable_y_mesh()
            .y_labels(n.max(1))
            .x_labels(4)
            .label_style(("sans-serif", TEXT))
            .axis_desc_style(("sans-serif", TEXT))
            .x_desc("hits per 10,000 tokens (whisker: 95 % interval)")
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
pub(super) fn stacked(outlets: &[String], members: &[String], shares: &[Vec<f64>]) -> ChartResult {
    let n = outlets.len();
    let labels: Vec<String> = outlets.iter().map(|o| short(o, 40)).collect();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(
            &mut svg,
            (760, 88 + 24 * n as u32 + 18 * members.len() as u32),
        )
        .into_drawing_area();
        root.fill(&WHITE)?;
        let (plot, legend) = root.split_vertically(58 + 24 * n as u32);
        let mut chart = ChartBuilder::on(&plot)
            .margin(6)
            .margin_right(24)
            .x_label_area_size(40)
            .y_label_area_size(label_width(&labels, 40))
            .build_cartesian_2d(0.0..100.0, segments(n))?;
        chart
            .configure_mesh()
            .max_light_lines(1)
            .disable_y_mesh()
            .y_labels(n.max(1))
            .x_labels(6)
            .label_style(("sans-serif", TEXT))
            .axis_desc_style(("sans-serif", TEXT))
            .x_desc("share of the contrast's hits")
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
                ("sans-serif", TEXT).into_font(),
            ))?;
        }
        root.present()?;
    }
    Ok(svg)
}

/// The colour of `x = log2(observed / expected)`, clamped to ±[`HEAT_RANGE`]: blue below
/// the corpus's rate, white at it, red above it.
pub(super) fn heat(x: f64) -> RGBColor {
    let t = if x.is_finite() {
        (x / HEAT_RANGE).clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let mix = |a: f64, b: f64, t: f64| (a + (b - a) * t).round() as u8;
    if t >= 0.0 {
        RGBColor(
            mix(255.0, 178.0, t),
            mix(255.0, 24.0, t),
            mix(255.0, 43.0, t),
        )
    } else {
        RGBColor(
            mix(255.0, 33.0, -t),
            mix(255.0, 102.0, -t),
            mix(255.0, 172.0, -t),
        )
    }
}

/// The heatmap's scale: ±2 is four times the corpus's rate, or a quarter of it.
const HEAT_RANGE: f64 = 2.0;

/// One cell of the heatmap: the group's rate, its hits and the hits it would have at the
/// corpus's rate of the category.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cell {
    pub(super) rate: Option<f64>,
    pub(super) count: u64,
    pub(super) expected: f64,
}

impl Cell {
    /// `log2((count + ½) / (expected + ½))`: how much more (or less) the group uses the
    /// category than the corpus, with ½ added to each side so that one hit where 0.1 were
    /// expected is not the darkest cell (the log ratio of docs/METHODOLOGY.md, "Keyness").
    pub(super) fn ratio(self) -> f64 {
        ((self.count as f64 + 0.5) / (self.expected + 0.5)).log2()
    }
}

/// Groups (rows) × categories (columns): each cell's rate written in it, coloured on one
/// scale for the whole lexicon by how much more or less than the corpus the group uses the
/// category ([`Cell::ratio`]), with a colour key below.
pub(super) fn heatmap(rows: &[String], cols: &[String], values: &[Vec<Cell>]) -> ChartResult {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let (nr, nc) = (rows.len(), cols.len());
    let labels: Vec<String> = rows.iter().map(|r| short(r, LABEL)).collect();
    let col_labels: Vec<String> = cols.iter().map(|c| short(c, 22)).collect();
    let cell = 64;
    let left = label_width(&labels, LABEL);
    let key = 56;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(
            &mut svg,
            (
                (left + 20 + cell * nc.max(1) as u32).max(480),
                170 + 28 * nr as u32 + key,
            ),
        )
        .into_drawing_area();
        root.fill(&WHITE)?;
        let (area, key_area) = root.split_vertically(170 + 28 * nr as u32);
        let mut chart = ChartBuilder::on(&area)
            .margin(6)
            .set_label_area_size(LabelAreaPosition::Top, 150)
            .y_label_area_size(left)
            .build_cartesian_2d(segments(nc), segments(nr))?;
        chart
            .configure_mesh()
            .max_light_lines(1)
            .disable_mesh()
            .disable_x_axis()
            .y_labels(nr.max(1))
            .label_style(("sans-serif", TEXT))
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(i) if *i < nr => labels[nr - 1 - i].clone(),
                _ => String::new(),
            })
            .draw()?;
        // Column labels, written upwards above each column.
        for (c, name) in col_labels.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(SegmentValue::CenterOf(c), SegmentValue::Exact(nr)));
            area.draw(&Text::new(
                name.clone(),
                (x, y - 6),
                TextStyle::from(
                    ("sans-serif", TEXT)
                        .into_font()
                        .transform(FontTransform::Rotate270),
                )
                .pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        for (r, row) in values.iter().enumerate() {
            let y = nr - 1 - r;
            for (c, v) in row.iter().enumerate() {
                let x = v.ratio();
                chart.draw_series(std::iter::once(Rectangle::new(
                    [
                        (SegmentValue::Exact(c), SegmentValue::Exact(y)),
                        (SegmentValue::Exact(c + 1), SegmentValue::Exact(y + 1)),
                    ],
                    heat(x).filled(),
                )))?;
                let text = v
                    .rate
                    .map(|v| format!("{v:.1}"))
                    .unwrap_or_else(|| "–".into());
                let colour = if x.abs() > HEAT_RANGE * 0.6 {
                    WHITE
                } else {
                    BLACK
                };
                chart.draw_series(std::iter::once(Text::new(
                    text,
                    (SegmentValue::CenterOf(c), SegmentValue::CenterOf(y)),
                    ("sans-serif", TEXT)
                        .into_font()
                        .color(&colour)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                )))?;
            }
        }
        // the colour key: ¼ × … 1 × … 4 × the corpus's rate
        let (x0, width) = (left as i32 + 10, 300);
        let steps = 60;
        for i in 0..steps {
            let x = -HEAT_RANGE + 2.0 * HEAT_RANGE * (i as f64 + 0.5) / steps as f64;
            let a = x0 + width * i / steps;
            let b = x0 + width * (i + 1) / steps;
            key_area.draw(&Rectangle::new([(a, 8), (b, 24)], heat(x).filled()))?;
        }
        key_area.draw(&Rectangle::new(
            [(x0, 8), (x0 + width, 24)],
            BLACK.stroke_width(1),
        ))?;
        for (i, tick) in ["¼ ×", "½ ×", "1 ×", "2 ×", "4 ×"].iter().enumerate() {
            key_area.draw(&Text::new(
                tick.to_string(),
                (x0 + width * i as i32 / 4, 30),
                TextStyle::from(("sans-serif", TEXT).into_font())
                    .pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
        key_area.draw(&Text::new(
            "the corpus's rate of the category".to_string(),
            (x0 + width + 14, 16),
            TextStyle::from(("sans-serif", TEXT).into_font())
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        root.present()?;
    }
    Ok(svg)
}

/// A value and its 95 % interval, if any.
pub(super) type Point = (f64, Option<(f64, f64)>);

/// One line of a time chart: per period (in the chart's order) its value and 95 % interval,
/// `None` where the group has nothing to show in that period.
pub(super) struct Line {
    pub(super) label: String,
    pub(super) points: Vec<Option<Point>>,
}

/// The axes of a time chart.
pub(super) struct TimeAxes<'a> {
    pub(super) title: &'a str,
    /// The periods' names, oldest first.
    pub(super) periods: &'a [String],
    /// The period's kind, for the x axis (`year`).
    pub(super) period: &'a str,
    /// The y axis: what is measured and its unit.
    pub(super) unit: &'a str,
    /// Values are shares, drawn as 0–100 %.
    pub(super) percent: bool,
}

/// Lines over time, one per group, a circle at each period with a value and a lighter band
/// for its 95 % interval (a whisker where a point has no neighbour), with a legend below
/// naming every line, the marker and the band.
pub(super) fn lines(axes: &TimeAxes<'_>, lines: &[Line]) -> ChartResult {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let p = axes.periods.len();
    let scale = if axes.percent { 100.0 } else { 1.0 };
    let top = lines
        .iter()
        .flat_map(|l| l.points.iter().flatten())
        .flat_map(|(v, iv)| [Some(*v), iv.map(|i| i.1)])
        .flatten()
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max)
        * scale;
    let ymax = if axes.percent {
        100.0
    } else if top > 0.0 {
        top * 1.1
    } else {
        1.0
    };
    let legend_rows = lines.len() as u32 + 1;
    let (width, plot_height) = (580u32, 300u32);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, plot_height + 10 + 20 * legend_rows))
            .into_drawing_area();
        root.fill(&WHITE)?;
        let (plot, legend) = root.split_vertically(plot_height);
        let mut chart = ChartBuilder::on(&plot)
            .caption(axes.title, ("sans-serif", CAPTION))
            .margin(8)
            .margin_right(24)
            .x_label_area_size(44)
            .y_label_area_size(56)
            .build_cartesian_2d(segments(p), 0.0..ymax)?;
        let periods = axes.periods;
        chart
            .configure_mesh()
            .max_light_lines(1)
            .disable_x_mesh()
            .x_labels(p.clamp(1, 8))
            .y_labels(6)
            .label_style(("sans-serif", TEXT))
            .axis_desc_style(("sans-serif", TEXT))
            .x_desc(axes.period)
            .y_desc(axes.unit)
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) if *i < p => periods[*i].clone(),
                _ => String::new(),
            })
            .y_label_formatter(&|y| {
                if axes.percent {
                    format!("{y:.0}%")
                } else {
                    format!("{y:.1}")
                }
            })
            .draw()?;
        for (k, line) in lines.iter().enumerate() {
            let colour = SERIES[k % SERIES.len()];
            // runs of consecutive periods with a value
            let mut runs: Vec<Vec<(usize, Point)>> = vec![Vec::new()];
            for (i, point) in line.points.iter().enumerate() {
                match point {
                    Some((v, iv)) if v.is_finite() => runs
                        .last_mut()
                        .expect("one run")
                        .push((i, (*v * scale, iv.map(|(a, b)| (a * scale, b * scale))))),
                    _ => runs.push(Vec::new()),
                }
            }
            for run in runs.iter().filter(|r| !r.is_empty()) {
                let banded: Vec<_> = run
                    .iter()
                    .filter_map(|&(i, (v, iv))| Some((i, v, iv?)))
                    .collect();
                if run.len() > 1 && banded.len() == run.len() {
                    let mut outline: Vec<(SegmentValue<usize>, f64)> = banded
                        .iter()
                        .map(|&(i, _, (_, hi))| (SegmentValue::CenterOf(i), hi.min(ymax)))
                        .collect();
                    outline.extend(
                        banded
                            .iter()
                            .rev()
                            .map(|&(i, _, (lo, _))| (SegmentValue::CenterOf(i), lo.max(0.0))),
                    );
                    chart.draw_series(std::iter::once(Polygon::new(
                        outline,
                        colour.mix(0.16).filled(),
                    )))?;
                } else {
                    chart.draw_series(banded.iter().map(|&(i, v, (lo, hi))| {
                        ErrorBar::new_vertical(
                            SegmentValue::CenterOf(i),
                            lo.max(0.0),
                            v,
                            hi.min(ymax),
                            colour.mix(0.5).stroke_width(1),
                            6,
                        )
                    }))?;
                }
                chart.draw_series(std::iter::once(PathElement::new(
                    run.iter()
                        .map(|&(i, (v, _))| (SegmentValue::CenterOf(i), v))
                        .collect::<Vec<_>>(),
                    colour.stroke_width(2),
                )))?;
                chart.draw_series(run.iter().map(|&(i, (v, _))| {
                    Circle::new((SegmentValue::CenterOf(i), v), 3, colour.filled())
                }))?;
            }
        }
        let text = |s: String, x: i32, y: i32| {
            Text::new(
                s,
                (x, y),
                TextStyle::from(("sans-serif", TEXT).into_font())
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            )
        };
        for (k, line) in lines.iter().enumerate() {
            let colour = SERIES[k % SERIES.len()];
            let y = 10 + 20 * k as i32;
            legend.draw(&PathElement::new(
                vec![(20, y), (44, y)],
                colour.stroke_width(2),
            ))?;
            legend.draw(&Circle::new((32, y), 3, colour.filled()))?;
            legend.draw(&text(short(&line.label, 60), 52, y))?;
        }
        let y = 10 + 20 * lines.len() as i32;
        legend.draw(&Rectangle::new(
            [(20, y - 6), (44, y + 6)],
            SERIES[0].mix(0.16).filled(),
        ))?;
        legend.draw(&text(
            "95 % interval (a whisker where a period stands alone)".to_string(),
            52,
            y,
        ))?;
        root.present()?;
    }
    Ok(svg)
}

/// One group's rates in the voices it is read in: its own (narrator), reported speech and
/// direct quotations, each per 10,000 words of that voice.
pub(super) struct VoiceRates {
    pub(super) label: String,
    pub(super) rates: [Option<f64>; 3],
    pub(super) narrator_interval: Option<(f64, f64)>,
}

/// The voices' colours, as on the page's key: narrator, reported, quote.
const VOICES: [(RGBColor, &str); 3] = [
    (RGBColor(31, 95, 159), "own voice (whisker: 95 % interval)"),
    (RGBColor(47, 143, 63), "reported speech"),
    (RGBColor(217, 113, 28), "direct quotations"),
];

/// Paired horizontal bars: per group (top to bottom in the given order) its own-voice,
/// reported and quoted rates side by side, the own voice with its whisker, a legend below.
pub(super) fn voice_rates(title: &str, rows: &[VoiceRates]) -> ChartResult {
    let n = rows.len();
    let k = VOICES.len();
    let top = rows
        .iter()
        .flat_map(|r| {
            r.rates
                .iter()
                .copied()
                .chain([r.narrator_interval.map(|i| i.1)])
        })
        .flatten()
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let xmax = if top > 0.0 { top * 1.1 } else { 1.0 };
    let labels: Vec<String> = rows.iter().map(|r| short(&r.label, LABEL)).collect();
    let plot_height = 70 + 10 * (k * n) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (580, plot_height + 12 + 20 * k as u32))
            .into_drawing_area();
        root.fill(&WHITE)?;
        let (plot, legend) = root.split_vertically(plot_height);
        let rows_n = k * n;
        let mut chart = ChartBuilder::on(&plot)
            .caption(title, ("sans-serif", CAPTION))
            .margin(6)
            .margin_right(20)
            .x_label_area_size(40)
            .y_label_area_size(label_width(&labels, LABEL))
            .build_cartesian_2d(0.0..xmax, segments(rows_n))?;
        // group i's voice v is sub-row k·(n − 1 − i) + (k − 1 − v): own voice on top
        let sub = |i: usize, v: usize| k * (n - 1 - i) + (k - 1 - v);
        chart
            .configure_mesh()
            .max_light_lines(1)
            .disable_y_mesh()
            .y_labels(rows_n.max(1))
            .x_labels(5)
            .label_style(("sans-serif", TEXT))
            .axis_desc_style(("sans-serif", TEXT))
            .x_desc("hits per 10,000 words of the voice")
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(r) if *r < rows_n && r % k == k / 2 => {
                    labels[n - 1 - r / k].clone()
                }
                _ => String::new(),
            })
            .draw()?;
        for (i, row) in rows.iter().enumerate() {
            for (v, rate) in row.rates.iter().enumerate() {
                let Some(value) = rate.filter(|r| r.is_finite()) else {
                    continue;
                };
                let y = sub(i, v);
                let mut r = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(y)),
                        (value, SegmentValue::Exact(y + 1)),
                    ],
                    VOICES[v].0.filled(),
                );
                r.set_margin(1, 1, 0, 0);
                chart.draw_series(std::iter::once(r))?;
            }
            if let Some((lo, hi)) = row.narrator_interval {
                chart.draw_series(std::iter::once(ErrorBar::new_horizontal(
                    SegmentValue::CenterOf(sub(i, 0)),
                    lo,
                    row.rates[0].unwrap_or(lo),
                    hi,
                    BLACK.stroke_width(1),
                    6,
                )))?;
            }
        }
        for (v, (colour, name)) in VOICES.iter().enumerate() {
            let y = 6 + 20 * v as i32;
            legend.draw(&Rectangle::new([(20, y), (34, y + 12)], colour.filled()))?;
            legend.draw(&Text::new(
                name.to_string(),
                (40, y),
                ("sans-serif", TEXT).into_font(),
            ))?;
        }
        root.present()?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The defaults go, the sizes are cut to whole pixels, nothing else changes.
    #[test]
    fn compact_svg_keeps_the_drawing() {
        let svg = r##"<text x="4" font-family="sans-serif" font-size="12.096774193548388" opacity="1" fill="#000000">a.b</text><line opacity="0.1" stroke="#000000" stroke-width="1" x1="1"/><rect stroke="none" stroke-width="2" font-size="9"/>"##;
        assert_eq!(
            compact(svg),
            r##"<text x="4" font-size="12" fill="#000000">a.b</text><line opacity="0.1" stroke="#000000" x1="1"/><rect stroke-width="2" font-size="9"/>"##
        );
    }
}
