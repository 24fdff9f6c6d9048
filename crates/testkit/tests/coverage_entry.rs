//! The coverage write pages through HTTP on both databases, on the small fixture: the monthly
//! entry grid of Puskesmas Sarolangun (a month entered and read back, the report recorded, an
//! unchanged post storing nothing, bad cells refused all together and named in both
//! languages with the typed values kept, a future month, clearing a cell, another Puskesmas
//! refused), the targets with the district's lock and the reason it then needs, and the
//! sasaran entered, derived from the population with the ratios and a ratio changed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Datelike, Months, NaiveDate};
use domain::coverage::{SasaranKind, SasaranSource, first_of_month, report_deadline};
use lintas_testkit::fixture::{BERNAI, DISTRICT, DUSUN_SAROLANGUN, LIMUN_DESA};
use lintas_testkit::html::{attr_at, field_value, has_id, plain, text_at, unescape};
use lintas_testkit::http::{Client, Page};
use lintas_testkit::{TestApp, both_fixture};
use store::coverage::AchievementRow;

/// The month the grid opens on: the one before this month in the district.
fn last_month(t: &TestApp) -> NaiveDate {
    let this = first_of_month(t.fx().today);
    this.checked_sub_months(Months::new(1)).unwrap()
}

fn ym(m: NaiveDate) -> String {
    format!("{:04}-{:02}", m.year(), m.month())
}

fn v(code: &str, desa: &str) -> String {
    format!("v.{code}.{desa}")
}

fn d(code: &str, desa: &str) -> String {
    format!("d.{code}.{desa}")
}

/// Every grid input of a page (name, value), as a browser sends the form.
fn grid_fields(html: &str) -> Vec<(String, String)> {
    html.split("<input ")
        .skip(1)
        .filter_map(|part| {
            let tag = part.split('>').next()?;
            let name = tag.split("name=\"").nth(1)?.split('"').next()?;
            if !(name.starts_with("v.") || name.starts_with("d.") || name.starts_with("t.") || name.starts_with("s.")) {
                return None;
            }
            let value = tag
                .split(" value=\"")
                .nth(1)
                .and_then(|v| v.split('"').next())
                .unwrap_or("");
            Some((unescape(name), unescape(value)))
        })
        .collect()
}

/// Posts the form of the page at `page` to `action` as a browser would: every field of the
/// grid with the page's values, `changes` typed over them.
async fn post_grid(c: &Client, page: &str, action: &str, changes: &[(&str, &str)]) -> Page {
    let form = c.get(page).await;
    assert_eq!(form.status, 200, "{page}: {}", form.body);
    let mut fields = grid_fields(&form.body);
    for (k, val) in changes {
        match fields.iter_mut().find(|(n, _)| n == k) {
            Some(f) => f.1 = val.to_string(),
            None => fields.push((k.to_string(), val.to_string())),
        }
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    c.post_raw(action, &form.csrf(), &refs).await
}

async fn achievements(t: &TestApp, month: NaiveDate) -> Vec<AchievementRow> {
    let mut tx = t.app.store.read().await.unwrap();
    store::coverage::achievements(&mut tx, &[DUSUN_SAROLANGUN.into(), BERNAI.into()], &[], month, month)
        .await
        .unwrap()
}

fn cell(rows: &[AchievementRow], code: &str, desa: &str) -> Option<(f64, Option<f64>)> {
    rows.iter()
        .find(|r| r.indicator_code == code && r.desa_code == desa)
        .map(|r| (r.numerator, r.denominator))
}

async fn audit_count(t: &TestApp, entity: &str) -> usize {
    let mut tx = t.app.store.read().await.unwrap();
    let f = store::audit::AuditFilter {
        entity: Some(entity.into()),
        limit: 500,
        ..Default::default()
    };
    store::audit::list(&mut tx, &f).await.unwrap().0.len()
}

fn summary(p: &Page) -> String {
    assert!(has_id(&p.body, "error-summary"), "no error summary: {}", p.body);
    plain(lintas_testkit::html::element(&p.body, "id=\"error-summary\"", "</div>"))
}

both_fixture!(a_month_entered_through_the_grid_reads_back, async |t: &TestApp| {
    let pkm = t.fx().pkm;
    let month = last_month(t);
    let c = t.signed_in("puskesmas").await;
    // The account's own Puskesmas and last month by default.
    let page = c.get("/coverage/entry").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(text_at(&page.body, "entry-title").contains("Puskesmas Sarolangun"));
    assert_eq!(attr_at(&page.body, "month", "value"), ym(month));
    for f in [
        v("K1", DUSUN_SAROLANGUN),
        v("K1", BERNAI),
        v("ASIX", BERNAI),
        d("ASIX", BERNAI),
    ] {
        assert!(has_id(&page.body, &f), "{f}");
        assert_eq!(attr_at(&page.body, &f, "inputmode"), "numeric");
    }
    assert!(
        !has_id(&page.body, &d("K1", BERNAI)),
        "K1 is divided by the yearly sasaran"
    );
    assert!(!has_id(&page.body, &v("DS", BERNAI)), "D/S is derived, never typed");
    assert!(has_id(&page.body, "drv-DS") && has_id(&page.body, "drv-STUNT"));
    assert!(plain(&page.body).contains("Dihitung dari data gizi"));
    let deadline = report_deadline(month, 5);
    assert_eq!(
        text_at(&page.body, "report-deadline"),
        deadline.format("%d/%m/%Y").to_string()
    );
    assert_eq!(text_at(&page.body, "report-first"), "—");
    let today = t.fx().today;
    let state = attr_at(&page.body, "report-state", "data-state");
    assert_eq!(state, if today > deadline { "overdue" } else { "missing" });
    // One desa at a time on a phone: the other desa's column is marked to hide.
    let phone = c
        .get(&format!(
            "/coverage/entry?puskesmas={pkm}&month={}&desa={BERNAI}",
            ym(month)
        ))
        .await;
    assert!(attr_at(&phone.body, &format!("desa-{DUSUN_SAROLANGUN}"), "class").contains("other"));
    assert!(!attr_at(&phone.body, &format!("desa-{BERNAI}"), "class").contains("other"));

    let url = format!("/coverage/entry?puskesmas={pkm}&month={}", ym(month));
    let (k1_dusun, k1_bernai, asix_v, asix_d) = (
        v("K1", DUSUN_SAROLANGUN),
        v("K1", BERNAI),
        v("ASIX", DUSUN_SAROLANGUN),
        d("ASIX", DUSUN_SAROLANGUN),
    );
    let r = post_grid(
        &c,
        &url,
        &url,
        &[(&k1_dusun, "10"), (&k1_bernai, "4"), (&asix_v, "3"), (&asix_d, "5")],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let back = r.location.unwrap();
    assert!(back.contains("saved=3"), "{back}");
    let page = c.get(&back).await;
    assert_eq!(text_at(&page.body, "notice"), "3 angka disimpan.");
    assert_eq!(field_value(&page.body, &k1_dusun), "10");
    assert_eq!(field_value(&page.body, &k1_bernai), "4");
    assert_eq!(field_value(&page.body, &asix_v), "3");
    assert_eq!(field_value(&page.body, &asix_d), "5");
    let rows = achievements(t, month).await;
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(cell(&rows, "K1", DUSUN_SAROLANGUN), Some((10.0, None)));
    assert_eq!(cell(&rows, "K1", BERNAI), Some((4.0, None)));
    assert_eq!(cell(&rows, "ASIX", DUSUN_SAROLANGUN), Some((3.0, Some(5.0))));
    // The report is recorded: first entered today, on time until the deadline.
    let reports = {
        let mut tx = t.app.store.read().await.unwrap();
        store::coverage::reports(&mut tx, &[pkm], month, month).await.unwrap()
    };
    assert_eq!(reports.len(), 1);
    assert_eq!(
        text_at(&page.body, "report-first"),
        today.format("%d/%m/%Y").to_string()
    );
    let state = attr_at(&page.body, "report-state", "data-state");
    assert_eq!(state, if today <= deadline { "on_time" } else { "late" });
    assert_eq!(audit_count(t, "achievement").await, 1);

    // The same form again changes nothing and stores nothing.
    let r = post_grid(&c, &url, &url, &[]).await;
    assert_eq!(r.status, 303);
    let page = c.get(&r.location.unwrap()).await;
    assert_eq!(text_at(&page.body, "notice"), "Tidak ada perubahan.");
    assert_eq!(audit_count(t, "achievement").await, 1, "no write for an unchanged grid");

    // A blank cell that had a figure is a clear; the others stay.
    let r = post_grid(&c, &url, &url, &[(&k1_bernai, "")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location.as_deref().unwrap().contains("saved=1"));
    let rows = achievements(t, month).await;
    assert_eq!(cell(&rows, "K1", BERNAI), None, "cleared");
    assert_eq!(cell(&rows, "K1", DUSUN_SAROLANGUN), Some((10.0, None)));
    let page = c.get(&url).await;
    assert_eq!(field_value(&page.body, &k1_bernai), "");

    // Dinkes reads it for the Puskesmas it picks; the other Puskesmas of the kecamatan may
    // neither read nor write it, and its post stores nothing.
    let dinkes = t.signed_in("dinkes").await;
    let pick = dinkes.get("/coverage/entry").await;
    assert_eq!(pick.status, 200);
    assert!(has_id(&pick.body, "puskesmas-picker"));
    assert!(pick.body.contains(&format!("/coverage/entry?puskesmas={pkm}")));
    let page = dinkes.get(&url).await;
    assert_eq!(field_value(&page.body, &k1_dusun), "10");
    let kota = t.signed_in("puskesmas-kota").await;
    assert_eq!(kota.get(&url).await.status, 403);
    let csrf = kota.get("/coverage/entry").await.csrf();
    let r = kota
        .post_raw(&url, &csrf, &[(&k1_bernai, "7"), (&k1_dusun, "99")])
        .await;
    assert_eq!(r.status, 403);
    let rows = achievements(t, month).await;
    assert_eq!(cell(&rows, "K1", BERNAI), None);
    assert_eq!(cell(&rows, "K1", DUSUN_SAROLANGUN), Some((10.0, None)));
    // A viewer reads without inputs and may not post.
    let bupati = t.signed_in("bupati").await;
    let page = bupati.get(&url).await;
    assert_eq!(page.status, 200);
    assert!(has_id(&page.body, "readonly-note") && !page.body.contains(&format!("name=\"{k1_dusun}\"")));
    let r = bupati.post_raw(&url, &page.csrf(), &[(&k1_dusun, "11")]).await;
    assert_eq!(r.status, 403);
});

both_fixture!(
    bad_cells_are_named_in_both_languages_and_nothing_is_stored,
    async |t: &TestApp| {
        let pkm = t.fx().pkm;
        let month = last_month(t);
        let c = t.signed_in("puskesmas").await;
        let url = format!("/coverage/entry?puskesmas={pkm}&month={}", ym(month));
        let (k1_bernai, k1_dusun, asix_v, asix_d, idl) = (
            v("K1", BERNAI),
            v("K1", DUSUN_SAROLANGUN),
            v("ASIX", DUSUN_SAROLANGUN),
            d("ASIX", DUSUN_SAROLANGUN),
            v("IDL", BERNAI),
        );
        let bad = [
            (k1_bernai.as_str(), "-3"),
            (k1_dusun.as_str(), "10"),
            (asix_v.as_str(), "8"),
            (asix_d.as_str(), "5"),
            (idl.as_str(), "dua"),
        ];
        let r = post_grid(&c, &url, &url, &bad).await;
        assert_eq!(r.status, 422, "{}", r.body);
        let s = summary(&r);
        assert!(s.contains("Bernai — K1"), "{s}");
        assert!(s.contains("Tidak boleh negatif."), "{s}");
        assert!(s.contains("Dusun Sarolangun — ASIX"), "{s}");
        assert!(s.contains("Pembilang tidak boleh lebih besar dari penyebut."), "{s}");
        assert!(s.contains("Bernai — IDL") && s.contains("Harus berupa angka."), "{s}");
        assert!(!s.contains("Dusun Sarolangun — K1"), "the good cell is not named: {s}");
        assert_eq!(text_at(&r.body, &format!("err-{k1_bernai}")), "Tidak boleh negatif.");
        assert_eq!(attr_at(&r.body, &k1_bernai, "aria-invalid"), "true");
        assert_eq!(attr_at(&r.body, &k1_dusun, "aria-invalid"), "false");
        for (name, typed) in bad {
            assert_eq!(field_value(&r.body, name), typed, "{name} keeps what was typed");
        }
        assert!(achievements(t, month).await.is_empty(), "nothing stored");
        // A future month: read-only, and a post is refused cell by cell.
        let next = first_of_month(t.fx().today) + Months::new(1);
        let future = format!("/coverage/entry?puskesmas={pkm}&month={}", ym(next));
        let page = c.get(&future).await;
        assert_eq!(page.status, 200);
        assert!(has_id(&page.body, "future-note"));
        assert!(!page.body.contains(&format!("name=\"{k1_bernai}\"")), "no inputs");
        let r = c.post_raw(&future, &page.csrf(), &[(&k1_bernai, "4")]).await;
        assert_eq!(r.status, 422, "{}", r.body);
        let s = summary(&r);
        assert!(
            s.contains("Bernai — K1") && s.contains("Bulan ini belum berjalan."),
            "{s}"
        );
        assert_eq!(field_value(&r.body, &k1_bernai), "4");
        assert!(achievements(t, next).await.is_empty());

        // The same in English.
        let csrf = c.get(&url).await.csrf();
        let r = c.post_raw("/lang", &csrf, &[("lang", "en"), ("next", &url)]).await;
        assert_eq!(r.status, 303);
        let r = post_grid(&c, &url, &url, &bad).await;
        assert_eq!(r.status, 422);
        let s = summary(&r);
        assert!(s.contains("Not saved"), "{s}");
        assert!(s.contains("Bernai — K1") && s.contains("Must not be negative."), "{s}");
        assert!(
            s.contains("The numerator cannot be larger than the denominator."),
            "{s}"
        );
        assert!(s.contains("Must be a number."), "{s}");
        let r = c
            .post_raw(&future, &c.get(&future).await.csrf(), &[(&k1_bernai, "4")])
            .await;
        assert_eq!(r.status, 422);
        assert!(summary(&r).contains("This month has not started yet."));
        assert!(achievements(t, month).await.is_empty() && achievements(t, next).await.is_empty());
        assert_eq!(audit_count(t, "achievement").await, 0);
    }
);

async fn target(t: &TestApp, code: &str, year: i32) -> Option<f64> {
    let mut tx = t.app.store.read().await.unwrap();
    store::coverage::targets(&mut tx, &[t.fx().pkm], year)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.indicator_code == code)
        .map(|r| r.target)
}

both_fixture!(targets_locked_by_dinkes_change_with_a_reason, async |t: &TestApp| {
    let pkm = t.fx().pkm;
    let year = t.fx().today.year();
    let url = format!("/coverage/targets?puskesmas={pkm}&year={year}");
    let c = t.signed_in("puskesmas").await;
    let page = c.get("/coverage/targets").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(text_at(&page.body, "targets-title").contains(&year.to_string()));
    assert_eq!(text_at(&page.body, "default-SPM-01"), "100%");
    assert_eq!(text_at(&page.body, "default-K1"), "—");
    assert_eq!(field_value(&page.body, "t.K1"), "");
    assert!(!has_id(&page.body, "lock-button"), "only Dinkes locks");
    let r = post_grid(&c, &url, &url, &[("t.K1", "80"), ("t.K4", "70,5")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location.as_deref().unwrap().contains("saved=2"));
    assert_eq!(
        (target(t, "K1", year).await, target(t, "K4", year).await),
        (Some(80.0), Some(70.5))
    );
    let page = c.get(&url).await;
    assert_eq!(field_value(&page.body, "t.K1"), "80");
    assert_eq!(field_value(&page.body, "t.K4"), "70,5");
    // A target above 100 % and one that does not read: both named, nothing stored.
    let r = post_grid(&c, &url, &url, &[("t.K1", "120"), ("t.K6", "banyak")]).await;
    assert_eq!(r.status, 422);
    let s = summary(&r);
    assert!(
        s.contains("K1") && s.contains("K6") && s.contains("Harus berupa angka."),
        "{s}"
    );
    assert_eq!(field_value(&r.body, "t.K1"), "120");
    assert_eq!(target(t, "K1", year).await, Some(80.0));
    assert_eq!(target(t, "K6", year).await, None);

    // Dinkes approves and locks the year.
    let dinkes = t.signed_in("dinkes").await;
    let page = dinkes.get(&url).await;
    assert!(has_id(&page.body, "lock-button"));
    let r = dinkes
        .post_raw(
            "/coverage/lock",
            &page.csrf(),
            &[
                ("district", DISTRICT),
                ("year", &year.to_string()),
                ("locked", "1"),
                ("puskesmas", &pkm.to_string()),
                ("back", "targets"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = dinkes.get(&r.location.unwrap()).await;
    assert_eq!(
        text_at(&page.body, "notice"),
        format!("Target dan sasaran {year} dikunci.")
    );
    assert!(has_id(&page.body, "unlock-button") && has_id(&page.body, "reason"));

    // The Puskesmas reads it only, and a post gets the locked message.
    let page = c.get(&url).await;
    assert!(plain(&page.body).contains("sudah dikunci Dinas Kesehatan"));
    assert!(!page.body.contains("name=\"t.K1\""), "read-only");
    let r = c.post_raw(&url, &page.csrf(), &[("t.K1", "60")]).await;
    assert_eq!(r.status, 422);
    assert!(summary(&r).contains("sudah dikunci Dinas Kesehatan"));
    assert_eq!(target(t, "K1", year).await, Some(80.0));

    // Dinkes needs a reason; with one the change is saved and the audit log keeps it.
    let r = post_grid(&dinkes, &url, &url, &[("t.K1", "60")]).await;
    assert_eq!(r.status, 422);
    assert_eq!(
        text_at(&r.body, "reason-error"),
        "Tahun ini sudah dikunci: tuliskan alasan perubahan."
    );
    assert_eq!(field_value(&r.body, "t.K1"), "60");
    assert_eq!(target(t, "K1", year).await, Some(80.0));
    let r = post_grid(
        &dinkes,
        &url,
        &url,
        &[("t.K1", "60"), ("reason", "Revisi SK target kinerja")],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(target(t, "K1", year).await, Some(60.0));
    let admin = t.signed_in("admin").await;
    let log = admin.get("/audit?entity=coverage_target").await;
    assert!(
        plain(&log.body).contains("after lock: Revisi SK target kinerja"),
        "{}",
        plain(&log.body)
    );
    // Unlocked again, the Puskesmas edits once more.
    let r = dinkes
        .post_raw(
            "/coverage/lock",
            &dinkes.get(&url).await.csrf(),
            &[
                ("district", DISTRICT),
                ("year", &year.to_string()),
                ("locked", "0"),
                ("puskesmas", &pkm.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(c.get(&url).await.body.contains("name=\"t.K1\""));
    // Only Dinkes of the district locks.
    let csrf = c.get(&url).await.csrf();
    let r = c
        .post_raw(
            "/coverage/lock",
            &csrf,
            &[("district", DISTRICT), ("year", &year.to_string()), ("locked", "1")],
        )
        .await;
    assert_eq!(r.status, 403);
});

async fn sasaran_of(t: &TestApp, desa: &str, kind: SasaranKind, year: i32) -> Option<(f64, SasaranSource)> {
    let mut tx = t.app.store.read().await.unwrap();
    store::coverage::sasaran(&mut tx, &[desa.into()], year)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.kind == kind)
        .map(|r| (r.value, r.source))
}

both_fixture!(sasaran_entered_then_derived_from_the_population, async |t: &TestApp| {
    let pkm = t.fx().pkm;
    let year = t.fx().today.year();
    let url = format!("/coverage/sasaran?puskesmas={pkm}&year={year}");
    let c = t.signed_in("puskesmas").await;
    let page = c.get("/coverage/sasaran").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let body = &page.body;
    let first_kind = body.find("id=\"kind-").unwrap();
    assert!(body[first_kind..].starts_with("id=\"kind-penduduk\""), "penduduk first");
    assert!(has_id(body, "ratios-note") && plain(body).contains("perkiraan yang lazim"));
    assert!(plain(body).contains("1.10 × CBR × penduduk"), "the basis of each ratio");
    assert!(!has_id(body, "ratio-input-bumil"), "only Dinkes edits ratios");
    let pen = |desa: &str| format!("s.penduduk.{desa}");
    let bumil_bernai = format!("s.bumil.{BERNAI}");
    let r = post_grid(
        &c,
        &url,
        &url,
        &[
            (&pen(DUSUN_SAROLANGUN), "2500"),
            (&pen(BERNAI), "1000"),
            (&bumil_bernai, "33"),
        ],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location.as_deref().unwrap().contains("saved=3"));
    assert_eq!(
        sasaran_of(t, BERNAI, SasaranKind::Bumil, year).await,
        Some((33.0, SasaranSource::Entered))
    );
    let page = c.get(&url).await;
    assert_eq!(field_value(&page.body, &pen(BERNAI)), "1000");
    assert_eq!(text_at(&page.body, &format!("src-{bumil_bernai}")), "diisi");

    // Derived from the population with the ratios; the counted bumil of Bernai stays.
    let r = c
        .post_raw(
            &format!("/coverage/sasaran/derive?puskesmas={pkm}&year={year}"),
            &page.csrf(),
            &[],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let actor = t.actor("puskesmas").await;
    let view = app::coverage::sasaran(&t.app, &actor, pkm, year).await.unwrap();
    let kinds = view.ratios.len();
    assert!(
        r.location
            .as_deref()
            .unwrap()
            .contains(&format!("derived={}", 2 * kinds - 1))
    );
    for r in &view.ratios {
        for (desa, people) in [(DUSUN_SAROLANGUN, 2500.0), (BERNAI, 1000.0)] {
            let got = sasaran_of(t, desa, r.kind, year).await;
            if desa == BERNAI && r.kind == SasaranKind::Bumil {
                assert_eq!(got, Some((33.0, SasaranSource::Entered)), "counted, kept");
            } else {
                let want: f64 = people * r.ratio;
                assert_eq!(got, Some((want.round(), SasaranSource::Derived)), "{desa} {}", r.kind);
            }
        }
    }
    let page = c.get(&url).await;
    let bayi_bernai = format!("s.bayi.{BERNAI}");
    assert_eq!(text_at(&page.body, &format!("src-{bayi_bernai}")), "diturunkan");
    assert_eq!(text_at(&page.body, &format!("src-{bumil_bernai}")), "diisi");

    // Dinkes changes a ratio; the Puskesmas may not.
    let r = c
        .post_raw(
            "/coverage/ratios",
            &page.csrf(),
            &[("kind", "bayi"), ("ratio", "0,02"), ("basis", "CBR provinsi 2%")],
        )
        .await;
    assert_eq!(r.status, 403);
    let dinkes = t.signed_in("dinkes").await;
    let dpage = dinkes.get(&url).await;
    assert!(has_id(&dpage.body, "ratio-input-bayi"));
    let r = dinkes
        .post_raw(
            "/coverage/ratios",
            &dpage.csrf(),
            &[
                ("kind", "bayi"),
                ("ratio", "0,02"),
                ("basis", "CBR provinsi 2%"),
                ("puskesmas", &pkm.to_string()),
                ("year", &year.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let dpage = dinkes.get(&r.location.unwrap()).await;
    assert_eq!(text_at(&dpage.body, "notice"), "Rasio Bayi disimpan.");
    assert_eq!(attr_at(&dpage.body, "basis-input-bayi", "value"), "CBR provinsi 2%");
    assert_eq!(attr_at(&dpage.body, "ratio-input-bayi", "value"), "0,02");
    let r = dinkes
        .post_raw(
            "/coverage/ratios",
            &dpage.csrf(),
            &[
                ("kind", "bayi"),
                ("ratio", "2"),
                ("basis", "salah"),
                ("puskesmas", &pkm.to_string()),
                ("year", &year.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(summary(&r).contains("Rasio harus angka 0 sampai 1"));
    let r = c
        .post_raw(
            &format!("/coverage/sasaran/derive?puskesmas={pkm}&year={year}"),
            &page.csrf(),
            &[],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        sasaran_of(t, BERNAI, SasaranKind::Bayi, year).await,
        Some((20.0, SasaranSource::Derived))
    );
    // A year without a population cannot be derived.
    let empty = format!("/coverage/sasaran/derive?puskesmas={pkm}&year={}", year + 1);
    let r = c.post_raw(&empty, &page.csrf(), &[]).await;
    assert_eq!(r.status, 422);
    assert!(summary(&r).contains("Belum ada jumlah penduduk desa"));
});

both_fixture!(a_month_imported_from_a_file_all_or_nothing, async |t: &TestApp| {
    let pkm = t.fx().pkm;
    let c = t.signed_in("puskesmas").await;
    let page = format!("/coverage/entry?puskesmas={pkm}&month=2024-03");
    let bad = format!(
        "kode_indikator,kode_desa,bulan,pembilang\nK1,{BERNAI},2024-03,3\nK1,{LIMUN_DESA},2024-03,2\nK1,{BERNAI},2024-04,dua\n"
    );
    let path = format!("/coverage/entry/import?puskesmas={pkm}&month=2024-03");
    let r = c
        .post_multipart(&page, &path, &[], (bad.as_bytes(), "capaian.csv"))
        .await;
    assert_eq!(r.status, 422);
    let text = plain(&r.body);
    assert!(text.contains("Baris 4, kolom numerator: Harus berupa angka."), "{text}");
    let stored = app::coverage::achievements(
        &t.app,
        &t.actor("puskesmas").await,
        pkm,
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2024, 12, 1).unwrap(),
    )
    .await
    .unwrap();
    assert!(stored.is_empty(), "nothing partial");
    let bad = format!("kode_indikator,kode_desa,bulan,pembilang\nK1,{BERNAI},2024-03,3\nK1,{LIMUN_DESA},2024-03,2\n");
    let r = c
        .post_multipart(&page, &path, &[], (bad.as_bytes(), "capaian.csv"))
        .await;
    assert_eq!(r.status, 422);
    assert!(plain(&r.body).contains("Baris 3, kolom desa_code"));
    let good = format!("indicator,desa,month,numerator\nK1,{BERNAI},2024-03,3\nK1,{DUSUN_SAROLANGUN},2024-03,2\n");
    let r = c
        .post_multipart(&page, &path, &[], (good.as_bytes(), "capaian.csv"))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let stored = app::coverage::achievements(
        &t.app,
        &t.actor("puskesmas").await,
        pkm,
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2024, 12, 1).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(stored.len(), 2);
    // Another Puskesmas may not import into this one.
    let kota = t.signed_in("puskesmas-kota").await;
    let r = kota
        .post_multipart("/coverage/entry", &path, &[], (good.as_bytes(), "capaian.csv"))
        .await;
    assert_eq!(r.status, 403);
});
