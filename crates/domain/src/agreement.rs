//! Cooperation agreements (MOU/PKS and their derived documents): kinds, scope items, the
//! lifecycle and its allowed transitions, and the rules that make an agreement valid at each
//! stage. An active agreement past its end date is expired by derivation, never by a job.

use crate::enums::str_enum;
use crate::error::{Invalid, optional_text, required_text};
use crate::person::parse_date;
use chrono::NaiveDate;
use serde::Deserialize;

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

/// The agreement form as posted: parties come as parallel lists, one entry per party row
/// (rows without an organisation are ignored).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AgreementForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub parent_id: String,
    #[serde(default)]
    pub legal_basis: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub start_on: String,
    #[serde(default)]
    pub end_on: String,
    /// "on" when the public box is ticked; "" (or absent) when not.
    #[serde(default)]
    pub is_public: String,
    #[serde(default)]
    pub scope: Vec<String>,
    #[serde(default)]
    pub party_org_id: Vec<String>,
    #[serde(default)]
    pub party_doc_number: Vec<String>,
    #[serde(default)]
    pub party_signatory: Vec<String>,
    #[serde(default)]
    pub party_signatory_position: Vec<String>,
    #[serde(default)]
    pub party_signed_on: Vec<String>,
    #[serde(default)]
    pub party_financing: Vec<String>,
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

impl AgreementForm {
    /// Validates the form. A missing status means "draft". Errors on a party row name the row
    /// (1-based) in their detail.
    pub fn validate(&self) -> Result<AgreementInput, Invalid> {
        let mut inv = Invalid::new();
        let kind = inv.check("kind", AgreementKind::parse(self.kind.trim()));
        let title = inv.check("title", required_text(&self.title, 300));
        let status = inv.check(
            "status",
            match self.status.trim() {
                "" => Ok(AgreementStatus::Draft),
                s => AgreementStatus::parse(s).and_then(|s| {
                    if s.can_register() {
                        Ok(s)
                    } else {
                        Err("agreement.register_status")
                    }
                }),
            },
        );
        let parent_id = inv.check(
            "parent_id",
            match self.parent_id.trim() {
                "" => Ok(None),
                s => s.parse::<i64>().map(Some).map_err(|_| "number.format"),
            },
        );
        if let (Some(k), Some(None)) = (kind, parent_id)
            && k.needs_parent()
        {
            inv.add("parent_id", "agreement.parent_required");
        }
        let legal_basis = inv.check("legal_basis", optional_text(&self.legal_basis, 4000));
        let purpose = inv.check("purpose", optional_text(&self.purpose, 4000));
        let summary = inv.check("summary", optional_text(&self.summary, 8000));
        let start_on = inv.check("start_on", parse_date(&self.start_on));
        let end_on = inv.check("end_on", parse_date(&self.end_on));
        let mut scope = Vec::new();
        for s in self.scope.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            match ScopeItem::parse(s) {
                Ok(item) if !scope.contains(&item) => scope.push(item),
                Ok(_) => {}
                Err(code) => inv.add("scope", code),
            }
        }
        let cell = |v: &Vec<String>, i: usize| v.get(i).map(String::as_str).unwrap_or("").to_string();
        let mut parties: Vec<PartyInput> = Vec::new();
        for (i, org) in self.party_org_id.iter().enumerate() {
            let org = org.trim();
            if org.is_empty() {
                continue;
            }
            let row = (i + 1).to_string();
            let mut field = |f: &str, r: Result<Option<String>, &'static str>| match r {
                Ok(v) => v,
                Err(code) => {
                    inv.add_detail(f, code, row.clone());
                    None
                }
            };
            let doc_number = field("parties", optional_text(&cell(&self.party_doc_number, i), 200));
            let signatory = field("parties", optional_text(&cell(&self.party_signatory, i), 200));
            let signatory_position = field("parties", optional_text(&cell(&self.party_signatory_position, i), 200));
            let financing = field("parties", optional_text(&cell(&self.party_financing, i), 1000));
            let signed_on = match parse_date(&cell(&self.party_signed_on, i)) {
                Ok(d) => d,
                Err(code) => {
                    inv.add_detail("parties", code, row.clone());
                    None
                }
            };
            match org.parse::<i64>() {
                Ok(id) if parties.iter().any(|p| p.org_id == id) => {
                    inv.add_detail("parties", "agreement.party_twice", row)
                }
                Ok(org_id) => parties.push(PartyInput {
                    org_id,
                    doc_number,
                    signatory,
                    signatory_position,
                    signed_on,
                    financing,
                }),
                Err(_) => inv.add_detail("parties", "number.format", row),
            }
        }
        let is_public = matches!(self.is_public.trim(), "on" | "true" | "1" | "yes");
        if let Some(st) = status {
            let signing: Vec<PartySigning> = parties
                .iter()
                .map(|p| PartySigning {
                    signatory: p.signatory.clone(),
                    signed_on: p.signed_on,
                })
                .collect();
            for (f, code) in check_stage(st, start_on.flatten(), end_on.flatten(), &signing) {
                if inv.code_for(f) != Some(code) {
                    inv.add(f, code);
                }
            }
        }
        match (
            kind,
            title,
            status,
            parent_id,
            legal_basis,
            purpose,
            summary,
            start_on,
            end_on,
        ) {
            (
                Some(kind),
                Some(title),
                Some(status),
                Some(parent_id),
                Some(legal_basis),
                Some(purpose),
                Some(summary),
                Some(start_on),
                Some(end_on),
            ) if inv.is_empty() => Ok(AgreementInput {
                kind,
                title,
                status,
                parent_id,
                legal_basis,
                purpose,
                summary,
                start_on,
                end_on,
                is_public,
                scope,
                parties,
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

    #[test]
    fn the_form_names_the_party_row() {
        let f = AgreementForm {
            kind: "mou".into(),
            title: "Dukungan imunisasi".into(),
            party_org_id: vec!["1".into(), "".into(), "2".into(), "2".into()],
            party_signed_on: vec!["".into(), "".into(), "31/02/2024".into(), "".into()],
            ..Default::default()
        };
        let e = f.validate().err().unwrap_or_default();
        assert!(
            e.0.iter()
                .any(|x| x.code == "date.format" && x.detail.as_deref() == Some("3")),
            "{e:?}"
        );
        assert!(
            e.0.iter()
                .any(|x| x.code == "agreement.party_twice" && x.detail.as_deref() == Some("4"))
        );
        let ok = AgreementForm {
            party_signed_on: vec![],
            party_org_id: vec!["1".into(), "2".into()],
            ..f.clone()
        }
        .validate();
        assert_eq!(ok.map(|a| (a.status, a.parties.len())).ok(), Some((Draft, 2)));
        let juklak = AgreementForm {
            kind: "juklak".into(),
            party_org_id: vec!["1".into(), "2".into()],
            ..f
        };
        assert_eq!(
            juklak.validate().err().and_then(|e| e.code_for("parent_id")),
            Some("agreement.parent_required")
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
