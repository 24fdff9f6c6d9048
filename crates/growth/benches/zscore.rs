//! Library throughput: children per second through `compute` (HAZ, WAZ, WHZ
//! and BAZ with flags), on one core.
//!
//! Run: `cargo bench -p lintas-growth` — criterion prints `thrpt` in
//! elements (children) per second.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lintas_growth::{AgeDays, LengthCm, Measurement, Oedema, Position, Sex, WeightKg, Zscores, compute};
use std::hint::black_box;

/// A small deterministic generator (xorshift64*), so the bench needs no
/// extra crate and every run sees the same children.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Roughly normal (Irwin–Hall of 4).
    fn normal(&mut self) -> f64 {
        (self.unit() + self.unit() + self.unit() + self.unit() - 2.0) * 1.732
    }
}

/// Realistic Indonesian under-fives: median-ish WHO growth with HAZ around
/// −1.1 and a spread of ±3 SD, every position case, a little oedema.
fn children(n: usize) -> Vec<Measurement> {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    (0..n)
        .map(|_| {
            let days = (rng.unit() * 1827.0) as i64;
            let sex = if rng.next() & 1 == 0 { Sex::Male } else { Sex::Female };
            let months = days as f64 / 30.4375;
            // A rough median growth curve, then noise in SD-ish units.
            let median_len = 50.0 + 25.0 * (months / 12.0).min(1.0) + 9.0 * (months / 12.0 - 1.0).max(0.0);
            let len = (median_len * (1.0 + 0.04 * (rng.normal() - 1.1))).clamp(40.0, 130.0);
            let median_w = 3.3 + 0.55 * months.min(12.0) + 0.17 * (months - 12.0).max(0.0);
            let w = (median_w * (1.0 + 0.12 * (rng.normal() - 0.4))).clamp(1.0, 40.0);
            let position = match rng.next() % 10 {
                0 => Position::Unknown,
                1 if days < 731 => Position::Standing,
                1 => Position::Recumbent,
                _ if days < 731 => Position::Recumbent,
                _ => Position::Standing,
            };
            Measurement {
                weight: Some(WeightKg::new((w * 10.0).round() / 10.0).unwrap()),
                length: Some(LengthCm::new((len * 10.0).round() / 10.0).unwrap()),
                position,
                oedema: if rng.next().is_multiple_of(100) {
                    Oedema::Yes
                } else {
                    Oedema::No
                },
                ..Measurement::new(sex, AgeDays::new(days).unwrap())
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let kids = children(100_000);
    let mut out: Vec<Zscores> = kids.iter().map(compute).collect();
    // Say what is being timed: how many children get each score.
    let with = |f: fn(&Zscores) -> bool| out.iter().filter(|z| f(z)).count();
    eprintln!(
        "children: {}; with HAZ {}, WAZ {}, WHZ {}, BAZ {}; beyond ±3 (restricted) WAZ {}",
        out.len(),
        with(|z| z.haz.is_some()),
        with(|z| z.waz.is_some()),
        with(|z| z.whz.is_some()),
        with(|z| z.baz.is_some()),
        with(|z| z.waz.is_some_and(|s| s.z.raw().abs() > 3.0)),
    );
    let mut g = c.benchmark_group("growth");
    g.throughput(Throughput::Elements(kids.len() as u64));
    g.bench_function("compute_haz_waz_whz_baz_100k", |b| {
        b.iter(|| {
            for (m, o) in black_box(&kids).iter().zip(out.iter_mut()) {
                *o = compute(m);
            }
            black_box(&out);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
