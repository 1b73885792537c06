//! Tabular corpora: CSV/TSV (streamed record by record) and Parquet (read a slice of rows at a
//! time through polars).

use std::path::Path;

use polars::prelude::*;

use super::{missing, non_empty, open_stream, CorpusError, Document, Fields, Inputs, Value};

/// Rows of a Parquet file held in memory at once.
const PARQUET_SLICE: usize = 4096;

struct Columns {
    id: usize,
    outlet: usize,
    text: usize,
    date: Option<usize>,
    title: Option<usize>,
    url: Option<usize>,
    /// Columns kept as metadata, with their names.
    kept: Vec<(usize, String)>,
}

fn find_columns(names: &[String], fields: &Fields, path: &str) -> Result<Columns, CorpusError> {
    let find = |n: &str| names.iter().position(|h| h == n);
    let require = |n: &str, flag: &str| {
        find(n).ok_or_else(|| {
            CorpusError::file(
                path,
                format!(
                    "no column `{n}` (columns: {}); pass {flag} NAME to use another",
                    names.join(", ")
                ),
            )
        })
    };
    Ok(Columns {
        id: require(&fields.id, "--id-field")?,
        outlet: require(&fields.outlet, "--outlet-field")?,
        text: require(
            &fields.text,
            if fields.html {
                "--html-field"
            } else {
                "--text-field"
            },
        )?,
        date: find(&fields.date),
        title: find(&fields.title),
        url: find(&fields.url),
        kept: names
            .iter()
            .enumerate()
            .filter(|(_, n)| !n.is_empty() && fields.keeps(n))
            .map(|(i, n)| (i, n.clone()))
            .collect(),
    })
}

fn document(
    values: [Option<String>; 6],
    metadata: Vec<(String, Value)>,
    fields: &Fields,
    location: String,
) -> Result<Document, CorpusError> {
    let [id, outlet, text, date, title, url] = values.map(non_empty);
    let mut problems = Vec::new();
    if id.is_none() {
        problems.push(missing(&fields.id, "--id-field"));
    }
    // a page may name its site (`--html-field`): the outlet is found after extraction
    let outlet = outlet.or_else(|| fields.html.then(String::new));
    if outlet.is_none() {
        problems.push(missing(&fields.outlet, "--outlet-field"));
    }
    if text.is_none() {
        let flag = if fields.html {
            "--html-field"
        } else {
            "--text-field"
        };
        problems.push(missing(&fields.text, flag));
    }
    match (id, outlet, text) {
        (Some(id), Some(outlet), Some(body)) => Ok(Document {
            id,
            outlet,
            date,
            title,
            url,
            body,
            source: location,
            metadata,
        }),
        _ => Err(CorpusError::record(location, problems.join("; "))),
    }
}

/// Reads a CSV (or, with `b'\t'`, TSV) file with a header row, lazily.
pub fn read_csv(
    path: &Path,
    delimiter: u8,
    fields: &Fields,
    inputs: &Inputs,
) -> Result<impl Iterator<Item = Result<Document, CorpusError>> + Send, CorpusError> {
    let display = path.display().to_string();
    let (reader, compressed) = open_stream(path, inputs)?;
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(reader);
    let headers = csv
        .byte_headers()
        .map_err(|e| csv_error(path, compressed, e))?;
    let names: Vec<String> = headers
        .iter()
        .map(|h| {
            String::from_utf8_lossy(h)
                .trim_start_matches('\u{feff}')
                .trim()
                .to_string()
        })
        .collect();
    if names.iter().all(String::is_empty) {
        return Err(CorpusError::file(
            &display,
            "no articles: the file is empty (expected a header row)",
        ));
    }
    let columns = find_columns(&names, fields, &display)?;
    let ncols = names.len();
    let fields = fields.clone();
    let path = path.to_path_buf();
    let mut records = csv.into_byte_records();
    let mut failed = false;
    Ok(std::iter::from_fn(move || {
        if failed {
            return None;
        }
        let record = match records.next()? {
            Ok(r) => r,
            Err(e) => {
                // A malformed row (e.g. bad quoting) is a record error; a read error ends the file.
                if let csv::ErrorKind::Io(_) = e.kind() {
                    failed = true;
                }
                let line = e.position().map_or(0, |p| p.line());
                return Some(Err(if failed {
                    csv_error(&path, compressed, e)
                } else {
                    CorpusError::record(
                        format!("{display}:{line}"),
                        format!("malformed CSV row: {e}"),
                    )
                }));
            }
        };
        let location = format!("{display}:{}", record.position().map_or(0, |p| p.line()));
        if let Some(message) = swallowed_records(&record, delimiter, ncols, columns.id) {
            return Some(Err(CorpusError::record(location, message)));
        }
        let get = |c: Option<usize>| -> Result<Option<String>, CorpusError> {
            match c.and_then(|c| record.get(c)) {
                None => Ok(None),
                Some(b) => std::str::from_utf8(b)
                    .map(|s| Some(s.to_string()))
                    .map_err(|e| {
                        CorpusError::record(
                            location.clone(),
                            format!(
                                "not valid UTF-8 at byte {} of a field; convert the file to UTF-8",
                                e.valid_up_to()
                            ),
                        )
                    }),
            }
        };
        let values = (|| {
            let mut metadata = Vec::new();
            for (c, name) in &columns.kept {
                if let Some(v) = non_empty(get(Some(*c))?) {
                    metadata.push((name.clone(), Value::Text(v)));
                }
            }
            Ok::<_, CorpusError>((
                [
                    get(Some(columns.id))?,
                    get(Some(columns.outlet))?,
                    get(Some(columns.text))?,
                    get(columns.date)?,
                    get(columns.title)?,
                    get(columns.url)?,
                ],
                metadata,
            ))
        })();
        Some(values.and_then(|(v, metadata)| document(v, metadata, &fields, location)))
    }))
}

/// Whether a field of `record` is a quoted field that ran on over what look like records of
/// their own: a stray `"` that opens a field and never closes makes the CSV reader take the
/// rest of the file (or everything up to the next stray mark) as one field, silently losing
/// those rows. A line inside a field looks like a record when it splits into exactly the
/// header's number of fields and its id field is a short value with no spaces; it takes at
/// least three such lines, and four fifths of the field's lines, so a multi-paragraph text
/// whose paragraphs happen to hold commas (`MOSCOW, March 3, 2022`) is not taken for one.
fn swallowed_records(
    record: &csv::ByteRecord,
    delimiter: u8,
    columns: usize,
    id: usize,
) -> Option<String> {
    for field in record.iter() {
        if !field.contains(&b'\n') {
            continue;
        }
        let lines: Vec<&[u8]> = field
            .split(|&b| b == b'\n')
            .skip(1)
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
            .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
            .collect();
        let mut first = None;
        let mut like = 0;
        for line in &lines {
            if looks_like_record(line, delimiter, columns, id) {
                like += 1;
                first.get_or_insert(*line);
            }
        }
        // real swallowed rows all look like records; an article's dateline or two do not make
        // four fifths of its lines
        if like >= 3 && 5 * like >= 4 * lines.len() {
            let first = String::from_utf8_lossy(first.unwrap_or_default());
            let preview: String = first.chars().take(60).collect();
            return Some(format!(
                "quoted field never closes (it runs over the next {} lines, {like} of which look like records of their own, such as `{preview}`); close the quote, or double a quote mark inside a field (\"\")",
                lines.len()
            ));
        }
    }
    None
}

fn looks_like_record(line: &[u8], delimiter: u8, columns: usize, id: usize) -> bool {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(line);
    let mut r = csv::ByteRecord::new();
    match reader.read_byte_record(&mut r) {
        Ok(true) if r.len() == columns => r.get(id).is_some_and(|v| {
            !v.is_empty() && v.len() <= 100 && !v.iter().any(u8::is_ascii_whitespace)
        }),
        _ => false,
    }
}

fn csv_error(path: &Path, compressed: bool, e: csv::Error) -> CorpusError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => super::stream_error(path, compressed, io),
        other => CorpusError::file(path.display().to_string(), format!("{other:?}")),
    }
}

/// Refuses columns whose type cannot hold what slant reads from them: article text must be text
/// (a column of numbers or booleans would be read as one-token documents), an id or outlet text
/// or whole numbers, a date, title or url text, a date or a number.
fn check_types(
    schema: &Schema,
    columns: &Columns,
    fields: &Fields,
    path: &str,
) -> Result<(), CorpusError> {
    let text = |d: &DataType| matches!(d, DataType::String);
    let label = |d: &DataType| text(d) || d.is_integer();
    // an optional column of nulls only (pandas writes one for a column of None) is absent
    let scalar = |d: &DataType| {
        text(d)
            || d.is_primitive_numeric()
            || matches!(d, DataType::Date | DataType::Datetime(..) | DataType::Null)
    };
    type Accepts<'a> = &'a dyn Fn(&DataType) -> bool;
    // (column, its field name, the flag naming it, the types it accepts, those types in words)
    let wanted: [(Option<usize>, &str, &str, Accepts<'_>, &str); 6] = [
        (
            Some(columns.text),
            &fields.text,
            "--text-field",
            &text,
            "text",
        ),
        (
            Some(columns.id),
            &fields.id,
            "--id-field",
            &label,
            "text or whole numbers",
        ),
        (
            Some(columns.outlet),
            &fields.outlet,
            "--outlet-field",
            &label,
            "text or whole numbers",
        ),
        (
            columns.date,
            &fields.date,
            "--date-field",
            &scalar,
            "text, dates or numbers",
        ),
        (
            columns.title,
            &fields.title,
            "--title-field",
            &scalar,
            "text or numbers",
        ),
        (columns.url, &fields.url, "--url-field", &scalar, "text"),
    ];
    for (index, name, flag, ok, expected) in wanted {
        let Some(index) = index else { continue };
        let Some((_, dtype)) = schema.get_at_index(index) else {
            continue;
        };
        if !ok(dtype) {
            return Err(CorpusError::file(
                path,
                format!(
                    "column `{name}` holds {dtype}, not {expected}; pass {flag} NAME to read another column"
                ),
            ));
        }
    }
    Ok(())
}

/// Reads a Parquet file a slice of rows at a time.
pub fn read_parquet(
    path: &Path,
    fields: &Fields,
    inputs: &Inputs,
) -> Result<impl Iterator<Item = Result<Document, CorpusError>> + Send, CorpusError> {
    let display = path.display().to_string();
    let bad = |e: PolarsError| CorpusError::file(&display, format!("cannot read as Parquet: {e}"));
    let bytes = std::fs::read(path).map_err(|e| CorpusError::io(path, e))?;
    inputs.push(display.clone(), &bytes);
    drop(bytes);
    let open = || std::fs::File::open(path).map_err(|e| CorpusError::io(path, e));
    let mut reader = ParquetReader::new(open()?);
    let schema = reader.schema().map_err(bad)?;
    let names: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
    let columns = find_columns(&names, fields, &display)?;
    check_types(
        &Schema::from_arrow_schema(&schema),
        &columns,
        fields,
        &display,
    )?;
    let rows = reader.num_rows().map_err(bad)?;
    // the footer, read once: each slice's reader would read and parse it again, which takes
    // time in the number of row groups, for every slice
    let metadata = reader.get_metadata().map_err(bad)?.clone();
    if rows == 0 {
        return Err(CorpusError::file(
            &display,
            "no articles: the Parquet file has no rows",
        ));
    }
    let path = path.to_path_buf();
    let fields = fields.clone();
    let mut offset = 0usize;
    let mut pending: std::vec::IntoIter<Result<Document, CorpusError>> = Vec::new().into_iter();
    let mut failed = false;
    Ok(std::iter::from_fn(move || loop {
        if let Some(doc) = pending.next() {
            return Some(doc);
        }
        if failed || offset >= rows {
            return None;
        }
        let slice = (|| {
            let file = std::fs::File::open(&path).map_err(|e| CorpusError::io(&path, e))?;
            let fail = |e: PolarsError| {
                CorpusError::file(
                    path.display().to_string(),
                    format!("cannot read as Parquet: {e}"),
                )
            };
            let mut reader = ParquetReader::new(file);
            reader.set_metadata(metadata.clone());
            let df = reader
                .with_slice(Some((offset, PARQUET_SLICE)))
                .finish()
                .map_err(fail)?;
            let located = |row: usize| format!("{}:row {}", path.display(), offset + row + 1);
            frame_documents(&df, &columns, &fields, located).map_err(fail)
        })();
        offset += PARQUET_SLICE;
        match slice {
            Ok(docs) => pending = docs.into_iter(),
            Err(e) => {
                failed = true;
                return Some(Err(e));
            }
        }
    }))
}

/// The documents of the rows of `df`, whose columns `columns` locates; `location(row)` says
/// where each row was read. A row without an id, outlet or text is a bad record.
fn frame_documents(
    df: &DataFrame,
    columns: &Columns,
    fields: &Fields,
    location: impl Fn(usize) -> String,
) -> PolarsResult<Vec<Result<Document, CorpusError>>> {
    let wanted = [
        Some(columns.id),
        Some(columns.outlet),
        Some(columns.text),
        columns.date,
        columns.title,
        columns.url,
    ];
    let mut cols: Vec<Option<StringChunked>> = Vec::new();
    for c in wanted {
        cols.push(match c {
            None => None,
            Some(c) => Some(df.columns()[c].cast(&DataType::String)?.str()?.clone()),
        });
    }
    let kept: Vec<(&str, Kept)> = columns
        .kept
        .iter()
        .filter_map(|(c, name)| Some((name.as_str(), Kept::of(&df.columns()[*c])?)))
        .collect();
    let mut docs = Vec::with_capacity(df.height());
    for row in 0..df.height() {
        let metadata = kept
            .iter()
            .filter_map(|(name, k)| Some((name.to_string(), k.get(row)?)))
            .collect();
        let value = |i: usize| {
            cols[i]
                .as_ref()
                .and_then(|c| c.get(row))
                .map(str::to_string)
        };
        let values = [value(0), value(1), value(2), value(3), value(4), value(5)];
        docs.push(document(values, metadata, fields, location(row)));
    }
    Ok(docs)
}

/// The documents of a table of rows handed over by another engine (a Spark partition's Arrow
/// batch, see [`crate::distributed`]), read as a Parquet file's rows are: the same columns,
/// types and checks; `what` names the table in errors, `location(row)` each row. Columns in
/// `ignore` are neither read nor kept as metadata.
pub fn documents_of_frame(
    df: &DataFrame,
    fields: &Fields,
    what: &str,
    ignore: &[&str],
    location: impl Fn(usize) -> String,
) -> Result<Vec<Result<Document, CorpusError>>, CorpusError> {
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| {
            if ignore.contains(&n.as_str()) {
                String::new() // an empty name is never read nor kept
            } else {
                n.to_string()
            }
        })
        .collect();
    let columns = find_columns(&names, fields, what)?;
    check_types(df.schema(), &columns, fields, what)?;
    frame_documents(df, &columns, fields, location)
        .map_err(|e| CorpusError::file(what, format!("cannot read the rows: {e}")))
}

/// A Parquet column kept as metadata, cast to the type its values keep: whole numbers, real
/// numbers, booleans, or text (strings, dates and everything else that casts to text). Lists
/// and structs are not kept.
enum Kept {
    Int(Int64Chunked),
    Float(Float64Chunked),
    Bool(BooleanChunked),
    Text(StringChunked),
}

impl Kept {
    fn of(column: &Column) -> Option<Kept> {
        let d = column.dtype();
        if matches!(d, DataType::List(_) | DataType::Null) || d.is_nested() {
            return None;
        }
        let cast = |t: &DataType| column.cast(t).ok();
        Some(if d.is_integer() {
            Kept::Int(cast(&DataType::Int64)?.i64().ok()?.clone())
        } else if d.is_float() {
            Kept::Float(cast(&DataType::Float64)?.f64().ok()?.clone())
        } else if d.is_bool() {
            Kept::Bool(column.bool().ok()?.clone())
        } else {
            Kept::Text(cast(&DataType::String)?.str().ok()?.clone())
        })
    }

    fn get(&self, row: usize) -> Option<Value> {
        match self {
            Kept::Int(c) => c.get(row).map(Value::Int),
            Kept::Float(c) => c.get(row).map(Value::Float),
            Kept::Bool(c) => c.get(row).map(Value::Bool),
            Kept::Text(c) => non_empty(c.get(row).map(str::to_string)).map(Value::Text),
        }
    }
}
