//! Cooperation agreements (MOU/PKS and their derived documents): kinds, scope items, the
//! lifecycle and its allowed transitions, and the rules that make an agreement valid at each
//! stage. An active agreement past its end date is expired by derivation, never by a job.

use crate::enums::str_enum;
use crate::error::{Invalid, optional_text, required_text};
use chrono::NaiveDate;

str_enum! {
    AgreementKind {
        Mou = "mou",
        Pks = "pks",
        NotaKesepakatan = "nota_kesepakatan",
        KesepakatanBersama = "kesepakatan_bersama",
        Addendum = "addendum",
        Juklak = "juklak",
        Juknis = "juknis",
    }
}

impl AgreementKind {
    /// Kinds that only exist under a parent agreement.
    pub fn needs_parent(self) -> bool {
        matches!(
            self,
            AgreementKind::Addendum | AgreementKind::Juklak | AgreementKind::Juknis
        )
    }
    /// MOUs are often public; others are visible to their parties unless marked public.
    pub fn public_by_default(self) -> bool {
        matches!(self, AgreementKind::Mou | AgreementKind::KesepakatanBersama)
    }
}

str_enum! {
    ScopeItem {
        Advokasi = "advokasi",
        Komunikasi = "komunikasi",
        Informasi = "informasi",
        Edukasi = "edukasi",
        Pengamanan = "pengamanan",
        Pelatihan = "pelatihan",
        Pendampingan = "pendampingan",
        BerbagiData = "berbagi_data",
        Pendanaan = "pendanaan",
        Rujukan = "rujukan",
        Other = "other",
    }
}

str_enum! {
    /// penjajakan → draft → pembahasan → disepakati → ditandatangani → aktif →
    /// berakhir | diperpanjang | diakhiri dini.
    AgreementStatus {
        Exploration = "exploration",
        Draft = "draft",
        Discussion = "discussion",
        Agreed = "agreed",
        Signed = "signed",
        Active = "active",
        Expired = "expired",
        Renewed = "renewed",
        Terminated = "terminated",
    }
}

impl AgreementStatus {
    /// The transitions that make sense, and only those. Talks may go back a step (a draft is
    /// reopened for discussion); once signed an agreement only moves forward or ends early.
    pub fn can_become(self, to: AgreementStatus) -> bool {
        use AgreementStatus::*;
        matches!(
            (self, to),
            (Exploration, Draft)
                | (Exploration, Terminated)
                | (Draft, Discussion)
                | (Draft, Terminated)
                | (Discussion, Draft)
                | (Discussion, Agreed)
                | (Discussion, Terminated)
                | (Agreed, Discussion)
                | (Agreed, Signed)
                | (Agreed, Terminated)
                | (Signed, Active)
                | (Signed, Terminated)
                | (Active, Expired)
                | (Active, Renewed)
                | (Active, Terminated)
                | (Expired, Renewed)
        )
    }

    /// What people see: an active agreement whose end date has passed is expired, whatever
    /// was stored.
    pub fn effective(self, end: Option<NaiveDate>, today: NaiveDate) -> AgreementStatus {
        match (self, end) {
            (AgreementStatus::Active, Some(e)) if e < today => AgreementStatus::Expired,
            _ => self,
        }
    }

    /// Whether the signing details of every party must be complete in this status.
    pub fn requires_signatures(self) -> bool {
        use AgreementStatus::*;
        matches!(self, Signed | Active | Expired | Renewed)
    }
}

str_enum! {
    /// What a linked meeting did for the agreement.
    MeetingRole {
        Explored = "explored",
        Discussed = "discussed",
        Signed = "signed",
        Evaluated = "evaluated",
    }
}

str_enum! {
    /// What an attached document is.
    DocumentKind {
        Signed = "signed",
        Draft = "draft",
        Other = "other",
    }
}

/// A party as far as the lifecycle rules care.
#[derive(Debug, Clone, Default)]
pub struct PartySigning {
    pub signatory: Option<String>,
    pub signed_on: Option<NaiveDate>,
}

/// Checks an agreement entering `status`: at least two parties, the end after the start, and
/// for signed stages every party's signatory and date. Returns the field codes that fail.
pub fn check_stage(
    status: AgreementStatus,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    parties: &[PartySigning],
) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if parties.len() < 2 {
        out.push(("parties", "agreement.two_parties"));
    }
    if let (Some(s), Some(e)) = (start, end)
        && e <= s
    {
        out.push(("end_on", "agreement.end_before_start"));
    }
    if status.requires_signatures() {
        if start.is_none() {
            out.push(("start_on", "required"));
        }
        if parties
            .iter()
            .any(|p| p.signatory.as_deref().is_none_or(|s| s.trim().is_empty()) || p.signed_on.is_none())
        {
            out.push(("parties", "agreement.signatures_missing"));
        }
    }
    out
}

/// Agreements ending within `days` of `today` (and not yet ended) are "expiring".
pub fn expiring(status: AgreementStatus, end: Option<NaiveDate>, today: NaiveDate, days: i64) -> bool {
    status.effective(end, today) == AgreementStatus::Active
        && end.is_some_and(|e| e >= today && (e - today).num_days() <= days)
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartyInput {
    pub org_id: i64,
    pub doc_number: Option<String>,
    pub signatory: Option<String>,
    pub signatory_position: Option<String>,
    pub signed_on: Option<NaiveDate>,
    pub financing: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AgreementInput {
    pub kind: AgreementKind,
    pub title: String,
    pub status: AgreementStatus,
    pub parent_id: Option<i64>,
    pub legal_basis: Option<String>,
    pub purpose: Option<String>,
    pub summary: Option<String>,
    pub start_on: Option<NaiveDate>,
    pub end_on: Option<NaiveDate>,
    pub is_public: bool,
    pub scope: Vec<ScopeItem>,
    pub parties: Vec<PartyInput>,
}

impl AgreementStatus {
    /// Statuses an agreement may be registered in: talks from their start, or an agreement
    /// already signed (taken out of the drawer). Renewal and early termination happen to an
    /// agreement, never at registration.
    pub fn can_register(self) -> bool {
        !matches!(self, AgreementStatus::Renewed | AgreementStatus::Terminated)
    }
}

fn opt_text(s: &Option<String>, max: usize) -> Result<Option<String>, &'static str> {
    optional_text(s.as_deref().unwrap_or_default(), max)
}

impl AgreementInput {
    /// The agreement rules: a title, a status one may register in, a parent for the kinds
    /// that need one, texts within their lengths, each party once, and the rules of the
    /// status ([`check_stage`]: two parties, the end after the start, signatures when signed).
    /// Errors on a party name its place in `parties` (1-based) in their detail. Returns the
    /// input normalised (text trimmed, empty text `None`, each scope item once).
    pub fn check(self) -> Result<AgreementInput, Invalid> {
        let mut inv = Invalid::new();
        let title = inv.check("title", required_text(&self.title, 300));
        if !self.status.can_register() {
            inv.add("status", "agreement.register_status");
        }
        if self.kind.needs_parent() && self.parent_id.is_none() {
            inv.add("parent_id", "agreement.parent_required");
        }
        let legal_basis = inv.check("legal_basis", opt_text(&self.legal_basis, 4000));
        let purpose = inv.check("purpose", opt_text(&self.purpose, 4000));
        let summary = inv.check("summary", opt_text(&self.summary, 8000));
        let mut scope = Vec::new();
        for item in &self.scope {
            if !scope.contains(item) {
                scope.push(*item);
            }
        }
        let mut parties: Vec<PartyInput> = Vec::new();
        for (i, p) in self.parties.iter().enumerate() {
            let row = (i + 1).to_string();
            let mut text = |r: Result<Option<String>, &'static str>| match r {
                Ok(v) => v,
                Err(code) => {
                    inv.add_detail("parties", code, row.clone());
                    None
                }
            };
            let party = PartyInput {
                org_id: p.org_id,
                doc_number: text(opt_text(&p.doc_number, 200)),
                signatory: text(opt_text(&p.signatory, 200)),
                signatory_position: text(opt_text(&p.signatory_position, 200)),
                signed_on: p.signed_on,
                financing: text(opt_text(&p.financing, 1000)),
            };
            if parties.iter().any(|q| q.org_id == p.org_id) {
                inv.add_detail("parties", "agreement.party_twice", row);
            } else {
                parties.push(party);
            }
        }
        let signing: Vec<PartySigning> = parties
            .iter()
            .map(|p| PartySigning {
                signatory: p.signatory.clone(),
                signed_on: p.signed_on,
            })
            .collect();
        for (f, code) in check_stage(self.status, self.start_on, self.end_on, &signing) {
            if inv.code_for(f) != Some(code) {
                inv.add(f, code);
            }
        }
        match (title, legal_basis, purpose, summary) {
            (Some(title), Some(legal_basis), Some(purpose), Some(summary)) if inv.is_empty() => Ok(AgreementInput {
                title,
                legal_basis,
                purpose,
                summary,
                scope,
                parties,
                ..self
            }),
            _ => Err(inv),
        }
    }
}

/// A village of a batch, in the order of the form's rows.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchVillage {
    pub org_id: i64,
    pub doc_number: Option<String>,
    pub signatory: Option<String>,
}

/// The same agreement between one host (e.g. a Puskesmas) and many village governments: one
/// agreement per village (sharing a batch id), or one with all of them (`per_village` false).
#[derive(Debug, Clone, PartialEq)]
pub struct BatchInput {
    pub kind: AgreementKind,
    pub title: String,
    pub legal_basis: Option<String>,
    pub purpose: Option<String>,
    pub summary: Option<String>,
    pub start_on: Option<NaiveDate>,
    pub end_on: Option<NaiveDate>,
    pub is_public: bool,
    pub scope: Vec<ScopeItem>,
    pub host_org_id: i64,
    /// May hold the `{n}` and `{kode}` placeholders of [`batch_number`].
    pub host_doc_number: Option<String>,
    pub host_signatory: Option<String>,
    pub host_signatory_position: Option<String>,
    pub per_village: bool,
    /// The villages' numbers where a row has none (see [`batch_number`]).
    pub number_pattern: Option<String>,
    /// The ticked villages.
    pub villages: Vec<BatchVillage>,
}

impl BatchInput {
    /// The agreement every one of the batch shares: a draft, whose parties are set for each
    /// agreement when it is created.
    pub fn agreement(&self, parties: Vec<PartyInput>) -> AgreementInput {
        AgreementInput {
            kind: self.kind,
            title: self.title.clone(),
            status: AgreementStatus::Draft,
            parent_id: None,
            legal_basis: self.legal_basis.clone(),
            purpose: self.purpose.clone(),
            summary: self.summary.clone(),
            start_on: self.start_on,
            end_on: self.end_on,
            is_public: self.is_public,
            scope: self.scope.clone(),
            parties,
        }
    }

    /// The batch rules: at least one village, the host's number within its length, and the
    /// agreement's own rules as a draft between the host and the first village. Returns the
    /// input normalised (text trimmed, empty text `None`).
    pub fn check(self) -> Result<BatchInput, Invalid> {
        let mut inv = Invalid::new();
        let host_doc_number = inv.check("host_doc_number", opt_text(&self.host_doc_number, 200));
        if self.villages.is_empty() {
            inv.add("villages", "agreement.batch_none");
        }
        let trim = |s: &Option<String>| opt_text(s, usize::MAX).ok().flatten();
        let host = PartyInput {
            org_id: self.host_org_id,
            doc_number: None,
            signatory: None,
            signatory_position: None,
            signed_on: None,
            financing: None,
        };
        let parties = std::iter::once(host)
            .chain(self.villages.first().map(|v| PartyInput {
                org_id: v.org_id,
                doc_number: None,
                signatory: None,
                signatory_position: None,
                signed_on: None,
                financing: None,
            }))
            .collect();
        let template = match self.agreement(parties).check() {
            Ok(a) => Some(a),
            Err(e) => {
                for x in e.0 {
                    // With no village ticked, `villages` already says so.
                    if !(self.villages.is_empty() && x.field == "parties") {
                        inv.0.push(x);
                    }
                }
                None
            }
        };
        match (template, host_doc_number) {
            (Some(a), Some(host_doc_number)) if inv.is_empty() => Ok(BatchInput {
                title: a.title,
                legal_basis: a.legal_basis,
                purpose: a.purpose,
                summary: a.summary,
                scope: a.scope,
                host_doc_number,
                host_signatory: trim(&self.host_signatory),
                host_signatory_position: trim(&self.host_signatory_position),
                number_pattern: trim(&self.number_pattern),
                villages: self
                    .villages
                    .iter()
                    .map(|v| BatchVillage {
                        org_id: v.org_id,
                        doc_number: trim(&v.doc_number),
                        signatory: trim(&v.signatory),
                    })
                    .collect(),
                ..self
            }),
            _ => Err(inv),
        }
    }
}

/// Fills a batch number pattern: `{n}` is the row's sequence number (1-based), `{kode}` the
/// desa's Kemendagri code. A pattern without placeholders is used as it is.
pub fn batch_number(pattern: &str, n: usize, code: &str) -> String {
    pattern.replace("{n}", &n.to_string()).replace("{kode}", code)
}

/// A renewal starts the day after the old agreement ends and lasts as long: the same number
/// of whole months when the old term was whole months (5 years stays 5 years across leap
/// days), else the same number of days.
pub fn renewal_term(start: Option<NaiveDate>, end: Option<NaiveDate>) -> (Option<NaiveDate>, Option<NaiveDate>) {
    match (start, end) {
        (Some(s), Some(e)) => {
            let new_start = e + chrono::Duration::days(1);
            let months = (1..=1200u32).find(|m| s.checked_add_months(chrono::Months::new(*m)) == Some(new_start));
            let new_end = match months {
                Some(m) => new_start
                    .checked_add_months(chrono::Months::new(m))
                    .map(|d| d - chrono::Duration::days(1)),
                None => Some(new_start + (e - s)),
            };
            (Some(new_start), new_end)
        }
        (_, Some(e)) => (Some(e + chrono::Duration::days(1)), None),
        _ => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AgreementStatus::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn only_sensible_transitions() {
        assert!(Exploration.can_become(Draft));
        assert!(Discussion.can_become(Draft), "a draft may be reopened");
        assert!(Agreed.can_become(Signed));
        assert!(Signed.can_become(Active));
        assert!(Active.can_become(Renewed));
        assert!(!Draft.can_become(Active), "no activation without signing");
        assert!(!Signed.can_become(Draft), "a signed agreement is not a draft again");
        assert!(!Terminated.can_become(Active));
        assert!(!Expired.can_become(Active));
        for s in AgreementStatus::ALL {
            assert!(!s.can_become(*s), "{s} → {s}");
        }
    }

    #[test]
    fn an_active_agreement_past_its_end_is_expired() {
        assert_eq!(Active.effective(Some(d(2024, 12, 31)), d(2025, 1, 1)), Expired);
        assert_eq!(Active.effective(Some(d(2024, 12, 31)), d(2024, 12, 31)), Active);
        assert_eq!(Draft.effective(Some(d(2020, 1, 1)), d(2025, 1, 1)), Draft);
        assert!(expiring(Active, Some(d(2025, 3, 1)), d(2025, 1, 1), 90));
        assert!(!expiring(Active, Some(d(2025, 6, 1)), d(2025, 1, 1), 90));
        assert!(!expiring(Active, Some(d(2024, 6, 1)), d(2025, 1, 1), 90));
    }

    #[test]
    fn signing_needs_every_party() {
        let signed = PartySigning {
            signatory: Some("Kepala Dinas".into()),
            signed_on: Some(d(2024, 1, 10)),
        };
        let unsigned = PartySigning {
            signatory: Some("Kapolda".into()),
            signed_on: None,
        };
        let e = check_stage(
            Signed,
            Some(d(2024, 1, 10)),
            Some(d(2029, 1, 9)),
            &[signed.clone(), unsigned],
        );
        assert_eq!(e, vec![("parties", "agreement.signatures_missing")]);
        assert!(
            check_stage(
                Signed,
                Some(d(2024, 1, 10)),
                Some(d(2029, 1, 9)),
                &[signed.clone(), signed.clone()]
            )
            .is_empty()
        );
        let e = check_stage(Draft, Some(d(2024, 1, 10)), Some(d(2024, 1, 10)), &[signed]);
        assert!(
            e.contains(&("parties", "agreement.two_parties")) && e.contains(&("end_on", "agreement.end_before_start"))
        );
    }

    fn party(org_id: i64) -> PartyInput {
        PartyInput {
            org_id,
            doc_number: None,
            signatory: None,
            signatory_position: None,
            signed_on: None,
            financing: None,
        }
    }

    fn input() -> AgreementInput {
        AgreementInput {
            kind: AgreementKind::Mou,
            title: " Dukungan imunisasi ".into(),
            status: Draft,
            parent_id: None,
            legal_basis: Some(" ".into()),
            purpose: None,
            summary: None,
            start_on: None,
            end_on: None,
            is_public: false,
            scope: vec![ScopeItem::Edukasi, ScopeItem::Pengamanan, ScopeItem::Edukasi],
            parties: vec![party(1), party(2)],
        }
    }

    #[test]
    fn a_checked_agreement_is_normalised() {
        let Ok(a) = input().check() else { panic!("valid") };
        assert_eq!((a.title.as_str(), a.legal_basis), ("Dukungan imunisasi", None));
        assert_eq!(a.scope, vec![ScopeItem::Edukasi, ScopeItem::Pengamanan]);
    }

    #[test]
    fn party_errors_name_the_party() {
        let twice = AgreementInput {
            parties: vec![
                party(1),
                PartyInput {
                    signatory: Some("s".repeat(201)),
                    ..party(2)
                },
                party(2),
            ],
            ..input()
        };
        let Err(e) = twice.check() else { panic!("invalid") };
        let got: Vec<_> = e.0.iter().map(|x| (x.code, x.detail.as_deref())).collect();
        assert_eq!(got, [("too_long", Some("2")), ("agreement.party_twice", Some("3"))]);
        let juklak = AgreementInput {
            kind: AgreementKind::Juklak,
            status: Renewed,
            ..input()
        };
        let Err(e) = juklak.check() else { panic!("invalid") };
        assert_eq!(
            (e.code_for("status"), e.code_for("parent_id")),
            (Some("agreement.register_status"), Some("agreement.parent_required"))
        );
        let one = AgreementInput {
            parties: vec![party(1)],
            ..input()
        };
        assert_eq!(
            one.check().err().and_then(|e| e.code_for("parties")),
            Some("agreement.two_parties")
        );
    }

    #[test]
    fn a_batch_needs_a_village_and_keeps_the_agreement_rules() {
        let batch = BatchInput {
            kind: AgreementKind::Pks,
            title: " ".into(),
            legal_basis: None,
            purpose: None,
            summary: None,
            start_on: Some(d(2025, 1, 1)),
            end_on: Some(d(2024, 1, 1)),
            is_public: false,
            scope: Vec::new(),
            host_org_id: 1,
            host_doc_number: Some(" 440/{n}/PKM ".into()),
            host_signatory: Some(" ".into()),
            host_signatory_position: None,
            per_village: true,
            number_pattern: None,
            villages: Vec::new(),
        };
        let Err(e) = batch.clone().check() else {
            panic!("invalid")
        };
        let got: Vec<_> = e.0.iter().map(|x| (x.field.as_str(), x.code)).collect();
        assert_eq!(
            got,
            [
                ("villages", "agreement.batch_none"),
                ("title", "required"),
                ("end_on", "agreement.end_before_start")
            ]
        );
        let good = BatchInput {
            title: " PKS UKBM ".into(),
            end_on: Some(d(2027, 12, 31)),
            villages: vec![BatchVillage {
                org_id: 9,
                doc_number: Some(" ".into()),
                signatory: Some(" Kades ".into()),
            }],
            ..batch
        };
        let Ok(b) = good.check() else { panic!("valid") };
        assert_eq!(
            (b.title.as_str(), b.host_doc_number.as_deref()),
            ("PKS UKBM", Some("440/{n}/PKM"))
        );
        assert_eq!(
            (b.host_signatory, b.villages[0].signatory.as_deref()),
            (None, Some("Kades"))
        );
    }

    #[test]
    fn renewal_keeps_the_length() {
        assert_eq!(
            renewal_term(Some(d(2022, 1, 1)), Some(d(2024, 12, 31))),
            (Some(d(2025, 1, 1)), Some(d(2027, 12, 31)))
        );
        assert_eq!(
            batch_number("440/{n}/PKM/{kode}", 3, "15.03.03.2002"),
            "440/3/PKM/15.03.03.2002"
        );
    }
}
