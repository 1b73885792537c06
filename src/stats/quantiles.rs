//! Quantiles of replicate values: type 7 (Hyndman & Fan 1996), by sorting, by selection, in one
//! pass over non-negative values, and over distinct values with their multiplicities.

/// The ranks around which the `q`-quantile of `n` values is interpolated (type 7): the values of
/// rank ⌊h⌋ and ⌈h⌉ (0-based, in sorted order) and the fraction of the way between them, with
/// h = (n − 1)·q.
fn ranks(n: usize, q: f64) -> (usize, usize, f64) {
    let h = (n - 1) as f64 * q;
    let below = h.floor() as usize;
    (below, h.ceil() as usize, h - below as f64)
}

/// x0 + f·(x1 − x0): the interpolation of [`quantile`], written once so that every way of
/// finding the two values gives the same number.
fn between(x0: f64, x1: f64, f: f64) -> f64 {
    x0 + f * (x1 - x0)
}

/// The `lo`- and `hi`-quantiles (`lo ≤ hi`) of non-negative values in any order, as
/// [`quantile`] of the sorted values gives them: the same numbers, found in one pass that keeps
/// the few smallest and the few largest values (for B = 1000 replicates and a 95 % interval, 26
/// of each) in two heaps, rather than by sorting or selecting among all of them. Values are
/// compared by their bit patterns, which for non-negative floats order as the values do (rates
/// and shares are never negative, NaN or −0).
pub fn quantiles_of_nonnegative(values: &[f64], lo: f64, hi: f64) -> Option<(f64, f64)> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    debug_assert!(values.iter().all(|v| v.is_sign_positive() && !v.is_nan()));
    let n = values.len();
    if n == 0 {
        return None;
    }
    let ((a0, a1, fa), (b0, b1, fb)) = (ranks(n, lo), ranks(n, hi));
    // the a1 + 1 smallest (a max-heap) and the n - b0 largest (a min-heap)
    let (k_small, k_large) = (a1 + 1, n - b0);
    // each heap starts as the first values (heapified in linear time); then a value enters
    // only if it is below the largest kept (above the least kept): most are not, and cost one
    // comparison
    let bits = |v: &f64| v.to_bits();
    let mut small: BinaryHeap<u64> = values[..k_small].iter().map(bits).collect();
    let mut top = *small.peek()?;
    for x in values[k_small..].iter().map(bits) {
        if x < top {
            *small.peek_mut()? = x;
            top = *small.peek()?;
        }
    }
    let mut large: BinaryHeap<Reverse<u64>> =
        values[..k_large].iter().map(|v| Reverse(bits(v))).collect();
    let mut least = large.peek()?.0;
    for x in values[k_large..].iter().map(bits) {
        if x > least {
            *large.peek_mut()? = Reverse(x);
            least = large.peek()?.0;
        }
    }
    // rank a1 is the largest of the smallest; rank a0 the next one down when a1 > a0
    let x_a1 = small.pop()?;
    let x_a0 = if a1 > a0 { small.pop()? } else { x_a1 };
    // rank b0 is the least of the largest; rank b1 the next one up when b1 > b0
    let Reverse(x_b0) = large.pop()?;
    let x_b1 = if b1 > b0 { large.pop()?.0 } else { x_b0 };
    let at = |x0: u64, x1: u64, f: f64| between(f64::from_bits(x0), f64::from_bits(x1), f);
    Some((at(x_a0, x_a1, fa), at(x_b0, x_b1, fb)))
}

/// The `q`-quantile of sorted values, linearly interpolated (Hyndman & Fan 1996 type 7, R's and
/// numpy's default).
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let (lo, hi, f) = ranks(sorted.len(), q);
    Some(between(sorted[lo], sorted[hi], f))
}

/// [`quantile`] of values in any order, which it reorders: the values of rank ⌊h⌋ and ⌈h⌉ are
/// selected (`select_nth_unstable`, linear time) rather than sorted for, so the result is the
/// same number as `quantile` of the sorted values.
pub fn quantile_unsorted(values: &mut [f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let (lo, hi, f) = ranks(values.len(), q);
    let (_, &mut low, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    let high = if hi > lo {
        // the value of rank lo + 1 is the least of those above rank lo
        above.iter().copied().min_by(f64::total_cmp)?
    } else {
        low
    };
    Some(between(low, high, f))
}

/// [`quantiles_of_nonnegative`] of values given once each with their multiplicity (`(value,
/// times)`, in any order, reordered here): the same two numbers as for the values repeated
/// `times` times, found by sorting the distinct values and walking their cumulative counts.
/// Zero multiplicities count for nothing; with none left, `None`.
pub fn weighted_quantiles_of_nonnegative(
    values: &mut [(f64, u32)],
    lo: f64,
    hi: f64,
) -> Option<(f64, f64)> {
    debug_assert!(values
        .iter()
        .all(|(v, _)| v.is_sign_positive() && !v.is_nan()));
    let n: u64 = values.iter().map(|&(_, k)| u64::from(k)).sum();
    if n == 0 {
        return None;
    }
    values.sort_unstable_by_key(|&(v, _)| v.to_bits());
    // the value of 0-based rank r: the first whose cumulative count passes r
    let of_rank = |r: usize| -> f64 {
        let mut below = 0u64;
        for &(v, k) in values.iter() {
            below += u64::from(k);
            if below > r as u64 {
                return v;
            }
        }
        unreachable!("rank {r} of {n} values")
    };
    let n = usize::try_from(n).ok()?;
    let at = |q: f64| {
        let (r0, r1, f) = ranks(n, q);
        between(of_rank(r0), of_rank(r1), f)
    };
    Some((at(lo), at(hi)))
}

#[cfg(test)]
mod quantile_tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    #[test]
    fn quantiles_by_hand() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.0), Some(1.0));
        assert_eq!(quantile(&v, 0.5), Some(2.5));
        assert_eq!(quantile(&v, 1.0), Some(4.0));
        close(quantile(&v, 0.025).unwrap(), 1.075);
        // 1 once, 2 twice, 4 once: the values 1, 2, 2, 4
        let mut w = [(4.0, 1), (2.0, 2), (9.0, 0), (1.0, 1)];
        assert_eq!(
            weighted_quantiles_of_nonnegative(&mut w, 0.5, 1.0),
            Some((2.0, 4.0))
        );
        let (lo, _) = weighted_quantiles_of_nonnegative(&mut w, 0.025, 1.0).unwrap();
        close(lo, 1.075);
        assert_eq!(
            weighted_quantiles_of_nonnegative(&mut [(3.0, 0)], 0.1, 0.9),
            None
        );
    }

    proptest! {
        /// Selecting gives the very number sorting gives.
        #[test]
        fn unsorted_quantile_is_the_sorted_one(
            mut values in proptest::collection::vec(-1e3f64..1e3, 0..60),
            q in 0.0f64..=1.0,
            zeros in 0usize..5,
        ) {
            values.extend(std::iter::repeat_n(0.0, zeros));
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let expected = quantile(&sorted, q);
            let got = quantile_unsorted(&mut values, q);
            prop_assert_eq!(expected.map(f64::to_bits), got.map(f64::to_bits));
        }

        /// Both quantiles at once, on bit patterns, and over distinct values with their
        /// multiplicities: the very numbers sorting gives.
        #[test]
        fn quantile_pairs_are_the_sorted_ones(
            mut values in proptest::collection::vec(0.0f64..1e4, 1..80),
            zeros in 0usize..5,
            repeats in 0usize..5,
            lo in 0.0f64..=0.5,
            width in 0.0f64..=0.5,
        ) {
            values.extend(std::iter::repeat_n(0.0, zeros));
            let first = values[0];
            values.extend(std::iter::repeat_n(first, repeats));
            let hi = lo + width;
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let expected = (quantile(&sorted, lo).unwrap(), quantile(&sorted, hi).unwrap());
            let bits = |(a, b): (f64, f64)| (a.to_bits(), b.to_bits());
            let got = quantiles_of_nonnegative(&values, lo, hi).unwrap();
            prop_assert_eq!(bits(expected), bits(got));
            // the same values, each distinct one once with how often it occurs
            let mut tallied: Vec<(f64, u32)> = Vec::new();
            for &v in &sorted {
                match tallied.last_mut() {
                    Some((last, k)) if *last == v => *k += 1,
                    _ => tallied.push((v, 1)),
                }
            }
            tallied.reverse();
            let got = weighted_quantiles_of_nonnegative(&mut tallied, lo, hi).unwrap();
            prop_assert_eq!(bits(expected), bits(got));
        }
    }
}
