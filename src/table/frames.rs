//! The per-article tables of a batch of documents as DataFrames in memory, not files: what
//! each Spark task hands back ([`crate::distributed`]). The rows are those [`super::TableSet`]
//! writes, with the same columns.

use polars::prelude::*;

use super::{CountRows, DocumentRows, HitRows, QuoteRows, RowBuffer};
use crate::analysis::{Analyzer, Measurement};
use crate::corpus::{Document, FieldTypes};

/// The column of `hits`, `counts` and `quotes` frames giving the row of their article in the
/// `documents` frame of the same batch.
pub const DOC_ROW: &str = "_doc";

/// Rows of `documents`, `hits`, `counts` and `quotes`, buffered for one batch.
pub struct FrameRows {
    documents: DocumentRows,
    hits: HitRows,
    counts: CountRows,
    quotes: QuoteRows,
    /// [`DOC_ROW`] of every row of `hits`, `counts` and `quotes`.
    rows_of: [Vec<i64>; 3],
}

impl FrameRows {
    /// Buffers for documents whose metadata columns are `fields` (those of the whole corpus).
    pub fn new(fields: &FieldTypes) -> FrameRows {
        FrameRows {
            documents: DocumentRows::new(fields),
            hits: HitRows::default(),
            counts: CountRows::default(),
            quotes: QuoteRows::default(),
            rows_of: Default::default(),
        }
    }

    /// Adds one document's rows, as [`super::TableSet::add`] does.
    pub fn add(&mut self, analyzer: &Analyzer, doc: &Document, m: &Measurement) {
        let row = self.documents.len() as i64;
        self.documents.push(doc, m);
        if m.counted {
            let before = [self.hits.len(), self.counts.len(), self.quotes.len()];
            self.hits.push(analyzer, doc, m);
            self.counts.push(analyzer, doc, m);
            self.quotes.push(doc, m);
            let after = [self.hits.len(), self.counts.len(), self.quotes.len()];
            for k in 0..3 {
                let added = after[k] - before[k];
                self.rows_of[k].extend(std::iter::repeat_n(row, added));
            }
        }
    }

    /// The frames `documents`, `hits`, `counts` and `quotes` of the rows added, the last three
    /// with a [`DOC_ROW`] column first; the buffers are left empty.
    pub fn take(&mut self) -> PolarsResult<[DataFrame; 4]> {
        let documents = self.documents.take()?;
        let rows_of = std::mem::take(&mut self.rows_of);
        let parts = [self.hits.take()?, self.counts.take()?, self.quotes.take()?];
        let mut out = parts.into_iter().zip(rows_of).map(|(df, rows)| {
            let mut columns = vec![Column::new(DOC_ROW.into(), rows)];
            columns.extend(df.columns().iter().cloned());
            DataFrame::new_infer_height(columns)
        });
        let (hits, counts, quotes) = (
            out.next().expect("three")?,
            out.next().expect("three")?,
            out.next().expect("three")?,
        );
        Ok([documents, hits, counts, quotes])
    }
}
