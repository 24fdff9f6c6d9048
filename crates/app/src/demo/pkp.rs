//! The demo district's PKP 2023: every Puskesmas of the coverage demo assessed its year
//! through the same use cases a Puskesmas and the Dinkes use — the worksheet computed from
//! the demo's achievements, a masalah, penyebab and RTL written on each indicator short of
//! its target, the management items scored (the Lokmin counted from the demo's meetings) —
//! and sent it in January 2024 (the last one is still a draft); a week later the Dinkes
//! verified most (with feedback, lowering a score here and there), returned a few with
//! feedback, and has a few still to check. Puskesmas Sarolangun's is verified.
//! Deterministic: scores and words are drawn from the Puskesmas's code.

use super::coverage::YEARS;
use crate::clock::Clock;
use crate::pkp::{PkpInput, Review, ScoreInput, Then};
use crate::{App, Result};
use domain::access::Actor;
use domain::pkp::{ItemSource, MANAGEMENT, RowNotes};
use store::org::Org;

const PENYEBAB: [&str; 4] = [
    "Sasaran proyeksi lebih tinggi dari jumlah riil di lapangan",
    "Kunjungan rumah belum rutin karena bidan desa merangkap tugas",
    "Pencatatan dari praktik mandiri bidan belum masuk laporan Puskesmas",
    "Jarak dan akses ke dusun terpencil pada musim hujan",
];

const RTL: [&str; 4] = [
    "Pendataan ulang sasaran bersama kader dan pemerintah desa",
    "Sweeping bulanan oleh bidan desa dan kader di dusun yang tertinggal",
    "Kesepakatan pelaporan bulanan dengan praktik mandiri bidan",
    "Posyandu keliling dan kunjungan rumah terjadwal di dusun terpencil",
];

fn pick(seed: u64, salt: u64, n: usize) -> usize {
    (super::nutrition::seed_of(&format!("{seed}/{salt}")) % n as u64) as usize
}

async fn actor(app: &App, username: &str) -> Result<Option<Actor>> {
    let mut tx = app.store.read().await?;
    let Some(user) = store::user::get_by_username(&mut tx, username).await? else {
        return Ok(None);
    };
    Ok(Some(crate::auth::actor_of(&mut tx, &user).await?))
}

/// When the demo's PKP 2023 were sent (the Dinkes answered a week later): Monday 15 January
/// 2024, 09:00 WIB.
fn sent_at() -> chrono::DateTime<chrono::Utc> {
    chrono::NaiveDate::from_ymd_opt(YEARS[1], 1, 15)
        .and_then(|d| d.and_hms_opt(2, 0, 0))
        .unwrap_or_default()
        .and_utc()
}

/// Loads the PKP 2023 of the demo's Puskesmas unless any is there; how many were assessed.
pub async fn load(app: &App, puskesmas: &[Org]) -> Result<usize> {
    let year = YEARS[0];
    let sent = app.clone().with_clock(Clock::fixed(sent_at()));
    let answered = app
        .clone()
        .with_clock(Clock::fixed(sent_at() + chrono::Duration::days(7)));
    let (Some(dinkes), Some(own)) = (actor(app, "dinkes").await?, actor(app, "puskesmas").await?) else {
        return Ok(0);
    };
    {
        let mut tx = app.store.read().await?;
        let ids: Vec<i64> = puskesmas.iter().map(|p| p.id).collect();
        if !store::pkp::assessments(&mut tx, &ids, year).await?.is_empty() {
            return Ok(0);
        }
    }
    let mut done = 0;
    for (n, p) in puskesmas.iter().enumerate() {
        // The Puskesmas's own account where the demo has one; the Dinkes helps the others.
        let filler = if own.org_id == Some(p.id) { &own } else { &dinkes };
        let seed = super::nutrition::seed_of(&format!("{}/pkp", p.code.as_deref().unwrap_or(&p.name)));
        let v = crate::pkp::view(&sent, filler, p.id, year).await?;
        let rows = v
            .lines()
            .filter(|l| l.short())
            .enumerate()
            .map(|(i, l)| RowNotes {
                indicator_code: l.indicator.code.clone(),
                masalah: format!(
                    "Capaian {} {}% dari target {}",
                    l.indicator.code,
                    format!("{:.1}", l.realisasi.unwrap_or(0.0)).replace('.', ","),
                    l.target.map_or_else(String::new, |t| format!("{t:.0}%"))
                ),
                penyebab: PENYEBAB[pick(seed, i as u64, PENYEBAB.len())].into(),
                rtl: RTL[pick(seed, 100 + i as u64, RTL.len())].into(),
            })
            .collect();
        // Stronger and weaker Puskesmas: a level 0–2 shifts the items' scores.
        let level = pick(seed, 7, 3);
        let scores = MANAGEMENT
            .iter()
            .filter(|i| i.source == ItemSource::Entered || i.source == ItemSource::PreviousPkp)
            .enumerate()
            .map(|(k, i)| {
                let draw = pick(seed, 200 + k as u64, 10) + level * 3;
                let score = match draw {
                    0..=2 => 4,
                    3..=8 => 7,
                    _ => 10,
                };
                ScoreInput {
                    item_code: i.code.into(),
                    score: score.to_string(),
                    evidence: String::new(),
                }
            })
            .collect();
        let input = PkpInput { rows, scores };
        // Two still wait at the Dinkes, one draft is never sent.
        let last = puskesmas.len().saturating_sub(1);
        let then = if n == last && n > 0 { Then::Keep } else { Then::Submit };
        crate::pkp::save(&sent, filler, p.id, year, input, then).await?;
        done += 1;
        if then == Then::Keep || (n % 5 == 4 && own.org_id != Some(p.id)) {
            continue;
        }
        if n % 7 == 3 && own.org_id != Some(p.id) {
            crate::pkp::review(
                &answered,
                &dinkes,
                p.id,
                year,
                Review::Return {
                    feedback: "Sasaran bayi dan balita belum sesuai data Dukcapil; perbaiki masalah dan RTL untuk IDL \
                               dan K4, lalu kirim kembali."
                        .into(),
                },
            )
            .await?;
            continue;
        }
        // The Dinkes lowers one management item where the evidence was thin.
        let lowered = MANAGEMENT
            .iter()
            .filter(|i| i.source == ItemSource::Entered)
            .nth(pick(seed, 300, 6))
            .map(|i| (i.code.to_string(), "4".to_string()));
        crate::pkp::review(
            &answered,
            &dinkes,
            p.id,
            year,
            Review::Verify {
                scores: lowered.into_iter().collect(),
                feedback: "Terverifikasi. Pertahankan Lokmin bulanan; perkuat RTL lintas sektor untuk desa berstatus \
                           Jelek."
                    .into(),
            },
        )
        .await?;
    }
    Ok(done)
}

/// The Puskesmas of the coverage demo: those with targets in its first year.
pub async fn puskesmas(app: &App) -> Result<Vec<Org>> {
    let mut tx = app.store.read().await?;
    let mut out = Vec::new();
    for id in store::pkp::with_targets(&mut tx, YEARS[0]).await? {
        if let Some(o) = store::org::get(&mut tx, id).await? {
            out.push(o);
        }
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}
