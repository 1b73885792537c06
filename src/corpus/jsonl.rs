//! JSONL/NDJSON: one JSON object per line.
//!
//! Only the configured fields are decoded; everything else in a record is skipped without
//! being built. `id`, `date`, `title` and `url` may be strings or numbers; `null` means absent.

use std::fmt;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use super::{
    missing, non_empty, open_stream, stream_error, CorpusError, Document, Fields, Inputs, Record,
};

/// Reads a JSONL file, lazily. Lines are returned undecoded ([`Record::Line`]): JSON parsing
/// is left to the caller, which may spread it over threads.
pub fn read(
    path: &Path,
    fields: &Fields,
    inputs: &Inputs,
) -> Result<impl Iterator<Item = Record> + Send, CorpusError> {
    let (reader, compressed) = open_stream(path, inputs)?;
    Ok(Lines {
        path: path.to_path_buf(),
        display: path.display().to_string().into(),
        reader,
        compressed,
        fields: Arc::new(fields.clone()),
        line: 0,
        buf: Vec::new(),
        done: false,
        records: 0,
    })
}

/// One line of a JSONL file, read but not yet parsed.
#[derive(Debug)]
pub struct Line {
    bytes: Vec<u8>,
    file: Arc<str>,
    line: usize,
    fields: Arc<Fields>,
}

impl Line {
    /// Bytes of the line, a measure of the work its decoding and measuring takes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Parses the line into a document, or a record error naming `file:line`.
    pub fn decode(self) -> Result<Document, CorpusError> {
        let location = format!("{}:{}", self.file, self.line);
        parse_line(&self.bytes, &self.fields, location)
    }
}

struct Lines {
    path: PathBuf,
    display: Arc<str>,
    reader: Box<dyn BufRead + Send>,
    compressed: bool,
    fields: Arc<Fields>,
    line: usize,
    buf: Vec<u8>,
    done: bool,
    records: usize,
}

impl Iterator for Lines {
    type Item = Record;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => {
                    self.done = true;
                    if self.records == 0 {
                        return Some(Record::Decoded(Err(CorpusError::file(
                            &*self.display,
                            "no articles: the file is empty (expected one JSON object per line)",
                        ))));
                    }
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Record::Decoded(Err(stream_error(
                        &self.path,
                        self.compressed,
                        e,
                    ))));
                }
            }
            self.line += 1;
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.records += 1;
            return Some(Record::Line(Line {
                bytes: self.buf.clone(),
                file: self.display.clone(),
                line: self.line,
                fields: self.fields.clone(),
            }));
        }
        None
    }
}

fn parse_line(line: &[u8], fields: &Fields, location: String) -> Result<Document, CorpusError> {
    let line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
    let line = match std::str::from_utf8(line) {
        Ok(line) => line,
        Err(e) => {
            return Err(CorpusError::record(
                location,
                format!(
                    "not valid UTF-8 at byte {} of the line; convert the file to UTF-8",
                    e.valid_up_to()
                ),
            ))
        }
    };
    // from a str, whose UTF-8 is checked above: serde_json does not check each string again
    let mut de = serde_json::Deserializer::from_str(line);
    let record = RecordSeed { fields }
        .deserialize(&mut de)
        .and_then(|r| de.end().map(|()| r));
    let record = match record {
        Ok(r) => r,
        Err(e) => {
            // serde_json's position is within this record; the record is one line of the file.
            let message = e.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            return Err(CorpusError::record(
                location,
                format!("malformed JSON at column {}: {message}", e.column()),
            ));
        }
    };
    let id = non_empty(record.id).ok_or_else(|| missing(&fields.id, "--id-field"));
    let outlet = match non_empty(record.outlet) {
        // a page may name its site (`--html-field`): the outlet is found after extraction
        None if fields.html => Ok(String::new()),
        outlet => outlet.ok_or_else(|| missing(&fields.outlet, "--outlet-field")),
    };
    let text_flag = if fields.html {
        "--html-field"
    } else {
        "--text-field"
    };
    let body = non_empty(record.text).ok_or_else(|| missing(&fields.text, text_flag));
    match (id, outlet, body) {
        (Ok(id), Ok(outlet), Ok(body)) => Ok(Document {
            id,
            outlet,
            date: non_empty(record.date),
            title: non_empty(record.title),
            url: non_empty(record.url),
            body,
            source: location,
            metadata: record.metadata,
        }),
        (id, outlet, body) => {
            let message = [id.err(), outlet.err(), body.err()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>();
            Err(CorpusError::record(location, message.join("; ")))
        }
    }
}

#[derive(Default)]
struct Decoded {
    id: Option<String>,
    outlet: Option<String>,
    text: Option<String>,
    date: Option<String>,
    title: Option<String>,
    url: Option<String>,
    metadata: Vec<(String, super::Value)>,
}

struct RecordSeed<'f> {
    fields: &'f Fields,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = Decoded;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Decoded, D::Error> {
        d.deserialize_map(self)
    }
}

enum Slot {
    Id,
    Outlet,
    Text,
    Date,
    Title,
    Url,
    /// A field kept as metadata.
    Kept(String),
    Other,
}

impl Slot {
    /// A bit per field slant reads, to find a key given twice.
    fn bit(&self) -> u8 {
        match self {
            Slot::Id => 1,
            Slot::Outlet => 2,
            Slot::Text => 4,
            Slot::Date => 8,
            Slot::Title => 16,
            Slot::Url => 32,
            Slot::Kept(_) | Slot::Other => 0,
        }
    }
}

struct KeySeed<'f> {
    fields: &'f Fields,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Slot;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Slot, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Slot;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Slot, E> {
        let f = self.fields;
        Ok(if key == f.text {
            Slot::Text
        } else if key == f.id {
            Slot::Id
        } else if key == f.outlet {
            Slot::Outlet
        } else if key == f.date {
            Slot::Date
        } else if key == f.title {
            Slot::Title
        } else if key == f.url {
            Slot::Url
        } else if f.keep.wants(key) {
            Slot::Kept(key.to_string())
        } else {
            Slot::Other
        })
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = Decoded;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object, one article per line")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decoded, A::Error> {
        let mut r = Decoded::default();
        let mut seen = 0u8; // a bit per field slot
        while let Some(slot) = map.next_key_seed(KeySeed {
            fields: self.fields,
        })? {
            let bit = slot.bit();
            if bit != 0 {
                if seen & bit != 0 {
                    let f = self.fields;
                    let name = match slot {
                        Slot::Id => &f.id,
                        Slot::Outlet => &f.outlet,
                        Slot::Text => &f.text,
                        Slot::Date => &f.date,
                        Slot::Title => &f.title,
                        _ => &f.url,
                    };
                    return Err(de::Error::custom(format!(
                        "the key `{name}` appears twice in one object; keep one of its values"
                    )));
                }
                seen |= bit;
            }
            let target = match slot {
                Slot::Id => &mut r.id,
                Slot::Outlet => &mut r.outlet,
                Slot::Text => &mut r.text,
                Slot::Date => &mut r.date,
                Slot::Title => &mut r.title,
                Slot::Url => &mut r.url,
                Slot::Other => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
                Slot::Kept(name) => {
                    if r.metadata.iter().any(|(n, _)| *n == name) {
                        return Err(de::Error::custom(format!(
                            "the key `{name}` appears twice in one object; keep one of its values"
                        )));
                    }
                    if let Some(value) = map.next_value::<Meta>()?.0 {
                        r.metadata.push((name, value));
                    }
                    continue;
                }
            };
            *target = map.next_value::<Scalar>()?.0;
        }
        Ok(r)
    }
}

/// A string, number or boolean as text; `null` as `None`.
struct Scalar(Option<String>);

impl<'de> de::Deserialize<'de> for Scalar {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl Visitor<'_> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number or null")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar(Some(v.to_string())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar(Some(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar(Some(v.to_string())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar(Some(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar(Some(v.to_string())))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar(Some(v.to_string())))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar(None))
    }

    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar(None))
    }
}

/// A metadata value: a string, number or boolean; `None` for null, arrays and objects (which
/// are not kept).
struct Meta(Option<super::Value>);

impl<'de> de::Deserialize<'de> for Meta {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Meta, D::Error> {
        d.deserialize_any(MetaVisitor)
    }
}

struct MetaVisitor;

impl<'de> Visitor<'de> for MetaVisitor {
    type Value = Meta;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Meta, E> {
        Ok(Meta(non_empty(Some(v.to_string())).map(super::Value::Text)))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Meta, E> {
        Ok(Meta(non_empty(Some(v)).map(super::Value::Text)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Meta, E> {
        Ok(Meta(Some(match i64::try_from(v) {
            Ok(i) => super::Value::Int(i),
            Err(_) => super::Value::Float(v as f64),
        })))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Meta, E> {
        Ok(Meta(Some(super::Value::Int(v))))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Meta, E> {
        Ok(Meta(Some(super::Value::Float(v))))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Meta, E> {
        Ok(Meta(Some(super::Value::Bool(v))))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Meta, E> {
        Ok(Meta(None))
    }

    fn visit_none<E: de::Error>(self) -> Result<Meta, E> {
        Ok(Meta(None))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Meta, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Meta(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Meta, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Meta(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Document, String> {
        parse_line(line.as_bytes(), &Fields::default(), "c.jsonl:3".into())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn reads_fields_and_skips_others() {
        let d = parse(r#"{"id": 17, "extra": {"a": [1, 2]}, "outlet": "Press TV", "text": "Takfiri Daesh terrorists", "date": null, "url": "http://x"}"#).unwrap();
        assert_eq!(d.id, "17");
        assert_eq!(d.outlet, "Press TV");
        assert_eq!(d.body, "Takfiri Daesh terrorists");
        assert_eq!(d.date, None);
        assert_eq!(d.url.as_deref(), Some("http://x"));
        assert_eq!(d.source, "c.jsonl:3");
        // compound values are not metadata
        assert!(d.metadata.is_empty());
    }

    #[test]
    fn keeps_scalar_fields_typed() {
        use crate::corpus::Value;
        let line = r#"{"id": "1", "outlet": "o", "text": "t", "label": "left", "n": 5, "big": 18446744073709551615, "x": 0.5, "ok": true, "gone": null, "empty": "", "list": [1]}"#;
        let d = parse(line).unwrap();
        assert_eq!(
            d.metadata,
            [
                ("label".to_string(), Value::Text("left".into())),
                ("n".to_string(), Value::Int(5)),
                ("big".to_string(), Value::Float(18446744073709551615.0)),
                ("x".to_string(), Value::Float(0.5)),
                ("ok".to_string(), Value::Bool(true)),
            ]
        );
        let only = Fields {
            keep: crate::corpus::Keep::Only(vec!["n".into()]),
            ..Fields::default()
        };
        let d = parse_line(line.as_bytes(), &only, "x".into()).unwrap();
        assert_eq!(d.metadata, [("n".to_string(), Value::Int(5))]);
        let none = Fields {
            keep: crate::corpus::Keep::None,
            ..Fields::default()
        };
        assert!(parse_line(line.as_bytes(), &none, "x".into())
            .unwrap()
            .metadata
            .is_empty());
        let twice = r#"{"id": "1", "outlet": "o", "text": "t", "n": 5, "n": 6}"#;
        assert!(parse(twice)
            .unwrap_err()
            .contains("the key `n` appears twice"));
    }

    #[test]
    fn bad_records_name_their_line() {
        assert_eq!(
            parse(r#"{"id": "a", "text": "x"}"#).unwrap_err(),
            "c.jsonl:3: missing or empty `outlet`; if the data names it differently, pass --outlet-field NAME"
        );
        for (line, error) in [
            (
                r#"{"id": "a", "outlet": "o", "text": "x""#,
                "EOF while parsing an object",
            ),
            (
                r#"{"id": "a", "outlet": "o", "text": ["x"]}"#,
                "invalid type: sequence",
            ),
            (r#"["a"]"#, "invalid type: sequence, expected a JSON object"),
            (
                r#"{"id": "a", "outlet": "o", "text": "x", "text": "y"}"#,
                "the key `text` appears twice in one object; keep one of its values",
            ),
        ] {
            let message = parse(line).unwrap_err();
            assert!(
                message.starts_with("c.jsonl:3: malformed JSON at column "),
                "{message}"
            );
            assert!(
                message.ends_with(error) || message.contains(&format!(": {error}")),
                "{message}"
            );
            assert!(!message.contains(" at line "), "{message}");
        }
    }

    #[test]
    fn mapped_field_names() {
        let fields = Fields {
            text: "content".into(),
            outlet: "source".into(),
            ..Fields::default()
        };
        let d = parse_line(
            br#"{"id":"1","source":"TASS","content":"t"}"#,
            &fields,
            "x".into(),
        )
        .unwrap();
        assert_eq!((d.outlet.as_str(), d.body.as_str()), ("TASS", "t"));
    }
}
