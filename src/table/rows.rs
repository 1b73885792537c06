//! Row buffers of the tables that grow with the corpus (`documents`, `hits`, `counts`,
//! `quotes`): one row per article, hit, article × category or quotation, buffered and written in
//! batches.

use polars::prelude::*;

use super::{int, PerVoice, RowBuffer, Text};
use crate::analysis::{Analyzer, Measurement};
use crate::corpus::{Document, FieldTypes, Kind, Value};

/// The base columns of `documents`; metadata columns come after them (a metadata field of the
/// same name as one of these is written as `input_NAME`).
pub const DOCUMENT_COLUMNS: [&str; 20] = [
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
    "tokens_reported",
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

    fn kind(&self) -> Kind {
        match self {
            MetaColumn::Int(_) => Kind::Int,
            MetaColumn::Float(_) => Kind::Float,
            MetaColumn::Bool(_) => Kind::Bool,
            MetaColumn::Text(_) => Kind::Text,
        }
    }

    fn take(&mut self, name: &str) -> Column {
        match std::mem::replace(self, MetaColumn::new(self.kind())) {
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
pub(super) struct DocumentRows {
    doc_id: Text,
    outlet: Text,
    date: Vec<Option<i32>>,
    datetime: Vec<Option<i64>>,
    title: Text,
    url: Text,
    source: Text,
    bytes: Vec<i64>,
    tokens: Vec<i64>,
    tokens_by_voice: PerVoice<i64>,
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
    pub(super) fn new(fields: &FieldTypes) -> DocumentRows {
        DocumentRows {
            meta: fields
                .columns
                .iter()
                .map(|(n, k)| (n.clone(), metadata_column(n), MetaColumn::new(*k)))
                .collect(),
            ..DocumentRows::default()
        }
    }

    pub(super) fn push(&mut self, doc: &Document, m: &Measurement) {
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
        self.tokens_by_voice.push(&m.stats.tokens_by_voice);
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
        ];
        columns.extend(r.tokens_by_voice.columns(|v| format!("tokens_{v}")));
        columns.extend([
            Column::new("sentences".into(), r.sentences),
            Column::new("paragraphs".into(), r.paragraphs),
            Column::new("boilerplate_bytes".into(), r.boilerplate_bytes),
            Column::new("wire".into(), r.wire),
            r.cluster.column("cluster"),
            r.duplicate_of.column("duplicate_of"),
            Column::new("counted".into(), r.counted),
        ]);
        columns.extend(meta);
        DataFrame::new_infer_height(columns)
    }

    fn empty(&self) -> Self {
        DocumentRows {
            meta: self
                .meta
                .iter()
                .map(|(n, c, m)| (n.clone(), c.clone(), MetaColumn::new(m.kind())))
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
pub(super) struct HitRows {
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
    negated: Vec<bool>,
    score: Vec<Option<f64>>,
}

impl HitRows {
    pub(super) fn push(&mut self, analyzer: &Analyzer, doc: &Document, m: &Measurement) {
        for h in &m.hits {
            let lexicon = &analyzer.lexicons()[h.lexicon as usize];
            let category = &lexicon.categories[h.hit.category as usize];
            self.doc_id.push(&doc.id);
            self.outlet.push(&doc.outlet);
            self.lexicon.push(&lexicon.name);
            self.category.push(&category.name);
            self.term.push(&h.term(lexicon).text);
            self.surface.push(h.surface(&doc.body));
            self.voice.push(h.voice.as_str());
            self.sentence.push(i64::from(h.hit.sentence));
            self.token_start.push(i64::from(h.hit.word_start));
            self.token_end.push(i64::from(h.hit.word_end));
            self.byte_start.push(h.hit.byte_start as i64);
            self.byte_end.push(h.hit.byte_end as i64);
            self.negated.push(h.negated);
            self.score.push(h.score.map(super::from_micros));
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
            Column::new("negated".into(), r.negated),
            Column::new("score".into(), r.score),
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
pub(super) struct CountRows {
    doc_id: Text,
    outlet: Text,
    lexicon: Text,
    category: Text,
    count: Vec<i64>,
    by_voice: PerVoice<i64>,
    /// Null for a category without scores.
    score: Vec<Option<f64>>,
    score_by_voice: PerVoice<Option<f64>>,
}

impl CountRows {
    pub(super) fn push(&mut self, analyzer: &Analyzer, doc: &Document, m: &Measurement) {
        for (l, lexicon) in analyzer.lexicons().iter().enumerate() {
            for (c, category) in lexicon.categories.iter().enumerate() {
                self.doc_id.push(&doc.id);
                self.outlet.push(&doc.outlet);
                self.lexicon.push(&lexicon.name);
                self.category.push(&category.name);
                let slot = analyzer.slot(l, c);
                self.count.push(int(m.stats.counts[slot]));
                self.by_voice.push(&m.stats.counts_by_voice[slot]);
                let scores = analyzer
                    .scored_slot(slot)
                    .then(|| m.stats.scores_by_voice.get(slot))
                    .flatten();
                self.score
                    .push(scores.map(|s| super::from_micros(analyzer.selected_sum(s))));
                self.score_by_voice
                    .push_with(|v| scores.map(|s| super::from_micros(s[v.index()])));
            }
        }
    }
}

impl RowBuffer for CountRows {
    fn take(&mut self) -> PolarsResult<DataFrame> {
        let r = std::mem::take(self);
        let mut columns = vec![
            r.doc_id.column("doc_id"),
            r.outlet.column("outlet"),
            r.lexicon.column("lexicon"),
            r.category.column("category"),
            Column::new("count".into(), r.count),
        ];
        columns.extend(r.by_voice.columns(str::to_string));
        columns.push(Column::new("score".into(), r.score));
        columns.extend(r.score_by_voice.columns(|v| format!("{v}_score")));
        DataFrame::new_infer_height(columns)
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
pub(super) struct QuoteRows {
    doc_id: Text,
    outlet: Text,
    index: Vec<i64>,
    kind: Vec<&'static str>,
    speaker: Text,
    speaker_kind: Vec<&'static str>,
    speaker_group: Text,
    verb: Text,
    words: Vec<i64>,
    closed: Vec<bool>,
    byte_start: Vec<i64>,
    byte_end: Vec<i64>,
    text: Text,
}

impl QuoteRows {
    pub(super) fn push(&mut self, doc: &Document, m: &Measurement) {
        for (i, q) in m.quotations.iter().enumerate() {
            self.doc_id.push(&doc.id);
            self.outlet.push(&doc.outlet);
            self.index.push(i as i64);
            self.kind.push(q.kind.as_str());
            self.speaker.push_opt(q.speaker.as_deref());
            self.speaker_kind
                .push(q.speaker_kind.map_or("none", |k| k.as_str()));
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
            Column::new("speaker_kind".into(), r.speaker_kind),
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
