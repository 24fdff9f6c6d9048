//! Children by name for the exports: every child a register's filter matches (the list page
//! shows the first 200 of `nutrition::children`; a file holds them all, up to a bound the
//! caller chooses) and each child's latest measurement.

use crate::decode::{Checked, Flag};
use crate::nutrition::{Child, StoredMeasurement};
use crate::sql::{self, Col, Sql};
use crate::{Result, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Area;
use domain::nutrition::{LengthPosition, MeasurementSource, Sex2, fold_name};

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
    let mut q = Sql::new(REGISTER);
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
/// `m_…`.
const REGISTER: &str = "SELECT c.id, c.nik, c.name, c.sex, c.birth_date, c.birth_weight, c.birth_length, \
    c.mother_name, c.mother_nik, c.kk_number, c.posyandu_id, p.name AS posyandu_name, c.desa_code, r.name AS desa_name, \
    c.rt, c.rw, c.address, c.has_kia, c.merged_into, c.created_at, m.id AS m_id, m.posyandu_id AS m_posyandu_id, \
    m.measured_on AS m_measured_on, m.month AS m_month, m.age_days AS m_age_days, m.weight AS m_weight, \
    m.height AS m_height, m.position AS m_position, m.oedema AS m_oedema, m.muac AS m_muac, m.head AS m_head, \
    m.haz AS m_haz, m.waz AS m_waz, m.whz AS m_whz, m.bmiz AS m_bmiz, m.haz_flag AS m_haz_flag, \
    m.waz_flag AS m_waz_flag, m.whz_flag AS m_whz_flag, m.source AS m_source, m.created_by AS m_created_by \
    FROM children c JOIN organizations p ON p.id = c.posyandu_id LEFT JOIN regions r ON r.code = c.desa_code";

/// [`REGISTER`]'s columns in order, reals marked (to come back to the last bit).
const REGISTER_COLS: [Col<'static>; 40] = [
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
    Col::Plain("m_id"),
    Col::Plain("m_posyandu_id"),
    Col::Plain("m_measured_on"),
    Col::Plain("m_month"),
    Col::Plain("m_age_days"),
    Col::Real("m_weight"),
    Col::Real("m_height"),
    Col::Plain("m_position"),
    Col::Plain("m_oedema"),
    Col::Real("m_muac"),
    Col::Real("m_head"),
    Col::Real("m_haz"),
    Col::Real("m_waz"),
    Col::Real("m_whz"),
    Col::Real("m_bmiz"),
    Col::Plain("m_haz_flag"),
    Col::Plain("m_waz_flag"),
    Col::Plain("m_whz_flag"),
    Col::Plain("m_source"),
    Col::Plain("m_created_by"),
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
    m_id: Option<i64>,
    m_posyandu_id: Option<i64>,
    m_measured_on: Option<NaiveDate>,
    m_month: Option<NaiveDate>,
    m_age_days: Option<i64>,
    m_weight: Option<f64>,
    m_height: Option<f64>,
    m_position: Option<Checked<LengthPosition>>,
    m_oedema: Option<Flag>,
    m_muac: Option<f64>,
    m_head: Option<f64>,
    m_haz: Option<f64>,
    m_waz: Option<f64>,
    m_whz: Option<f64>,
    m_bmiz: Option<f64>,
    m_haz_flag: Option<Flag>,
    m_waz_flag: Option<Flag>,
    m_whz_flag: Option<Flag>,
    m_source: Option<Checked<MeasurementSource>>,
    m_created_by: Option<String>,
}

impl RegisterRow {
    fn split(self) -> (Child, Option<StoredMeasurement>) {
        let latest = match (
            self.m_id,
            self.m_posyandu_id,
            self.m_measured_on,
            self.m_month,
            self.m_age_days,
            self.m_source,
        ) {
            (Some(id), Some(posyandu_id), Some(measured_on), Some(month), Some(age_days), Some(source)) => {
                Some(StoredMeasurement {
                    id,
                    child_id: self.id,
                    posyandu_id,
                    measured_on,
                    month,
                    age_days,
                    weight: self.m_weight,
                    height: self.m_height,
                    position: self.m_position.map(Into::into),
                    oedema: self.m_oedema.is_some_and(|f| f.0),
                    muac: self.m_muac,
                    head: self.m_head,
                    haz: self.m_haz,
                    waz: self.m_waz,
                    whz: self.m_whz,
                    bmiz: self.m_bmiz,
                    haz_flag: self.m_haz_flag.is_some_and(|f| f.0),
                    waz_flag: self.m_waz_flag.is_some_and(|f| f.0),
                    whz_flag: self.m_whz_flag.is_some_and(|f| f.0),
                    source: source.into(),
                    created_by: self.m_created_by,
                })
            }
            _ => None,
        };
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
        (child, latest)
    }
}
