//! Cross-server latency: each message's crossing through Redis as the sandbox timed it (from
//! its server reading it to the other server handing it on; `sandbox::events`), p50 and p99,
//! and a small histogram.

use leptos::prelude::*;

use super::live::use_live;

/// Bucket upper bounds in ms for the histogram (the last one takes everything above).
const BUCKETS: [f64; 6] = [1.0, 2.0, 5.0, 10.0, 50.0, f64::INFINITY];
const LABELS: [&str; 6] = ["≤1", "≤2", "≤5", "≤10", "≤50", ">50"];

/// The `p`-th percentile (0..=1) of `values`, nearest rank.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

pub fn histogram(values: &[f64]) -> [usize; 6] {
    let mut counts = [0; 6];
    for value in values {
        let bucket = BUCKETS.iter().position(|bound| value <= bound).unwrap_or(5);
        counts[bucket] += 1;
    }
    counts
}

#[component]
pub fn Latency() -> impl IntoView {
    let words = &crate::i18n::use_words().panel;
    let live = use_live();
    let summary = move || {
        live.latencies.with(|l| match (percentile(l, 0.5), percentile(l, 0.99)) {
            (Some(p50), Some(p99)) => (words.latency)(p50, p99, l.len()),
            _ => words.latency_hint.to_string(),
        })
    };
    let bars = move || {
        let counts = live.latencies.with(|l| histogram(l));
        let most = counts.iter().copied().max().unwrap_or(0).max(1);
        counts
            .iter()
            .zip(LABELS)
            .enumerate()
            .map(|(i, (count, label))| {
                let height = 30.0 * (*count as f64) / (most as f64);
                let x = 8.0 + i as f64 * 40.0;
                view! {
                    <rect x=x y=32.0 - height width="28" height=height class="bar"/>
                    <text x=x + 14.0 y="44" text-anchor="middle" class="bar-label">{label}</text>
                }
            })
            .collect_view()
    };
    view! {
        <section class="latency" aria-label=words.latency_label>
            <p class="latency-summary">{summary}</p>
            <Show when=move || live.latencies.with(|l| !l.is_empty())>
                <svg viewBox="0 0 250 48" class="latency-histogram" role="img" aria-label=words.histogram_label>
                    {bars}
                </svg>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 0.5), Some(50.0));
        assert_eq!(percentile(&values, 0.99), Some(99.0));
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn the_histogram_puts_each_time_in_its_bucket() {
        assert_eq!(histogram(&[0.4, 1.5, 3.0, 7.0, 20.0, 400.0, 0.9]), [2, 1, 1, 1, 1, 1]);
    }
}
