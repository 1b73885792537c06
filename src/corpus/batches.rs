//! Reading a corpus in parallel batches: one thread reads (and inflates) the next batch while
//! the rayon pool decodes and works on this one; results come back in corpus order, so what
//! is made of them does not depend on the number of threads.

use rayon::prelude::*;

use super::{Corpus, CorpusError, Document};

/// Documents per parallel batch, and bytes of text at which a batch is closed early.
pub const BATCH_DOCS: usize = 512;
pub const BATCH_BYTES: usize = 8 << 20;

/// A batch of records, each decoded, with what `work` made of it if it is a document.
pub type Worked<T> = Vec<(Result<Document, CorpusError>, Option<T>)>;

/// Reads `corpus` in batches; each batch's records are decoded (JSON parsed) and given to
/// `work` on the rayon pool while the next batch is read, and the results go to `done` in
/// corpus order. Stops at a fatal read error or at `done`'s first error.
pub fn for_each_batch<T: Send, E: From<CorpusError>>(
    corpus: &mut Corpus,
    work: impl Fn(&Document) -> T + Sync,
    mut done: impl FnMut(Worked<T>) -> Result<(), E>,
) -> Result<(), E> {
    let mut records = corpus.read_batch(BATCH_DOCS, BATCH_BYTES)?;
    while !records.is_empty() {
        let (next, worked) = rayon::join(
            || corpus.read_batch(BATCH_DOCS, BATCH_BYTES),
            || {
                records
                    .into_par_iter()
                    .map(|record| {
                        let doc = record.decode();
                        let out = doc.as_ref().ok().map(&work);
                        (doc, out)
                    })
                    .collect::<Worked<T>>()
            },
        );
        done(worked)?;
        records = next?;
    }
    Ok(())
}
