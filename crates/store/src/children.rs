//! Children by name for the exports: every child a register's filter matches (the list page
//! shows the first 200 of `nutrition::children`; a file holds them all, up to a bound the
//! caller chooses) and each child's latest measurement.

use crate::nutrition::{Child, StoredMeasurement};
use crate::sql::{self, Sql};
use crate::{Result, Tx};
use domain::access::Area;
use domain::nutrition::fold_name;

/// Which children a register holds: the filters of the children list.
#[derive(Debug, Clone, Default)]
pub struct RegisterFilter {
    /// Words of the child's or mother's name.
    pub q: Option<String>,
    pub posyandu_id: Option<i64>,
}

/// The children (not merged away) in `area` matching `f`, by Posyandu, name and birth date;
/// at most `limit` of them (ask for one more than you accept to know whether there were
/// more). One query: a register of a district is read in one pass.
pub async fn register(tx: &mut Tx, area: &Area, f: &RegisterFilter, limit: i64) -> Result<Vec<Child>> {
    let mut q = Sql::new(crate::nutrition::CHILD);
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
    sql::fetch_all(tx, q).await
}

/// The latest measurement of each child in `child_ids` that has one, by child.
pub async fn latest_measurements(tx: &mut Tx, child_ids: &[i64]) -> Result<Vec<StoredMeasurement>> {
    crate::followup::recent_of(tx, child_ids, 1).await
}
