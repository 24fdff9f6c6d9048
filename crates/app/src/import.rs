//! Import of e-PPGBM-style files (children and their measurements), all or nothing: every
//! row is checked first and every problem reported with its row, column, value and reason;
//! only a file without problems is stored, in one transaction. Re-importing the same file
//! changes nothing (children are matched by NIK, or by name, birth date and mother;
//! measurements by child and day).

use crate::nutrition::{reads_names, refresh};
use crate::{App, AppError, Result};
use chrono::NaiveDate;
use domain::Invalid;
use domain::access::{Act, Actor, Target, area_contains, can};
use domain::audit::AuditEvent;
use domain::nutrition::{ChildInput, LengthPosition, Measured, MeasurementInput, MeasurementSource, Sex2, fold_name};
use interop::eppgbm::{Field, Mapping, Record, date_cell};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use store::nutrition::NewMeasurement;
use store::org::Org;

/// One problem of one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowError {
    /// Line in the file (1-based, the header included).
    pub line: usize,
    /// The column's header as written in the file ("" for a row-wide problem).
    pub column: String,
    pub value: String,
    pub code: &'static str,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The sheet of a workbook (default: the first with known columns).
    pub sheet: Option<String>,
    /// `field key → header` choices over the automatic column mapping.
    pub mapping: Vec<(String, String)>,
    /// Check only; store nothing.
    pub dry_run: bool,
    /// How much of the file the reader may take in (the web keeps the defaults).
    pub limits: interop::eppgbm::Limits,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub headers: Vec<String>,
    /// The mapping used: (field key, header).
    pub mapping: Vec<(String, String)>,
    pub rows: usize,
    pub children_new: usize,
    /// Children the importer reads (registered in its area).
    pub children_known: usize,
    /// Children registered in another area, weighed here (matched by NIK, birth date and
    /// sex; nothing else of them is told).
    pub children_elsewhere: usize,
    /// Rows weighed at another Posyandu than the child's own ("luar wilayah").
    pub measurements_away: usize,
    pub measurements_new: usize,
    pub measurements_changed: usize,
    pub measurements_same: usize,
    pub errors: Vec<RowError>,
    /// Whether the file was stored.
    pub stored: bool,
}

/// A row that passed every check.
struct Good {
    line: usize,
    posyandu: usize,
    child: ChildInput,
    measurement: Measured,
}

fn child_key(c: &ChildInput) -> String {
    match &c.nik {
        Some(n) => format!("nik:{n}"),
        None => format!(
            "n:{}|{}|{}",
            fold_name(&c.name),
            c.birth_date,
            c.mother_name.as_deref().map(fold_name).unwrap_or_default()
        ),
    }
}

/// Which file column a form field's error belongs to.
fn field_of(form_field: &str) -> Option<Field> {
    Some(match form_field {
        "name" => Field::Name,
        "sex" => Field::Sex,
        "birth_date" => Field::BirthDate,
        "as_of" => Field::MeasuredOn,
        "nik" => Field::Nik,
        "birth_weight" => Field::BirthWeight,
        "birth_length" => Field::BirthLength,
        "mother_name" => Field::MotherName,
        "mother_nik" => Field::MotherNik,
        "kk_number" => Field::KkNumber,
        "rt" => Field::Rt,
        "rw" => Field::Rw,
        "address" => Field::Address,
        "measured_on" => Field::MeasuredOn,
        "weight" => Field::Weight,
        "height" => Field::Height,
        "position" => Field::Position,
        "oedema" => Field::Oedema,
        "muac" => Field::Muac,
        "head" => Field::Head,
        "posyandu_id" => Field::Posyandu,
        _ => return None,
    })
}

/// A Posyandu the actor may write for, with its keys folded once.
struct Known {
    org: Org,
    /// Name without the word "Posyandu".
    name: String,
    code: Option<String>,
    desa: String,
    /// The desa's Kemendagri code without dots.
    desa_digits: String,
}

/// Posyandu the actor may write for, found by name (and desa name when the name repeats).
struct Posyandus {
    list: Vec<Known>,
}

impl Posyandus {
    async fn load(tx: &mut store::Tx, actor: &Actor) -> Result<Posyandus> {
        let orgs = store::org::all(
            tx,
            &actor.area,
            &store::org::OrgFilter {
                kind: Some(domain::org::OrgKind::Posyandu),
                limit: 100_000,
                ..Default::default()
            },
        )
        .await?;
        let list = orgs
            .into_iter()
            .filter(|o| {
                can(
                    actor,
                    Act::Write,
                    Target::Org {
                        id: o.id,
                        region: &o.region_code,
                    },
                )
                .is_ok()
            })
            .map(|o| Known {
                name: fold_name(o.name.trim_start_matches("Posyandu ").trim_start_matches("posyandu ")),
                code: o.code.as_deref().map(fold_name),
                desa: fold_name(o.region_name.as_deref().unwrap_or("")),
                desa_digits: o.region_code.replace('.', ""),
                org: o,
            })
            .collect();
        Ok(Posyandus { list })
    }

    fn org(&self, i: usize) -> &Org {
        &self.list[i].org
    }

    /// The index of the Posyandu named `name` (with or without the word "Posyandu", or its
    /// code), in `desa` when given.
    fn find(&self, name: &str, desa: &str) -> std::result::Result<usize, &'static str> {
        let n = fold_name(name);
        let n = n.strip_prefix("posyandu ").unwrap_or(&n);
        let named = |k: &Known| k.name == n || k.code.as_deref() == Some(n);
        // A desa given by its Kemendagri code (with or without dots) settles names that repeat.
        let digits: String = desa.chars().filter(|c| c.is_ascii_digit()).collect();
        let by_code = digits.len() == 10 && desa.chars().all(|c| c.is_ascii_digit() || c == '.');
        let d = fold_name(desa);
        let mut hits = self.list.iter().enumerate().filter(|(_, k)| {
            named(k)
                && if by_code {
                    k.desa_digits == digits
                } else {
                    d.is_empty() || k.desa == d || k.desa.ends_with(&d)
                }
        });
        match (hits.next(), hits.next()) {
            (Some((i, _)), None) => Ok(i),
            (None, _) => Err("import.posyandu_unknown"),
            _ => Err("import.posyandu_ambiguous"),
        }
    }
}

/// Reads, checks and (unless `dry_run` or any error) stores a file. `progress(done, total)`
/// is called as rows are checked and stored.
pub async fn measurements(
    app: &App,
    actor: &Actor,
    bytes: &[u8],
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Report> {
    let table = interop::eppgbm::read_limited(bytes, opts.sheet.as_deref(), &opts.limits)
        .map_err(|e| AppError::Invalid(file_invalid(&e)))?;
    let mapping = Mapping::auto(&table.headers)
        .with(&table.headers, &opts.mapping)
        .map_err(|bad| {
            let mut inv = Invalid::new();
            for (k, h) in bad {
                inv.add_detail("mapping", "import.mapping_unknown", format!("{k} = {h}"));
            }
            AppError::Invalid(inv)
        })?;
    let mut report = Report {
        sheet: table.sheet.clone(),
        sheets: table.sheets.clone(),
        headers: table.headers.clone(),
        mapping: mapping
            .0
            .iter()
            .map(|(f, i)| (f.key().to_string(), table.headers.get(*i).cloned().unwrap_or_default()))
            .collect(),
        rows: table.rows.len(),
        ..Default::default()
    };
    let missing = mapping.missing();
    if !missing.is_empty() {
        let mut inv = Invalid::new();
        inv.add_detail(
            "mapping",
            "import.missing_columns",
            missing.iter().map(|f| f.key()).collect::<Vec<_>>().join(", "),
        );
        return Err(inv.into());
    }
    let header = |f: Field| {
        mapping
            .column(f)
            .and_then(|i| table.headers.get(i).cloned())
            .unwrap_or_else(|| f.key().to_string())
    };
    let records = interop::eppgbm::records(&table, &mapping);
    let today = app.clock().today_for(actor);
    let mut tx = app.store.read().await?;
    let posyandus = Posyandus::load(&mut tx, actor).await?;
    drop(tx);

    // 1. Check every row.
    let mut good: Vec<Good> = Vec::with_capacity(records.len());
    let mut seen: HashMap<(String, NaiveDate), usize> = HashMap::new();
    // Rows name few places, many times each.
    let mut found_places: HashMap<(&str, &str), std::result::Result<usize, &'static str>> = HashMap::new();
    let total = records.len();
    for (n, r) in records.iter().enumerate() {
        if n % 1000 == 0 {
            progress(n, total);
        }
        let errors_before = report.errors.len();
        let mut err = |f: Option<Field>, code: &'static str, detail: Option<String>| {
            report.errors.push(RowError {
                line: r.line,
                column: f.map(header).unwrap_or_default(),
                value: f.map(|f| r.get(f).to_string()).unwrap_or_default(),
                code,
                detail,
            })
        };
        let mut date = |f: Field| match date_cell(r.get(f)).map(|d| d.parse::<NaiveDate>().ok()) {
            Ok(d) => d,
            Err(code) => {
                err(Some(f), code, None);
                None
            }
        };
        let birth = date(Field::BirthDate);
        let measured = date(Field::MeasuredOn);
        if report.errors.len() > errors_before {
            continue;
        }
        let place = (r.get(Field::Posyandu), r.get(Field::Desa));
        let found = match found_places.get(&place) {
            Some(f) => *f,
            None => *found_places
                .entry(place)
                .or_insert_with(|| posyandus.find(place.0, place.1)),
        };
        let p = match found {
            Ok(p) => p,
            Err(code) => {
                let mut e = RowError {
                    line: r.line,
                    column: header(Field::Posyandu),
                    value: r.get(Field::Posyandu).to_string(),
                    code,
                    detail: None,
                };
                if !r.get(Field::Desa).is_empty() {
                    e.detail = Some(r.get(Field::Desa).to_string());
                }
                report.errors.push(e);
                continue;
            }
        };
        let child = match child_input(r, birth, measured, posyandus.org(p).id, today) {
            Ok(c) => c,
            Err(inv) => {
                push_invalid(&mut report.errors, r, &header, inv);
                continue;
            }
        };
        let Some(measured) = measured else {
            report.errors.push(RowError {
                line: r.line,
                column: header(Field::MeasuredOn),
                value: String::new(),
                code: "required",
                detail: None,
            });
            continue;
        };
        let measurement = match measurement_input(r, measured, &child, today) {
            Ok(m) => m,
            Err(inv) => {
                push_invalid(&mut report.errors, r, &header, inv);
                continue;
            }
        };
        let key = (child_key(&child), measurement.measured_on);
        if let Some(first) = seen.get(&key) {
            report.errors.push(RowError {
                line: r.line,
                column: String::new(),
                value: String::new(),
                code: "import.duplicate_row",
                detail: Some(first.to_string()),
            });
            continue;
        }
        seen.insert(key, r.line);
        good.push(Good {
            line: r.line,
            posyandu: p,
            child,
            measurement,
        });
    }
    progress(total, total);
    report.errors.sort_by_key(|e| e.line);

    // 2. Match children and measurements with what is stored.
    let mut tx = if report.errors.is_empty() && !opts.dry_run {
        app.store.write().await?
    } else {
        app.store.read().await?
    };
    // Registered children that rows may name, matched in memory: by NIK (anywhere), else by
    // folded name, birth date and mother's name (among the children of the rows' Posyandu).
    let posyandu_ids: Vec<i64> = {
        let mut v: Vec<i64> = good.iter().map(|g| posyandus.org(g.posyandu).id).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let niks: Vec<String> = {
        let mut v: Vec<String> = good.iter().filter_map(|g| g.child.nik.clone()).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let keys = store::nutrition::child_keys(&mut tx, &posyandu_ids, &niks).await?;
    // A child the importer may read by name is "known"; a child of another area is never
    // read, told about or overwritten: a row with its NIK, birth date and sex is a weighing
    // away from home ("luar wilayah") linked to the one record, so the child keeps one growth
    // history; a row whose birth date or sex disagree is refused.
    let mine =
        |k: &store::nutrition::ChildKey| reads_names(actor) && area_contains(&actor.area, k.posyandu_id, &k.desa_code);
    let mut by_nik: HashMap<&str, &store::nutrition::ChildKey> = HashMap::new();
    let mut by_name: HashMap<(String, NaiveDate, String), &store::nutrition::ChildKey> = HashMap::new();
    for k in &keys {
        if let Some(n) = &k.nik {
            by_nik.insert(n.as_str(), k);
        }
        if mine(k) {
            by_name.insert(
                (
                    k.name_key.clone(),
                    k.birth_date,
                    k.mother_key.clone().unwrap_or_default(),
                ),
                k,
            );
        }
    }
    // Child key → (child id, home Posyandu, in the importer's area).
    let mut children: HashMap<String, Option<Found>> = HashMap::new();
    let mut line_of: HashMap<String, usize> = HashMap::new();
    for g in &good {
        let line = &g.line;
        let key = child_key(&g.child);
        if children.contains_key(&key) {
            continue;
        }
        line_of.insert(key.clone(), *line);
        let found = match g.child.nik.as_deref().and_then(|n| by_nik.get(n)) {
            Some(k) if mine(k) => Some(Found {
                id: k.id,
                home: k.posyandu_id,
                mine: true,
            }),
            Some(k) if k.birth_date == g.child.birth_date && k.sex == g.child.sex => Some(Found {
                id: k.id,
                home: k.posyandu_id,
                mine: false,
            }),
            Some(_) => {
                report.errors.push(RowError {
                    line: *line,
                    column: header(Field::Nik),
                    value: g.child.nik.clone().unwrap_or_default(),
                    code: "import.nik_elsewhere",
                    detail: None,
                });
                None
            }
            None => g.child.mother_name.as_ref().and_then(|m| {
                by_name
                    .get(&(fold_name(&g.child.name), g.child.birth_date, fold_name(m)))
                    .map(|k| Found {
                        id: k.id,
                        home: k.posyandu_id,
                        mine: true,
                    })
            }),
        };
        match &found {
            Some(f) if f.mine => report.children_known += 1,
            Some(_) => report.children_elsewhere += 1,
            None => report.children_new += 1,
        }
        children.insert(key, found);
    }
    let known: Vec<i64> = children.values().flatten().map(|f| f.id).collect();
    let stored = store::nutrition::existing(&mut tx, &known).await?;
    let stored: HashMap<(i64, NaiveDate), store::nutrition::StoredMeasurement> =
        stored.into_iter().map(|m| ((m.child_id, m.measured_on), m)).collect();
    let writable: HashSet<i64> = posyandus.list.iter().map(|k| k.org.id).collect();
    for g in &good {
        let line = &g.line;
        let found = children.get(&child_key(&g.child)).copied().flatten();
        let p = posyandus.org(g.posyandu).id;
        if found.is_some_and(|f| f.home != p) {
            report.measurements_away += 1;
        }
        let clash = |code| RowError {
            line: *line,
            column: header(Field::MeasuredOn),
            value: g.measurement.measured_on.format("%d/%m/%Y").to_string(),
            code,
            detail: None,
        };
        match found.and_then(|f| stored.get(&(f.id, g.measurement.measured_on)).map(|s| (f, s))) {
            // Nothing of another area is overwritten, nor said about it beyond the clash.
            Some((f, _)) if !f.mine => report.errors.push(clash("import.visit_same_day")),
            Some((_, s)) if !writable.contains(&s.posyandu_id) => {
                report.errors.push(clash("import.measured_elsewhere_same_day"))
            }
            Some((_, s)) if same_measurement(s, &g.measurement, p) => report.measurements_same += 1,
            Some(_) => report.measurements_changed += 1,
            None => report.measurements_new += 1,
        }
    }
    report.errors.sort_by_key(|e| e.line);
    let elsewhere: Vec<i64> = {
        let mut v: Vec<i64> = children.values().flatten().filter(|f| !f.mine).map(|f| f.id).collect();
        v.sort_unstable();
        v
    };
    if !report.errors.is_empty() || opts.dry_run {
        drop(tx);
        // A dry run tells whether NIKs are registered elsewhere (as visits or refusals): it is
        // audited, with those children's record ids, so the home area can see who looked.
        let mut tx = app.store.write().await?;
        crate::audit::write(
            &mut tx,
            actor,
            crate::audit::Entry::new(
                if opts.dry_run {
                    AuditEvent::MeasurementsImportChecked
                } else {
                    AuditEvent::MeasurementsImportRefused
                },
                "",
                format!(
                    "import {}: {} rows, {} problems, {} children registered elsewhere",
                    if opts.dry_run { "dry run" } else { "refused" },
                    report.rows,
                    report.errors.len(),
                    elsewhere.len()
                ),
            )
            .after(Some(serde_json::json!({ "elsewhere_children": elsewhere }))),
        )
        .await?;
        tx.commit().await?;
        return Ok(report);
    }

    // 3. Store, in this one transaction.
    let mut touched: Vec<(i64, NaiveDate)> = Vec::new();
    let mut fresh: Vec<NewMeasurement> = Vec::new();
    let mut visits: Vec<(i64, i64, NaiveDate)> = Vec::new();
    for (n, g) in good.iter().enumerate() {
        if n % 1000 == 0 {
            progress(n, total);
        }
        let p = posyandus.org(g.posyandu);
        let key = child_key(&g.child);
        let (id, home) = match children.get(&key).copied().flatten() {
            Some(f) => {
                if !f.mine {
                    visits.push((f.id, p.id, g.measurement.measured_on));
                }
                (f.id, f.home)
            }
            None => {
                let id = store::nutrition::insert_child(&mut tx, &g.child, &p.region_code, &actor.username).await?;
                children.insert(
                    key,
                    Some(Found {
                        id,
                        home: p.id,
                        mine: true,
                    }),
                );
                touched.push((p.id, g.child.birth_date));
                (id, p.id)
            }
        };
        // Weighed away from home: the home Posyandu's month changes too.
        if home != p.id {
            touched.push((home, g.measurement.measured_on));
        }
        match stored.get(&(id, g.measurement.measured_on)) {
            Some(s) if same_measurement(s, &g.measurement, p.id) => continue,
            Some(s) => {
                // Taken at another of the importer's Posyandu before: its tallies change too.
                touched.push((s.posyandu_id, s.measured_on));
                store::nutrition::upsert_measurement(
                    &mut tx,
                    id,
                    &g.measurement,
                    &store::nutrition::Place {
                        posyandu_id: p.id,
                        desa_code: &p.region_code,
                        source: MeasurementSource::Import,
                        by: &actor.username,
                    },
                )
                .await?;
            }
            None => fresh.push(NewMeasurement {
                child_id: id,
                posyandu_id: p.id,
                desa_code: p.region_code.clone(),
                input: g.measurement.clone(),
            }),
        }
        // This month and every later one of the Posyandu (N/T looks back).
        touched.push((p.id, g.measurement.measured_on));
    }
    store::nutrition::insert_measurements(&mut tx, &fresh, MeasurementSource::Import, &actor.username).await?;
    refresh(&mut tx, &touched, today).await?;
    crate::audit::write(&mut tx, actor, crate::audit::Entry::new(AuditEvent::MeasurementsImported, "", format!(
            "import: {} rows, {} new children, {} new and {} changed measurements, {} children weighed away from home",
            report.rows,
            report.children_new,
            report.measurements_new,
            report.measurements_changed,
            report.children_elsewhere
        )))
    .await?;
    // Each weighing of a child of another area leaves its own row on that child's record.
    for (child, posyandu, on) in &visits {
        let name = posyandus
            .list
            .iter()
            .find(|k| k.org.id == *posyandu)
            .map(|k| k.org.name.clone())
            .unwrap_or_default();
        crate::audit::write(
            &mut tx,
            actor,
            crate::audit::Entry::new(
                AuditEvent::ChildVisited,
                child,
                format!("weighed away from home at {name} on {on} (import)"),
            )
            .after(Some(serde_json::json!({ "posyandu_id": posyandu, "measured_on": on }))),
        )
        .await?;
    }
    tx.commit().await?;
    report.stored = true;
    progress(total, total);
    Ok(report)
}

/// A child a row names, as found among the registered ones.
#[derive(Debug, Clone, Copy)]
struct Found {
    id: i64,
    /// The Posyandu it is registered at.
    home: i64,
    /// Whether the importer may read it by name (else: a child of another area).
    mine: bool,
}

/// A file the reader refused, as a validation error on the form's file (or sheet) field.
pub fn file_invalid(e: &interop::eppgbm::FileError) -> Invalid {
    let field = match e {
        interop::eppgbm::FileError::UnknownSheet(_) => "sheet",
        _ => "file",
    };
    let mut inv = Invalid::new();
    match e.detail() {
        Some(d) => inv.add_detail(field, e.code(), d),
        None => inv.add(field, e.code()),
    }
    inv
}

fn same_measurement(s: &store::nutrition::StoredMeasurement, m: &Measured, posyandu: i64) -> bool {
    s.weight == m.weight
        && s.height == m.height
        && s.position == m.position
        && s.oedema == m.oedema
        && s.muac == m.muac
        && s.head == m.head
        && s.posyandu_id == posyandu
}

/// Reads the cells of a row into typed values, collecting format errors under the input's
/// field names (so that they map back to the file's columns like the rules' errors). A cell
/// that does not parse gets a placeholder, so the input's own rules still run on the others.
#[derive(Default)]
struct Cells {
    errors: Invalid,
}

impl Cells {
    fn take<T>(&mut self, field: &str, r: std::result::Result<T, &'static str>, placeholder: T) -> T {
        self.errors.check(field, r).unwrap_or(placeholder)
    }

    /// A decimal with a point or a decimal comma; empty is `None`.
    fn decimal(&mut self, field: &str, s: &str) -> Option<f64> {
        self.take(field, domain::nutrition::decimal(s), None)
    }

    /// An optional text: empty is `None` (the input's rules trim and bound it).
    fn text(s: &str) -> Option<String> {
        Some(s.trim().to_string()).filter(|t| !t.is_empty())
    }

    /// The input checked by its rules, or every format error with the rule errors of the
    /// fields that parsed.
    fn finish<T>(
        self,
        input: T,
        check: impl FnOnce(T) -> std::result::Result<T, Invalid>,
    ) -> std::result::Result<T, Invalid> {
        let mut errors = self.errors;
        match check(input) {
            Ok(input) if errors.is_empty() => Ok(input),
            Ok(_) => Err(errors),
            Err(rules) => {
                errors.merge(rules);
                Err(errors)
            }
        }
    }
}

/// A KIA book/KMS as the files say it: ya, y, ada, 1, yes, punya.
fn has_kia(s: &str) -> bool {
    matches!(fold_name(s).as_str(), "ya" | "y" | "ada" | "1" | "yes" | "punya")
}

/// The child of a row, registered for the day it was measured (`as_of`).
fn child_input(
    r: &Record,
    birth: Option<NaiveDate>,
    measured: Option<NaiveDate>,
    posyandu_id: i64,
    today: NaiveDate,
) -> std::result::Result<ChildInput, Invalid> {
    let mut c = Cells::default();
    let sex = c.take("sex", Sex2::read(r.get(Field::Sex)), Sex2::L);
    let birth_date = c.take("birth_date", birth.ok_or("required"), today);
    let input = ChildInput {
        name: r.get(Field::Name).to_string(),
        sex,
        birth_date,
        nik: Cells::text(r.get(Field::Nik)),
        birth_weight: c.decimal("birth_weight", r.get(Field::BirthWeight)),
        birth_length: c.decimal("birth_length", r.get(Field::BirthLength)),
        mother_name: Cells::text(r.get(Field::MotherName)),
        mother_nik: Cells::text(r.get(Field::MotherNik)),
        kk_number: Cells::text(r.get(Field::KkNumber)),
        posyandu_id,
        rt: Cells::text(r.get(Field::Rt)),
        rw: Cells::text(r.get(Field::Rw)),
        address: Cells::text(r.get(Field::Address)),
        has_kia: has_kia(r.get(Field::HasKia)),
        as_of: measured,
    };
    c.finish(input, |i| i.check(today))
}

/// The measurement of a row of a checked child, scored.
fn measurement_input(
    r: &Record,
    measured_on: NaiveDate,
    child: &ChildInput,
    today: NaiveDate,
) -> std::result::Result<Measured, Invalid> {
    let mut c = Cells::default();
    let position = match r.get(Field::Position).trim() {
        "" => None,
        p => c.take("position", LengthPosition::read(p).map(Some), None),
    };
    let input = MeasurementInput {
        measured_on,
        weight: c.decimal("weight", r.get(Field::Weight)),
        height: c.decimal("height", r.get(Field::Height)),
        position,
        oedema: domain::nutrition::yes(r.get(Field::Oedema)),
        muac: c.decimal("muac", r.get(Field::Muac)),
        head: c.decimal("head", r.get(Field::Head)),
    };
    // A weight or length that did not read is not "nothing measured".
    let unreadable = !c.errors.is_empty();
    c.finish(input, |i| {
        i.check(child.birth_date, today).map_err(|mut e| {
            if unreadable {
                e.0.retain(|x| x.code != "measurement.empty");
            }
            e
        })
    })?
    .score(child.birth_date, child.sex)
}

fn push_invalid(errors: &mut Vec<RowError>, r: &Record, header: &dyn Fn(Field) -> String, inv: Invalid) {
    for e in inv.0 {
        let f = field_of(&e.field);
        errors.push(RowError {
            line: r.line,
            column: f.map(header).unwrap_or_else(|| e.field.clone()),
            value: f.map(|f| r.get(f).to_string()).unwrap_or_default(),
            code: e.code,
            detail: e.detail,
        });
    }
}

/// The row-level report as CSV in `lang`: the header (in Bahasa Indonesia "baris, kolom,
/// nilai, alasan") and each reason come from the text table.
pub fn report_csv(lang: domain::i18n::Lang, errors: &[RowError]) -> Vec<u8> {
    errors_csv_with(lang, errors, &|c| domain::i18n::text(lang, c).to_string())
}

fn errors_csv_with(lang: domain::i18n::Lang, errors: &[RowError], message: &dyn Fn(&str) -> String) -> Vec<u8> {
    // The values come from the uploaded file: the export writer's guard keeps a crafted cell
    // from running as a formula when the report is opened.
    interop::export::to_csv(
        [
            "import.col.row",
            "import.col.column",
            "import.col.value",
            "import.col.reason",
        ]
        .map(|k| domain::i18n::text(lang, k).to_string()),
        errors.iter().map(|e| {
            let reason = match &e.detail {
                Some(d) => format!("{}: {d}", message(e.code)),
                None => message(e.code),
            };
            [e.line.to_string(), e.column.clone(), e.value.clone(), reason]
        }),
    )
    .unwrap_or_default()
}

#[cfg(test)]
mod report_tests {
    use super::*;
    use domain::i18n::Lang;

    #[test]
    fn report_csv_speaks_the_readers_language() {
        let errors = [RowError {
            line: 2,
            column: "BB".into(),
            value: "10300".into(),
            code: "weight.grams",
            detail: None,
        }];
        let id = String::from_utf8(report_csv(Lang::Id, &errors)).unwrap_or_default();
        assert!(id.starts_with("\u{feff}baris,kolom,nilai,alasan\n2,BB,10300,"), "{id}");
        let en = String::from_utf8(report_csv(Lang::En, &errors)).unwrap_or_default();
        assert!(en.starts_with("\u{feff}row,column,value,reason\n2,BB,10300,"), "{en}");
        assert!(en.contains(domain::i18n::text(Lang::En, "weight.grams")), "{en}");
    }
}
