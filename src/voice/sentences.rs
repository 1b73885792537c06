//! Sentence starts and the last speech verb before a token, each found once per text.

use super::*;

/// Where each token's sentence starts (found once per text, the first time a quotation asks),
/// and the last speech verb before a quotation in its sentence, found by a scan that goes on
/// from where the previous quotation's stopped (quotations come in text order): attributing
/// many quotations in one long sentence scans it once, not again for each.
#[derive(Default)]
pub(super) struct Sentences {
    first: std::cell::OnceCell<Vec<usize>>,
    verbs: std::cell::Cell<VerbScan>,
}

/// How far the scan for speech verbs has gone: tokens before `next` in `sentence` are seen,
/// and `last` is the last speech verb among them.
#[derive(Clone, Copy, Default)]
pub(super) struct VerbScan {
    sentence: u32,
    next: usize,
    last: Option<usize>,
}

impl Sentences {
    /// The first token of token `i`'s sentence.
    pub(super) fn first(&self, tokens: &[Token<'_>], i: usize) -> usize {
        self.first.get_or_init(|| {
            let mut first = Vec::with_capacity(tokens.len());
            for (k, t) in tokens.iter().enumerate() {
                let same = k > 0 && tokens[k - 1].sentence == t.sentence;
                first.push(if same { first[k - 1] } else { k });
            }
            first
        })[i]
    }

    /// The last speech verb at or before token `i`, in its sentence.
    pub(super) fn last_verb(&self, text: &str, tokens: &[Token<'_>], i: usize) -> Option<usize> {
        let mut scan = self.verbs.get();
        let sentence = tokens[i].sentence;
        if scan.sentence != sentence || scan.next > i + 1 || scan.next == 0 {
            let first = self.first(tokens, i);
            scan = VerbScan {
                sentence,
                next: first,
                last: None,
            };
        }
        while scan.next <= i {
            let t = &tokens[scan.next];
            if (speech_verb_at(text, tokens, scan.next) || labels_speech(text, tokens, scan.next))
                && t.norm != "according"
            {
                scan.last = Some(scan.next);
            }
            scan.next += 1;
        }
        self.verbs.set(scan);
        scan.last
    }
}
