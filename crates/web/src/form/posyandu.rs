//! The Posyandu profile form: what the Posyandu declares, read into a [`ProfileInput`].

use super::Reader;
use domain::Invalid;
use domain::posyandu::{ProfileInput, Service};

/// The profile form as posted (services are the checked boxes).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub rt: String,
    #[serde(default)]
    pub rw: String,
    /// Day of the month the Posyandu opens (hari buka), 1–31.
    #[serde(default)]
    pub schedule_day: String,
    #[serde(default)]
    pub services: Vec<String>,
    /// Share of households in a dana sehat scheme, percent.
    #[serde(default)]
    pub dana_sehat: String,
}

impl ProfileForm {
    pub fn input(&self) -> Result<ProfileInput, Invalid> {
        let mut r = Reader::new();
        let schedule_day = match self.schedule_day.trim() {
            "" => None,
            t => t.parse::<u32>().map(Some).unwrap_or_else(|_| {
                r.add("schedule_day", "posyandu.schedule_day_range");
                None
            }),
        };
        let mut services = Vec::new();
        let mut unknown = Invalid::new();
        for s in self.services.iter().filter(|s| !s.trim().is_empty()) {
            match Service::parse(s) {
                Ok(x) => services.push(x),
                Err(_) => unknown.add_detail("services", "posyandu.service_unknown", s.trim()),
            }
        }
        let dana_sehat = match self.dana_sehat.trim().trim_end_matches('%').trim() {
            "" => None,
            t => domain::nutrition::decimal(t).unwrap_or_else(|_| {
                r.add("dana_sehat", "posyandu.dana_sehat_range");
                None
            }),
        };
        let input = ProfileInput {
            address: Some(self.address.clone()),
            rt: Some(self.rt.clone()),
            rw: Some(self.rw.clone()),
            schedule_day,
            services,
            dana_sehat,
        };
        match (r.finish(input, ProfileInput::check), unknown.is_empty()) {
            (out, true) => out,
            // Every unknown service is named.
            (Ok(_), false) => Err(unknown),
            (Err(mut e), false) => {
                e.0.extend(unknown.0);
                Err(e)
            }
        }
    }

    /// The form of a stored profile (`None`: none yet, health and nutrition ticked), the
    /// dana sehat share typed back in `lang`.
    pub fn of(p: &store::posyandu::Row, lang: domain::i18n::Lang) -> Self {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        ProfileForm {
            address: opt(&p.address),
            rt: opt(&p.rt),
            rw: opt(&p.rw),
            schedule_day: p.schedule_day.map(|d| d.to_string()).unwrap_or_default(),
            services: if p.has_profile {
                domain::posyandu::parse_services(p.services.as_deref().unwrap_or(""))
                    .iter()
                    .map(|s| s.as_str().to_string())
                    .collect()
            } else {
                // Health and nutrition is what every Posyandu offers.
                vec![Service::KesehatanGizi.as_str().to_string()]
            },
            // As typed back: the shortest exact decimal, with a decimal comma in Indonesian.
            dana_sehat: p.dana_sehat.map(|d| crate::format::typed(lang, d)).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_form_is_read_and_checked() {
        let f = ProfileForm {
            address: "Balai Desa".into(),
            rt: "3".into(),
            rw: "12".into(),
            schedule_day: "32".into(),
            services: vec![
                "pendidikan_bkb_paud".into(),
                "kesehatan_gizi".into(),
                "kesehatan_gizi".into(),
            ],
            dana_sehat: "45,5".into(),
        };
        let e = f.input().err().unwrap_or_default();
        assert_eq!(e.code_for("schedule_day"), Some("posyandu.schedule_day_range"));
        for bad in ["0", "x", "15.5", "-1"] {
            let e = ProfileForm {
                schedule_day: bad.into(),
                ..f.clone()
            }
            .input()
            .err();
            assert_eq!(
                e.and_then(|e| e.code_for("schedule_day")),
                Some("posyandu.schedule_day_range"),
                "{bad}"
            );
        }
        let ok = ProfileForm {
            schedule_day: "31".into(),
            dana_sehat: "45,5 %".into(),
            ..f.clone()
        }
        .input()
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ok.schedule_day, Some(31));
        assert_eq!(ok.rt.as_deref(), Some("003"));
        assert_eq!(ok.rw.as_deref(), Some("012"));
        assert_eq!(ok.dana_sehat, Some(45.5));
        assert_eq!(ok.services, vec![Service::KesehatanGizi, Service::PendidikanBkbPaud]);
        let e = ProfileForm {
            schedule_day: "10".into(),
            services: vec!["posbindu".into(), "arisan".into()],
            dana_sehat: "120".into(),
            rt: "1234".into(),
            ..f
        }
        .input()
        .err()
        .unwrap_or_default();
        let got: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("rt", "rt_rw.format"),
                ("dana_sehat", "posyandu.dana_sehat_range"),
                ("services", "posyandu.service_unknown"),
                ("services", "posyandu.service_unknown"),
            ]
        );
    }
}
