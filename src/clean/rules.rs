//! The user's boilerplate rules (`--boilerplate FILE`): regular expressions that drop a
//! paragraph or cut from a marker to the end of the article.

use std::path::Path;

use regex::{Regex, RegexBuilder};

/// A user rule: a regular expression that drops matching paragraphs, or cuts from its first
/// match to the end of the article; for one outlet or all.
#[derive(Debug, Clone)]
pub struct Rule {
    pub outlet: Option<String>,
    pub pattern: Regex,
    pub cut: bool,
}

/// User rules, from a TOML file:
///
/// ```toml
/// [[drop]]                      # drop every paragraph that matches
/// pattern = "^SHARE THIS ARTICLE$"
///
/// [[cut]]                       # cut from the first match to the end of the article
/// outlet = "The Moscow Times"   # only for this outlet (default: every outlet)
/// pattern = "A Message from The Moscow Times"
/// ```
///
/// Patterns are Rust regular expressions (`regex` crate syntax), case-insensitive, matched
/// against each paragraph's text.
#[derive(Debug, Clone, Default)]
pub struct Rules(pub Vec<Rule>);

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RulesFile {
    #[serde(default)]
    drop: Vec<RuleEntry>,
    #[serde(default)]
    cut: Vec<RuleEntry>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleEntry {
    outlet: Option<String>,
    pattern: String,
}

impl Rules {
    /// Reads a rules file; every problem names the file (and the line, for TOML errors).
    pub fn load(path: &Path) -> anyhow::Result<Rules> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            anyhow::anyhow!("{}: cannot read boilerplate rules: {e}", path.display())
        })?;
        Rules::parse(&text, &path.display().to_string())
    }

    pub fn parse(text: &str, name: &str) -> anyhow::Result<Rules> {
        let file: RulesFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start].matches('\n').count() + 1)
                .map(|l| format!(":{l}"))
                .unwrap_or_default();
            anyhow::anyhow!(
                "{name}{line}: {} (expected [[drop]] or [[cut]] tables with `pattern` and an optional `outlet`)",
                e.message()
            )
        })?;
        let mut rules = Vec::new();
        for (entries, cut) in [(file.drop, false), (file.cut, true)] {
            for entry in entries {
                let pattern = RegexBuilder::new(&entry.pattern)
                    .case_insensitive(true)
                    .build()
                    .map_err(|e| anyhow::anyhow!("{name}: bad pattern `{}`: {e}", entry.pattern))?;
                rules.push(Rule {
                    outlet: entry.outlet,
                    pattern,
                    cut,
                });
            }
        }
        Ok(Rules(rules))
    }
}
