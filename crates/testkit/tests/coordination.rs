//! Coordination through HTTP on both databases: meetings, attendance, problems and their
//! priority, actions owned by other sectors, follow-up by the owner, the review that opens
//! the next meeting, printable and exported documents.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::html::{id_after, id_before};
use lintas_testkit::http::{Client, Page};
use lintas_testkit::org_id;
use lintas_testkit::{TestApp, both_fixture};

/// Creates a quarterly cross-sector Lokmin hosted by Puskesmas Sarolangun in `forum`.
async fn lokmin(c: &Client, t: &TestApp, forum: i64, date: &str) -> Page {
    let pkm = org_id(t, "PKM-SRL-03").await.to_string();
    let invited: Vec<String> = ["CAMAT-SRL-03", "POLSEK-SRL-03", "KORAMIL-SRL-03", "DESA-1503032002"]
        .iter()
        .map(|c| c.to_string())
        .collect();
    let mut ids = Vec::new();
    for code in &invited {
        ids.push(org_id(t, code).await.to_string());
    }
    let forum = forum.to_string();
    let mut fields: Vec<(&str, &str)> = vec![
        ("title", "Lokmin Tribulanan Lintas Sektor"),
        ("kind", "lokmin_tribulanan"),
        ("forum_id", &forum),
        ("host_org_id", &pkm),
        ("held_on", date),
        ("start_time", "09:00"),
        ("place", "Aula Puskesmas Sarolangun"),
        ("chair", "Camat Sarolangun"),
    ];
    for i in &ids {
        fields.push(("invited", i));
    }
    c.post_form("/meetings/new", "/meetings", &fields).await
}

both_fixture!(a_lokmin_follows_up_on_itself, async |t: &TestApp| {
    let c = t.signed_in("puskesmas").await;
    let pkm = org_id(t, "PKM-SRL-03").await.to_string();
    let p = c
        .post_form(
            "/forums",
            "/forums",
            &[
                ("name", "Lokmin Tribulanan Kec. Sarolangun"),
                ("kind", "lokmin_tribulanan"),
                ("org_id", &pkm),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let forum = id_after(&p.location.unwrap(), "/forums/");

    let p = lokmin(&c, t, forum, "2024-04-30").await;
    assert_eq!(p.status, 303, "{}", p.body);
    let m1 = p.location.unwrap();

    // Attendance from four sectors, in one go.
    let lines = "Taufik Hidayat; Kantor Camat Sarolangun; Camat\n\
                 AKP Faisal; Polsek Sarolangun; Kapolsek\n\
                 Serka Budi; Koramil Sarolangun; Babinsa\n\
                 Emi Syafruddin; Puskesmas Sarolangun; Kepala Puskesmas\n\
                 Rahmat; Pemerintah Desa Bernai; Kepala Desa";
    let p = c.post_form(&m1, &format!("{m1}/attendance"), &[("lines", lines)]).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let page = c.get(&m1).await.body;
    assert!(page.contains("id=\"attendance-count\">5<"), "five present");
    for sector in ["Keamanan (Polri)", "Pertahanan (TNI)", "Pemerintahan", "Kesehatan"] {
        assert!(page.contains(sector), "{sector}");
    }
    // A bad line names itself and nothing is stored.
    let p = c
        .post_form(
            &m1,
            &format!("{m1}/attendance"),
            &[("lines", "Ani; Posyandu X\nTanpa organisasi")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("2: Tanpa organisasi"));
    // The lines stay in the box as typed (none to type again), the box marked invalid.
    use lintas_testkit::html::{attr_at, text_at};
    assert_eq!(text_at(&p.body, "lines"), "Ani; Posyandu X\nTanpa organisasi");
    assert_eq!(attr_at(&p.body, "lines", "aria-invalid"), "true");
    assert!(c.get(&m1).await.body.contains("id=\"attendance-count\">5<"));

    // A problem with a USG score from two raters.
    let p = c
        .post_form(
            &m1,
            &format!("{m1}/problems"),
            &[
                ("title", "Cakupan imunisasi rendah di Desa Bernai"),
                ("category", "participation"),
                ("region_code", "15.03.03.2002"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let page = c.get(&m1).await.body;
    let problem = id_after(&page, "/problems/");
    for (rater, s) in [("Kapus", ["5", "4", "4"]), ("Camat", ["3", "4", "5"])] {
        let p = c
            .post_form(
                &m1,
                &format!("/problems/{problem}/scores"),
                &[
                    ("method", "usg"),
                    ("rater", rater),
                    ("s", s[0]),
                    ("s", s[1]),
                    ("s", s[2]),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        // Back to the problem with its scoring panel open for the next rater.
        let to = p.location.clone().unwrap();
        assert_eq!(to, format!("{m1}?scoring={problem}#problem-{problem}"));
        let page = c.get(to.split('#').next().unwrap()).await.body;
        assert!(page.contains(&format!("<details open id=\"scoring-{problem}\">")));
    }
    // Closed when opened plainly; the guide says what 1–5 means; the title has its own label.
    let page = c.get(&m1).await.body;
    assert!(page.contains(&format!("<details  id=\"scoring-{problem}\">")));
    assert!(lintas_testkit::html::plain(&page).contains("1 = sangat rendah"));
    assert!(page.contains("<label for=\"ptitle\">Judul masalah</label>"));
    let p = c
        .post_form(
            &m1,
            &format!("/problems/{problem}/scores"),
            &[("method", "usg"), ("rater", "X"), ("s", "9"), ("s", "1"), ("s", "1")],
        )
        .await;
    assert_eq!(p.status, 422, "score out of range");
    assert!(
        p.body.contains(&format!("<details open id=\"scoring-{problem}\">")),
        "open with the message"
    );
    let page = c.get(&m1).await.body;
    assert!(page.contains("<b class=\"score\">12.5</b>"), "mean of 13 and 12");

    // Actions: one owned by the Polsek, one by the village government.
    let polsek = org_id(t, "POLSEK-SRL-03").await.to_string();
    let desa = org_id(t, "DESA-1503032002").await.to_string();
    let pid = problem.to_string();
    let p = c
        .post_form(
            &m1,
            &format!("{m1}/actions"),
            &[
                ("what", "Pendampingan tim imunisasi"),
                ("owner_org_id", &polsek),
                ("due_on", "2024-04-01"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("tidak boleh sebelum tanggal pertemuan"));
    let p = c
        .post_form(
            &m1,
            &format!("{m1}/actions"),
            &[
                ("what", "Pendampingan tim imunisasi"),
                ("owner_org_id", "999999"),
                ("due_on", "2024-06-01"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "owner must exist");
    for (what, owner, note) in [
        ("Pendampingan tim imunisasi", &polsek, "koordinasi internal Polsek"),
        ("Sosialisasi Posyandu di balai desa", &desa, ""),
    ] {
        let p = c
            .post_form(
                &m1,
                &format!("{m1}/actions"),
                &[
                    ("what", what),
                    ("problem_id", &pid),
                    ("owner_org_id", owner),
                    ("due_on", "2024-06-15"),
                    ("budget_source", "dana_desa"),
                    ("private_note", note),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
    }

    // Printable and exported documents.
    let rtl = c.get(&format!("{m1}/rtl")).await;
    assert!(rtl.body.contains("MATRIKS RENCANA TINDAK LANJUT") && rtl.body.contains("Polsek Sarolangun"));
    // Snapshot of the printed matrix: the rows as the office signs them.
    let table = rtl
        .body
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tbody>")
        .next()
        .unwrap();
    let cells: Vec<String> = table
        .split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|c| {
                    let inner = &c[c.find('>').unwrap() + 1..c.find("</td>").unwrap()];
                    inner.split_whitespace().collect::<Vec<_>>().join(" ")
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    assert_eq!(
        cells,
        vec![
            "1 | Cakupan imunisasi rendah di Desa Bernai |  | Pendampingan tim imunisasi | Polsek Sarolangun |  | 15/06/2024 | Dana Desa | Direncanakan (terlambat)",
            "2 | Cakupan imunisasi rendah di Desa Bernai |  | Sosialisasi Posyandu di balai desa | Pemerintah Desa Bernai |  | 15/06/2024 | Dana Desa | Direncanakan (terlambat)",
        ]
    );
    let csv = c.http.get(format!("{}{m1}/rtl.csv", t.base)).send().await.unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("\u{feff}No,Masalah,Penyebab,Kegiatan"));
    assert!(
        csv.contains("Pendampingan tim imunisasi,Polsek Sarolangun,,15/06/2024,Dana Desa,Direncanakan"),
        "{csv}"
    );
    // For Excel set to Indonesian: the same file separated by semicolons, linked beside it.
    let page = c.get(&m1).await.body;
    assert_eq!(
        lintas_testkit::html::attr_at(&page, "rtl-csv-semicolon", "href"),
        format!("{m1}/rtl.csv?sep=semicolon")
    );
    let semi = c
        .http
        .get(format!("{}{m1}/rtl.csv?sep=semicolon", t.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(semi.starts_with("\u{feff}No;Masalah;Penyebab;Kegiatan"), "{semi}");
    assert!(
        semi.contains("Pendampingan tim imunisasi;Polsek Sarolangun;;15/06/2024;Dana Desa;Direncanakan"),
        "{semi}"
    );
    let xlsx = c
        .http
        .get(format!("{}{m1}/rtl.xlsx", t.base))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(xlsx.starts_with(b"PK"));
    let daftar = c.get(&format!("{m1}/attendance/print")).await;
    assert!(
        daftar.body.contains("DAFTAR HADIR")
            && daftar.body.contains("AKP Faisal")
            && daftar.body.contains("Selasa, 30 April 2024")
    );
    let berita = c.get(&format!("{m1}/berita-acara")).await.body;
    assert!(
        berita.contains("BERITA ACARA KESEPAKATAN")
            && berita.contains("Pada hari ini, Selasa, 30 April 2024, bertempat di"),
        "{berita}"
    );

    // The same documents for a reader who chose English, then back to Bahasa Indonesia.
    assert_eq!(
        c.post_form(&m1, "/lang", &[("lang", "en"), ("next", &m1)]).await.status,
        303
    );
    let daftar = c.get(&format!("{m1}/attendance/print")).await.body;
    assert!(
        daftar.contains("ATTENDANCE LIST") && daftar.contains("Tuesday, 30 April 2024"),
        "{daftar}"
    );
    let berita = c.get(&format!("{m1}/berita-acara")).await.body;
    assert!(
        berita.contains("RECORD OF AGREEMENTS") && berita.contains("On this day, Tuesday, 30 April 2024, at"),
        "{berita}"
    );
    let rtl = c.get(&format!("{m1}/rtl")).await.body;
    assert!(rtl.contains("ACTION PLAN MATRIX (RTL)"), "{rtl}");
    let csv = c
        .http
        .get(format!("{}{m1}/rtl.csv", t.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("\u{feff}No,Problem,Cause,Activity"), "{csv}");
    assert_eq!(
        c.post_form(&m1, "/lang", &[("lang", "id"), ("next", &m1)]).await.status,
        303
    );

    // The Polsek partner sees its commitment, not the other's private note, and closes it.
    let polsek_user = t.signed_in("polsek").await;
    let mine = polsek_user.get("/commitments").await.body;
    assert!(mine.contains("Pendampingan tim imunisasi") && !mine.contains("Sosialisasi Posyandu"));
    let action = id_before(&mine, ">Pendampingan tim imunisasi</a>", "/actions/");
    let page = polsek_user.get(&format!("/actions/{action}")).await.body;
    assert!(page.contains("koordinasi internal Polsek"), "its own private note");
    let evidence: &[u8] = b"%PDF-1.4 bukti";
    let status = polsek_user
        .post_update(
            action,
            "Tim imunisasi didampingi Bhabinkamtibmas di 3 dusun",
            "done",
            Some((evidence, "../../etc/laporan.pdf")),
        )
        .await;
    assert_eq!(status, 303);
    let page = polsek_user.get(&format!("/actions/{action}")).await.body;
    assert!(page.contains("id=\"action-status\">Selesai<"));
    assert!(page.contains("Ditutup oleh polsek"));
    // Times as the district reads them (Sarolangun: WIB), never UTC.
    assert!(
        page.contains(" WIB · polsek") && !page.contains(" UTC"),
        "local times in the history"
    );
    let file = id_after(&page, "/files/");
    let f = polsek_user
        .http
        .get(format!("{}/files/{file}", t.base))
        .send()
        .await
        .unwrap();
    assert_eq!(f.headers()["content-type"], "application/pdf");
    assert_eq!(
        f.headers()["content-disposition"],
        "attachment; filename=\"laporan.pdf\""
    );
    // A disguised file is refused.
    let disguised: &[u8] = b"<script>alert(1)</script>";
    assert_eq!(
        polsek_user
            .post_update(action, "x", "done", Some((disguised, "bukti.pdf")))
            .await,
        422
    );
    // The partner cannot touch the village's action.
    let other = id_before(&c.get(&m1).await.body, "Sosialisasi Posyandu", "/actions/");
    let p = polsek_user.get(&format!("/actions/{other}")).await;
    assert!(
        !p.body.contains("update-form"),
        "no progress form on another organisation's action"
    );

    // The next Lokmin of the forum opens with the review of the first one: the action the
    // Polsek finished (its last report and evidence, awaiting the host), the one still open.
    let p = lokmin(&c, t, forum, "2024-07-30").await;
    let m2 = p.location.unwrap();
    let m2_id = id_after(&m2, "/meetings/");
    let review = |page: &str| -> String {
        page.split("id=\"review\"")
            .nth(1)
            .unwrap()
            .split("</section>")
            .next()
            .unwrap()
            .to_string()
    };
    let part = |r: &str, class: &str| -> String {
        r.split(class)
            .nth(1)
            .map(|x| {
                x.split("</ul>")
                    .next()
                    .unwrap()
                    .split("</table>")
                    .next()
                    .unwrap()
                    .to_string()
            })
            .unwrap_or_default()
    };
    let page = c.get(&m2).await.body;
    assert!(page.contains("1. Tinjauan tindak lanjut pertemuan sebelumnya"));
    let r = review(&page);
    let finished = part(&r, "review-finished");
    assert!(
        finished.contains("Pendampingan tim imunisasi"),
        "finished action reported: {r}"
    );
    assert!(
        finished.contains("Tim imunisasi didampingi Bhabinkamtibmas di 3 dusun") && finished.contains("laporan.pdf"),
        "with its last note and evidence: {finished}"
    );
    assert!(finished.contains("Menunggu konfirmasi tuan rumah"), "{finished}");
    assert!(
        finished.contains(&format!("/actions/{action}/confirm")),
        "the host may confirm"
    );
    assert!(
        part(&r, "review-open").contains("Sosialisasi Posyandu di balai desa"),
        "open action carried over"
    );
    // The partner reads the review but cannot confirm its own "done".
    let as_partner = polsek_user.get(&m2).await.body;
    assert!(review(&as_partner).contains("Menunggu konfirmasi tuan rumah"));
    assert!(!as_partner.contains(&format!("/actions/{action}/confirm")));
    let p = polsek_user
        .post_form(&m2, &format!("/actions/{action}/confirm"), &[])
        .await;
    assert_eq!(p.status, 403, "a partner's done is a claim");
    let p = polsek_user
        .post_form(&m2, &format!("/actions/{action}/reopen"), &[("note", "x")])
        .await;
    assert_eq!(p.status, 403);
    // Without a token nothing is confirmed.
    let p = c.post_raw(&format!("/actions/{action}/confirm"), "forged", &[]).await;
    assert_eq!(p.status, 403);
    // The host confirms it from the review and comes back to it.
    let p = c
        .post_form(
            &m2,
            &format!("/actions/{action}/confirm"),
            &[("back_meeting", &m2_id.to_string())],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(
        p.location.as_deref(),
        Some(format!("/meetings/{m2_id}#review-action-{action}").as_str())
    );
    let finished = part(&review(&c.get(&m2).await.body), "review-finished");
    assert!(
        finished.contains("Dikonfirmasi oleh puskesmas") && !finished.contains("/confirm\""),
        "{finished}"
    );
    let page = polsek_user.get(&format!("/actions/{action}")).await.body;
    assert!(page.contains("id=\"confirmation\"") && page.contains("Dikonfirmasi oleh puskesmas"));
    // Confirming again changes nothing, even fifty times at once: one audit row.
    let statuses = c.post_many(&m2, &format!("/actions/{action}/confirm"), &[], 50).await;
    assert!(statuses.iter().all(|s| *s == 303), "{statuses:?}");
    let audit = t.audit_of("action", Some(action)).await;
    assert_eq!(audit.iter().filter(|e| e.action == "confirm").count(), 1, "{audit:?}");
    // The host reopens it with a reason: back among the open actions, the reason in its
    // history, the confirmation gone.
    // Fifty reopenings at once (a double tap): one is taken, the others find it open already.
    let statuses = c
        .post_many(
            &format!("/actions/{action}"),
            &format!("/actions/{action}/reopen"),
            &[("note", "Dusun keempat belum didampingi")],
            50,
        )
        .await;
    assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 303 || *s == 422), "{statuses:?}");
    let page = c.get(&format!("/actions/{action}")).await.body;
    assert!(page.contains("id=\"action-status\">Berjalan<"), "reopened");
    assert!(page.contains("Dusun keempat belum didampingi") && !page.contains("id=\"confirmation\""));
    let r = review(&c.get(&m2).await.body);
    assert!(part(&r, "review-open").contains("Pendampingan tim imunisasi"), "{r}");
    assert!(!r.contains("review-finished"));
    // Only a "done" is confirmed or reopened: a field error, nothing stored.
    let p = c.post_form(&m2, &format!("/actions/{action}/confirm"), &[]).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Hanya tindak lanjut berstatus Selesai"), "{}", p.body);
    let audit_reopen = t.audit_of("action", Some(action)).await;
    assert_eq!(audit_reopen.iter().filter(|e| e.action == "reopen").count(), 1);
    // A "done" posted by the host itself needs no confirmation.
    assert_eq!(c.post_update(action, "Semua dusun selesai", "done", None).await, 303);
    assert!(
        c.get(&format!("/actions/{action}"))
            .await
            .body
            .contains("Dikonfirmasi oleh puskesmas")
    );

    // Dropped since the previous meeting: cancelling the village action moves it there.
    let vill = t.signed_in("admin").await;
    assert_eq!(vill.post_update(other, "", "cancelled", None).await, 303);
    let r = review(&c.get(&m2).await.body);
    assert!(part(&r, "review-dropped").contains("Sosialisasi Posyandu"), "{r}");
    assert!(!part(&r, "review-open").contains("Sosialisasi Posyandu"));
});

both_fixture!(partners_see_only_meetings_they_are_part_of, async |t: &TestApp| {
    let c = t.signed_in("dinkes").await;
    let dinkes = org_id(t, "DINKES-SRL").await.to_string();
    let p = c
        .post_form(
            "/meetings/new",
            "/meetings",
            &[
                ("title", "Rakor internal Dinkes"),
                ("kind", "other"),
                ("host_org_id", &dinkes),
                ("held_on", "2024-03-01"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let m = p.location.unwrap();
    let partner = t.signed_in("polsek").await;
    assert_eq!(partner.get(&m).await.status, 403);
    let kader = t.signed_in("kader").await;
    assert_eq!(kader.get(&m).await.status, 403);
    // Invite the Polsek: now it can read, but not edit.
    let polsek = org_id(t, "POLSEK-SRL-03").await.to_string();
    let p = c
        .post_form(&m, &format!("{m}/orgs"), &[("role", "invited"), ("org_ids", &polsek)])
        .await;
    assert_eq!(p.status, 303);
    let page = partner.get(&m).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("action-form"));
    let p = partner
        .post_form(&m, &format!("{m}/agenda"), &[("title", "Agenda tambahan")])
        .await;
    assert_eq!(p.status, 403);
    // People of the invited organisations can be invited by name.
    let page = c.get(&m).await.body;
    let person = id_after(&page, "name=\"person_ids\" value=\"").to_string();
    let p = c
        .post_form(&m, &format!("{m}/people"), &[("person_ids", &person)])
        .await;
    assert_eq!(p.status, 303);
    assert!(c.get(&m).await.body.contains("id=\"invited-people\""));
    let p = c
        .post_form(&m, &format!("{m}/people"), &[("person_ids", "999999")])
        .await;
    assert_eq!(p.status, 422, "unknown person");
    // The invited Polsek answers the invitation; it cannot answer for another organisation.
    let p = partner
        .post_form(&m, &format!("{m}/rsvp"), &[("org_id", &polsek), ("answer", "yes")])
        .await;
    assert_eq!(p.status, 303);
    assert!(c.get(&m).await.body.contains("Konfirmasi kehadiran: Hadir"));
    let other = org_id(t, "KORAMIL-SRL-03").await.to_string();
    let p = partner
        .post_form(&m, &format!("{m}/rsvp"), &[("org_id", &other), ("answer", "yes")])
        .await;
    assert!(
        p.status == 403 || p.status == 422,
        "cannot answer for another organisation: {}",
        p.status
    );
});

both_fixture!(
    shortages_roll_up_and_closing_twice_is_idempotent,
    async |t: &TestApp| {
        let c = t.signed_in("dinkes").await;
        let dinkes = org_id(t, "DINKES-SRL").await.to_string();
        let p = c
            .post_form(
                "/meetings/new",
                "/meetings",
                &[
                    ("title", "Rapat Koordinasi Bidang Kesehatan 2023"),
                    ("kind", "rakor_kesehatan"),
                    ("host_org_id", &dinkes),
                    ("held_on", "2023-10-19"),
                    ("chair", "Pj Bupati Bachril Bakri"),
                ],
            )
            .await;
        let m = p.location.unwrap();
        let rsud = org_id(t, "RSUD-SRL").await.to_string();
        for (title, cat, q) in [
            ("Kekurangan dokter spesialis anak", "staff", "2"),
            ("Ambulans desa rusak", "equipment", "3"),
            ("Gedung Pustu bocor", "facilities", ""),
        ] {
            let p = c
                .post_form(
                    &m,
                    &format!("{m}/problems"),
                    &[
                        ("title", title),
                        ("category", cat),
                        ("quantity", q),
                        ("raised_by_org_id", &rsud),
                    ],
                )
                .await;
            assert_eq!(p.status, 303, "{}", p.body);
        }
        let reg = c.get("/shortages").await.body;
        assert!(
            reg.contains("Kekurangan dokter spesialis anak")
                && reg.contains("Ambulans desa rusak")
                && reg.contains("Gedung Pustu bocor")
        );
        let staff = c.get("/shortages?category=staff").await.body;
        assert!(staff.contains("Kekurangan dokter") && !staff.contains("Ambulans"));
        let partner = t.signed_in("polsek").await;
        assert!(
            !partner.get("/shortages").await.body.contains("Kekurangan dokter"),
            "not invited, not shown"
        );

        let p = c
            .post_form(
                &m,
                &format!("{m}/actions"),
                &[
                    ("what", "Usulan formasi dokter spesialis"),
                    ("owner_org_id", &dinkes),
                    ("due_on", "2023-12-31"),
                ],
            )
            .await;
        assert_eq!(p.status, 303);
        let page = c.get(&m).await.body;
        let a = id_after(&page, "/actions/");
        for _ in 0..2 {
            assert_eq!(c.post_update(a, "", "done", None).await, 303);
        }
        let api_hist = t.app.store.read().await;
        let mut tx = api_hist.unwrap();
        let ups = store::action::updates(&mut tx, &[a]).await.unwrap();
        assert_eq!(
            ups.iter()
                .filter(|u| u.status_to == Some(domain::action::ActionStatus::Done))
                .count(),
            1,
            "closing twice records one closing"
        );
        // Overdue list: an open action past its due date, grouped by sector.
        let p = c
            .post_form(
                &m,
                &format!("{m}/actions"),
                &[
                    ("what", "Perbaikan ambulans"),
                    ("owner_org_id", &rsud),
                    ("due_on", "2023-11-30"),
                ],
            )
            .await;
        assert_eq!(p.status, 303);
        let overdue = c.get("/overdue").await.body;
        assert!(
            overdue.contains("Perbaikan ambulans") && overdue.contains("RSUD") && !overdue.contains("Usulan formasi")
        );
        // The totals per sector come first; the actions sit folded under their organisation.
        assert!(overdue.find("id=\"overdue-totals\"") < overdue.find("Perbaikan ambulans"));
        let total = lintas_testkit::html::number_at(&overdue, "overdue-total");
        assert_eq!(
            total as usize,
            overdue.matches("<tr class=\"overdue\">").count(),
            "the total counts every row"
        );
        assert!(overdue.contains("<details class=\"overdue-org\"><summary>RSUD"));
    }
);

both_fixture!(
    a_scheduled_tribulanan_invites_the_forums_members,
    async |t: &TestApp| {
        use lintas_testkit::fixture::{DUSUN_SAROLANGUN, SUKASARI};
        let admin = t.actor("admin").await;
        // A second village government in Puskesmas Sarolangun's wilayah kerja, and one of the
        // other Puskesmas's kelurahan (not to be invited).
        let kelurahan = app::org::create(
            &t.app,
            &admin,
            &lintas_testkit::org_input(
                "Kantor Kelurahan Dusun Sarolangun",
                "",
                domain::org::OrgKind::VillageGovernment,
                None,
                DUSUN_SAROLANGUN,
            ),
        )
        .await
        .unwrap();
        let foreign = app::org::create(
            &t.app,
            &admin,
            &lintas_testkit::org_input(
                "Kantor Kelurahan Sukasari",
                "",
                domain::org::OrgKind::VillageGovernment,
                None,
                SUKASARI,
            ),
        )
        .await
        .unwrap();
        let c = t.signed_in("puskesmas").await;
        let pkm = org_id(t, "PKM-SRL-03").await;
        let p = c
            .post_form(
                "/forums",
                "/forums",
                &[
                    ("name", "Lokmin Tribulanan Lintas Sektor Kec. Sarolangun"),
                    ("kind", "lokmin_tribulanan"),
                    ("org_id", &pkm.to_string()),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let forum_page = p.location.unwrap();
        let forum = id_after(&forum_page, "/forums/");
        let schedule = |year: &'static str| {
            let c = &c;
            let forum_page = forum_page.clone();
            async move {
                let p = c
                    .post_form(
                        &forum_page,
                        &format!("{forum_page}/schedule"),
                        &[("year", year), ("weekday", "tue"), ("nth", "2")],
                    )
                    .await;
                assert_eq!(p.status, 303, "{}", p.body);
            }
        };
        let meeting_orgs = async |year: i32| -> Vec<Vec<i64>> {
            let mut tx = t.app.store.read().await.unwrap();
            let (list, _) = store::meeting::list(
                &mut tx,
                &domain::access::Area::All,
                &store::meeting::MeetingFilter {
                    forum_id: Some(forum),
                    limit: 100,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
            let mut out = Vec::new();
            for m in list.iter().filter(|m| chrono::Datelike::year(&m.held_on) == year) {
                let mut ids: Vec<i64> = store::meeting::orgs(&mut tx, m.id)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|o| o.org_id)
                    .collect();
                ids.sort_unstable();
                out.push(ids);
            }
            out
        };
        // Before any member: a year's meetings carry only the host.
        schedule("2026").await;
        let before = meeting_orgs(2026).await;
        assert_eq!(before.len(), 4);
        assert!(before.iter().all(|o| o == &vec![pkm]), "{before:?}");

        // The forum page offers the kecamatan's organisations; the host ticks its standing
        // members and "every desa of the wilayah kerja".
        let page = c.get(&forum_page).await.body;
        assert!(page.contains("id=\"members-form\""), "members editor");
        let camat = org_id(t, "CAMAT-SRL-03").await;
        let polsek = org_id(t, "POLSEK-SRL-03").await;
        let koramil = org_id(t, "KORAMIL-SRL-03").await;
        for o in [camat, polsek, koramil] {
            assert!(page.contains(&format!("name=\"org_ids\" value=\"{o}\"")), "{o} offered");
        }
        let members = [camat, polsek, koramil].map(|o| o.to_string());
        let mut fields: Vec<(&str, &str)> = members.iter().map(|m| ("org_ids", m.as_str())).collect();
        fields.push(("all_desa", "1"));
        let p = c
            .post_form(&forum_page, &format!("{forum_page}/members"), &fields)
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let page = c.get(&forum_page).await.body;
        let list = page
            .split("id=\"member-list\"")
            .nth(1)
            .unwrap()
            .split("</div>")
            .next()
            .unwrap();
        for n in ["Polsek Sarolangun", "Koramil Sarolangun"] {
            assert!(list.contains(n), "{n} is a member: {list}");
        }
        assert!(page.contains("name=\"all_desa\" value=\"1\" id=\"all_desa\" checked"));
        // The same through the API (read).
        let api = lintas_testkit::http::Api::new(t, Some(t.token("puskesmas").await));
        let (_, f) = api.get(&format!("/api/v1/forums/{forum}")).await;
        assert_eq!(f["all_desa"], true);
        assert_eq!(f["members"].as_array().unwrap().len(), 3, "{f}");
        // An organisation the Puskesmas cannot see is refused on the field, nothing stored.
        let other_puskesmas = org_id(t, "PKM-SRL-03K").await;
        let p = c
            .post_form(
                &forum_page,
                &format!("{forum_page}/members"),
                &[("org_ids", &other_puskesmas.to_string())],
            )
            .await;
        assert_eq!(p.status, 422, "{}", p.body);
        let (_, f) = api.get(&format!("/api/v1/forums/{forum}")).await;
        assert_eq!(f["members"].as_array().unwrap().len(), 3, "unchanged");
        // A partner cannot set a Puskesmas forum's members.
        let partner = t.signed_in("polsek").await;
        let p = partner
            .post_form("/", &format!("{forum_page}/members"), &[("all_desa", "1")])
            .await;
        assert_eq!(p.status, 403);

        // The next year's schedule invites every member and every desa of the wilayah kerja;
        // the meetings made before are not changed.
        schedule("2027").await;
        let after = meeting_orgs(2027).await;
        let bernai = org_id(t, "DESA-1503032002").await;
        let mut want = vec![pkm, camat, polsek, koramil, bernai, kelurahan];
        want.sort_unstable();
        assert_eq!(after.len(), 4);
        assert!(after.iter().all(|o| o == &want), "{after:?} != {want:?}");
        assert!(
            !after[0].contains(&foreign),
            "another Puskesmas's kelurahan is not invited"
        );
        assert_eq!(meeting_orgs(2026).await, before, "existing meetings unchanged");
        // The members see the invitation: the Polsek reads the scheduled meeting.
        let (list, _) = app::meeting::list(
            &t.app,
            &t.actor("polsek").await,
            &store::meeting::MeetingFilter {
                forum_id: Some(forum),
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(list.len(), 4, "the 2027 meetings invite the Polsek");
        // One audit row for the members.
        let audit = t.audit_of("forum_members", Some(forum)).await;
        assert_eq!(audit.len(), 1, "{audit:?}");
        // Fifty saves of the same members at once: each answered, the members stored once.
        let statuses = c
            .post_many(&forum_page, &format!("{forum_page}/members"), &fields, 50)
            .await;
        assert!(statuses.iter().all(|s| *s == 303), "{statuses:?}");
        let (_, f) = api.get(&format!("/api/v1/forums/{forum}")).await;
        assert_eq!(f["members"].as_array().unwrap().len(), 3, "{f}");
    }
);

both_fixture!(a_lokmin_prints_its_letters, async |t: &TestApp| {
    let c = t.signed_in("puskesmas").await;
    let pkm = org_id(t, "PKM-SRL-03").await;
    let polsek = org_id(t, "POLSEK-SRL-03").await;
    // The host's head, as recorded in its positions, signs the invitation.
    let dinkes = t.actor("dinkes").await;
    lintas_testkit::fixture::person(
        &t.app,
        &dinkes,
        "dr. Emi Syafruddin",
        pkm,
        "head",
        "Kepala Puskesmas Sarolangun",
    )
    .await;
    let p = c
        .post_form(
            "/forums",
            "/forums",
            &[
                ("name", "Lokmin Tribulanan Kec. Sarolangun"),
                ("kind", "lokmin_tribulanan"),
                ("org_id", &pkm.to_string()),
            ],
        )
        .await;
    let forum = id_after(&p.location.unwrap(), "/forums/");
    let p = lokmin(&c, t, forum, "2024-04-30").await;
    assert_eq!(p.status, 303, "{}", p.body);
    let m = p.location.unwrap();
    for title in ["Evaluasi cakupan imunisasi triwulan I", "Rencana sweeping imunisasi"] {
        assert_eq!(
            c.post_form(&m, &format!("{m}/agenda"), &[("title", title)])
                .await
                .status,
            303
        );
    }
    let page = c.get(&m).await.body;
    assert!(page.contains("id=\"invitation-link\"") && page.contains("id=\"notulen-link\""));
    let item = id_after(&page, &format!("{m}/agenda/"));
    let p = c
        .post_form(
            &m,
            &format!("{m}/agenda/{item}"),
            &[
                ("findings", "Cakupan IDL Desa Bernai 61%, di bawah target 95%"),
                ("decisions", "Sweeping bersama Bhabinkamtibmas bulan Mei"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let lines = "AKP Faisal; Polsek Sarolangun; Kapolsek\n\
                 Emi Syafruddin; Puskesmas Sarolangun; Kepala Puskesmas";
    assert_eq!(
        c.post_form(&m, &format!("{m}/attendance"), &[("lines", lines)])
            .await
            .status,
        303
    );
    let p = c
        .post_form(
            &m,
            &format!("{m}/agreements"),
            &[
                ("text", "Polsek mendampingi sweeping imunisasi"),
                ("org_ids", &polsek.to_string()),
                ("org_ids", &pkm.to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = c
        .post_form(
            &m,
            &format!("{m}/problems"),
            &[
                ("title", "Cakupan imunisasi rendah di Desa Bernai"),
                ("category", "participation"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = c
        .post_form(
            &m,
            &format!("{m}/actions"),
            &[
                ("what", "Sweeping imunisasi di tiga dusun"),
                ("owner_org_id", &polsek.to_string()),
                ("due_on", "2024-05-31"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);

    // The invitation letter: number, date, addressees, agenda, time in WIB, the head signs.
    let letter = c.get(&format!("{m}/invitation")).await;
    assert_eq!(letter.status, 200);
    let body = &letter.body;
    assert!(
        body.contains("id=\"letter-number\">005/……/PKM-SRL-03/IV/2024<"),
        "{body}"
    );
    assert!(body.contains("Sarolangun, 23 April 2024"), "a week before: {body}");
    let to = body
        .split("id=\"invitees\"")
        .nth(1)
        .unwrap()
        .split("</ol>")
        .next()
        .unwrap();
    for org in [
        "Kantor Camat Sarolangun",
        "Polsek Sarolangun",
        "Koramil Sarolangun",
        "Pemerintah Desa Bernai",
    ] {
        assert!(to.contains(org), "{org} invited: {to}");
    }
    assert!(!to.contains("Puskesmas Sarolangun"), "the host does not invite itself");
    assert!(body.contains("Selasa, 30 April 2024") && body.contains("09:00 WIB – selesai"));
    assert!(body.contains("Aula Puskesmas Sarolangun"));
    let agenda = body.split("id=\"letter-agenda\"").nth(1).unwrap();
    assert!(agenda.contains("Evaluasi cakupan imunisasi triwulan I") && agenda.contains("Rencana sweeping"));
    let signer = body.split("id=\"letter-signer\"").nth(1).unwrap();
    assert!(
        signer.contains("Kepala Puskesmas Sarolangun,") && signer.contains("dr. Emi Syafruddin"),
        "{signer}"
    );
    // The office's own number and date; a bad one is named, not printed.
    let letter = c
        .get(&format!(
            "{m}/invitation?nomor=440%2F123%2FPKM-SRL%2FIV%2F2024&tanggal=2024-04-22"
        ))
        .await;
    assert!(letter.body.contains("id=\"letter-number\">440/123/PKM-SRL/IV/2024<"));
    assert!(letter.body.contains("Sarolangun, 22 April 2024"));
    let long = "9".repeat(101);
    let bad = c.get(&format!("{m}/invitation?nomor={long}&tanggal=22-04-2024")).await;
    assert_eq!(bad.status, 422);
    assert!(!bad.body.contains(&long), "not printed");
    assert_eq!(
        bad.body.matches("class=\"field-error\"").count(),
        2,
        "both fields named"
    );

    // The notulen: findings and decisions per agenda item, attendance, problems, RTL.
    let notulen = c.get(&format!("{m}/notulen")).await;
    assert_eq!(notulen.status, 200);
    let n = &notulen.body;
    assert!(n.contains("NOTULEN RAPAT"));
    let row = n
        .split(&format!("id=\"notulen-item-{item}\""))
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(
        row.contains("Cakupan IDL Desa Bernai 61%") && row.contains("Sweeping bersama Bhabinkamtibmas"),
        "{row}"
    );
    assert!(
        n.contains("Hadir 2 orang dari 2 instansi/organisasi; 4 instansi/organisasi diundang."),
        "{n}"
    );
    assert!(n.contains("Cakupan imunisasi rendah di Desa Bernai") && n.contains("belum dinilai"));
    let rtl = n.split("id=\"notulen-rtl\"").nth(1).unwrap();
    assert!(rtl.contains("Sweeping imunisasi di tiga dusun") && rtl.contains("Polsek Sarolangun"));
    assert!(n.contains("Pimpinan Rapat,") && n.contains("Camat Sarolangun") && n.contains("Notulis,"));

    // The berita acara: a heading over the signatures, each filled with who attended.
    let berita = c.get(&format!("{m}/berita-acara")).await.body;
    assert!(
        berita.contains("id=\"signatures-heading\">Yang menyepakati<"),
        "{berita}"
    );
    let sigs = berita.split("id=\"signatures\"").nth(1).unwrap();
    assert!(sigs.contains("AKP Faisal") && sigs.contains("Kapolsek,"), "{sigs}");
    assert!(
        sigs.contains("Emi Syafruddin") && sigs.contains("Polsek Sarolangun"),
        "{sigs}"
    );

    // In English too.
    assert_eq!(
        c.post_form(&m, "/lang", &[("lang", "en"), ("next", &m)]).await.status,
        303
    );
    assert!(
        c.get(&format!("{m}/invitation"))
            .await
            .body
            .contains("Dear Sir or Madam,")
    );
    assert!(
        c.get(&format!("{m}/notulen"))
            .await
            .body
            .contains("MINUTES OF THE MEETING")
    );
    assert!(
        c.get(&format!("{m}/berita-acara"))
            .await
            .body
            .contains("Agreed and signed by")
    );

    // Another Puskesmas reads none of them.
    let other = t.signed_in("puskesmas-kota").await;
    for doc in ["invitation", "notulen", "berita-acara"] {
        let p = other.get(&format!("{m}/{doc}")).await;
        assert_eq!(p.status, 403, "{doc}");
        assert!(
            !p.body.contains("PKM-SRL-03/IV/2024") && !p.body.contains("AKP Faisal"),
            "{doc}"
        );
    }
});

/// Registers an organisation through the form, as Dinkes; returns its id.
async fn register(t: &TestApp, name: &str, code: &str, kind: &str, region: &str, parent: Option<&str>) -> i64 {
    let c = t.signed_in("dinkes").await;
    let parent = match parent {
        Some(p) => org_id(t, p).await.to_string(),
        None => String::new(),
    };
    let p = c
        .post_form(
            "/organizations/new",
            "/organizations",
            &[
                ("name", name),
                ("code", code),
                ("kind", kind),
                ("region_code", region),
                ("parent_id", &parent),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    org_id(t, code).await
}

/// The desa of the issue: Panti in kecamatan Sarolangun, and Desa Baru both there and in Air
/// Hitam (two village governments of one name).
async fn desa_of_the_issue(t: &TestApp) {
    let vg = "village_government";
    register(
        t,
        "Pemerintah Desa Panti",
        "DESA-1503032004",
        vg,
        "15.03.03.2004",
        Some("CAMAT-SRL-03"),
    )
    .await;
    register(
        t,
        "Pemerintah Desa Desa Baru",
        "DESA-1503032024",
        vg,
        "15.03.03.2024",
        Some("CAMAT-SRL-03"),
    )
    .await;
    register(
        t,
        "Kantor Camat Air Hitam",
        "CAMAT-SRL-07",
        "kecamatan_office",
        "15.03.07",
        None,
    )
    .await;
    register(
        t,
        "Pemerintah Desa Desa Baru",
        "DESA-1503072003",
        vg,
        "15.03.07.2003",
        Some("CAMAT-SRL-07"),
    )
    .await;
    // Panti and Desa Baru are of Puskesmas Sarolangun's wilayah kerja.
    let admin = lintas_testkit::fixture::actor(&t.app, "admin").await;
    let pkm = org_id(t, "PKM-SRL-03").await;
    let wk: Vec<String> = ["15.03.03.1001", "15.03.03.2002", "15.03.03.2004", "15.03.03.2024"]
        .map(String::from)
        .to_vec();
    app::org::set_wilayah_kerja(&t.app, &admin, pkm, &wk).await.unwrap();
}

/// Creates a meeting hosted by `host` (an organisation code) inviting `invited`.
async fn meeting_of(c: &Client, t: &TestApp, host: &str, kind: &str, invited: &[&str]) -> String {
    let host = org_id(t, host).await.to_string();
    let mut ids = Vec::new();
    for code in invited {
        ids.push(org_id(t, code).await.to_string());
    }
    let mut fields: Vec<(&str, &str)> = vec![
        ("title", "Lokmin Tribulanan Lintas Sektor"),
        ("kind", kind),
        ("host_org_id", &host),
        ("held_on", "2024-05-14"),
        ("start_time", "09:00"),
        ("place", "Aula Kantor Camat"),
    ];
    for i in &ids {
        fields.push(("invited", i));
    }
    let p = c.post_form("/meetings/new", "/meetings", &fields).await;
    assert_eq!(p.status, 303, "{}", p.body);
    p.location.unwrap()
}

both_fixture!(
    quick_attendance_lines_count_for_the_registered_organisations,
    async |t: &TestApp| {
        use lintas_testkit::html::{attr_at, selected, text_at};
        desa_of_the_issue(t).await;
        let c = t.signed_in("puskesmas").await;
        let m = meeting_of(
            &c,
            t,
            "PKM-SRL-03",
            "lokmin_tribulanan",
            &["CAMAT-SRL-03", "POLSEK-SRL-03", "DESA-1503032004"],
        )
        .await;
        let panti = org_id(t, "DESA-1503032004").await;
        let polsek = org_id(t, "POLSEK-SRL-03").await;
        let lines = "Rahmat Hidayat; Desa Panti; Kepala Desa\n\
                     Siti Aminah; desa panti; Sekretaris Desa\n\
                     AKP Faisal; Polsek; Kapolsek\n\
                     Ustadz Ahmad Syukri; tokoh agama\n\
                     Ani; Karang Taruna Panti Jaya; Ketua";
        // The preview: each line with the organisation it will count for; nothing stored.
        let p = c
            .post_form(&m, &format!("{m}/attendance/preview"), &[("lines", lines)])
            .await;
        assert_eq!(p.status, 200, "{}", p.body);
        assert_eq!(selected(&p.body, "choice-1"), format!("1|org:{panti}"));
        assert_eq!(selected(&p.body, "choice-2"), format!("2|org:{panti}"));
        assert_eq!(selected(&p.body, "choice-3"), format!("3|org:{polsek}"));
        assert_eq!(selected(&p.body, "choice-4"), "4|personal:tokoh_agama");
        assert_eq!(selected(&p.body, "choice-5"), "5|typed");
        assert!(lintas_testkit::html::element(&p.body, "id=\"line-1\"", "</tr>").contains("Pemerintah Desa Panti"));
        assert!(c.get(&m).await.body.contains("id=\"attendance-count\">0<"));

        // Saved as the preview showed it (the choices come back with the lines).
        let choices: Vec<String> = (1..=5).map(|n| selected(&p.body, &format!("choice-{n}"))).collect();
        let mut fields = vec![("lines", lines)];
        for ch in &choices {
            fields.push(("choice", ch.as_str()));
        }
        let p = c.post_form(&m, &format!("{m}/attendance"), &fields).await;
        assert_eq!(p.status, 303, "{}", p.body);
        let page = c.get(&m).await.body;
        assert!(page.contains("id=\"attendance-count\">5<"));
        // Panti attended: not listed as invited but absent; the camat is.
        let absent = text_at(&page, "absent");
        assert!(
            absent.contains("Kantor Camat Sarolangun") && !absent.contains("Panti"),
            "{absent}"
        );
        assert!(page.contains("Perorangan (tokoh masyarakat, tokoh agama)"));
        // The berita acara counts 5 people from 3 organisations: Pemerintah Desa Panti, the
        // Polsek and the new Karang Taruna (the tokoh agama is nobody's).
        let berita = c.get(&format!("{m}/berita-acara")).await.body;
        assert!(
            berita.contains("dihadiri oleh 5 orang peserta dari 3 organisasi"),
            "{berita}"
        );
        let daftar = c.get(&format!("{m}/attendance/print")).await.body;
        assert!(daftar.contains("Ustadz Ahmad Syukri") && daftar.contains("Tokoh agama"));

        // Lines typed straight to the save are matched the same way.
        let p = c
            .post_form(
                &m,
                &format!("{m}/attendance"),
                &[("lines", "Budi; PEMERINTAH DESA PANTI")],
            )
            .await;
        assert_eq!(p.status, 303);
        assert!(!text_at(&c.get(&m).await.body, "absent").contains("Panti"));

        // A bare "Desa" fits every desa of the kecamatan: the line asks, nothing is stored,
        // the lines stay as typed.
        let p = c
            .post_form(&m, &format!("{m}/attendance"), &[("lines", "Joko; Polsek\nWati; Desa")])
            .await;
        assert_eq!(p.status, 422, "{}", p.body);
        assert!(p.body.contains("cocok dengan lebih dari satu organisasi"), "{}", p.body);
        assert!(p.body.contains("2: Wati; Desa"));
        assert_eq!(selected(&p.body, "choice-2"), "");
        assert_eq!(attr_at(&p.body, "choice-2", "aria-invalid"), "true");
        assert_eq!(text_at(&p.body, "lines"), "Joko; Polsek\nWati; Desa");
        assert!(c.get(&m).await.body.contains("id=\"attendance-count\">6<"));
        // The answer: Wati came for Pemerintah Desa Panti.
        let panti_choice = format!("2|org:{panti}");
        let p = c
            .post_form(
                &m,
                &format!("{m}/attendance"),
                &[("lines", "Joko; Polsek\nWati; Desa"), ("choice", &panti_choice)],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        assert!(c.get(&m).await.body.contains("id=\"attendance-count\">8<"));

        // An organisation outside the account's area cannot be chosen (another Puskesmas).
        let other = org_id(t, "PKM-SRL-01").await;
        let p = c
            .post_form(
                &m,
                &format!("{m}/attendance"),
                &[("lines", "X; Puskesmas"), ("choice", &format!("1|org:{other}"))],
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(c.get(&m).await.body.contains("id=\"attendance-count\">8<"));
    }
);

both_fixture!(
    two_desa_of_one_name_ask_which_at_a_district_meeting,
    async |t: &TestApp| {
        use lintas_testkit::html::{options, selected};
        desa_of_the_issue(t).await;
        let c = t.signed_in("dinkes").await;
        let m = meeting_of(&c, t, "DINKES-SRL", "rakor_kesehatan", &["POLRES-SRL"]).await;
        let p = c
            .post_form(
                &m,
                &format!("{m}/attendance/preview"),
                &[("lines", "Hasan; Pemerintah Desa Desa Baru; Kepala Desa")],
            )
            .await;
        assert_eq!(p.status, 200, "{}", p.body);
        assert_eq!(selected(&p.body, "choice-1"), "");
        // Both are offered, told apart by their kecamatan.
        let sarolangun = org_id(t, "DESA-1503032024").await;
        let air_hitam = org_id(t, "DESA-1503072003").await;
        let opts = options(lintas_testkit::html::element(&p.body, "id=\"choice-1\"", "</select>"));
        let label = |id: i64| {
            opts.iter()
                .find(|o| o.0 == format!("1|org:{id}"))
                .map(|o| o.1.clone())
                .unwrap_or_default()
        };
        assert!(label(sarolangun).contains("Kantor Camat Sarolangun"), "{opts:?}");
        assert!(label(air_hitam).contains("Kantor Camat Air Hitam"), "{opts:?}");
        let choice = format!("1|org:{air_hitam}");
        let p = c
            .post_form(
                &m,
                &format!("{m}/attendance"),
                &[
                    ("lines", "Hasan; Pemerintah Desa Desa Baru; Kepala Desa"),
                    ("choice", &choice),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let v = c.get(&m).await.body;
        assert!(v.contains("Pemerintah Desa Desa Baru"));
    }
);
