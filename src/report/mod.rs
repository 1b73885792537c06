//! Reports for people: per-lexicon tables of rates and contrast shares, drawn with comfy-table.
//!
//! The report reads only per-outlet [`Totals`]; it never recounts. Numbers are formatted for
//! reading (one decimal, thousands separators); exact values are in the tables `slant analyze`
//! writes.

use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, ContentArrangement, Table};

use crate::analysis::Analyzer;
use crate::stats::{per_10k, share, Totals};

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

/// The terminal report: for each lexicon, rates per 10,000 tokens per outlet and category,
/// then each contrast's shares per outlet.
pub fn terminal(analyzer: &Analyzer, totals: &Totals, corpus: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "slant report: {} — {} documents from {} outlets, {} tokens\n",
        corpus,
        thousands(totals.docs()),
        thousands(totals.outlets.len() as u64),
        thousands(totals.tokens())
    ));
    let outlets: Vec<(&String, &crate::stats::OutletTotals)> = totals.outlets.iter().collect();
    for (l, lexicon) in analyzer.lexicons().iter().enumerate() {
        let version = lexicon
            .version
            .as_deref()
            .map(|v| format!(" v{v}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "\n{}{} — hits per 10,000 tokens (count of hits)\n",
            lexicon.name, version
        ));
        let count = |t: &crate::stats::OutletTotals, c: usize| {
            t.counts.get(analyzer.slot(l, c)).copied().unwrap_or(0)
        };
        let mut table = new_table();
        // The shorter dimension goes across, so the table fits a terminal.
        if outlets.len() <= lexicon.categories.len() {
            let mut header = vec!["category".to_string()];
            header.extend(outlets.iter().map(|(name, _)| name.to_string()));
            table.set_header(header);
            let mut docs = vec!["(documents)".to_string()];
            docs.extend(outlets.iter().map(|(_, t)| thousands(t.docs)));
            table.add_row(docs);
            let mut tokens = vec!["(tokens)".to_string()];
            tokens.extend(outlets.iter().map(|(_, t)| thousands(t.tokens)));
            table.add_row(tokens);
            for (c, category) in lexicon.categories.iter().enumerate() {
                let mut row = vec![category.name.clone()];
                row.extend(
                    outlets
                        .iter()
                        .map(|(_, t)| rate_cell(count(t, c), t.tokens)),
                );
                table.add_row(row);
            }
        } else {
            let mut header = vec![
                "outlet".to_string(),
                "docs".to_string(),
                "tokens".to_string(),
            ];
            header.extend(lexicon.categories.iter().map(|c| c.name.clone()));
            table.set_header(header);
            for (name, t) in &outlets {
                let mut row = vec![name.to_string(), thousands(t.docs), thousands(t.tokens)];
                row.extend((0..lexicon.categories.len()).map(|c| rate_cell(count(t, c), t.tokens)));
                table.add_row(row);
            }
        }
        align_numbers(&mut table, 1);
        out.push_str(&table.to_string());
        out.push('\n');

        for contrast in &lexicon.contrasts {
            out.push_str(&format!(
                "\n{} / {} — share of the contrast's hits (count)\n",
                lexicon.name, contrast.name
            ));
            if let Some(d) = &contrast.description {
                out.push_str(&format!("{d}\n"));
            }
            let mut table = new_table();
            let mut header = vec!["outlet".to_string()];
            header.extend(
                contrast
                    .categories
                    .iter()
                    .map(|&c| lexicon.categories[c].name.clone()),
            );
            header.push("hits".to_string());
            table.set_header(header);
            for (name, t) in &outlets {
                let total: u64 = contrast.categories.iter().map(|&c| count(t, c)).sum();
                let mut row = vec![name.to_string()];
                row.extend(
                    contrast
                        .categories
                        .iter()
                        .map(|&c| match share(count(t, c), total) {
                            Some(s) => format!("{:.0}% ({})", s * 100.0, count(t, c)),
                            None => "–".to_string(),
                        }),
                );
                row.push(thousands(total));
                table.add_row(row);
            }
            align_numbers(&mut table, 1);
            out.push_str(&table.to_string());
            out.push('\n');
        }
    }
    out
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
}
