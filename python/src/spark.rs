//! The stages of a Spark run (`slant.spark`), on Arrow IPC streams: a batch of rows comes in
//! as the bytes of a stream, the tables go out as such bytes. See the library's
//! `slant::distributed` for what each stage does.

use std::io::Cursor;

use polars::prelude::*;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::SlantError;

fn fail(e: impl std::fmt::Display) -> PyErr {
    SlantError::new_err(format!("{e:#}"))
}

fn anyhow_fail(e: anyhow::Error) -> PyErr {
    SlantError::new_err(format!("{e:#}"))
}

/// A frame from the bytes of an Arrow IPC stream.
fn read(bytes: &[u8]) -> PyResult<DataFrame> {
    IpcStreamReader::new(Cursor::new(bytes))
        .finish()
        .map_err(|e| fail(format!("cannot read the Arrow batch: {e}")))
}

/// The bytes of an Arrow IPC stream of `df` (plain Arrow types: `large_string`, not views).
fn write(mut df: DataFrame) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    IpcStreamWriter::new(&mut out)
        .with_compat_level(CompatLevel::oldest())
        .finish(&mut df)
        .map_err(|e| fail(format!("cannot write the Arrow batch: {e}")))?;
    Ok(out)
}

fn columns_of(fields: &[String]) -> PyResult<slant::corpus::FieldTypes> {
    slant::distributed::unify_fields(fields.iter().map(String::as_str)).map_err(anyhow_fail)
}

/// One `slant analyze` over a Spark DataFrame: the flags that would follow `slant analyze`
/// (with `-o DIR`, without a corpus).
#[pyclass(module = "slant._slant", frozen)]
pub struct Job(slant::cli::distributed::Job);

#[pymethods]
impl Job {
    #[new]
    #[pyo3(signature = (words, progress = false))]
    fn new(words: Vec<String>, progress: bool) -> PyResult<Job> {
        slant::cli::distributed::Job::new(words, progress)
            .map(Job)
            .map_err(anyhow_fail)
    }

    /// --near-duplicate: the estimated Jaccard similarity from which two articles are copies.
    fn near_duplicate(&self) -> f64 {
        self.0.near_duplicate()
    }

    /// (stories, share): a line in at least this many of an outlet's stories and this share
    /// of them is boilerplate.
    fn repeat(&self) -> (u32, f64) {
        self.0.repeat()
    }

    /// Stage 1 on a batch (IPC bytes with `_order` and the corpus's columns).
    fn fingerprints<'py>(
        &self,
        py: Python<'py>,
        batch: &[u8],
        what: &str,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let out = py.detach(|| -> PyResult<Vec<u8>> {
            let df = read(batch)?;
            write(self.0.fingerprints(&df, what).map_err(anyhow_fail)?)
        })?;
        Ok(PyBytes::new(py, &out))
    }

    /// Raises as `slant analyze` fails on bad records or on --by/--where columns the corpus
    /// lacks; `facts` is JSON, `fields` the `fields` texts of stage 1 in corpus order.
    fn check(&self, facts: &str, fields: Vec<String>) -> PyResult<()> {
        let facts = slant::cli::distributed::Facts::from_json(facts).map_err(anyhow_fail)?;
        self.0
            .check(&facts, &columns_of(&fields)?)
            .map_err(anyhow_fail)
    }

    /// Stage 3's measurer, from stage 2's copies and repeated lines (IPC bytes).
    fn measurer(
        &self,
        py: Python<'_>,
        fields: Vec<String>,
        copies: &[u8],
        repeated: &[u8],
    ) -> PyResult<Measurer> {
        py.detach(|| {
            let (copies, repeated) = (read(copies)?, read(repeated)?);
            self.0
                .measurer(columns_of(&fields)?, &copies, &repeated)
                .map(Measurer)
                .map_err(anyhow_fail)
        })
    }

    /// The reduce: the per-article tables (IPC bytes, in corpus order) summed, summarized
    /// and written to the output directory with manifest.json.
    fn finish(
        &self,
        py: Python<'_>,
        facts: &str,
        fields: Vec<String>,
        tables: [Vec<u8>; 4],
    ) -> PyResult<()> {
        let facts = slant::cli::distributed::Facts::from_json(facts).map_err(anyhow_fail)?;
        py.detach(|| {
            let columns = columns_of(&fields)?;
            let [d, h, c, q] = &tables;
            let frames = [read(d)?, read(h)?, read(c)?, read(q)?];
            drop(tables);
            self.0.finish(&facts, &columns, frames).map_err(anyhow_fail)
        })
    }
}

/// Stage 3 on one executor: the compiled lexicons with the copies and repeated lines.
#[pyclass(module = "slant._slant", frozen)]
pub struct Measurer(slant::distributed::Measurer);

#[pymethods]
impl Measurer {
    /// The rows of `documents`, `hits`, `counts` and `quotes` of a batch, as IPC bytes each.
    fn measure<'py>(
        &self,
        py: Python<'py>,
        batch: &[u8],
        what: &str,
    ) -> PyResult<[Bound<'py, PyBytes>; 4]> {
        let out = py.detach(|| -> PyResult<Vec<Vec<u8>>> {
            let df = read(batch)?;
            let frames = self.0.measure(&df, what).map_err(anyhow_fail)?;
            frames.into_iter().map(write).collect()
        })?;
        let mut it = out.into_iter().map(|b| PyBytes::new(py, &b));
        Ok(std::array::from_fn(|_| it.next().expect("four tables")))
    }
}
