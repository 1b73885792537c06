//! The page's charts, drawn with plotters as inline SVG: rates with whiskers, stacked shares,
//! the outlet × category heatmap.

use plotters::prelude::*;

use super::escape;

pub(super) type ChartResult = Result<String, Box<dyn std::error::Error>>;

pub(super) fn figure(svg: &str, caption: &str) -> String {
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
    (longest as u32 * 8 + 16).clamp(60, 300)
}

/// One outlet's bar of a rate chart.
pub(super) struct Bar {
    pub(super) label: String,
    pub(super) value: Option<f64>,
    pub(super) interval: Option<(f64, f64)>,
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
        let root = SVGBackend::with_string(&mut svg, (420, 64 + 24 * n as u32)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", CAPTION))
            .margin(6)
            .x_label_area_size(26)
            .y_label_area_size(label_width(&labels, LABEL))
            .build_cartesian_2d(0.0..xmax, (0..n).into_segmented())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n.max(1))
            .x_labels(4)
            .label_style(("sans-serif", TEXT))
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
            .label_style(("sans-serif", TEXT))
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
            .build_cartesian_2d((0..nc).into_segmented(), (0..nr).into_segmented())?;
        chart
            .configure_mesh()
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
