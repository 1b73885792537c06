//! Reports for people: the terminal report ([`terminal`], drawn by [`fit`] with comfy-table)
//! and the HTML page ([`html`]).
//!
//! The report reads only per-outlet [`Totals`]; it never recounts. Numbers are formatted for
//! reading (one decimal, thousands separators); exact values are in the tables `slant analyze`
//! writes.

pub mod context;
pub mod fit;
pub mod html;
pub mod terminal;

use crate::stats::share;

pub use fit::TableStyle;
pub use terminal::{report as terminal, Options};

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

/// ` v2` for a lexicon with a version, nothing otherwise.
pub(crate) fn version_suffix(lexicon: &crate::lexicon::Lexicon) -> String {
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
