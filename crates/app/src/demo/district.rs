//! The demo district: Kabupaten Sarolangun (Jambi, 15.03) with its real kecamatan and desa
//! from the region data, the district health office, one Puskesmas per kecamatan whose
//! wilayah kerja covers the kecamatan's desa, a Posyandu and a village government in every
//! desa, the partner organisations named in the seeds, people in their positions, and one
//! login per role. Names of people are invented; organisation names follow the seeds.
//!
//! Later capabilities (meetings, agreements, nutrition) add their demo data beside this file
//! and call it from [`load`]. Loading is idempotent: a second run changes nothing.

use crate::{App, Result};
use domain::audit::AuditEvent;
use domain::org::{ExternalId, OrgInput, OrgKind};
use domain::person::{Nik, PersonInput, PositionInput, PositionKind};
use domain::region::RegionCode;
use domain::region::RegionKind;
use store::Tx;

pub const DISTRICT: &str = "15.03";
/// The kecamatan with two Puskesmas (common in towns): Puskesmas Sarolangun keeps its desa and
/// the kelurahan Dusun Sarolangun; Puskesmas Sarolangun Kota takes the other five kelurahan of
/// the town, with their Posyandu. Neither reaches the other's records.
pub const TWO_PUSKESMAS_KECAMATAN: &str = "15.03.03";
pub const KOTA_PUSKESMAS: &str = "PKM-SRL-03K";
/// Kelurahan of the town that stay with Puskesmas Sarolangun (the kader login's).
const KOTA_KEEPS: &str = "15.03.03.1001";
/// Password of every demo account (printed on the console and written in the README).
pub const PASSWORD: &str = "lintas-demo";

/// One demo login: (username, role, display name, organisation code).
pub const LOGINS: &[(&str, &str, &str, &str)] = &[
    ("admin", "admin", "Administrator Lintas", ""),
    ("dinkes", "dinkes", "Bambang Hermanto", "DINKES-SRL"),
    ("puskesmas", "puskesmas", "Kepala Puskesmas Sarolangun", "PKM-SRL-03"),
    (
        "puskesmas-kota",
        "puskesmas",
        "Kepala Puskesmas Sarolangun Kota",
        KOTA_PUSKESMAS,
    ),
    ("kader", "kader", "Kader Posyandu Dusun Sarolangun", "POSY-1503031001"),
    ("polsek", "partner", "Kapolsek Sarolangun", "POLSEK-SRL-03"),
    ("bupati", "viewer", "Bachril Bakri", "PEMKAB-SRL"),
];

const FIRST: &[&str] = &[
    "Ahmad",
    "Siti",
    "Budi",
    "Dewi",
    "Hendra",
    "Nurhayati",
    "Rudi",
    "Yuliana",
    "Agus",
    "Sri",
    "Dedi",
    "Rina",
    "Eko",
    "Fitri",
    "Joko",
    "Lestari",
    "Irwan",
    "Maya",
    "Syahrul",
    "Wati",
    "Fauzi",
    "Ratna",
    "Hasan",
    "Indah",
    "Zulkifli",
    "Marlina",
    "Arif",
    "Herlina",
    "Taufik",
    "Yusnita",
];
const LAST: &[&str] = &[
    "Saputra",
    "Wahyuni",
    "Hidayat",
    "Rahmawati",
    "Siregar",
    "Lubis",
    "Pratama",
    "Handayani",
    "Nasution",
    "Harahap",
    "Susanti",
    "Gunawan",
    "Anggraini",
    "Kurniawan",
    "Maharani",
    "Syafrudin",
    "Yulianti",
    "Hakim",
    "Ramadhani",
    "Efendi",
];

struct Names(u64);
impl Names {
    fn next(&mut self) -> String {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let a = (self.0 >> 33) as usize;
        format!("{} {}", FIRST[a % FIRST.len()], LAST[(a / FIRST.len()) % LAST.len()])
    }
}

fn code(s: &str) -> Result<RegionCode> {
    RegionCode::parse(s).map_err(|e| crate::AppError::Internal(format!("demo region {s}: {e}")))
}

fn org(name: String, code_: &str, kind: OrgKind, parent: Option<i64>, region: &str) -> Result<OrgInput> {
    Ok(OrgInput {
        code: Some(code_.to_string()),
        parent_id: parent,
        ..OrgInput::new(name, kind, code(region)?)
    })
}

async fn add_org(tx: &mut Tx, o: OrgInput) -> Result<i64> {
    Ok(store::org::insert(tx, &o).await?)
}

async fn add_person(
    tx: &mut Tx,
    name: String,
    org_id: i64,
    kind: PositionKind,
    title: &str,
    nik: Option<&str>,
) -> Result<i64> {
    let id = store::person::insert(
        tx,
        &PersonInput {
            name,
            phone: None,
            email: None,
            nik: nik.and_then(|n| Nik::parse(n).ok()),
            nik_masked: false,
        },
    )
    .await?;
    store::person::insert_position(
        tx,
        id,
        &PositionInput {
            org_id,
            kind,
            title: Some(title.to_string()).filter(|t| !t.is_empty()),
            started_on: chrono::NaiveDate::from_ymd_opt(2023, 1, 2),
            ended_on: None,
        },
    )
    .await?;
    Ok(id)
}

/// The partners a Lokmin tribulanan invites besides the camat, Polsek and Koramil (issue 15):
/// the Kantor Kementerian Agama with a KUA in every kecamatan, a UPTD Pendidikan in every
/// kecamatan with its SMP Negeri and an SD Negeri in every desa, and the TP PKK of every
/// desa and kelurahan (under its village government). No people are added (and the names of
/// everyone else stay as they were).
async fn schools_religion_and_pkk(tx: &mut Tx) -> Result<()> {
    use domain::org::Sector;
    let by_code = async |tx: &mut Tx, c: &str| -> Result<i64> {
        store::org::get_by_code(tx, c)
            .await?
            .map(|o| o.id)
            .ok_or_else(|| crate::AppError::Internal(format!("demo organisation {c}")))
    };
    let disdik = by_code(tx, "DISDIK-SRL").await?;
    let kemenag = add_org(
        tx,
        OrgInput {
            sector: Sector::Social,
            ..org(
                "Kantor Kementerian Agama Kabupaten Sarolangun".into(),
                "KEMENAG-SRL",
                OrgKind::Other,
                None,
                DISTRICT,
            )?
        },
    )
    .await?;
    for k in store::region::children(tx, Some(DISTRICT)).await? {
        let n = k.code.rsplit('.').next().unwrap_or("00");
        add_org(
            tx,
            OrgInput {
                sector: Sector::Social,
                ..org(
                    format!("KUA Kecamatan {}", k.name),
                    &format!("KUA-SRL-{n}"),
                    OrgKind::Other,
                    Some(kemenag),
                    &k.code,
                )?
            },
        )
        .await?;
        let uptd = add_org(
            tx,
            OrgInput {
                sector: Sector::Education,
                ..org(
                    format!("UPTD Pendidikan Kecamatan {}", k.name),
                    &format!("UPTD-DIK-{n}"),
                    OrgKind::OtherOpd,
                    Some(disdik),
                    &k.code,
                )?
            },
        )
        .await?;
        add_org(
            tx,
            org(
                format!("SMP Negeri {}", k.name),
                &format!("SMP-SRL-{n}"),
                OrgKind::School,
                Some(uptd),
                &k.code,
            )?,
        )
        .await?;
        for d in store::region::children(tx, Some(&k.code)).await? {
            let dn = d.code.replace('.', "");
            let is_kel = d.kind == RegionKind::Kelurahan;
            let gov = by_code(tx, &format!("DESA-{dn}")).await?;
            add_org(
                tx,
                org(
                    format!("SD Negeri {}", d.name),
                    &format!("SD-{dn}"),
                    OrgKind::School,
                    Some(uptd),
                    &d.code,
                )?,
            )
            .await?;
            add_org(
                tx,
                org(
                    format!("TP PKK {} {}", if is_kel { "Kelurahan" } else { "Desa" }, d.name),
                    &format!("PKK-{dn}"),
                    OrgKind::Pkk,
                    Some(gov),
                    &d.code,
                )?,
            )
            .await?;
        }
    }
    Ok(())
}

/// Loads the demo district unless it is there already. Returns whether it loaded anything.
pub async fn load(app: &App) -> Result<bool> {
    let mut tx = app.store.write().await?;
    if store::org::get_by_code(&mut tx, "DINKES-SRL").await?.is_some() {
        return Ok(false);
    }
    let mut names = Names(1503);
    let pemkab = add_org(
        &mut tx,
        org(
            "Pemerintah Kabupaten Sarolangun".into(),
            "PEMKAB-SRL",
            OrgKind::RegionalGovernment,
            None,
            DISTRICT,
        )?,
    )
    .await?;
    let dinkes = add_org(
        &mut tx,
        org(
            "Dinas Kesehatan Kabupaten Sarolangun".into(),
            "DINKES-SRL",
            OrgKind::DinkesDistrict,
            Some(pemkab),
            DISTRICT,
        )?,
    )
    .await?;
    add_person(
        &mut tx,
        "Bachril Bakri".into(),
        pemkab,
        PositionKind::Head,
        "Penjabat Bupati",
        None,
    )
    .await?;
    add_person(
        &mut tx,
        "Dedy Hendry".into(),
        pemkab,
        PositionKind::Other,
        "Plh Sekretaris Daerah",
        None,
    )
    .await?;
    add_person(
        &mut tx,
        "Bambang Hermanto".into(),
        dinkes,
        PositionKind::Head,
        "Kepala Dinas Kesehatan",
        None,
    )
    .await?;

    let partners: &[(&str, &str, OrgKind)] = &[
        ("RSUD Prof. Dr. H. M. Chatib Quzwain", "RSUD-SRL", OrgKind::Hospital),
        ("Polres Sarolangun", "POLRES-SRL", OrgKind::Polres),
        ("Kodim 0420/Sarko", "KODIM-0420", OrgKind::Kodim),
        (
            "Dinas Pendidikan Kabupaten Sarolangun",
            "DISDIK-SRL",
            OrgKind::Education,
        ),
        ("Dinas Pemberdayaan Masyarakat dan Desa", "DPMD-SRL", OrgKind::Dpmd),
        (
            "Dinas Pengendalian Penduduk dan Keluarga Berencana",
            "P2KB-SRL",
            OrgKind::P2kb,
        ),
        ("Badan Perencanaan Pembangunan Daerah", "BAPPEDA-SRL", OrgKind::Bappeda),
        (
            "Dinas Sosial Kabupaten Sarolangun",
            "DINSOS-SRL",
            OrgKind::SocialAffairs,
        ),
        ("TP-PKK Kabupaten Sarolangun", "PKK-SRL", OrgKind::Pkk),
        ("IDI Cabang Sarolangun", "IDI-SRL", OrgKind::ProfessionalBody),
        ("IBI Cabang Sarolangun", "IBI-SRL", OrgKind::ProfessionalBody),
        ("PPNI Kabupaten Sarolangun", "PPNI-SRL", OrgKind::ProfessionalBody),
        ("PERSAGI Kabupaten Sarolangun", "PERSAGI-SRL", OrgKind::ProfessionalBody),
        ("HAKLI Kabupaten Sarolangun", "HAKLI-SRL", OrgKind::ProfessionalBody),
        ("BPJS Kesehatan Kabupaten Sarolangun", "BPJS-SRL", OrgKind::Bpjs),
        ("Akdesi Kabupaten Sarolangun", "AKDESI-SRL", OrgKind::CommunityOrg),
    ];
    let mut polres = 0;
    let mut kodim = 0;
    for (name, c, kind) in partners {
        let parent = if matches!(kind, OrgKind::Hospital) {
            Some(pemkab)
        } else {
            None
        };
        let id = add_org(&mut tx, org((*name).into(), c, *kind, parent, DISTRICT)?).await?;
        match kind {
            OrgKind::Polres => polres = id,
            OrgKind::Kodim => kodim = id,
            _ => {}
        }
        add_person(&mut tx, names.next(), id, PositionKind::Head, "Pimpinan", None).await?;
    }

    let kecamatan = store::region::children(&mut tx, Some(DISTRICT)).await?;
    let mut nik_serial = 1u32;
    for k in &kecamatan {
        let n = k.code.rsplit('.').next().unwrap_or("00");
        let camat = add_org(
            &mut tx,
            org(
                format!("Kantor Camat {}", k.name),
                &format!("CAMAT-SRL-{n}"),
                OrgKind::KecamatanOffice,
                Some(pemkab),
                &k.code,
            )?,
        )
        .await?;
        add_person(&mut tx, names.next(), camat, PositionKind::Camat, "Camat", None).await?;
        let polsek = add_org(
            &mut tx,
            org(
                format!("Polsek {}", k.name),
                &format!("POLSEK-SRL-{n}"),
                OrgKind::Polsek,
                Some(polres),
                &k.code,
            )?,
        )
        .await?;
        add_person(&mut tx, names.next(), polsek, PositionKind::Kapolsek, "Kapolsek", None).await?;
        let koramil = add_org(
            &mut tx,
            org(
                format!("Koramil {}", k.name),
                &format!("KORAMIL-SRL-{n}"),
                OrgKind::Koramil,
                Some(kodim),
                &k.code,
            )?,
        )
        .await?;
        add_person(&mut tx, names.next(), koramil, PositionKind::Danramil, "Danramil", None).await?;
        let mut pkm = org(
            format!("Puskesmas {}", k.name),
            &format!("PKM-SRL-{n}"),
            OrgKind::Puskesmas,
            Some(dinkes),
            &k.code,
        )?;
        pkm.identifiers.push(ExternalId {
            system: "lintas-demo".into(),
            value: format!("PKM-{}", k.code),
        });
        let pkm = add_org(&mut tx, pkm).await?;
        add_person(&mut tx, names.next(), pkm, PositionKind::Head, "Kepala Puskesmas", None).await?;
        add_person(
            &mut tx,
            names.next(),
            pkm,
            PositionKind::ProgramHolder,
            "Pemegang program gizi",
            None,
        )
        .await?;
        let desa = store::region::children(&mut tx, Some(&k.code)).await?;
        // In the town kecamatan a second Puskesmas serves the kelurahan (but one).
        let kota = if k.code == TWO_PUSKESMAS_KECAMATAN {
            let mut o = org(
                format!("Puskesmas {} Kota", k.name),
                KOTA_PUSKESMAS,
                OrgKind::Puskesmas,
                Some(dinkes),
                &k.code,
            )?;
            o.address = Some("Jl. Lintas Sumatera, Pasar Sarolangun".into());
            let id = add_org(&mut tx, o).await?;
            // Its own name sequence: the names of everyone else stay as they were.
            let mut kota_names = Names(150_303);
            add_person(
                &mut tx,
                kota_names.next(),
                id,
                PositionKind::Head,
                "Kepala Puskesmas",
                None,
            )
            .await?;
            add_person(
                &mut tx,
                kota_names.next(),
                id,
                PositionKind::ProgramHolder,
                "Pemegang program gizi",
                None,
            )
            .await?;
            Some(id)
        } else {
            None
        };
        let serves = |d: &store::region::Region| match kota {
            Some(kota) if d.kind == RegionKind::Kelurahan && d.code != KOTA_KEEPS => kota,
            _ => pkm,
        };
        for holder in [pkm].into_iter().chain(kota) {
            let codes: Vec<String> = desa
                .iter()
                .filter(|d| serves(d) == holder)
                .map(|d| d.code.clone())
                .collect();
            store::org::set_wilayah_kerja(&mut tx, holder, &codes).await?;
        }
        for d in &desa {
            let dn = d.code.replace('.', "");
            let is_kel = d.kind == RegionKind::Kelurahan;
            let (gov_name, head_kind, head_title) = if is_kel {
                (format!("Kelurahan {}", d.name), PositionKind::Head, "Lurah")
            } else {
                (
                    format!("Pemerintah Desa {}", d.name),
                    PositionKind::KepalaDesa,
                    "Kepala Desa",
                )
            };
            let gov = add_org(
                &mut tx,
                org(
                    gov_name,
                    &format!("DESA-{dn}"),
                    OrgKind::VillageGovernment,
                    Some(camat),
                    &d.code,
                )?,
            )
            .await?;
            add_person(&mut tx, names.next(), gov, head_kind, head_title, None).await?;
            let posy = add_org(
                &mut tx,
                org(
                    format!("Posyandu {}", d.name),
                    &format!("POSY-{dn}"),
                    OrgKind::Posyandu,
                    Some(serves(d)),
                    &d.code,
                )?,
            )
            .await?;
            add_person(
                &mut tx,
                names.next(),
                serves(d),
                PositionKind::BidanDesa,
                &format!("Bidan Desa {}", d.name),
                None,
            )
            .await?;
            for _ in 0..2 {
                let nik = format!("{}{:06}{:04}", &dn[..6], 150390, nik_serial % 10_000);
                nik_serial += 1;
                add_person(&mut tx, names.next(), posy, PositionKind::Kader, "Kader", Some(&nik)).await?;
            }
            add_person(
                &mut tx,
                names.next(),
                polsek,
                PositionKind::Bhabinkamtibmas,
                &format!("Bhabinkamtibmas {}", d.name),
                None,
            )
            .await?;
            add_person(
                &mut tx,
                names.next(),
                koramil,
                PositionKind::Babinsa,
                &format!("Babinsa {}", d.name),
                None,
            )
            .await?;
        }
    }

    schools_religion_and_pkk(&mut tx).await?;
    super::coordination::load(&mut tx).await?;
    super::agreement::load(&mut tx, app.clock().now().date_naive()).await?;

    let hash = crate::auth::hash_password(PASSWORD).await?;
    for (username, role, display, org_code) in LOGINS {
        let org_id = if org_code.is_empty() {
            None
        } else {
            store::org::get_by_code(&mut tx, org_code).await?.map(|o| o.id)
        };
        if store::user::get_by_username(&mut tx, username).await?.is_none() {
            store::user::insert(
                &mut tx,
                &store::user::NewUser {
                    username,
                    display_name: display,
                    password_hash: &hash,
                    role,
                    org_id,
                    person_id: None,
                    active: true,
                },
            )
            .await?;
        }
    }
    crate::audit::record(
        &mut tx,
        None,
        crate::audit::Entry::new(
            AuditEvent::DemoCreated,
            DISTRICT,
            "demo district Kabupaten Sarolangun loaded",
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
