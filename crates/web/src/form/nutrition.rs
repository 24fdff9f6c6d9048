//! The child and measurement forms: what a kader or bidan types, read into a [`ChildInput`]
//! and a [`MeasurementInput`].

use super::Reader;
use chrono::NaiveDate;
use domain::Invalid;
use domain::nutrition::{ChildInput, LengthPosition, MeasurementInput, Sex2};

/// A decimal typed with a point or a decimal comma; empty is `None`. Returns whether it read.
fn decimal(r: &mut Reader, field: &str, s: &str) -> (Option<f64>, bool) {
    match domain::nutrition::decimal(s) {
        Ok(v) => (v, true),
        Err(code) => {
            r.add(field, code);
            (None, false)
        }
    }
}

/// An optional text: empty is `None` (the input's rules trim and bound it).
fn text(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|t| !t.is_empty())
}

/// The child form as posted.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ChildForm {
    #[serde(default)]
    pub name: String,
    /// L (laki-laki) or P (perempuan).
    #[serde(default)]
    pub sex: String,
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub nik: String,
    #[serde(default)]
    pub birth_weight: String,
    #[serde(default)]
    pub birth_length: String,
    #[serde(default)]
    pub mother_name: String,
    #[serde(default)]
    pub mother_nik: String,
    #[serde(default)]
    pub kk_number: String,
    #[serde(default)]
    pub posyandu_id: String,
    #[serde(default)]
    pub rt: String,
    #[serde(default)]
    pub rw: String,
    #[serde(default)]
    pub address: String,
    /// "on" when the child has a KIA book/KMS.
    #[serde(default)]
    pub has_kia: String,
    /// The date the registration is for when entering past records (e.g. the first
    /// weighing in the KMS book); empty means today.
    #[serde(default)]
    pub as_of: String,
}

impl ChildForm {
    /// Reads the form and checks it as of `today` (the local date). A NIK or family card
    /// number shown masked comes back masked: it means "unchanged", and the use case puts the
    /// stored one back before its own check.
    pub fn input(&self, today: NaiveDate) -> Result<ChildInput, Invalid> {
        let mut r = Reader::new();
        let as_of = r.opt_date("as_of", &self.as_of);
        let sex = r.word("sex", &self.sex, Sex2::read, Sex2::L);
        let birth_date = r.date("birth_date", &self.birth_date);
        let (birth_weight, _) = decimal(&mut r, "birth_weight", &self.birth_weight);
        let (birth_length, _) = decimal(&mut r, "birth_length", &self.birth_length);
        let posyandu_id = match self.posyandu_id.trim().parse::<i64>() {
            Ok(id) => id,
            Err(_) => {
                r.add("posyandu_id", "required");
                0
            }
        };
        let input = ChildInput {
            name: self.name.clone(),
            sex,
            birth_date,
            nik: text(&self.nik),
            birth_weight,
            birth_length,
            mother_name: text(&self.mother_name),
            mother_nik: text(&self.mother_nik),
            kk_number: text(&self.kk_number),
            posyandu_id,
            rt: text(&self.rt),
            rw: text(&self.rw),
            address: text(&self.address),
            has_kia: domain::nutrition::yes(&self.has_kia),
            as_of,
        };
        let masked = |field: &str| {
            let v = match field {
                "nik" => &self.nik,
                "mother_nik" => &self.mother_nik,
                "kk_number" => &self.kk_number,
                _ => return false,
            };
            domain::person::is_masked_nik(v)
        };
        r.finish(input, |i| match i.clone().check(today) {
            Ok(c) => Ok(c),
            Err(mut e) => {
                e.0.retain(|x| !masked(&x.field));
                if e.is_empty() { Ok(i) } else { Err(e) }
            }
        })
    }
}

/// The measurement form as posted.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct MeasurementForm {
    /// Empty: today.
    #[serde(default)]
    pub measured_on: String,
    #[serde(default)]
    pub weight: String,
    #[serde(default)]
    pub height: String,
    /// L (lying, PB) or H (standing, TB); empty: by age (lying under 24 months).
    #[serde(default)]
    pub position: String,
    /// "on"/"ya" when bilateral pitting oedema is present.
    #[serde(default)]
    pub oedema: String,
    #[serde(default)]
    pub muac: String,
    #[serde(default)]
    pub head: String,
}

impl MeasurementForm {
    /// Reads the form of a child born on `birth` and checks it, on or before `today`.
    pub fn input(&self, birth: NaiveDate, today: NaiveDate) -> Result<MeasurementInput, Invalid> {
        let mut r = Reader::new();
        let measured_on = r.opt_date("measured_on", &self.measured_on).unwrap_or(today);
        let (weight, w_read) = decimal(&mut r, "weight", &self.weight);
        let (height, h_read) = decimal(&mut r, "height", &self.height);
        let position = r.opt_word("position", &self.position, LengthPosition::read);
        let (muac, _) = decimal(&mut r, "muac", &self.muac);
        let (head, _) = decimal(&mut r, "head", &self.head);
        let input = MeasurementInput {
            measured_on,
            weight,
            height,
            position,
            oedema: domain::nutrition::yes(&self.oedema),
            muac,
            head,
        };
        // A weight or length that did not read is not "nothing measured".
        let unreadable = !(w_read && h_read);
        r.finish(input, |i| {
            i.check(birth, today).map_err(|mut e| {
                if unreadable {
                    e.0.retain(|x| x.code != "measurement.empty");
                }
                e
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn a_child_form_reads_format_and_rule_errors_together() {
        let f = ChildForm {
            name: " ".into(),
            sex: "X".into(),
            birth_date: "2019-01-01".into(),
            nik: "123".into(),
            birth_weight: "tiga".into(),
            posyandu_id: "".into(),
            ..Default::default()
        };
        let Err(e) = f.input(d(2024, 6, 1)) else {
            panic!("invalid")
        };
        let got: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("sex", "sex.unknown"),
                ("birth_weight", "number.format"),
                ("posyandu_id", "required"),
                ("name", "required"),
                ("birth_date", "child.too_old"),
                ("nik", "nik.length"),
            ]
        );
        let ok = ChildForm {
            name: "Aisyah".into(),
            sex: "perempuan".into(),
            birth_date: "01/01/2023".into(),
            nik: String::new(),
            birth_weight: "3200".into(),
            posyandu_id: "5".into(),
            rt: "3".into(),
            has_kia: "on".into(),
            ..f
        }
        .input(d(2024, 6, 1))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((ok.sex, ok.posyandu_id, ok.has_kia), (Sex2::P, 5, true));
        assert_eq!(ok.birth_weight, Some(3.2), "grams read as grams");
        assert_eq!((ok.nik, ok.rt.as_deref()), (None, Some("003")));
    }

    #[test]
    fn a_masked_nik_is_left_to_the_use_case() {
        let f = ChildForm {
            name: "Aisyah".into(),
            sex: "P".into(),
            birth_date: "2023-01-01".into(),
            nik: "1503••••••••0001".into(),
            posyandu_id: "5".into(),
            ..Default::default()
        };
        let Ok(c) = f.input(d(2024, 6, 1)) else { panic!("valid") };
        assert_eq!(c.nik.as_deref(), Some("1503••••••••0001"));
    }

    #[test]
    fn a_measurement_form_reads_and_checks() {
        let birth = d(2022, 3, 1);
        let today = d(2024, 3, 1);
        let f = MeasurementForm {
            measured_on: "2024-02-20".into(),
            weight: "9800".into(),
            height: "0,82".into(),
            position: "duduk".into(),
            muac: "x".into(),
            ..Default::default()
        };
        let Err(e) = f.input(birth, today) else {
            panic!("invalid")
        };
        let got: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("position", "position.unknown"),
                ("muac", "number.format"),
                ("weight", "weight.grams"),
                ("height", "height.metres"),
            ]
        );
        let ok = MeasurementForm {
            measured_on: String::new(),
            weight: "9,8".into(),
            height: "79".into(),
            position: String::new(),
            muac: String::new(),
            oedema: "ya".into(),
            ..f.clone()
        }
        .input(birth, today)
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ok.measured_on, today, "empty is today");
        assert_eq!((ok.weight, ok.height), (Some(9.8), Some(79.0)));
        assert_eq!(ok.position, Some(LengthPosition::Standing), "24 months: standing");
        assert!(ok.oedema);
        let unreadable = MeasurementForm {
            weight: "sembilan".into(),
            height: String::new(),
            ..Default::default()
        }
        .input(birth, today)
        .err()
        .unwrap_or_default();
        assert_eq!(unreadable.code_for("weight"), Some("number.format"));
    }
}
