//! The agreement form and the batch form (one host with many village governments), read
//! into an [`AgreementInput`] and a [`BatchInput`].

use super::Reader;
use domain::Invalid;
use domain::agreement::{
    AgreementInput, AgreementKind, AgreementStatus, BatchInput, BatchVillage, PartyInput, ScopeItem,
};

fn text(s: &str) -> Option<String> {
    Some(s.to_string()).filter(|s| !s.trim().is_empty())
}

/// The public box: ticked is `on` (or `true`, `1`, `yes`).
fn ticked(s: &str) -> bool {
    matches!(s.trim(), "on" | "true" | "1" | "yes")
}

/// The kind of agreement; an empty one is no known choice.
fn kind(r: &mut Reader, s: &str) -> AgreementKind {
    let k = r.opt_word("kind", s, AgreementKind::parse);
    if s.trim().is_empty() {
        r.add("kind", "choice.unknown");
    }
    k.unwrap_or(AgreementKind::Mou)
}

/// The ticked scope items (each checked by the input's rules only once).
fn scope(r: &mut Reader, list: &[String]) -> Vec<ScopeItem> {
    list.iter()
        .filter_map(|s| r.opt_word("scope", s, ScopeItem::parse))
        .collect()
}

/// The agreement form as posted: parties come as parallel lists, one entry per party row
/// (rows without an organisation are ignored).
#[derive(Debug, Clone, Default, serde::Deserialize)]
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
    /// The search that narrows the party lists (the form sent back to itself by GET).
    #[serde(default)]
    pub party_q: String,
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

impl AgreementForm {
    /// Reads the form. A missing status means "draft". Errors on a party row name the row of
    /// the form (1-based) in their detail.
    pub fn input(&self) -> Result<AgreementInput, Invalid> {
        let mut r = Reader::new();
        let kind = kind(&mut r, &self.kind);
        let status = match self.status.trim() {
            "" => AgreementStatus::Draft,
            s => r.word("status", s, AgreementStatus::parse, AgreementStatus::Draft),
        };
        let parent_id = r.opt_id("parent_id", &self.parent_id);
        let start_on = r.opt_date("start_on", &self.start_on);
        let end_on = r.opt_date("end_on", &self.end_on);
        let scope = scope(&mut r, &self.scope);
        let cell = |v: &Vec<String>, i: usize| v.get(i).map(String::as_str).unwrap_or("").to_string();
        // The form's row of each party read, for the errors the input's rules name by place.
        let mut rows: Vec<String> = Vec::new();
        let mut parties = Vec::new();
        for (i, org) in self.party_org_id.iter().enumerate() {
            if org.trim().is_empty() {
                continue;
            }
            let row = (i + 1).to_string();
            let signed_on = match domain::person::parse_date(&cell(&self.party_signed_on, i)) {
                Ok(d) => d,
                Err(code) => {
                    r.add_detail("parties", code, row.clone());
                    None
                }
            };
            match org.trim().parse::<i64>() {
                Ok(org_id) => {
                    rows.push(row);
                    parties.push(PartyInput {
                        org_id,
                        doc_number: text(&cell(&self.party_doc_number, i)),
                        signatory: text(&cell(&self.party_signatory, i)),
                        signatory_position: text(&cell(&self.party_signatory_position, i)),
                        signed_on,
                        financing: text(&cell(&self.party_financing, i)),
                    });
                }
                Err(_) => r.add_detail("parties", "number.format", row),
            }
        }
        let input = AgreementInput {
            kind,
            title: self.title.clone(),
            status,
            parent_id,
            legal_basis: text(&self.legal_basis),
            purpose: text(&self.purpose),
            summary: text(&self.summary),
            start_on,
            end_on,
            is_public: ticked(&self.is_public),
            scope,
            parties,
        };
        r.finish(input, |i| {
            i.check().map_err(|mut e| {
                for x in e.0.iter_mut().filter(|x| x.field == "parties") {
                    let place = x.detail.as_deref().and_then(|d| d.parse::<usize>().ok());
                    if let Some(row) = place.and_then(|n| rows.get(n.wrapping_sub(1))) {
                        x.detail = Some(row.clone());
                    }
                }
                e
            })
        })
    }
}

/// The batch form: one Puskesmas (or other host) with many village governments.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct BatchForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
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
    #[serde(default)]
    pub is_public: String,
    #[serde(default)]
    pub scope: Vec<String>,
    /// The host organisation (e.g. the Puskesmas).
    #[serde(default)]
    pub host_org_id: String,
    #[serde(default)]
    pub host_doc_number: String,
    #[serde(default)]
    pub host_signatory: String,
    #[serde(default)]
    pub host_signatory_position: String,
    /// "per_village" (one agreement per village) or "multi_party" (one with all of them).
    #[serde(default)]
    pub mode: String,
    /// Pattern for the villages' numbers where a row has none: `{n}` sequence, `{kode}` desa code.
    #[serde(default)]
    pub number_pattern: String,
    #[serde(default)]
    pub village_org_id: Vec<String>,
    #[serde(default)]
    pub village_doc_number: Vec<String>,
    #[serde(default)]
    pub village_signatory: Vec<String>,
    /// Ticked villages (their org ids).
    #[serde(default)]
    pub village_pick: Vec<String>,
}

impl BatchForm {
    /// Reads the ticked villages in the order of their rows, with the number and signatory
    /// typed in each.
    pub fn input(&self) -> Result<BatchInput, Invalid> {
        let mut r = Reader::new();
        let kind = kind(&mut r, &self.kind);
        let start_on = r.opt_date("start_on", &self.start_on);
        let end_on = r.opt_date("end_on", &self.end_on);
        let scope = scope(&mut r, &self.scope);
        let host_org_id = r.id("host_org_id", &self.host_org_id);
        let per_village = match self.mode.trim() {
            "" | "per_village" => true,
            "multi_party" => false,
            _ => {
                r.add("mode", "agreement.batch_mode");
                true
            }
        };
        let picked: Vec<&str> = self
            .village_pick
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let cell = |list: &Vec<String>, i: usize| list.get(i).and_then(|s| text(s));
        let mut villages = Vec::new();
        for (i, v) in self.village_org_id.iter().enumerate() {
            if !picked.contains(&v.trim()) {
                continue;
            }
            match v.trim().parse::<i64>() {
                Ok(org_id) => villages.push(BatchVillage {
                    org_id,
                    doc_number: cell(&self.village_doc_number, i),
                    signatory: cell(&self.village_signatory, i),
                }),
                Err(_) => r.add("villages", "number.format"),
            }
        }
        let input = BatchInput {
            kind,
            title: self.title.clone(),
            legal_basis: text(&self.legal_basis),
            purpose: text(&self.purpose),
            summary: text(&self.summary),
            start_on,
            end_on,
            is_public: ticked(&self.is_public),
            scope,
            host_org_id,
            host_doc_number: text(&self.host_doc_number),
            host_signatory: text(&self.host_signatory),
            host_signatory_position: text(&self.host_signatory_position),
            per_village,
            number_pattern: text(&self.number_pattern),
            villages,
        };
        r.finish(input, BatchInput::check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn party_errors_name_the_row_of_the_form() {
        let f = AgreementForm {
            kind: "mou".into(),
            title: "Dukungan imunisasi".into(),
            party_org_id: vec!["1".into(), "".into(), "2".into(), "2".into(), "x".into()],
            party_signed_on: vec!["".into(), "".into(), "31/02/2024".into(), "".into(), "".into()],
            ..Default::default()
        };
        let Err(e) = f.input() else { panic!("invalid") };
        let got: Vec<_> = e.0.iter().map(|x| (x.code, x.detail.as_deref())).collect();
        assert_eq!(
            got,
            [
                ("date.format", Some("3")),
                ("number.format", Some("5")),
                ("agreement.party_twice", Some("4"))
            ]
        );
        let ok = AgreementForm {
            party_signed_on: vec![],
            party_org_id: vec!["1".into(), "2".into()],
            ..f.clone()
        }
        .input();
        assert_eq!(
            ok.map(|a| (a.status, a.parties.len())).ok(),
            Some((AgreementStatus::Draft, 2))
        );
        let juklak = AgreementForm {
            kind: "juklak".into(),
            party_org_id: vec!["1".into(), "2".into()],
            ..f
        };
        assert_eq!(
            juklak.input().err().and_then(|e| e.code_for("parent_id")),
            Some("agreement.parent_required")
        );
    }

    #[test]
    fn format_and_rule_errors_come_together() {
        let f = AgreementForm {
            status: "renewed".into(),
            start_on: "2025-01-01".into(),
            end_on: "2024-01-01".into(),
            scope: vec!["edukasi".into(), "sulap".into()],
            party_org_id: vec!["1".into()],
            ..Default::default()
        };
        let Err(e) = f.input() else { panic!("invalid") };
        let got: Vec<_> = e.0.iter().map(|x| (x.field.as_str(), x.code)).collect();
        assert_eq!(
            got,
            [
                ("kind", "choice.unknown"),
                ("scope", "choice.unknown"),
                ("title", "required"),
                ("status", "agreement.register_status"),
                ("parties", "agreement.two_parties"),
                ("end_on", "agreement.end_before_start")
            ]
        );
    }

    #[test]
    fn the_batch_reads_the_ticked_villages_in_row_order() {
        let f: BatchForm = serde_html_form::from_str(
            "host_org_id=1&kind=pks&title=PKS&village_org_id=3&village_org_id=4&village_org_id=5\
             &village_doc_number=&village_doc_number=12%2FDS&village_doc_number=\
             &village_signatory=A&village_signatory=B&village_signatory=C&village_pick=5&village_pick=4",
        )
        .unwrap_or_default();
        let Ok(b) = f.input() else { panic!("valid") };
        let got: Vec<_> = b
            .villages
            .iter()
            .map(|v| (v.org_id, v.doc_number.as_deref(), v.signatory.as_deref()))
            .collect();
        assert_eq!(got, [(4, Some("12/DS"), Some("B")), (5, None, Some("C"))]);
        assert!(b.per_village);
        let bad = BatchForm {
            mode: "semua".into(),
            village_pick: Vec::new(),
            host_org_id: String::new(),
            ..f
        };
        let Err(e) = bad.input() else { panic!("invalid") };
        let got: Vec<_> = e.0.iter().map(|x| (x.field.as_str(), x.code)).collect();
        assert_eq!(
            got,
            [
                ("host_org_id", "required"),
                ("mode", "agreement.batch_mode"),
                ("villages", "agreement.batch_none")
            ]
        );
    }
}
