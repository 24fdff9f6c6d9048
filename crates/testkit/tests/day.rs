//! The Posyandu day through HTTP on both databases, over the fixture district (the kader's
//! Posyandu Dusun Sarolangun with Rafa and Salsa, weighed 35 and 3 days ago): the kader's
//! home is the day's list in register order, each child weighed / not yet / missed last month
//! (O), the day's count equal to the nutrition report's D and S; the search by name, mother's
//! name and NIK ending (the NIK shown masked); the weighing round (form → result → back to
//! the same row, the date and position carried, the next child offered); the end of the day
//! (SKDN as the report, children to visit, counselling and referral for T, 2T, BGM and
//! stunting); the printable register and KMS; and another area's Posyandu refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Datelike, Duration, NaiveDate};
use domain::nutrition::{MeasurementInput, Sex2, month_of};
use lintas_testkit::html::{attr_at, field_value, has_id, ids_of, links, number_at, plain, text_at};
use lintas_testkit::http::Client;
use lintas_testkit::{TestApp, both_fixture};

fn today() -> NaiveDate {
    domain::action::local_today("15.03", chrono::Utc::now())
}

/// The 10th of the month `back` months before this one (in the past for `back` ≥ 1).
fn month_day(back: u32) -> NaiveDate {
    month_of(today()).checked_sub_months(chrono::Months::new(back)).unwrap() + Duration::days(9)
}

/// A child registered by the kader at its Posyandu (mother "Ibu {name}", an address), born
/// `days` ago.
async fn child(t: &TestApp, name: &str, sex: Sex2, days: i64, nik: &str) -> i64 {
    let kader = t.actor("kader").await;
    let input = domain::nutrition::ChildInput {
        nik: Some(nik.to_string()).filter(|n| !n.is_empty()),
        mother_name: Some(format!("Ibu {name}")),
        address: Some("Jl. Pasar Atas".into()),
        rt: Some("004".into()),
        ..domain::nutrition::ChildInput::new(name, sex, today() - Duration::days(days), t.fx().posyandu)
    };
    match app::nutrition::register_child(&t.app, &kader, &input, true)
        .await
        .unwrap()
    {
        app::nutrition::Registration::Created(id) => id,
        other => panic!("{other:?}"),
    }
}

/// A weighing (and a length when given) recorded by the kader.
async fn weigh(t: &TestApp, child: i64, on: NaiveDate, kg: f64, cm: Option<f64>) {
    let kader = t.actor("kader").await;
    let input = MeasurementInput {
        weight: Some(kg),
        height: cm,
        ..MeasurementInput::on(on)
    };
    app::nutrition::record(&t.app, &kader, child, &input).await.unwrap();
}

/// The list's row of `child`: its status (`weighed`, `not-yet`, `absent`) and its text.
fn row(html: &str, child: i64) -> (String, String) {
    let id = format!("child-{child}");
    let status = attr_at(html, &id, "data-status");
    let start = html.find(&format!("id=\"{id}\"")).unwrap();
    let start = html[start..].find('>').unwrap() + start + 1;
    let end = html[start..].find("</li>").unwrap() + start;
    (status, plain(&html[start..end]))
}

/// The children of the list in page order.
fn order(html: &str) -> Vec<i64> {
    ids_of(html, "child-")
}

/// The nutrition report's (S, D) of the kader's Posyandu this month.
async fn report_sd(c: &Client, posyandu: i64) -> (i64, i64) {
    let month = today().format("%Y-%m");
    let r = c.get(&format!("/nutrition?posyandu={posyandu}&month={month}")).await;
    assert_eq!(r.status, 200);
    (number_at(&r.body, "skdn-s"), number_at(&r.body, "skdn-d"))
}

/// Whether a fixture child weighed 3 days ago counts as weighed this month.
fn fixture_weighed_this_month() -> bool {
    month_of(today() - Duration::days(3)) == month_of(today())
}

both_fixture!(
    the_kaders_home_is_the_days_list_in_register_order,
    async |t: &TestApp| {
        let fx = t.fx().clone();
        let (rafa, salsa) = (fx.children[0], fx.children[1]);
        // Dewi was weighed two months ago and not since (O); Eko never; Fajar today.
        let dewi = child(t, "Dewi Uji Absen", Sex2::P, 500, "").await;
        weigh(t, dewi, month_day(2), 9.0, None).await;
        let eko = child(t, "Eko Uji Baru", Sex2::L, 200, "").await;
        let fajar = child(t, "Fajar Uji Hadir", Sex2::L, 800, "").await;
        weigh(t, fajar, month_day(1), 11.0, None).await;
        weigh(t, fajar, today(), 11.4, Some(84.0)).await;

        let kader = t.signed_in("kader").await;
        let home = kader.get("/").await;
        assert_eq!(home.status, 200);
        let body = home.body;
        assert!(has_id(&body, "day-list"), "the home page is the day's list");
        assert!(text_at(&body, "day-title").contains("Posyandu Dusun Sarolangun"));
        assert_eq!(order(&body), vec![rafa, salsa, dewi, eko, fajar], "registration order");
        assert!(
            plain(&body).contains("tanggal pendaftaran"),
            "the page says what the order is"
        );
        let weighed_fixture = if fixture_weighed_this_month() {
            "weighed"
        } else {
            "not-yet"
        };
        assert_eq!(row(&body, rafa).0, weighed_fixture);
        assert_eq!(row(&body, salsa).0, weighed_fixture);
        let (status, text) = row(&body, dewi);
        assert_eq!(status, "absent");
        assert!(text.contains("Belum O") && text.contains("9,0 kg"), "{text}");
        assert!(text.contains(&month_day(2).format("%d/%m/%Y").to_string()), "{text}");
        let (status, text) = row(&body, eko);
        assert_eq!(status, "not-yet");
        assert!(
            text.contains("Belum pernah ditimbang") && text.contains("Baru"),
            "{text}"
        );
        let (status, text) = row(&body, fajar);
        assert_eq!(status, "weighed");
        assert!(text.contains("11,4 kg") && text.contains("Sudah N"), "{text}");
        // One tap: the weighing form in a round from the list.
        assert!(body.contains(&format!("href=\"/children/{eko}/measure?back=day\"")));
        assert!(body.contains(&format!("href=\"/children/new?posyandu={}&amp;back=day\"", fx.posyandu)));
        // The day's count is the nutrition report's D and S, and the rows marked weighed.
        let (s, d) = report_sd(&kader, fx.posyandu).await;
        assert_eq!((number_at(&body, "count-d"), number_at(&body, "count-s")), (d, s));
        assert_eq!(s, 5);
        let weighed_rows = body.matches("data-status=\"weighed\"").count() as i64;
        assert_eq!(weighed_rows, d);
        // No schedule yet: said, with the way to set it; then the next date on that day.
        assert!(has_id(&body, "set-schedule"));
        let day = (today().day() % 28) + 1;
        let p = kader
            .post_form(
                &format!("/posyandu/{}/edit", fx.posyandu),
                &format!("/posyandu/{}/edit", fx.posyandu),
                &[("schedule_day", &day.to_string()), ("address", "Balai Dusun")],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let body = kader.get(&format!("/posyandu/{}/day", fx.posyandu)).await.body;
        let next = domain::posyandu::next_session(day, today()).unwrap();
        let session = plain(text_of(&body, "next-session"));
        assert!(
            session.contains(&next.year().to_string()) || body.contains("Hari ini hari Posyandu"),
            "{session}"
        );
        assert!(!has_id(&body, "set-schedule"));
        // The list is read by name: audited with its count, never a name.
        let rows = t.audit_of("child_list", None).await;
        assert!(
            rows.iter()
                .any(|r| r.summary.contains("posyandu day list") && r.summary.contains("(5)"))
        );
        assert!(!rows.iter().any(|r| r.summary.contains("Dewi")));
    }
);

both_fixture!(search_finds_names_mothers_and_nik_endings, async |t: &TestApp| {
    let fx = t.fx().clone();
    let (rafa, salsa) = (fx.children[0], fx.children[1]);
    let kader = t.signed_in("kader").await;
    let day = format!("/posyandu/{}/day", fx.posyandu);
    let found = |body: &str| order(body);
    let body = kader.get(&format!("{day}?q=salsa")).await.body;
    assert_eq!(found(&body), vec![salsa]);
    assert_eq!(number_at(&body, "found-count"), 1);
    // The list keeps the register's numbers.
    assert!(row(&body, salsa).1.starts_with("2 "), "{}", row(&body, salsa).1);
    assert_eq!(found(&kader.get(&format!("{day}?q=Ibu+Rafa")).await.body), vec![rafa]);
    assert_eq!(found(&kader.get(&format!("{day}?q=uji")).await.body), vec![rafa, salsa]);
    // NIK endings: four digits or more; the NIK shown masked.
    let body = kader.get(&format!("{day}?q=0002")).await.body;
    assert_eq!(found(&body), vec![salsa]);
    assert!(body.contains("1503••••••••0002") && !body.contains("1503034202230002"));
    assert_eq!(found(&kader.get(&format!("{day}?q=230001")).await.body), vec![rafa]);
    let body = kader.get(&format!("{day}?q=002")).await.body;
    assert!(found(&body).is_empty() && has_id(&body, "day-empty"));
    // A search that works without JavaScript: a GET form on the page itself.
    assert_eq!(attr_at(&body, "day-search", "method"), "get");
    assert_eq!(attr_at(&body, "day-search", "action"), day);
});

both_fixture!(
    a_weighing_round_returns_to_the_same_row_keeping_date_and_position,
    async |t: &TestApp| {
        let fx = t.fx().clone();
        let gita = child(t, "Gita Uji Putaran", Sex2::P, 500, "").await;
        let hana = child(t, "Hana Uji Berikut", Sex2::P, 620, "").await;
        let kader = t.signed_in("kader").await;
        let day = kader.get("/").await.body;
        let link = format!("/children/{gita}/measure?back=day");
        assert!(day.contains(&format!("href=\"{link}\"")));
        let form = kader.get(&link).await;
        assert_eq!(form.status, 200);
        assert_eq!(field_value(&form.body, "back"), "day");
        assert_eq!(field_value(&form.body, "measured_on"), today().to_string());
        // Yesterday's session entered today (when yesterday is in this month), measured standing.
        let on = if today().day() > 1 {
            today() - Duration::days(1)
        } else {
            today()
        };
        let saved = kader
            .post_raw(
                &format!("/children/{gita}/measurements"),
                &form.csrf(),
                &[
                    ("back", "day"),
                    ("measured_on", &on.to_string()),
                    ("weight", "9,1"),
                    ("height", "76"),
                    ("position", "H"),
                ],
            )
            .await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        let to = saved.location.unwrap();
        assert!(
            to.starts_with(&format!("/children/{gita}/measure?back=day&saved="))
                && to.ends_with(&format!("&on={on}&pos=H")),
            "{to}"
        );
        // The result at once: scores in words, N/T, and the two ways on.
        let result = kader.get(&to).await;
        assert_eq!(result.status, 200);
        let r = result.body;
        assert!(has_id(&r, "result") && text_at(&r, "res-weight").contains("9,1 kg"));
        assert!(plain(&r).contains("BB/U") && plain(&r).contains("TB/U"));
        let back = format!("/posyandu/{}/day?on={on}&pos=H#child-{gita}", fx.posyandu);
        assert_eq!(attr_at(&r, "back-to-day", "href"), back);
        // The next child still to weigh after Gita in register order is Hana.
        assert_eq!(
            attr_at(&r, "next-child", "href"),
            format!("/children/{hana}/measure?back=day&on={on}&pos=H")
        );
        assert!(text_at(&r, "next-child").contains("Hana Uji Berikut"));
        // Back on the list, at the row, now weighed; the round's links carry date and position.
        let list = kader.get(back.split('#').next().unwrap()).await.body;
        assert!(has_id(&list, &format!("child-{gita}")));
        assert_eq!(row(&list, gita).0, "weighed");
        assert!(
            links(&list, &format!("/children/{hana}/measure"))
                .contains(&format!("/children/{hana}/measure?back=day&on={on}&pos=H"))
        );
        // The next child's form keeps the date and the position, and says the position was
        // carried when it is not the usual one for the age (lying under two years).
        let next = kader
            .get(&format!("/children/{hana}/measure?back=day&on={on}&pos=H"))
            .await
            .body;
        assert_eq!(field_value(&next, "measured_on"), on.to_string());
        assert!(next.contains("value=\"H\" checked"));
        assert!(has_id(&next, "position-carried"));
        assert_eq!(
            attr_at(&next, "measure-cancel", "href"),
            format!("/posyandu/{}/day?on={on}&pos=H#child-{hana}", fx.posyandu)
        );
        // Without a round the form and its answer are as before.
        let plain_form = kader.get(&format!("/children/{hana}/measure")).await.body;
        assert!(!plain_form.contains("name=\"back\""));
        let p = kader
            .post_raw(
                &format!("/children/{hana}/measurements"),
                &lintas_testkit::http::csrf_of(&plain_form),
                &[("weight", "10,2")],
            )
            .await;
        assert_eq!(p.status, 303);
        assert!(p.location.unwrap().starts_with(&format!("/children/{hana}?saved=")));
        // An error in a round keeps the round.
        let bad = kader
            .post_raw(
                &format!("/children/{hana}/measurements"),
                &lintas_testkit::http::csrf_of(&plain_form),
                &[("back", "day"), ("weight", "9800"), ("position", "H")],
            )
            .await;
        assert_eq!(bad.status, 422);
        assert_eq!(field_value(&bad.body, "back"), "day");
        assert_eq!(field_value(&bad.body, "weight"), "9800");
    }
);

both_fixture!(
    the_end_of_the_day_lists_visits_counselling_and_referrals,
    async |t: &TestApp| {
        let fx = t.fx().clone();
        // T twice in a row: 10.0 kg for three months (a 2-year-old needs 200 g a month).
        let dua_t = child(t, "Indra Uji Dua T", Sex2::L, 760, "").await;
        weigh(t, dua_t, month_day(2), 10.0, None).await;
        weigh(t, dua_t, month_day(1), 10.0, None).await;
        weigh(t, dua_t, today(), 10.0, None).await;
        // T once: counselling only.
        let satu_t = child(t, "Joko Uji Satu T", Sex2::L, 760, "").await;
        weigh(t, satu_t, month_day(1), 11.0, None).await;
        weigh(t, satu_t, today(), 11.0, None).await;
        // Below the red line.
        let bgm = child(t, "Kiki Uji BGM", Sex2::P, 400, "").await;
        weigh(t, bgm, today(), 5.5, None).await;
        // Stunted (a length far below the age's).
        let pendek = child(t, "Lala Uji Pendek", Sex2::P, 700, "").await;
        weigh(t, pendek, today(), 9.6, Some(74.0)).await;
        // Never weighed: to visit, with the mother and the address.
        let belum = child(t, "Mira Uji Belum", Sex2::P, 300, "").await;

        let kader = t.signed_in("kader").await;
        let s = kader.get(&format!("/posyandu/{}/day/summary", fx.posyandu)).await;
        assert_eq!(s.status, 200);
        let b = s.body;
        // The SKDN of the report.
        let month = today().format("%Y-%m");
        let report = kader
            .get(&format!("/nutrition?posyandu={}&month={month}", fx.posyandu))
            .await
            .body;
        for k in ["s", "k", "d", "n", "t", "o", "b", "bgm"] {
            assert_eq!(
                number_at(&b, &format!("skdn-{k}")),
                number_at(&report, &format!("skdn-{k}")),
                "{k}"
            );
        }
        assert_eq!(text_at(&b, "ratio-ds"), text_at(&report, "ratio-ds"));
        assert_eq!(text_at(&b, "ratio-nd"), text_at(&report, "ratio-nd"));
        assert_eq!(number_at(&b, "skdn-s"), 7);
        // To visit: Mira (mother, address), and the fixture's children when not weighed yet.
        assert!(has_id(&b, &format!("visit-{belum}")));
        let visit = plain(text_of(&b, &format!("visit-{belum}")));
        assert!(
            visit.contains("Ibu Mira Uji Belum") && visit.contains("Jl. Pasar Atas") && visit.contains("RT 004"),
            "{visit}"
        );
        for w in [dua_t, satu_t, bgm, pendek] {
            assert!(!has_id(&b, &format!("visit-{w}")));
        }
        // Counselling and referral, with the reasons.
        let reasons = |id: i64| text_at(&b, &format!("reasons-{id}"));
        assert!(reasons(dua_t).contains("2T"), "{}", reasons(dua_t));
        assert!(!reasons(dua_t).contains("(T)"), "2T is named once");
        assert!(reasons(satu_t).contains("(T)"));
        assert!(reasons(bgm).contains("BGM"));
        assert!(reasons(pendek).contains("stunting"));
        assert_eq!(attr_at(&b, &format!("concern-{satu_t}"), "class"), "counsel");
        for r in [dua_t, bgm, pendek] {
            assert_eq!(attr_at(&b, &format!("concern-{r}"), "class"), "refer");
        }
        assert!(!has_id(&b, &format!("concern-{belum}")));
        // The weighing result of the 2T child says "rujuk" at once.
        let m = {
            let mut tx = t.app.store.read().await.unwrap();
            store::nutrition::measurements(&mut tx, dua_t)
                .await
                .unwrap()
                .last()
                .unwrap()
                .id
        };
        let r = kader
            .get(&format!("/children/{dua_t}/measure?back=day&saved={m}"))
            .await
            .body;
        assert!(
            plain(text_of(&r, "advice")).contains("Rujuk"),
            "{}",
            plain(text_of(&r, "advice"))
        );
        assert!(text_at(&r, "advice-reasons").contains("2T"));
        // The child's own page says it too.
        let page = kader.get(&format!("/children/{dua_t}")).await.body;
        assert!(text_at(&page, "advice-reasons").contains("2T"));

        // The printable register of the month and a KMS.
        let reg = kader.get(&format!("/posyandu/{}/day/register", fx.posyandu)).await;
        assert_eq!(reg.status, 200);
        assert!(reg.body.contains("class=\"doc landscape\""));
        let line = plain(text_of(&reg.body, &format!("reg-{pendek}")));
        assert!(
            line.contains("Lala Uji Pendek") && line.contains("Ibu Lala Uji Pendek"),
            "{line}"
        );
        assert!(line.contains("9,6") && line.contains("74,0"), "{line}");
        assert!(has_id(&reg.body, &format!("reg-{belum}")));
        assert_eq!(ids_of(&reg.body, "reg-")[..2], [fx.children[0], fx.children[1]]);
        let kms = kader.get(&format!("/children/{dua_t}/kms")).await;
        assert_eq!(kms.status, 200);
        let k = kms.body;
        assert!(has_id(&k, "kms-chart") && text_at(&k, "kms-name") == "Indra Uji Dua T");
        assert_eq!(k.matches("class=\"who ").count(), 7, "−3 to +3 SD");
        assert_eq!(k.matches("<circle").count(), 3, "three weighings");
        assert!(k.contains("0–60 bl"), "past two years: the five-year chart");
        assert!(plain(text_of(&k, "kms-weighings")).contains("10,0 kg"));
    }
);

/// The HTML of the element with `id` up to its closing tag of the same name (one level).
fn text_of<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"));
    let open = html[..start].rfind('<').unwrap();
    let tag: String = html[open + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let end = html[start..].find(&format!("</{tag}>")).unwrap() + start;
    &html[open..end]
}

both_fixture!(another_areas_posyandu_is_refused, async |t: &TestApp| {
    let fx = t.fx().clone();
    let kader = t.signed_in("kader").await;
    for p in [fx.posyandu_bernai, fx.posyandu_kota] {
        for path in ["day", "day/summary", "day/register"] {
            assert_eq!(kader.get(&format!("/posyandu/{p}/{path}")).await.status, 403, "{path}");
        }
    }
    // Another area's child: its KMS is not found (personal data does not confirm it exists).
    assert_eq!(
        kader.get(&format!("/children/{}/kms", fx.children[3])).await.status,
        404
    );
    // Figures-only roles and the other Puskesmas are refused the list of names.
    for who in ["polsek", "bupati", "puskesmas-kota"] {
        let c = t.signed_in(who).await;
        assert_eq!(
            c.get(&format!("/posyandu/{}/day", fx.posyandu)).await.status,
            403,
            "{who}"
        );
    }
    // The Puskesmas and the Dinkes of the area read it; their home page stays theirs.
    for who in ["puskesmas", "dinkes"] {
        let c = t.signed_in(who).await;
        let p = c.get(&format!("/posyandu/{}/day/summary", fx.posyandu)).await;
        assert_eq!(p.status, 200, "{who}");
        assert!(!has_id(&c.get("/").await.body, "day-list"), "{who}");
        // Their way there: the Posyandu's page.
        assert!(has_id(
            &c.get(&format!("/posyandu/{}", fx.posyandu)).await.body,
            "posyandu-day"
        ));
    }
    let viewer = t.signed_in("bupati").await;
    assert!(!has_id(
        &viewer.get(&format!("/posyandu/{}", fx.posyandu)).await.body,
        "posyandu-day"
    ));
});

both_fixture!(
    a_registration_from_the_list_returns_to_it_at_the_new_child,
    async |t: &TestApp| {
        let fx = t.fx().clone();
        let kader = t.signed_in("kader").await;
        let day = format!("/posyandu/{}/day", fx.posyandu);
        // The list's button opens the form in a round from the list; cancel goes back to it.
        let list = kader.get(&day).await.body;
        let href = format!("/children/new?posyandu={}&back=day", fx.posyandu);
        assert_eq!(attr_at(&list, "register-child", "href"), href);
        let form = kader
            .get(&format!("/children/new?posyandu={}&back=day", fx.posyandu))
            .await
            .body;
        assert_eq!(attr_at(&form, "child-form", "action"), "/children?back=day");
        assert!(form.contains(&format!("href=\"{day}\"")), "cancel returns to the list");
        let born = (today() - Duration::days(2)).to_string();
        let posyandu = fx.posyandu.to_string();
        let fields = [
            ("name", "Bayi Uji Kembali"),
            ("sex", "L"),
            ("birth_date", born.as_str()),
            ("mother_name", "Ibu Uji Kembali"),
            ("posyandu_id", posyandu.as_str()),
        ];
        // A refused form stays in the round.
        let bad = kader
            .post_form("/children/new?back=day", "/children?back=day", &[("name", "")])
            .await;
        assert_eq!(bad.status, 422);
        assert_eq!(attr_at(&bad.body, "child-form", "action"), "/children?back=day");
        let p = kader
            .post_form("/children/new?back=day", "/children?back=day", &fields)
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let to = p.location.clone().unwrap();
        let id: i64 = to
            .rsplit("#child-")
            .next()
            .and_then(|x| x.parse().ok())
            .unwrap_or_else(|| panic!("{to}"));
        assert_eq!(to, format!("{day}?registered={id}#child-{id}"));
        let back = kader.get(to.split('#').next().unwrap()).await.body;
        assert!(plain(&back).contains("Balita berhasil didaftarkan"), "the list says so");
        assert_eq!(row(&back, id).0, "not-yet", "the newborn is on the list, to weigh");
        assert!(back.contains(&format!("href=\"/children/{id}/measure?back=day\"")));
        // Another id in `registered` says nothing.
        let other = kader.get(&format!("{day}?registered={}", fx.children[3])).await.body;
        assert!(!plain(&other).contains("Balita berhasil didaftarkan"));
        // Registered from the children's register: the child's page, as before.
        let fields2 = [
            ("name", "Bayi Uji Register"),
            ("sex", "P"),
            ("birth_date", born.as_str()),
            ("mother_name", "Ibu Uji Register"),
            ("posyandu_id", posyandu.as_str()),
        ];
        let p = kader.post_form("/children/new", "/children", &fields2).await;
        assert_eq!(p.status, 303, "{}", p.body);
        let to = p.location.clone().unwrap();
        assert!(to.ends_with("?registered=1"), "{to}");
    }
);

both_fixture!(
    ugly_months_and_searches_are_answered_not_crashed,
    async |t: &TestApp| {
        let fx = t.fx().clone();
        let kader = t.signed_in("kader").await;
        let day = format!("/posyandu/{}/day", fx.posyandu);
        for bad in ["2024-13", "abc", "2024-1", "%00", "2024-02-30", "99999-01"] {
            for path in [day.clone(), format!("{day}/summary"), format!("{day}/register")] {
                let r = kader.get(&format!("{path}?month={bad}")).await;
                assert_eq!(r.status, 422, "{path}?month={bad}");
                assert!(
                    plain(&r.body).contains("Bulan tidak sah (gunakan TTTT-BB"),
                    "{}",
                    r.body
                );
            }
        }
        // Far months are a month like any other: an empty list, not an error.
        for far in ["1900-01", "9999-12"] {
            let r = kader.get(&format!("{day}?month={far}")).await;
            assert_eq!(r.status, 200, "{far}");
        }
        // Searches: SQL-looking text, a huge query, control characters and emoji find nothing.
        let long = "a".repeat(20_000);
        for q in [
            "%25'+OR+1%3D1+--",
            "%0Ax%0D%09",
            "%F0%9F%91%B6",
            long.as_str(),
            "_",
            "%25",
        ] {
            let r = kader.get(&format!("{day}?q={q}")).await;
            assert_eq!(r.status, 200, "q={}", &q[..q.len().min(40)]);
            assert!(order(&r.body).is_empty(), "q={}", &q[..q.len().min(40)]);
        }
        // Only blanks: no search, the whole list.
        let all = kader.get(&format!("{day}?q=%0A%0D%09+")).await;
        assert_eq!(order(&all.body), order(&kader.get(&day).await.body));
    }
);
