//! Store conformance, module by module: every test runs on SQLite and on PostgreSQL over the
//! small fixture district (`lintas_testkit::fixture`), and checks a module's round-trips, its
//! area filter (a record outside the reader's area is not returned), its named conflicts and
//! its promised order. One test binary, one file per store module under `store_modules/`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "store_modules/agreement.rs"]
mod agreement;
#[path = "store_modules/audit.rs"]
mod audit;
#[path = "store_modules/common.rs"]
mod common;
#[path = "store_modules/coordination.rs"]
mod coordination;
#[path = "store_modules/coverage.rs"]
mod coverage;
#[path = "store_modules/followup_posyandu.rs"]
mod followup_posyandu;
#[path = "store_modules/nutrition.rs"]
mod nutrition;
#[path = "store_modules/org.rs"]
mod org;
#[path = "store_modules/person.rs"]
mod person;
#[path = "store_modules/plan.rs"]
mod plan;
#[path = "store_modules/region_setting.rs"]
mod region_setting;
#[path = "store_modules/user.rs"]
mod user;
