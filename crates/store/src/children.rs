//! Children by name for the exports: every child a register's filter matches (the list page
//! shows the first 200 of `nutrition::children`; a file holds them all, up to a bound the
//! caller chooses) and each child's latest measurement.

use crate::decode::{Checked, Flag};
use crate::nutrition::{Child, MEASUREMENT_COLS, MeasurementRow, StoredMeasurement};
use crate::sql::{self, Col, Sql};
use crate::{Result, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Area;
use domain::nutrition::{Sex2, fold_name};

/// Which children a register holds: the filters of the children list.
#[derive(Debug, Clone, Default)]
pub struct RegisterFilter {
    /// Words of the child's or mother's name.
    pub q: Option<String>,
    pub posyandu_id: Option<i64>,
}

/// The children (not merged away) in `area` matching `f`, by Posyandu, name and birth date,
/// each with its latest measurement (none when never measured); at most `limit` of them (ask
/// for one more than you accept to know whether there were more).
///
/// One query, read as one JSON document ([`sql::fetch_json`]): a district's register is
/// 15,000 lines of 40 columns, and row by row the driver's cost per row (7–9 µs) was ten times
/// SQLite's own read; as two reads (the children, then their latest measurements in chunks)
/// 15,000 lines took 245 ms.
pub async fn register(
    tx: &mut Tx,
    area: &Area,
    f: &RegisterFilter,
    limit: i64,
) -> Result<Vec<(Child, Option<StoredMeasurement>)>> {
    let mut q = Sql::new(&register_select());
    q.push(crate::dialect::latest_measurement_join(tx));
    q.push(" WHERE c.merged_into IS NULL AND ");
    q.area(area, "c.posyandu_id", "c.desa_code");
    if let Some(p) = f.posyandu_id {
        q.push(" AND c.posyandu_id = ").int(p);
    }
    if let Some(t) = &f.q {
        for w in fold_name(t).split_whitespace().take(5) {
            let pat = format!("%{w}%");
            q.push(" AND (c.name_key LIKE ").text(pat.clone());
            q.push(" OR COALESCE(c.mother_key, '') LIKE ").text(pat).push(")");
        }
    }
    q.push(" ORDER BY p.name, c.name, c.birth_date, c.id LIMIT ")
        .int(limit.max(1));
    let rows: Vec<RegisterRow> =
        sql::fetch_json(tx, q, &REGISTER_COLS, "posyandu_name, name, birth_date, id", "register").await?;
    Ok(rows.into_iter().map(RegisterRow::split).collect())
}

/// The register's select list: the child (as `nutrition::CHILD`) and its latest measurement
/// (`m`, joined by [`crate::dialect::latest_measurement_join`]), each measurement column as
/// `m_…` ([`REGISTER_COLS`]).
fn register_select() -> String {
    let mut names = Vec::new();
    Col::names(&MEASUREMENT_COLS, "", &mut names);
    let m: Vec<String> = names.iter().map(|n| format!("m.{n} AS m_{n}")).collect();
    format!(
        "SELECT c.id, c.nik, c.name, c.sex, c.birth_date, c.birth_weight, c.birth_length, c.mother_name, \
         c.mother_nik, c.kk_number, c.posyandu_id, p.name AS posyandu_name, c.desa_code, r.name AS desa_name, \
         c.rt, c.rw, c.address, c.has_kia, c.merged_into, c.created_at, {} FROM children c \
         JOIN organizations p ON p.id = c.posyandu_id LEFT JOIN regions r ON r.code = c.desa_code",
        m.join(", ")
    )
}

/// [`register_select`]'s columns in order, reals marked (to come back to the last bit); the
/// measurement as one nested array, or null when the child was never measured.
const REGISTER_COLS: [Col<'static>; 21] = [
    Col::Plain("id"),
    Col::Plain("nik"),
    Col::Plain("name"),
    Col::Plain("sex"),
    Col::Plain("birth_date"),
    Col::Real("birth_weight"),
    Col::Real("birth_length"),
    Col::Plain("mother_name"),
    Col::Plain("mother_nik"),
    Col::Plain("kk_number"),
    Col::Plain("posyandu_id"),
    Col::Plain("posyandu_name"),
    Col::Plain("desa_code"),
    Col::Plain("desa_name"),
    Col::Plain("rt"),
    Col::Plain("rw"),
    Col::Plain("address"),
    Col::Plain("has_kia"),
    Col::Plain("merged_into"),
    Col::Plain("created_at"),
    Col::Maybe("m_", &MEASUREMENT_COLS),
];

/// One register line as read (the array of [`REGISTER_COLS`]).
#[derive(serde::Deserialize)]
struct RegisterRow {
    id: i64,
    nik: Option<String>,
    name: String,
    sex: Checked<Sex2>,
    birth_date: NaiveDate,
    birth_weight: Option<f64>,
    birth_length: Option<f64>,
    mother_name: Option<String>,
    mother_nik: Option<String>,
    kk_number: Option<String>,
    posyandu_id: i64,
    posyandu_name: String,
    desa_code: String,
    desa_name: Option<String>,
    rt: Option<String>,
    rw: Option<String>,
    address: Option<String>,
    has_kia: Flag,
    merged_into: Option<i64>,
    created_at: DateTime<Utc>,
    latest: Option<MeasurementRow>,
}

impl RegisterRow {
    fn split(self) -> (Child, Option<StoredMeasurement>) {
        let child = Child {
            id: self.id,
            nik: self.nik,
            name: self.name,
            sex: self.sex.into(),
            birth_date: self.birth_date,
            birth_weight: self.birth_weight,
            birth_length: self.birth_length,
            mother_name: self.mother_name,
            mother_nik: self.mother_nik,
            kk_number: self.kk_number,
            posyandu_id: self.posyandu_id,
            posyandu_name: self.posyandu_name,
            desa_code: self.desa_code,
            desa_name: self.desa_name,
            rt: self.rt,
            rw: self.rw,
            address: self.address,
            has_kia: self.has_kia.0,
            merged_into: self.merged_into,
            created_at: self.created_at,
        };
        (child, self.latest.map(StoredMeasurement::from))
    }
}
