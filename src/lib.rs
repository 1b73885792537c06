//! slant measures how news outlets frame the same events.
//!
//! The pipeline, one module per stage, each named by what it produces:
//!
//! - [`corpus`] reads articles labelled by outlet ([`corpus::Document`]), streaming;
//! - [`token`] splits an article into tokens that point back into its text;
//! - [`voice`] tells the outlet's own words from quotations and scare quotes, and who is quoted;
//! - [`lexicon`] reads framing lexicons: categories of terms, `not` vetoes, contrasts;
//! - [`matcher`] finds a lexicon's terms in the tokens ([`matcher::Hit`]);
//! - [`analysis`] measures one document ([`analysis::Analyzer`]) into additive
//!   [`stats::DocStats`];
//! - [`pipeline`] owns a run: read, prepass ([`syndication`]: copies and repeated lines),
//!   measure in parallel, fold into [`stats::Totals`] per group and period ([`mod@slice`], with
//!   [`dates`]), summarize (intervals, keyness), from the corpus or from an output's tables;
//! - [`stats`] holds the statistics (rates, shares, bootstrap intervals, χ², G², log-odds,
//!   Jensen–Shannon divergence) and [`keyness`] applies them to compare outlets;
//! - [`table`] turns them into polars tables and writes them into an output directory that
//!   [`outdir`] commits whole and verifies when it is read back; [`report`] prints them, with
//!   [`terminal`] escaping what the corpus would otherwise send to a terminal raw.
//!
//! Text is never edited: every hit keeps the byte span of its surface text, so every number
//! can be traced to a quotable passage.
//!
//! ```
//! use slant::analysis::Analyzer;
//! use slant::corpus::Document;
//! use slant::lexicon::{parse, Format};
//!
//! let lexicon = parse(
//!     r#"
//!     [categories.terrorist_label]
//!     terms = ["terrorist*"]
//!     [categories.opposition_label]
//!     terms = ["opposition", "rebel*"]
//!     "#,
//!     "example.toml", "example", Format::Toml,
//! ).unwrap();
//! let analyzer = Analyzer::new(vec![lexicon]);
//! let article = |outlet: &str, body: &str| Document {
//!     id: outlet.into(), outlet: outlet.into(), date: None, title: None, url: None,
//!     body: body.into(), source: "example".into(), metadata: Vec::new(),
//! };
//! let press_tv = article("Press TV", "Takfiri Daesh terrorists fled.");
//! let a = analyzer.measure(&press_tv, true);
//! let b = analyzer.measure(&article("Reuters", "Rebels and the opposition held out."), true);
//! assert_eq!(a.stats.counts, [1, 0]);
//! assert_eq!(b.stats.counts, [0, 2]);
//! assert_eq!(a.hits[0].surface(&press_tv.body), "terrorists");
//! assert_eq!(a.stats.tokens, 4);
//! ```

pub mod analysis;
pub mod clean;
pub mod cli;
pub mod corpus;
pub mod dates;
pub mod distributed;
pub mod keyness;
pub mod lexicon;
pub mod matcher;
pub mod memory;
pub mod merge;
pub mod outdir;
pub mod pipeline;
pub mod report;
pub mod slice;
pub mod stats;
pub mod strings;
pub mod syndication;
pub mod table;
pub mod terminal;
pub mod token;
pub mod voice;
mod words;

/// slant's version, as in Cargo.toml (the manifests record it).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
