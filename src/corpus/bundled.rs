//! The sample corpus bundled in the binary: the five articles of data/, with data/manifest.csv.

use super::dir::{parse_manifest, text_document};
use super::{CorpusError, Document, Inputs};

/// data/manifest.csv.
pub const MANIFEST: &str = include_str!("../../data/manifest.csv");

/// The article files of data/: (file name, text).
pub const FILES: &[(&str, &str)] = &[
    (
        "000_4c46600b6d225b49.txt",
        include_str!("../../data/000_4c46600b6d225b49.txt"),
    ),
    (
        "001_3a583a32fa28584d.txt",
        include_str!("../../data/001_3a583a32fa28584d.txt"),
    ),
    (
        "002_2498656e7b287085.txt",
        include_str!("../../data/002_2498656e7b287085.txt"),
    ),
    (
        "003_ea494074b19b6663.txt",
        include_str!("../../data/003_ea494074b19b6663.txt"),
    ),
    (
        "004_4b91d925b82a1461.txt",
        include_str!("../../data/004_4b91d925b82a1461.txt"),
    ),
];

/// The bundled documents, in file order.
pub fn documents(inputs: &Inputs) -> Result<Vec<Result<Document, CorpusError>>, CorpusError> {
    let rows = parse_manifest(
        MANIFEST.as_bytes(),
        "bundled:data/manifest.csv",
        &super::Keep::All,
    )?;
    inputs.push("bundled:data/manifest.csv".to_string(), MANIFEST.as_bytes());
    Ok(FILES
        .iter()
        .map(|(file, text)| {
            let source = format!("bundled:data/{file}");
            inputs.push(source.clone(), text.as_bytes());
            let row = rows.iter().find(|r| r.file == *file);
            let id = file.trim_end_matches(".txt").to_string();
            text_document(
                &source,
                id,
                text.as_bytes().to_vec(),
                row.and_then(|r| r.outlet.clone()),
                row,
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_documents_with_outlets() {
        let docs: Vec<Document> = documents(&Inputs::default())
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let outlets: Vec<&str> = docs.iter().map(|d| d.outlet.as_str()).collect();
        assert_eq!(
            outlets,
            [
                "The Moscow Times",
                "PoliticsHome",
                "tgme.org",
                "Irish Independent",
                "Press TV"
            ]
        );
        assert_eq!(docs[4].date.as_deref(), Some("2015-12-23"));
        assert_eq!(docs[0].id, "000_4c46600b6d225b49");
    }
}
