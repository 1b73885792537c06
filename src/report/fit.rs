//! Tables that fit: a [`Grid`] of key columns (the group, its articles) and value columns
//! (categories, shares) drawn for a terminal of a given width, as Markdown or as CSV.
//!
//! For a terminal, value columns that do not fit beside the key columns go to a further table
//! with the same key columns (`(2 of 3)` in its title), a long header is broken at its `_`s,
//! and a key cell too long for the width is cut with `…`: no line is wider than the width
//! unless a single value column is (a width under about 40 characters).

use comfy_table::{presets, CellAlignment, ContentArrangement, Table, TableComponent};
use unicode_width::UnicodeWidthStr;

/// How report tables are written (`--table-format`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum TableStyle {
    /// Box-drawn tables fitted to the terminal's width.
    #[default]
    Table,
    /// GitHub-flavoured Markdown tables (one per table, all columns).
    Markdown,
    /// Each table as CSV, after a `# title` line.
    Csv,
}

/// One table of the report.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub title: String,
    /// Headers of the key columns, shown in every part of a split table.
    pub keys: Vec<String>,
    /// Headers of the value columns.
    pub columns: Vec<String>,
    /// Per row: its key cells, then its value cells.
    pub rows: Vec<(Vec<String>, Vec<String>)>,
    /// Lines printed after the table.
    pub notes: Vec<String>,
    /// Whether the last column is text, aligned left (numbers are aligned right).
    pub text_last: bool,
}

/// The display width of the widest line of `s`.
pub fn width_of(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// `s` cut to `max` columns with a final `…` (a final ` †` mark is kept after it).
pub fn cut(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    if let Some(name) = s.strip_suffix(" †") {
        return format!("{} †", cut(name, max.saturating_sub(2).max(2)));
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4]) as &str);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// A header broken at `_` so that no line is much wider than `fit` (`terrorist_label` over
/// `terrorist_` / `label` when the values are narrow).
fn wrap_header(h: &str, fit: usize) -> String {
    if h.width() <= fit.max(8) {
        return h.to_string();
    }
    let mut lines: Vec<String> = vec![String::new()];
    for (i, part) in h.split('_').enumerate() {
        let piece = if i > 0 {
            format!("_{part}")
        } else {
            part.to_string()
        };
        let last = lines.last_mut().expect("one line");
        if !last.is_empty() && last.width() + piece.width() > fit.max(8) {
            lines.push(piece.trim_start_matches('_').to_string());
            if let Some(prev) = lines.iter_mut().rev().nth(1) {
                prev.push('_');
            }
        } else {
            last.push_str(&piece);
        }
    }
    lines.join("\n")
}

/// A box-drawn table: the first column left-aligned, the others (numbers) right-aligned but
/// the last with `text_last`.
fn table(keys: &[String], columns: &[String], rows: Vec<Vec<String>>, text_last: bool) -> Table {
    let mut t = Table::new();
    // open tables, as psql draws them: column rules and the header's rule, no outer box (two
    // lines and two columns fewer per table)
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    for part in [
        TableComponent::LeftBorder,
        TableComponent::RightBorder,
        TableComponent::TopBorder,
        TableComponent::BottomBorder,
        TableComponent::LeftHeaderIntersection,
        TableComponent::RightHeaderIntersection,
        TableComponent::LeftBorderIntersections,
        TableComponent::RightBorderIntersections,
        TableComponent::TopBorderIntersections,
        TableComponent::BottomBorderIntersections,
        TableComponent::TopLeftCorner,
        TableComponent::TopRightCorner,
        TableComponent::BottomLeftCorner,
        TableComponent::BottomRightCorner,
    ] {
        t.remove_style(part);
    }
    let mut header = keys.to_vec();
    header.extend(columns.iter().cloned());
    t.set_header(header);
    for row in rows {
        t.add_row(row);
    }
    let n = t.column_count();
    for i in 1..n {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(if text_last && i + 1 == n {
                CellAlignment::Left
            } else {
                CellAlignment::Right
            });
        }
    }
    t
}

impl Grid {
    /// Drops a `_suffix` that at least three value columns' headers end with (`_label` of
    /// `terrorist_label`, `opposition_label`…), and says so in a note: narrower columns, so
    /// more of them fit beside each other.
    pub fn abbreviate(&mut self) {
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for h in &self.columns {
            if let Some(i) = h.rfind('_') {
                if i > 0 {
                    *counts.entry(&h[i..]).or_default() += 1;
                }
            }
        }
        let Some((suffix, _)) = counts
            .into_iter()
            .filter(|(_, n)| *n >= 3)
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        else {
            return;
        };
        let suffix = suffix.to_string();
        for h in &mut self.columns {
            if let Some(stem) = h.strip_suffix(suffix.as_str()) {
                *h = stem.to_string();
            }
        }
        self.notes.insert(
            0,
            format!("(category names shown without their `{suffix}`)"),
        );
    }

    /// The table as text in `style`, fitted to `width` columns for [`TableStyle::Table`].
    pub fn render(&self, style: TableStyle, width: usize) -> String {
        match style {
            TableStyle::Table => self.boxes(width),
            TableStyle::Markdown => self.markdown(),
            TableStyle::Csv => self.csv(),
        }
    }

    fn boxes(&self, width: usize) -> String {
        let n_keys = self.keys.len();
        // value columns' widths: their widest cell, the header broken to about that width
        let value_width = |j: usize| {
            self.rows
                .iter()
                .map(|(_, v)| v.get(j).map_or(0, |c| width_of(c)))
                .max()
                .unwrap_or(0)
        };
        let headers: Vec<String> = self
            .columns
            .iter()
            .enumerate()
            .map(|(j, h)| wrap_header(h, value_width(j)))
            .collect();
        let col_width: Vec<usize> = (0..self.columns.len())
            .map(|j| value_width(j).max(width_of(&headers[j])) + 3)
            .collect();
        // key cells cut so that the keys leave room for at least one value column
        let widest_value = col_width.iter().copied().max().unwrap_or(0);
        let key_room = width.saturating_sub(widest_value + 1).max(12);
        let key_widths: Vec<usize> = (0..n_keys)
            .map(|k| {
                self.rows
                    .iter()
                    .map(|(keys, _)| keys.get(k).map_or(0, |c| width_of(c)))
                    .chain([width_of(&self.keys[k])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        // the keys' width with the first cut to `max`, and the parts the values then need
        let others: usize = key_widths.iter().skip(1).map(|w| w + 3).sum();
        let keys_width =
            |max: usize| key_widths.first().map_or(0, |w| (*w).min(max) + 3) + others + 1;
        let pack = |keys_width: usize| {
            let mut parts: Vec<std::ops::Range<usize>> = Vec::new();
            let mut start = 0;
            while start < self.columns.len() {
                let mut end = start;
                let mut used = keys_width;
                while end < self.columns.len() && (end == start || used + col_width[end] <= width) {
                    used += col_width[end];
                    end += 1;
                }
                parts.push(start..end);
                start = end;
            }
            parts
        };
        // the label whole if that fits in one table (and leaves room); else cut to a sixth of
        // the width (at least 16 columns), so that more values fit beside it
        let natural = key_widths.first().copied().unwrap_or(0);
        let mut first_key_max = natural.min(key_room.saturating_sub(others + 3).max(8));
        if pack(keys_width(first_key_max)).len() > 1 {
            first_key_max = first_key_max.min((width / 6).max(16));
        }
        let keys_of = |keys: &[String]| -> Vec<String> {
            keys.iter()
                .enumerate()
                .map(|(k, c)| {
                    if k == 0 {
                        cut(c, first_key_max)
                    } else {
                        c.clone()
                    }
                })
                .collect()
        };
        let mut parts = pack(keys_width(first_key_max));
        if parts.is_empty() {
            parts.push(0..0);
        }
        let mut out = String::new();
        let n = parts.len();
        for (i, part) in parts.into_iter().enumerate() {
            let title = if n > 1 {
                format!("{} ({} of {n})", self.title, i + 1)
            } else {
                self.title.clone()
            };
            out.push('\n');
            out.push_str(&wrap_text(&title, width));
            out.push('\n');
            let rows = self
                .rows
                .iter()
                .map(|(k, v)| {
                    let mut row = keys_of(k);
                    row.extend(v[part.clone()].iter().cloned());
                    row
                })
                .collect();
            let last = part.end == self.columns.len();
            let t = table(&self.keys, &headers[part], rows, self.text_last && last);
            // an open table's last column ends in its padding: no trailing spaces
            for line in t.to_string().lines() {
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
        for note in &self.notes {
            out.push_str(&wrap_text(note, width));
            out.push('\n');
        }
        out
    }

    fn markdown(&self) -> String {
        let esc = |s: &str| s.replace('|', "\\|").replace('\n', " ");
        let mut out = format!("\n**{}**\n\n", esc(&self.title));
        let header: Vec<String> = self
            .keys
            .iter()
            .chain(&self.columns)
            .map(|h| esc(h))
            .collect();
        out.push_str(&format!("| {} |\n", header.join(" | ")));
        let align: Vec<&str> = (0..header.len())
            .map(|i| if i == 0 { "---" } else { "---:" })
            .collect();
        out.push_str(&format!("|{}|\n", align.join("|")));
        for (k, v) in &self.rows {
            let cells: Vec<String> = k.iter().chain(v).map(|c| esc(c)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        for note in &self.notes {
            out.push_str(&format!("\n{}\n", esc(note)));
        }
        out
    }

    fn csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let flat = |s: &String| s.replace('\n', " ");
        let _ = w.write_record(self.keys.iter().chain(&self.columns).map(flat));
        for (k, v) in &self.rows {
            let _ = w.write_record(k.iter().chain(v).map(flat));
        }
        let body = w
            .into_inner()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let mut out = format!("# {}\n{body}", self.title.replace('\n', " "));
        for note in &self.notes {
            out.push_str(&format!("# {}\n", note.replace('\n', " ")));
        }
        out.push('\n');
        out
    }
}

/// `text` broken at spaces into lines of at most `width` columns (a longer word stands alone).
pub fn wrap_text(text: &str, width: usize) -> String {
    let mut out = String::new();
    for (n, para) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut line = String::new();
        for word in para.split(' ') {
            if !line.is_empty() && line.width() + 1 + word.width() > width {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(columns: usize, label: &str) -> Grid {
        Grid {
            title: "a title long enough to be wrapped when the terminal is narrow".into(),
            keys: vec!["outlet".into(), "docs".into()],
            columns: (0..columns)
                .map(|i| format!("category_number_{i}"))
                .collect(),
            rows: (0..3)
                .map(|r| {
                    (
                        vec![format!("{label} {r}"), "12".into()],
                        (0..columns)
                            .map(|_| "136.1 [52.5–345]".to_string())
                            .collect(),
                    )
                })
                .collect(),
            notes: vec!["* a note that is also long enough to be wrapped at a narrow width".into()],
            text_last: false,
        }
    }

    #[test]
    fn every_line_fits_the_width() {
        for width in [40, 60, 80, 100, 160] {
            for columns in [1, 3, 13, 60] {
                let g = grid(columns, "The Very Long Name Of An Outlet From Somewhere");
                let text = g.render(TableStyle::Table, width);
                for line in text.lines() {
                    assert!(
                        line.width() <= width,
                        "{width} {columns}: {line:?} ({})",
                        line.width()
                    );
                }
                // every value column is shown once
                let shown = text.matches("136.1 [52.5–345]").count();
                assert_eq!(shown, 3 * columns, "{width} {columns}");
            }
        }
    }

    #[test]
    fn headers_break_at_underscores_and_keys_are_cut() {
        assert_eq!(wrap_header("terrorist_label", 8), "terrorist_\nlabel");
        assert_eq!(wrap_header("daesh", 3), "daesh");
        assert_eq!(cut("Al Jazeera English", 8), "Al Jaze…");
        assert_eq!(cut("Reuters", 8), "Reuters");
        assert_eq!(cut("Al Jazeera English †", 10), "Al Jaze… †");
    }

    #[test]
    fn common_suffixes_are_left_out() {
        let mut g = Grid {
            columns: [
                "terrorist_label",
                "opposition_label",
                "regime_label",
                "denial",
            ]
            .map(String::from)
            .to_vec(),
            ..Grid::default()
        };
        g.abbreviate();
        assert_eq!(g.columns, ["terrorist", "opposition", "regime", "denial"]);
        assert_eq!(g.notes, ["(category names shown without their `_label`)"]);
        let mut two = Grid {
            columns: ["a_x", "b_x", "c"].map(String::from).to_vec(),
            ..Grid::default()
        };
        two.abbreviate();
        assert_eq!(two.columns, ["a_x", "b_x", "c"]);
    }

    #[test]
    fn markdown_and_csv() {
        let mut g = grid(2, "A|B");
        g.rows[0].1[0] = "x\ny".into();
        let md = g.render(TableStyle::Markdown, 10);
        assert!(md.contains("| outlet | docs | category_number_0 | category_number_1 |\n|---|---:|---:|---:|\n| A\\|B 0 | 12 | x y |"), "{md}");
        let csv = g.render(TableStyle::Csv, 10);
        assert!(csv.starts_with("# a title"), "{csv}");
        assert!(
            csv.contains("outlet,docs,category_number_0,category_number_1\nA|B 0,12,x y,"),
            "{csv}"
        );
    }
}
