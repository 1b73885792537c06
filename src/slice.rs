//! Slices of a corpus: which documents are counted (filters), what they are grouped by (`--by`
//! columns) and in which time bin (`--period`).
//!
//! Slicing reads a document's [`Facets`]: its outlet, id, parsed date and metadata fields,
//! whether they come from the corpus or from an `analyze` output's `documents` table, so a
//! slice of the tables is the slice of the corpus. Grouping never changes what is counted:
//! boilerplate repetition and syndicated copies stay defined per outlet.

use chrono::NaiveDate;

use crate::corpus::Value;
use crate::dates::Period;

/// What slicing reads of a document.
#[derive(Debug, Clone, Copy)]
pub struct Facets<'a> {
    pub id: &'a str,
    pub outlet: &'a str,
    pub date: Option<NaiveDate>,
    pub metadata: &'a [(String, Value)],
}

impl Facets<'_> {
    /// The value of a column: `outlet`, `id`, or a metadata field.
    pub fn get(&self, column: &str) -> Option<std::borrow::Cow<'_, str>> {
        match column {
            "outlet" => Some(self.outlet.into()),
            "id" => Some(self.id.into()),
            _ => self
                .metadata
                .iter()
                .find(|(n, _)| n == column)
                .map(|(_, v)| v.text()),
        }
    }
}

/// Which documents are counted. Every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// From this date on (inclusive); a document without a date is then left out.
    pub since: Option<NaiveDate>,
    /// Up to this date (inclusive); a document without a date is then left out.
    pub until: Option<NaiveDate>,
    /// `--where COL=VALUE`: per column, the values accepted (a column given twice accepts
    /// either value; different columns must all match).
    pub conditions: Vec<(String, Vec<String>)>,
    /// `--outlets A,B`: only these outlets.
    pub outlets: Option<Vec<String>>,
}

impl Filter {
    /// Adds `--where COL=VALUE`.
    pub fn add_condition(&mut self, column: &str, value: &str) {
        match self.conditions.iter_mut().find(|(c, _)| c == column) {
            Some((_, values)) => values.push(value.to_string()),
            None => self
                .conditions
                .push((column.to_string(), vec![value.to_string()])),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    pub fn keeps(&self, f: &Facets<'_>) -> bool {
        if self.since.is_some() || self.until.is_some() {
            let Some(date) = f.date else { return false };
            if self.since.is_some_and(|s| date < s) || self.until.is_some_and(|u| date > u) {
                return false;
            }
        }
        if let Some(outlets) = &self.outlets {
            if !outlets.iter().any(|o| o == f.outlet) {
                return false;
            }
        }
        self.conditions.iter().all(|(column, values)| {
            f.get(column)
                .is_some_and(|v| values.iter().any(|x| *x == *v))
        })
    }
}

/// How documents are grouped and binned, and which are counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slicing {
    /// The columns whose values make a group (default: `outlet`).
    pub by: Vec<String>,
    pub period: Option<Period>,
    pub filter: Filter,
}

impl Default for Slicing {
    fn default() -> Self {
        Slicing {
            by: vec!["outlet".into()],
            period: None,
            filter: Filter::default(),
        }
    }
}

impl Slicing {
    /// A document's group: its values of the `by` columns.
    pub fn key(&self, f: &Facets<'_>) -> Vec<Option<String>> {
        self.by
            .iter()
            .map(|c| f.get(c).map(|v| v.into_owned()))
            .collect()
    }

    /// The first day of a document's period (days since 1970-01-01), if a period is set and
    /// the document has a date.
    pub fn period_of(&self, f: &Facets<'_>) -> Option<i32> {
        Some(crate::dates::days(self.period?.start(f.date?)))
    }

    /// The columns slicing reads besides `outlet` and `id`, each once, in order.
    pub fn columns(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let named = self
            .by
            .iter()
            .chain(self.filter.conditions.iter().map(|(c, _)| c));
        for c in named {
            if c != "outlet" && c != "id" && !out.contains(&c.as_str()) {
                out.push(c);
            }
        }
        out
    }

    /// Checks that every column slicing reads is one the corpus has (`fields`, the metadata
    /// fields seen); the error names the missing ones and lists what there is.
    pub fn check_columns(&self, fields: &[&str], location: &str) -> Result<(), String> {
        let missing: Vec<&str> = self
            .columns()
            .into_iter()
            .filter(|c| !fields.contains(c))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let quoted = |v: &[&str]| {
            v.iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut known = vec!["outlet", "id"];
        known.extend(fields);
        Err(format!(
            "no field {} in {location} to group or filter by; fields: {} (a field left out with --fields cannot be used)",
            quoted(&missing),
            quoted(&known)
        ))
    }

    /// The settings as the manifest records them.
    pub fn as_json(&self) -> serde_json::Value {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        serde_json::json!({
            "by": self.by,
            "period": self.period.map(Period::as_str),
            "since": date(self.filter.since),
            "until": date(self.filter.until),
            "where": self.filter.conditions.iter().map(|(c, v)| serde_json::json!({"column": c, "values": v})).collect::<Vec<_>>(),
            "outlets": self.filter.outlets,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facets<'a>(
        outlet: &'a str,
        date: Option<NaiveDate>,
        metadata: &'a [(String, Value)],
    ) -> Facets<'a> {
        Facets {
            id: "1",
            outlet,
            date,
            metadata,
        }
    }

    #[test]
    fn keys_periods_and_filters() {
        let meta = vec![
            ("label".to_string(), Value::Text("right".into())),
            ("n".to_string(), Value::Int(3)),
        ];
        let oct = NaiveDate::from_ymd_opt(2016, 10, 11);
        let f = facets("Reuters", oct, &meta);
        let s = Slicing {
            by: vec!["label".into(), "outlet".into(), "country".into()],
            period: Some(Period::Month),
            filter: Filter::default(),
        };
        assert_eq!(
            s.key(&f),
            [Some("right".into()), Some("Reuters".into()), None]
        );
        assert_eq!(
            s.period_of(&f),
            Some(crate::dates::days(
                NaiveDate::from_ymd_opt(2016, 10, 1).unwrap()
            ))
        );
        assert_eq!(s.period_of(&facets("Reuters", None, &meta)), None);
        assert_eq!(s.columns(), ["label", "country"]);
        assert!(s.check_columns(&["label", "country"], "c").is_ok());
        let e = s.check_columns(&["label"], "c.jsonl").unwrap_err();
        assert!(e.starts_with("no field `country` in c.jsonl"), "{e}");

        let mut filter = Filter::default();
        assert!(filter.keeps(&f) && filter.is_empty());
        filter.add_condition("label", "left");
        assert!(!filter.keeps(&f));
        filter.add_condition("label", "right"); // either value
        assert!(filter.keeps(&f));
        filter.add_condition("n", "3"); // numbers compare as text
        assert!(filter.keeps(&f));
        filter.since = NaiveDate::from_ymd_opt(2016, 10, 11);
        filter.until = NaiveDate::from_ymd_opt(2016, 10, 11);
        assert!(filter.keeps(&f)); // inclusive
        assert!(!filter.keeps(&facets("Reuters", None, &meta))); // no date
        filter.until = NaiveDate::from_ymd_opt(2016, 10, 10);
        assert!(!filter.keeps(&f));
        let only = Filter {
            outlets: Some(vec!["TASS".into()]),
            ..Filter::default()
        };
        assert!(!only.keeps(&f));
        assert!(only.keeps(&facets("TASS", None, &meta)));
    }
}
