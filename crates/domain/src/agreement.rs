//! Cooperation agreements (MOU/PKS and their derived documents): kinds, scope items, the
//! lifecycle and its allowed transitions, and the rules that make an agreement valid at each
//! stage. An active agreement past its end date is expired by derivation, never by a job.

use crate::org::str_enum;
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
}
