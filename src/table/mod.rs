//! Tables: the polars DataFrames slant writes, and how they are written.
//!
//! This is the only module that uses polars. The tables and their columns are listed in
//! docs/SCHEMA.md (a test checks the written files against it):
//!
//! - `documents`, `hits`, `counts` grow with the corpus, so rows are buffered and written in
//!   batches ([`TableSet::add`]);
//! - `outlets` and `contrasts` are built at the end from per-outlet [`Totals`].
//!
//! Files are written under temporary names in the output directory and committed with the
//! manifest only when every table is complete ([`TableSet::commit`], [`crate::outdir`]); a
//! run that fails leaves the directory's previous run as it was. Readers ([`read_table`],
//! [`read_hits`]) take a table from the file the manifest lists, after checking its sha256.
//! Integer columns are Int64 and rates Float64, the types every notebook reader handles.

mod read;
mod write;

use std::collections::BTreeMap;

use polars::prelude::*;

pub use read::{read_hits, read_table, HitRow};
use write::TableFile;
pub use write::TableSet;

use crate::analysis::{Analyzer, Measurement};
use crate::corpus::{Document, FieldTypes, Kind, Value};
use crate::outdir::{OutputDir, OutputError};

use crate::keyness::KeynessRow;
use crate::stats::{jsd, per_10k, share, GroupIntervals, Interval, Totals, SMALL_N};
use crate::strings::Strings;
use crate::voice::Voice;

/// File format of written tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Parquet,
    Csv,
}

impl TableFormat {
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Parquet => "parquet",
            TableFormat::Csv => "csv",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error(transparent)]
    Output(OutputError),
    #[error("cannot write table {table} in {dir}: {message}")]
    Write {
        table: String,
        dir: String,
        message: String,
    },
}

/// Rows buffered before a batch is written, or bytes of text in them: a table's buffer stays
/// under a few MB whatever the corpus (a `documents` or `quotes` row carries hundreds of bytes of
/// titles, addresses or quotation text).
const BATCH_ROWS: usize = 1 << 16;
const BATCH_TEXT: usize = 4 << 20;

fn int(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Rows buffered for a table that grows with the corpus.
trait RowBuffer: Default {
    fn len(&self) -> usize;
    /// Bytes held by the buffered rows' text columns.
    fn text_bytes(&self) -> usize;
    /// The buffered rows as a DataFrame, leaving the buffer empty.
    fn take(&mut self) -> PolarsResult<DataFrame>;
    /// An empty buffer with the same columns.
    fn empty(&self) -> Self {
        Self::default()
    }
}

/// A string column of a batched table, buffered as one text and the end of each value
/// ([`Strings`]): a row costs a copy of its bytes, not an allocation of its own (the hits and
/// counts tables have a million rows and several string columns on a large corpus).
#[derive(Default)]
struct Text(Strings);

impl Text {
    fn push(&mut self, value: &str) {
        self.0.push(value);
    }

    fn push_opt(&mut self, value: Option<&str>) {
        self.0.push_opt(value);
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn text_len(&self) -> usize {
        self.0.text_len()
    }

    fn column(&self, name: &str) -> Column {
        let ca = if self.0.has_nulls() {
            StringChunked::from_iter_options(name.into(), self.0.options())
        } else {
            StringChunked::from_iter_values(name.into(), self.0.values())
        };
        ca.into_series().into_column()
    }
}

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

/// A buffer and the file its batches go to.
struct Batched<R: RowBuffer> {
    rows: R,
    file: TableFile,
}

impl<R: RowBuffer> Batched<R> {
    fn create(
        dir: &OutputDir,
        name: &'static str,
        format: TableFormat,
        rows: R,
    ) -> Result<Self, TableError> {
        let schema = rows
            .empty()
            .take()
            .map(|d| d.schema().as_ref().clone())
            .map_err(|e| TableError::Write {
                table: name.to_string(),
                dir: dir.path().display().to_string(),
                message: e.to_string(),
            })?;
        Ok(Batched {
            rows,
            file: TableFile::create(dir, name, format, &schema)?,
        })
    }

    /// Writes the buffered rows when there are enough of them, or all of them with `all`.
    fn flush(&mut self, all: bool) -> PolarsResult<()> {
        if all || self.rows.len() >= BATCH_ROWS || self.rows.text_bytes() >= BATCH_TEXT {
            let mut df = self.rows.take()?;
            self.file.write(&mut df)?;
        }
        Ok(())
    }
}

/// The base columns of `documents`; metadata columns come after them (a metadata field of the
/// same name as one of these is written as `input_NAME`).
pub const DOCUMENT_COLUMNS: [&str; 19] = [
    "doc_id",
    "outlet",
    "date",
    "datetime",
    "title",
    "url",
    "source",
    "bytes",
    "tokens",
    "tokens_narrator",
    "tokens_quote",
    "tokens_scare",
    "sentences",
    "paragraphs",
    "boilerplate_bytes",
    "wire",
    "cluster",
    "duplicate_of",
    "counted",
];

/// A metadata column of `documents`, typed as [`FieldTypes`] found it.
enum MetaColumn {
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
    Bool(Vec<Option<bool>>),
    Text(Text),
}

impl MetaColumn {
    fn new(kind: Kind) -> MetaColumn {
        match kind {
            Kind::Int => MetaColumn::Int(Vec::new()),
            Kind::Float => MetaColumn::Float(Vec::new()),
            Kind::Bool => MetaColumn::Bool(Vec::new()),
            Kind::Text => MetaColumn::Text(Text::default()),
        }
    }

    fn push(&mut self, value: Option<&Value>) {
        match self {
            MetaColumn::Int(v) => v.push(match value {
                Some(Value::Int(i)) => Some(*i),
                _ => None,
            }),
            MetaColumn::Float(v) => v.push(match value {
                Some(Value::Int(i)) => Some(*i as f64),
                Some(Value::Float(f)) => Some(*f),
                _ => None,
            }),
            MetaColumn::Bool(v) => v.push(match value {
                Some(Value::Bool(b)) => Some(*b),
                _ => None,
            }),
            MetaColumn::Text(t) => match value {
                Some(v) => t.push(&v.text()),
                None => t.push_opt(None),
            },
        }
    }

    fn text_len(&self) -> usize {
        match self {
            MetaColumn::Text(t) => t.text_len(),
            _ => 0,
        }
    }

    fn take(&mut self, name: &str) -> Column {
        let kind = match self {
            MetaColumn::Int(_) => Kind::Int,
            MetaColumn::Float(_) => Kind::Float,
            MetaColumn::Bool(_) => Kind::Bool,
            MetaColumn::Text(_) => Kind::Text,
        };
        match std::mem::replace(self, MetaColumn::new(kind)) {
            MetaColumn::Int(v) => Column::new(name.into(), v),
            MetaColumn::Float(v) => Column::new(name.into(), v),
            MetaColumn::Bool(v) => Column::new(name.into(), v),
            MetaColumn::Text(t) => t.column(name),
        }
    }
}

/// The name of a metadata column in `documents`.
pub fn metadata_column(name: &str) -> String {
    if DOCUMENT_COLUMNS.contains(&name) {
        format!("input_{name}")
    } else {
        name.to_string()
    }
}

#[derive(Default)]
struct DocumentRows {
    doc_id: Text,
    outlet: Text,
    date: Vec<Option<i32>>,
    datetime: Vec<Option<i64>>,
    title: Text,
    url: Text,
    source: Text,
    bytes: Vec<i64>,
    tokens: Vec<i64>,
    tokens_narrator: Vec<i64>,
    tokens_quote: Vec<i64>,
    tokens_scare: Vec<i64>,
    sentences: Vec<i64>,
    paragraphs: Vec<i64>,
    boilerplate_bytes: Vec<i64>,
    wire: Vec<Option<&'static str>>,
    cluster: Text,
    duplicate_of: Text,
    counted: Vec<bool>,
    /// The metadata fields (their input names) and their columns.
    meta: Vec<(String, String, MetaColumn)>,
}

impl DocumentRows {
    fn new(fields: &FieldTypes) -> DocumentRows {
        DocumentRows {
            meta: fields
                .columns
                .iter()
                .map(|(n, k)| (n.clone(), metadata_column(n), MetaColumn::new(*k)))
                .collect(),
            ..DocumentRows::default()
        }
    }

    fn push(&mut self, doc: &Document, m: &Measurement) {
        self.doc_id.push(&doc.id);
        self.outlet.push(&doc.outlet);
        let when = m.date.when();
        self.date.push(when.map(|w| w.days()));
        self.datetime.push(when.and_then(|w| w.millis));
        self.title.push_opt(doc.title.as_deref());
        self.url.push_opt(doc.url.as_deref());
        self.source.push(&doc.source);
        self.bytes.push(int(m.stats.bytes));
        self.tokens.push(int(m.stats.tokens));
        let [n, q, sc] = m.stats.tokens_by_voice;
        self.tokens_narrator.push(int(n));
        self.tokens_quote.push(int(q));
        self.tokens_scare.push(int(sc));
        self.sentences.push(int(m.stats.sentences));
        self.paragraphs.push(int(m.stats.paragraphs));
        self.boilerplate_bytes.push(int(m.stats.boilerplate_bytes));
        self.wire.push(m.cleaning.wire);
        self.cluster.push(&m.copy.cluster);
        self.duplicate_of.push_opt(m.copy.duplicate_of.as_deref());
        self.counted.push(m.counted);
        for (name, _, column) in &mut self.meta {
            column.push(doc.field(name));
        }
    }
}

impl RowBuffer for DocumentRows {
    fn take(&mut self) -> PolarsResult<DataFrame> {
        let meta: Vec<Column> = self
            .meta
            .iter_mut()
            .map(|(_, column_name, c)| c.take(column_name))
            .collect();
        let kept = std::mem::take(&mut self.meta);
        let r = std::mem::take(self);
        self.meta = kept;
        let mut columns = vec![
            r.doc_id.column("doc_id"),
            r.outlet.column("outlet"),
            Int32Chunked::from_iter_options("date".into(), r.date.into_iter())
                .into_date()
                .into_column(),
            Int64Chunked::from_iter_options("datetime".into(), r.datetime.into_iter())
                .into_datetime(TimeUnit::Milliseconds, None)
                .into_column(),
            r.title.column("title"),
            r.url.column("url"),
            r.source.column("source"),
            Column::new("bytes".into(), r.bytes),
            Column::new("tokens".into(), r.tokens),
            Column::new("tokens_narrator".into(), r.tokens_narrator),
            Column::new("tokens_quote".into(), r.tokens_quote),
            Column::new("tokens_scare".into(), r.tokens_scare),
            Column::new("sentences".into(), r.sentences),
            Column::new("paragraphs".into(), r.paragraphs),
            Column::new("boilerplate_bytes".into(), r.boilerplate_bytes),
            Column::new("wire".into(), r.wire),
            r.cluster.column("cluster"),
            r.duplicate_of.column("duplicate_of"),
            Column::new("counted".into(), r.counted),
        ];
        columns.extend(meta);
        DataFrame::new_infer_height(columns)
    }

    fn empty(&self) -> Self {
        DocumentRows {
            meta: self
                .meta
                .iter()
                .map(|(n, c, m)| {
                    let kind = match m {
                        MetaColumn::Int(_) => Kind::Int,
                        MetaColumn::Float(_) => Kind::Float,
                        MetaColumn::Bool(_) => Kind::Bool,
                        MetaColumn::Text(_) => Kind::Text,
                    };
                    (n.clone(), c.clone(), MetaColumn::new(kind))
                })
                .collect(),
            ..DocumentRows::default()
        }
    }

    fn len(&self) -> usize {
        self.doc_id.len()
    }

    fn text_bytes(&self) -> usize {
        self.doc_id.text_len()
            + self.outlet.text_len()
            + self.title.text_len()
            + self.url.text_len()
            + self.source.text_len()
            + self.cluster.text_len()
            + self.duplicate_of.text_len()
            + self
                .meta
                .iter()
                .map(|(_, _, c)| c.text_len())
                .sum::<usize>()
    }
}

#[derive(Default)]
struct HitRows {
    doc_id: Text,
    outlet: Text,
    lexicon: Text,
    category: Text,
    term: Text,
    surface: Text,
    voice: Vec<&'static str>,
    sentence: Vec<i64>,
    token_start: Vec<i64>,
    token_end: Vec<i64>,
    byte_start: Vec<i64>,
    byte_end: Vec<i64>,
}

impl HitRows {
    fn push(&mut self, analyzer: &Analyzer, doc: &Document, m: &Measurement) {
        for h in &m.hits {
            let lexicon = &analyzer.lexicons()[h.lexicon as usize];
            let category = &lexicon.categories[h.hit.category as usize];
            self.doc_id.push(&doc.id);
            self.outlet.push(&doc.outlet);
            self.lexicon.push(&lexicon.name);
            self.category.push(&category.name);
            self.term.push(&category.terms[h.hit.term as usize].text);
            self.surface.push(h.surface(&doc.body));
            self.voice.push(h.voice.as_str());
            self.sentence.push(i64::from(h.hit.sentence));
            self.token_start.push(i64::from(h.hit.word_start));
            self.token_end.push(i64::from(h.hit.word_end));
            self.byte_start.push(h.hit.byte_start as i64);
            self.byte_end.push(h.hit.byte_end as i64);
        }
    }
}

impl RowBuffer for HitRows {
    fn take(&mut self) -> PolarsResult<DataFrame> {
        let r = std::mem::take(self);
        DataFrame::new_infer_height(vec![
            r.doc_id.column("doc_id"),
            r.outlet.column("outlet"),
            r.lexicon.column("lexicon"),
            r.category.column("category"),
            r.term.column("term"),
            r.surface.column("surface"),
            Column::new("voice".into(), r.voice),
            Column::new("sentence".into(), r.sentence),
            Column::new("token_start".into(), r.token_start),
            Column::new("token_end".into(), r.token_end),
            Column::new("byte_start".into(), r.byte_start),
            Column::new("byte_end".into(), r.byte_end),
        ])
    }

    fn len(&self) -> usize {
        self.doc_id.len()
    }

    fn text_bytes(&self) -> usize {
        self.doc_id.text_len()
            + self.outlet.text_len()
            + self.lexicon.text_len()
            + self.category.text_len()
            + self.term.text_len()
            + self.surface.text_len()
    }
}

#[derive(Default)]
struct CountRows {
    doc_id: Text,
    outlet: Text,
    lexicon: Text,
    category: Text,
    count: Vec<i64>,
    narrator: Vec<i64>,
    quote: Vec<i64>,
    scare: Vec<i64>,
}

impl CountRows {
    fn push(&mut self, analyzer: &Analyzer, doc: &Document, m: &Measurement) {
        for (l, lexicon) in analyzer.lexicons().iter().enumerate() {
            for (c, category) in lexicon.categories.iter().enumerate() {
                self.doc_id.push(&doc.id);
                self.outlet.push(&doc.outlet);
                self.lexicon.push(&lexicon.name);
                self.category.push(&category.name);
                let slot = analyzer.slot(l, c);
                self.count.push(int(m.stats.counts[slot]));
                let [n, q, sc] = m.stats.counts_by_voice[slot];
                self.narrator.push(int(n));
                self.quote.push(int(q));
                self.scare.push(int(sc));
            }
        }
    }
}

impl RowBuffer for CountRows {
    fn take(&mut self) -> PolarsResult<DataFrame> {
        let r = std::mem::take(self);
        DataFrame::new_infer_height(vec![
            r.doc_id.column("doc_id"),
            r.outlet.column("outlet"),
            r.lexicon.column("lexicon"),
            r.category.column("category"),
            Column::new("count".into(), r.count),
            Column::new("narrator".into(), r.narrator),
            Column::new("quote".into(), r.quote),
            Column::new("scare".into(), r.scare),
        ])
    }

    fn len(&self) -> usize {
        self.doc_id.len()
    }

    fn text_bytes(&self) -> usize {
        self.doc_id.text_len()
            + self.outlet.text_len()
            + self.lexicon.text_len()
            + self.category.text_len()
    }
}

#[derive(Default)]
struct QuoteRows {
    doc_id: Text,
    outlet: Text,
    index: Vec<i64>,
    kind: Vec<&'static str>,
    speaker: Text,
    speaker_group: Text,
    verb: Text,
    words: Vec<i64>,
    closed: Vec<bool>,
    byte_start: Vec<i64>,
    byte_end: Vec<i64>,
    text: Text,
}

impl QuoteRows {
    fn push(&mut self, doc: &Document, m: &Measurement) {
        for (i, q) in m.quotations.iter().enumerate() {
            self.doc_id.push(&doc.id);
            self.outlet.push(&doc.outlet);
            self.index.push(i as i64);
            self.kind.push(q.kind.as_str());
            self.speaker.push_opt(q.speaker.as_deref());
            self.speaker_group.push_opt(q.speaker_group.as_deref());
            self.verb.push_opt(q.verb.as_deref());
            self.words.push(q.words as i64);
            self.closed.push(q.closed);
            self.byte_start.push(q.start as i64);
            self.byte_end.push(q.end as i64);
            self.text.push(&doc.body[q.start..q.end]);
        }
    }
}

impl RowBuffer for QuoteRows {
    fn take(&mut self) -> PolarsResult<DataFrame> {
        let r = std::mem::take(self);
        DataFrame::new_infer_height(vec![
            r.doc_id.column("doc_id"),
            r.outlet.column("outlet"),
            Column::new("index".into(), r.index),
            Column::new("kind".into(), r.kind),
            r.speaker.column("speaker"),
            r.speaker_group.column("speaker_group"),
            r.verb.column("verb"),
            Column::new("words".into(), r.words),
            Column::new("closed".into(), r.closed),
            Column::new("byte_start".into(), r.byte_start),
            Column::new("byte_end".into(), r.byte_end),
            r.text.column("text"),
        ])
    }

    fn len(&self) -> usize {
        self.doc_id.len()
    }

    fn text_bytes(&self) -> usize {
        self.doc_id.text_len()
            + self.outlet.text_len()
            + self.speaker.text_len()
            + self.speaker_group.text_len()
            + self.verb.text_len()
            + self.text.text_len()
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
    let mut tokens: [Vec<i64>; 4] = Default::default(); // all, narrator, quote, scare
    let mut counts: [Vec<i64>; 4] = Default::default();
    let mut rates: [Vec<Option<f64>>; 4] = Default::default();
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
                tokens[0].push(int(t.tokens));
                counts[0].push(int(n));
                rates[0].push(per_10k(n, t.tokens));
                for v in 0..3 {
                    tokens[v + 1].push(int(t.tokens_by_voice[v]));
                    counts[v + 1].push(int(by_voice[v]));
                    rates[v + 1].push(per_10k(by_voice[v], t.tokens_by_voice[v]));
                }
                // one article: no interval (a resample is the article itself)
                let iv = intervals.get(name).filter(|_| t.docs > 1);
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
    let [tokens, tokens_narrator, tokens_quote, tokens_scare] = tokens;
    let [count, narrator, quote, scare] = counts;
    let [per_10k_all, narrator_per_10k, quote_per_10k, scare_per_10k] = rates;
    let mut columns = group.columns();
    columns.extend([
        lexicon.column("lexicon"),
        category.column("category"),
        Column::new("docs".into(), docs),
        Column::new("docs_with".into(), docs_with),
        Column::new("tokens".into(), tokens),
        Column::new("tokens_narrator".into(), tokens_narrator),
        Column::new("tokens_quote".into(), tokens_quote),
        Column::new("tokens_scare".into(), tokens_scare),
        Column::new("count".into(), count),
        Column::new("narrator".into(), narrator),
        Column::new("quote".into(), quote),
        Column::new("scare".into(), scare),
        Column::new("per_10k".into(), per_10k_all),
        Column::new("per_10k_ci_low".into(), lo),
        Column::new("per_10k_ci_high".into(), hi),
        Column::new("narrator_per_10k".into(), narrator_per_10k),
        Column::new("narrator_per_10k_ci_low".into(), n_lo),
        Column::new("narrator_per_10k_ci_high".into(), n_hi),
        Column::new("quote_per_10k".into(), quote_per_10k),
        Column::new("scare_per_10k".into(), scare_per_10k),
        Column::new("small_n".into(), small_n),
    ]);
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
    let (mut docs, mut docs_with, mut tokens, mut tokens_narrator) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut counts: [Vec<i64>; 4] = Default::default();
    let (mut rate, mut lo, mut hi) = (Vec::new(), Vec::new(), Vec::new());
    let (mut n_rate, mut n_lo, mut n_hi) = (Vec::new(), Vec::new(), Vec::new());
    let (mut shares, mut s_lo, mut s_hi) = (Vec::new(), Vec::new(), Vec::new());
    let mut small_n = Vec::new();
    for &key in keys {
        let (name, day) = key;
        let Some(t) = totals.periods.get(key) else {
            continue;
        };
        let iv = intervals.get(key).filter(|_| t.docs > 1);
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
                tokens_narrator.push(int(t.tokens_by_voice[0]));
                counts[0].push(int(count(slot)));
                for v in 0..3 {
                    counts[v + 1].push(int(by_voice[v]));
                }
                let pick =
                    |v: Option<&Vec<Interval>>| v.and_then(|v| v.get(slot).copied().flatten());
                let (r, nr) = (
                    pick(iv.map(|i| &i.rate)),
                    pick(iv.map(|i| &i.narrator_rate)),
                );
                rate.push(per_10k(count(slot), t.tokens));
                lo.push(r.map(|r| r.0));
                hi.push(r.map(|r| r.1));
                n_rate.push(per_10k(by_voice[0], t.tokens_by_voice[0]));
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
    let [count, narrator, quote, scare] = counts;
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
        Column::new("tokens_narrator".into(), tokens_narrator),
        Column::new("count".into(), count),
        Column::new("narrator".into(), narrator),
        Column::new("quote".into(), quote),
        Column::new("scare".into(), scare),
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
    for (name, t) in &totals.groups {
        let mut contrast_index = 0;
        for (l, lex) in analyzer.lexicons().iter().enumerate() {
            for con in &lex.contrasts {
                let shares_iv = intervals
                    .get(name)
                    .filter(|_| t.docs > 1)
                    .and_then(|i| i.share.get(contrast_index));
                contrast_index += 1;
                let all = |c: usize| t.counts.get(analyzer.slot(l, c)).copied().unwrap_or(0);
                let narr = |c: usize| {
                    t.counts_by_voice
                        .get(analyzer.slot(l, c))
                        .map_or(0, |v| v[Voice::Narrator.index()])
                };
                let sum: u64 = con.categories.iter().map(|&c| all(c)).sum();
                let n_sum: u64 = con.categories.iter().map(|&c| narr(c)).sum();
                for (member, &c) in con.categories.iter().enumerate() {
                    let iv = shares_iv.and_then(|v| v.get(member).copied().flatten());
                    lo.push(iv.map(|x| x.0));
                    hi.push(iv.map(|x| x.1));
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
        Column::new("narrator_count".into(), n_count),
        Column::new("narrator_total".into(), n_total),
        Column::new("narrator_share".into(), n_shares),
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
        Column::new("expected_min".into(), real(&|r| r.expected)),
    ]);
    DataFrame::new_infer_height(columns)
}

/// The `distances` table: per lexicon, one row per pair of outlets (in name order), the
/// Jensen–Shannon divergence of their category distributions. Given to `each` in frames of at
/// most `rows` rows: the table has a row per pair of outlets, 600,000 for 491 outlets and a
/// hundred times that for 5,000, so it is never held whole.
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

/// A table as CSV text, for printing.
pub fn to_csv(df: &DataFrame) -> PolarsResult<String> {
    let mut buf = Vec::new();
    let mut df = df.clone();
    CsvWriter::new(&mut buf).finish(&mut df)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// The schema of a table that grows with the corpus, as this version writes it (`documents`
/// without metadata columns).
pub fn table_schema(name: &str) -> PolarsResult<Schema> {
    let df = match name {
        "documents" => DocumentRows::default().take()?,
        "hits" => HitRows::default().take()?,
        "counts" => CountRows::default().take()?,
        "quotes" => QuoteRows::default().take()?,
        other => polars_bail!(ComputeError: "no table {other}"),
    };
    Ok(df.schema().as_ref().clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_columns_keep_values_and_nulls_in_order() {
        let mut t = Text::default();
        t.push("Press TV");
        t.push("");
        t.push_opt(None);
        t.push("Moscow’s");
        t.push_opt(Some("a longer value than twelve bytes"));
        let column = t.column("outlet");
        let values: Vec<Option<&str>> = column.str().unwrap().iter().collect();
        assert_eq!(
            values,
            [
                Some("Press TV"),
                Some(""),
                None,
                Some("Moscow’s"),
                Some("a longer value than twelve bytes")
            ]
        );
        let mut plain = Text::default();
        plain.push("x");
        assert_eq!(plain.column("c").null_count(), 0);
        assert_eq!(Text::default().column("c").dtype(), &DataType::String);
    }

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
