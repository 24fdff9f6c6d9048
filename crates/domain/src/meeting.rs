//! Coordination meetings: forums (recurring meetings of an organisation), their yearly
//! schedules, meetings, agenda and minutes, attendance, and agreements reached (kesepakatan).

use crate::enums::str_enum;
use crate::error::{Invalid, optional_text, required_text};
use crate::org::OrgKind;
use chrono::{Datelike, NaiveDate};

str_enum! {
    /// The kind of a recurring meeting (or of a one-off meeting).
    ForumKind {
        LokminBulanan = "lokmin_bulanan",
        LokminTribulanan = "lokmin_tribulanan",
        RakorKesehatan = "rakor_kesehatan",
        RakorPokjanal = "rakor_pokjanal",
        RembukStunting = "rembuk_stunting",
        AgreementTalks = "agreement_talks",
        Other = "other",
    }
}

str_enum! {
    /// Administrative level a meeting works at.
    MeetingLevel {
        Desa = "desa",
        Kecamatan = "kecamatan",
        District = "district",
        Province = "province",
    }
}

str_enum! {
    MeetingStatus {
        Scheduled = "scheduled",
        Held = "held",
        Cancelled = "cancelled",
    }
}

str_enum! {
    /// How an organisation takes part in a meeting (`meeting_orgs.role`).
    OrgRole {
        Host = "host",
        CoHost = "co_host",
        Invited = "invited",
        /// Not invited, but its people were recorded as present.
        WalkIn = "walk_in",
    }
}

impl OrgRole {
    /// Hosts and co-hosts run the meeting (edit it, file its RTL).
    pub fn hosts(self) -> bool {
        matches!(self, OrgRole::Host | OrgRole::CoHost)
    }
    /// Those asked to come: the invited and the co-hosts (the host is there by definition).
    pub fn is_guest(self) -> bool {
        matches!(self, OrgRole::Invited | OrgRole::CoHost)
    }
}

/// The choice of the invitation form: invite, make co-host, or remove (`none`).
pub fn parse_invitation(s: &str) -> Result<Option<OrgRole>, &'static str> {
    match s.trim() {
        "none" => Ok(None),
        "invited" => Ok(Some(OrgRole::Invited)),
        "co_host" => Ok(Some(OrgRole::CoHost)),
        _ => Err("choice.unknown"),
    }
}

str_enum! {
    /// An invited organisation's answer (RSVP).
    Rsvp {
        Yes = "yes",
        No = "no",
        Maybe = "maybe",
    }
}

impl ForumKind {
    /// Months in which the forum meets by default: Lokmin bulanan every month, Lokmin
    /// tribulanan in February, May, August and November (KMK 2015/2023), others once a year
    /// unless scheduled by hand.
    pub fn default_months(self) -> &'static [u32] {
        match self {
            ForumKind::LokminBulanan => &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
            ForumKind::LokminTribulanan => &[2, 5, 8, 11],
            ForumKind::RakorPokjanal => &[3, 9],
            _ => &[],
        }
    }
    pub fn default_level(self) -> MeetingLevel {
        match self {
            ForumKind::LokminBulanan | ForumKind::LokminTribulanan => MeetingLevel::Kecamatan,
            _ => MeetingLevel::District,
        }
    }
    /// Whether the first meeting of a year is the penggalangan (team-building) Lokmin.
    pub fn has_penggalangan(self) -> bool {
        matches!(self, ForumKind::LokminBulanan | ForumKind::LokminTribulanan)
    }
}

/// The `n`-th `weekday` of a month (n from 1), or the last one if the month has fewer.
pub fn nth_weekday(year: i32, month: u32, weekday: chrono::Weekday, n: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let offset = (7 + weekday.num_days_from_monday() as i64 - first.weekday().num_days_from_monday() as i64) % 7;
    let mut d = first + chrono::Duration::days(offset + 7 * (n.max(1) as i64 - 1));
    while d.month() != month {
        d -= chrono::Duration::days(7);
    }
    Some(d)
}

/// The dates of a year's schedule: in each of `months`, the `n`-th `weekday`.
pub fn schedule(year: i32, months: &[u32], weekday: chrono::Weekday, n: u32) -> Vec<NaiveDate> {
    months
        .iter()
        .filter_map(|m| nth_weekday(year, *m, weekday, n))
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForumInput {
    pub name: String,
    pub kind: ForumKind,
    pub org_id: i64,
    pub level: MeetingLevel,
}

impl ForumInput {
    /// The forum rules: a name of at most 200 characters. Returns the name trimmed.
    pub fn check(self) -> Result<ForumInput, Invalid> {
        let name = required_text(&self.name, 200).map_err(|code| Invalid::one("name", code))?;
        Ok(ForumInput { name, ..self })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeetingInput {
    pub title: String,
    pub kind: ForumKind,
    pub forum_id: Option<i64>,
    pub host_org_id: i64,
    pub level: MeetingLevel,
    pub held_on: NaiveDate,
    pub start_time: Option<String>,
    pub place: Option<String>,
    pub chair: Option<String>,
    pub first_of_year: bool,
}

fn parse_time(s: &str) -> Result<Option<String>, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let t = t.replace('.', ":");
    match chrono::NaiveTime::parse_from_str(&t, "%H:%M") {
        Ok(v) => Ok(Some(v.format("%H:%M").to_string())),
        Err(_) => Err("time.format"),
    }
}

fn opt_text(s: &Option<String>, max: usize) -> Result<Option<String>, &'static str> {
    optional_text(s.as_deref().unwrap_or_default(), max)
}

impl MeetingInput {
    /// The meeting rules: a title, a start time `HH:MM` (or `HH.MM`), texts within their
    /// lengths. Returns the input normalised (text trimmed, empty text `None`, the time as
    /// `HH:MM`).
    pub fn check(self) -> Result<MeetingInput, Invalid> {
        let mut inv = Invalid::new();
        let title = inv.check("title", required_text(&self.title, 300));
        let start_time = inv.check("start_time", parse_time(self.start_time.as_deref().unwrap_or_default()));
        let place = inv.check("place", opt_text(&self.place, 300));
        let chair = inv.check("chair", opt_text(&self.chair, 200));
        match (title, start_time, place, chair) {
            (Some(title), Some(start_time), Some(place), Some(chair)) if inv.is_empty() => Ok(MeetingInput {
                title,
                start_time,
                place,
                chair,
                ..self
            }),
            _ => Err(inv),
        }
    }
}

/// One attendee as typed at the door: a known person, or a walk-in by name.
#[derive(Debug, Clone, PartialEq)]
pub struct AttendeeInput {
    pub person_id: Option<i64>,
    pub name: String,
    pub org_id: Option<i64>,
    pub org_name: Option<String>,
    pub position: Option<String>,
}

impl AttendeeInput {
    /// The attendee rules: a known person or a name, a known organisation or its name, texts
    /// within their lengths. Returns the input normalised (text trimmed; the name is empty for
    /// a known person typed without one).
    pub fn check(self) -> Result<AttendeeInput, Invalid> {
        let mut inv = Invalid::new();
        let name = inv.check("name", optional_text(&self.name, 200));
        let org_name = inv.check("org_name", opt_text(&self.org_name, 200));
        let position = inv.check("position", opt_text(&self.position, 120));
        if self.person_id.is_none() && matches!(name, Some(None)) {
            inv.add("name", "required");
        }
        if self.org_id.is_none() && matches!(org_name, Some(None)) {
            inv.add("org_name", "attendance.org_required");
        }
        match (name, org_name, position) {
            (Some(name), Some(org_name), Some(position)) if inv.is_empty() => Ok(AttendeeInput {
                name: name.unwrap_or_default(),
                org_name,
                position,
                ..self
            }),
            _ => Err(inv),
        }
    }
}

/// One line of the quick attendance: `name; organisation; position` as typed on line `line`
/// (1-based, blank lines counted).
#[derive(Debug, Clone, PartialEq)]
pub struct AttendanceLine {
    pub line: usize,
    pub name: String,
    pub org: String,
    pub position: Option<String>,
}

/// Parses fast attendance entry: one attendee per line, `name; organisation; position`
/// (comma or tab also separate). Blank lines are skipped; line numbers are 1-based.
pub fn parse_attendance_lines(text: &str) -> Result<Vec<AttendanceLine>, Invalid> {
    let mut inv = Invalid::new();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let sep = if line.contains(';') {
            ';'
        } else if line.contains('\t') {
            '\t'
        } else {
            ','
        };
        let parts: Vec<&str> = line.split(sep).map(str::trim).collect();
        let name = parts.first().copied().unwrap_or("");
        let org = parts.get(1).copied().unwrap_or("");
        if name.is_empty() || org.is_empty() {
            inv.add_detail("lines", "attendance.line_format", format!("{}: {line}", i + 1));
            continue;
        }
        if name.chars().count() > 200 || org.chars().count() > 200 {
            inv.add_detail("lines", "too_long", format!("{}", i + 1));
            continue;
        }
        let position = parts.get(2).map(|p| p.to_string()).filter(|p| !p.is_empty());
        out.push(AttendanceLine {
            line: i + 1,
            name: name.to_string(),
            org: org.to_string(),
            position,
        });
    }
    inv.into_result()?;
    Ok(out)
}

str_enum! {
    /// A participant who comes for themselves rather than for an organisation (seed 001: the
    /// Lokmin brings together the camat, the kepala desa, tokoh masyarakat, tokoh agama and
    /// tokoh pemuda). Recorded under [`Sector::Personal`](crate::org::Sector::Personal).
    PersonalCategory {
        TokohAgama = "tokoh_agama",
        TokohMasyarakat = "tokoh_masyarakat",
        TokohPemuda = "tokoh_pemuda",
        TokohAdat = "tokoh_adat",
        TokohPerempuan = "tokoh_perempuan",
        Individual = "individual",
    }
}

impl PersonalCategory {
    /// The category typed in the organisation column: "Tokoh Agama", "toga", "tokoh
    /// masyarakat", "toma", "pribadi", "perorangan", "-" …
    pub fn recognise(typed: &str) -> Option<Self> {
        use PersonalCategory::*;
        let words = crate::text::fold_words(typed);
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        match w.as_slice() {
            [] => Some(Individual),
            ["tokoh", "agama"] | ["toga"] | ["tokoh", "ulama"] | ["ulama"] | ["ustadz"] | ["ustaz"] => Some(TokohAgama),
            ["tokoh", "masyarakat"] | ["toma"] | ["tomas"] => Some(TokohMasyarakat),
            ["tokoh", "pemuda"] | ["topem"] => Some(TokohPemuda),
            ["tokoh", "adat"] | ["pemangku", "adat"] => Some(TokohAdat),
            ["tokoh", "perempuan"] | ["tokoh", "wanita"] => Some(TokohPerempuan),
            ["pribadi"] | ["perorangan"] | ["perseorangan"] | ["individu"] | ["umum"] | ["masyarakat"] | ["warga"] => {
                Some(Individual)
            }
            _ => None,
        }
    }
    /// The words stored as the attendee's "organisation" (in the records' language).
    pub fn label(self) -> &'static str {
        use PersonalCategory::*;
        let key = match self {
            TokohAgama => "personal.tokoh_agama",
            TokohMasyarakat => "personal.tokoh_masyarakat",
            TokohPemuda => "personal.tokoh_pemuda",
            TokohAdat => "personal.tokoh_adat",
            TokohPerempuan => "personal.tokoh_perempuan",
            Individual => "personal.individual",
        };
        crate::i18n::text(crate::i18n::RECORD_LANG, key)
    }
}

/// Words that open an organisation's name and say what it is rather than which one: taken
/// off (again and again) before names are compared, the first kind they name kept.
const PREFIXES: &[(&[&str], Option<OrgKind>)] = &[
    (&["pemerintah", "desa"], Some(OrgKind::VillageGovernment)),
    (&["pemerintah", "kelurahan"], Some(OrgKind::VillageGovernment)),
    (&["pemerintahan", "desa"], Some(OrgKind::VillageGovernment)),
    (&["kantor", "kepala", "desa"], Some(OrgKind::VillageGovernment)),
    (&["kantor", "desa"], Some(OrgKind::VillageGovernment)),
    (&["kantor", "kelurahan"], Some(OrgKind::VillageGovernment)),
    (&["kantor", "lurah"], Some(OrgKind::VillageGovernment)),
    (&["kepala", "desa"], Some(OrgKind::VillageGovernment)),
    (&["pemdes"], Some(OrgKind::VillageGovernment)),
    (&["kades"], Some(OrgKind::VillageGovernment)),
    (&["desa"], Some(OrgKind::VillageGovernment)),
    (&["kelurahan"], Some(OrgKind::VillageGovernment)),
    (&["lurah"], Some(OrgKind::VillageGovernment)),
    (&["kantor", "camat"], Some(OrgKind::KecamatanOffice)),
    (&["kantor", "kecamatan"], Some(OrgKind::KecamatanOffice)),
    (&["camat"], Some(OrgKind::KecamatanOffice)),
    (&["kecamatan"], Some(OrgKind::KecamatanOffice)),
    (&["kec"], Some(OrgKind::KecamatanOffice)),
    (&["kepolisian", "sektor"], Some(OrgKind::Polsek)),
    (&["polsek"], Some(OrgKind::Polsek)),
    (&["koramil"], Some(OrgKind::Koramil)),
    (&["puskesmas"], Some(OrgKind::Puskesmas)),
    (&["pkm"], Some(OrgKind::Puskesmas)),
    (&["pustu"], Some(OrgKind::Pustu)),
    (&["posyandu"], Some(OrgKind::Posyandu)),
    (&["polres"], Some(OrgKind::Polres)),
    (&["kodim"], Some(OrgKind::Kodim)),
    (&["tim", "penggerak", "pkk"], Some(OrgKind::Pkk)),
    (&["tp", "pkk"], Some(OrgKind::Pkk)),
    (&["pkk"], Some(OrgKind::Pkk)),
    (&["pemerintah"], None),
    (&["kantor"], None),
];

/// Short forms written out before names are compared.
const ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("kua", &["urusan", "agama"]),
    ("sdn", &["sd", "negeri"]),
    ("smpn", &["smp", "negeri"]),
    ("sman", &["sma", "negeri"]),
    ("smkn", &["smk", "negeri"]),
    ("min", &["mi", "negeri"]),
    ("mtsn", &["mts", "negeri"]),
    ("uptd", &["upt"]),
];

/// What tells an organisation's name apart: its folded words without the prefixes that only
/// say what it is ("Pemerintah Desa Panti" → `panti`), short forms written out ("KUA" →
/// `urusan agama`), and the kind the prefixes named ("Desa …" → a village government).
pub fn org_key(name: &str) -> (Option<OrgKind>, Vec<String>) {
    let mut words: Vec<String> = Vec::new();
    for w in crate::text::fold_words(name) {
        match ABBREVIATIONS.iter().find(|(a, _)| *a == w) {
            Some((_, full)) => words.extend(full.iter().map(|x| x.to_string())),
            None => words.push(w),
        }
    }
    let mut kind = None;
    let mut rest: &[String] = &words;
    'strip: loop {
        for (prefix, k) in PREFIXES {
            let n = prefix.len();
            if rest.len() >= n && rest[..n].iter().zip(prefix.iter()).all(|(a, b)| a == b) {
                kind = kind.or(*k);
                rest = &rest[n..];
                continue 'strip;
            }
        }
        break;
    }
    // "Kecamatan" and "Kabupaten" inside a name only say where it is ("KUA Kecamatan X").
    let rest = rest
        .iter()
        .filter(|w| !matches!(w.as_str(), "kecamatan" | "kec" | "kabupaten" | "kab"))
        .cloned()
        .collect();
    (kind, rest)
}

/// An organisation an attendance line may be counted for.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgCandidate {
    pub id: i64,
    pub name: String,
    pub kind: OrgKind,
    pub region_code: String,
    /// Taking part in the meeting already (host, co-host, invited, walk-in).
    pub in_meeting: bool,
}

/// Which organisation an attendance line counts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgMatch {
    Org(i64),
    /// Several fit equally: the user chooses (ids in the candidates' order).
    Ambiguous(Vec<i64>),
    /// A participant without an organisation.
    Personal(PersonalCategory),
    /// None fits: recorded under the name as typed.
    Unknown,
}

/// Whether `code` lies in `area` or `area` in it (a kecamatan partner of a Lokmin held in one
/// of its desa; the Polres of a kecamatan meeting).
fn related(code: &str, area: &str) -> bool {
    let inside = |a: &str, b: &str| a == b || (a.starts_with(b) && a[b.len()..].starts_with('.'));
    !area.is_empty() && (inside(code, area) || inside(area, code))
}

/// Matches the organisation typed on an attendance line against the meeting's organisations
/// and the registered ones, in rounds, the first that finds any deciding:
///
/// 1. the same name, folded (case, spaces and punctuation ignored);
/// 2. the same distinguishing words once the common prefixes are off ("Desa Panti" and
///    "Pemerintah Desa Panti"), of the kind the prefixes named if they named one;
/// 3. a bare kind ("Polsek", "Koramil", "Puskesmas", "Camat"): that kind's organisations.
///
/// Several found: those taking part in the meeting are preferred, then those of the meeting's
/// area (`area`, a region code); if still more than one, the line is [`OrgMatch::Ambiguous`].
/// A personal category ("tokoh agama") is [`OrgMatch::Personal`].
pub fn match_org(typed: &str, candidates: &[OrgCandidate], area: &str) -> OrgMatch {
    if let Some(p) = PersonalCategory::recognise(typed) {
        return OrgMatch::Personal(p);
    }
    let key = crate::region::name_key(typed);
    let exact: Vec<&OrgCandidate> = candidates
        .iter()
        .filter(|c| crate::region::name_key(&c.name) == key)
        .collect();
    if !exact.is_empty() {
        return narrow(exact, area);
    }
    let (kind, words) = org_key(typed);
    let fits_kind = |c: &OrgCandidate| kind.is_none_or(|k| k == c.kind);
    let mut found: Vec<&OrgCandidate> = if words.is_empty() {
        match kind {
            Some(_) => candidates.iter().filter(|c| fits_kind(c)).collect(),
            None => Vec::new(),
        }
    } else {
        candidates
            .iter()
            .filter(|c| fits_kind(c) && org_key(&c.name).1 == words)
            .collect()
    };
    if found.is_empty() {
        return OrgMatch::Unknown;
    }
    // A bare "Desa" or "Posyandu" names one of many in every kecamatan: never a guess.
    let per_desa = matches!(
        kind,
        Some(OrgKind::VillageGovernment | OrgKind::Posyandu | OrgKind::Pkk | OrgKind::Pustu)
    );
    if words.is_empty() && per_desa {
        found.retain(|c| related(&c.region_code, area));
        return match found.as_slice() {
            [] => OrgMatch::Unknown,
            [one] => OrgMatch::Org(one.id),
            _ => OrgMatch::Ambiguous(found.iter().map(|c| c.id).collect()),
        };
    }
    narrow(found, area)
}

fn narrow(mut found: Vec<&OrgCandidate>, area: &str) -> OrgMatch {
    let mut seen = std::collections::HashSet::new();
    found.retain(|c| seen.insert(c.id));
    let in_meeting = |c: &&OrgCandidate| c.in_meeting;
    let in_area = |c: &&OrgCandidate| related(&c.region_code, area);
    if found.len() > 1 && found.iter().any(in_meeting) {
        found.retain(in_meeting);
    }
    if found.len() > 1 && found.iter().any(in_area) {
        found.retain(in_area);
    }
    match found.as_slice() {
        [one] => OrgMatch::Org(one.id),
        _ => OrgMatch::Ambiguous(found.iter().map(|c| c.id).collect()),
    }
}

/// The user's answer for one line of the attendance preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineChoice {
    Org(i64),
    /// Record the organisation's name as typed (an organisation not registered).
    AsTyped,
    Personal(PersonalCategory),
}

impl LineChoice {
    /// `org:12`, `typed`, `personal:tokoh_agama`.
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let s = s.trim();
        if s == "typed" {
            return Ok(LineChoice::AsTyped);
        }
        if let Some(id) = s.strip_prefix("org:") {
            return id.parse().map(LineChoice::Org).map_err(|_| "choice.unknown");
        }
        if let Some(p) = s.strip_prefix("personal:") {
            return PersonalCategory::parse(p).map(LineChoice::Personal);
        }
        Err("choice.unknown")
    }
    pub fn value(self) -> String {
        match self {
            LineChoice::Org(id) => format!("org:{id}"),
            LineChoice::AsTyped => "typed".into(),
            LineChoice::Personal(p) => format!("personal:{p}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    #[test]
    fn tribulanan_meets_in_feb_may_aug_nov() {
        let d = schedule(2024, ForumKind::LokminTribulanan.default_months(), Weekday::Tue, 2);
        let months: Vec<u32> = d.iter().map(|d| d.month()).collect();
        assert_eq!(months, vec![2, 5, 8, 11]);
        assert!(
            d.iter()
                .all(|d| d.weekday() == Weekday::Tue && (8..=14).contains(&d.day()))
        );
    }

    #[test]
    fn fifth_weekday_falls_back_to_the_last() {
        let d = nth_weekday(2024, 2, Weekday::Mon, 5).unwrap_or_default();
        assert_eq!(d, NaiveDate::from_ymd_opt(2024, 2, 26).unwrap_or_default());
    }

    fn meeting() -> MeetingInput {
        MeetingInput {
            title: " Lokmin Februari ".into(),
            kind: ForumKind::LokminBulanan,
            forum_id: None,
            host_org_id: 2,
            level: MeetingLevel::Kecamatan,
            held_on: NaiveDate::from_ymd_opt(2024, 2, 5).unwrap_or_default(),
            start_time: Some("9.30".into()),
            place: Some(" ".into()),
            chair: None,
            first_of_year: false,
        }
    }

    #[test]
    fn a_checked_meeting_is_normalised() {
        let Ok(m) = meeting().check() else { panic!("valid") };
        assert_eq!(m.title, "Lokmin Februari");
        assert_eq!((m.start_time.as_deref(), m.place), (Some("09:30"), None));
        let bad = MeetingInput {
            title: " ".into(),
            start_time: Some("25:00".into()),
            chair: Some("c".repeat(201)),
            ..meeting()
        };
        let Err(e) = bad.check() else { panic!("invalid") };
        let got: Vec<_> = e.0.iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(
            got,
            [
                ("title", "required"),
                ("start_time", "time.format"),
                ("chair", "too_long")
            ]
        );
    }

    #[test]
    fn a_forum_needs_a_name() {
        let f = ForumInput {
            name: "  ".into(),
            kind: ForumKind::Other,
            org_id: 1,
            level: MeetingLevel::District,
        };
        assert_eq!(
            f.clone().check().err().and_then(|e| e.code_for("name")),
            Some("required")
        );
        let named = ForumInput {
            name: " Rakor ".into(),
            ..f
        };
        assert_eq!(named.check().map(|f| f.name), Ok("Rakor".to_string()));
    }

    #[test]
    fn an_attendee_is_a_person_or_a_name_with_an_organisation() {
        let walk_in = AttendeeInput {
            person_id: None,
            name: " ".into(),
            org_id: None,
            org_name: None,
            position: None,
        };
        let Err(e) = walk_in.clone().check() else {
            panic!("invalid")
        };
        assert_eq!(
            (e.code_for("name"), e.code_for("org_name")),
            (Some("required"), Some("attendance.org_required"))
        );
        let known = AttendeeInput {
            person_id: Some(7),
            org_id: Some(3),
            position: Some(" Camat ".into()),
            ..walk_in
        };
        let Ok(a) = known.check() else { panic!("valid") };
        assert_eq!((a.name.as_str(), a.position.as_deref()), ("", Some("Camat")));
    }

    #[test]
    fn attendance_lines_name_the_bad_line() {
        let r = parse_attendance_lines("Budi; Polsek Kedurang; Kapolsek\n\nSiti\n");
        let e = r.err().unwrap_or_default();
        assert_eq!(e.0.len(), 1);
        assert!(e.0[0].detail.as_deref().unwrap_or("").starts_with("3:"));
        let ok = parse_attendance_lines("Budi, Koramil Kedurang\n\nAni\tSD 1 Kedurang\tGuru").unwrap_or_default();
        assert_eq!(ok.len(), 2);
        assert_eq!((ok[1].line, ok[1].position.as_deref()), (3, Some("Guru")));
    }
    fn cand(id: i64, name: &str, kind: OrgKind, region: &str, in_meeting: bool) -> OrgCandidate {
        OrgCandidate {
            id,
            name: name.into(),
            kind,
            region_code: region.into(),
            in_meeting,
        }
    }

    /// A Lokmin of Kecamatan Sarolangun (15.03.03) and what the registry holds around it.
    fn registry() -> Vec<OrgCandidate> {
        vec![
            cand(1, "Puskesmas Sarolangun", OrgKind::Puskesmas, "15.03.03", true),
            cand(
                2,
                "Pemerintah Desa Panti",
                OrgKind::VillageGovernment,
                "15.03.03.2004",
                true,
            ),
            cand(3, "Polsek Sarolangun", OrgKind::Polsek, "15.03.03", true),
            cand(4, "Polsek Pauh", OrgKind::Polsek, "15.03.04", false),
            cand(5, "Koramil Sarolangun", OrgKind::Koramil, "15.03.03", false),
            cand(6, "Koramil Pauh", OrgKind::Koramil, "15.03.04", false),
            cand(7, "Posyandu Panti", OrgKind::Posyandu, "15.03.03.2004", false),
            cand(8, "TP PKK Desa Panti", OrgKind::Pkk, "15.03.03.2004", false),
            cand(9, "Kantor Camat Sarolangun", OrgKind::KecamatanOffice, "15.03.03", true),
            cand(
                10,
                "Pemerintah Desa Desa Baru",
                OrgKind::VillageGovernment,
                "15.03.03.2024",
                false,
            ),
            cand(
                11,
                "Pemerintah Desa Desa Baru",
                OrgKind::VillageGovernment,
                "15.03.07.2003",
                false,
            ),
            cand(
                12,
                "Kantor Urusan Agama Kecamatan Sarolangun",
                OrgKind::Other,
                "15.03.03",
                false,
            ),
            cand(13, "Puskesmas Sarolangun Kota", OrgKind::Puskesmas, "15.03.03", false),
            cand(14, "Polres Sarolangun", OrgKind::Polres, "15.03", false),
            cand(15, "SD Negeri 1 Sarolangun", OrgKind::School, "15.03.03.1001", false),
        ]
    }

    fn m(typed: &str) -> OrgMatch {
        match_org(typed, &registry(), "15.03.03")
    }

    #[test]
    fn a_desa_is_found_without_its_prefix() {
        for typed in [
            "Desa Panti",
            "desa panti",
            "Pemdes Panti",
            "Kantor Desa Panti",
            "PEMERINTAH DESA PANTI",
            "Pemerintah Desa  Panti.",
            "Kepala Desa Panti",
        ] {
            assert_eq!(m(typed), OrgMatch::Org(2), "{typed}");
        }
        // "Panti" alone: the village government, the Posyandu and the PKK fit; the one
        // taking part in the meeting is meant.
        assert_eq!(m("Panti"), OrgMatch::Org(2));
        // The kind the prefix names is kept apart: the PKK of the desa is not its government.
        assert_eq!(m("PKK Desa Panti"), OrgMatch::Org(8));
        assert_eq!(m("Posyandu Panti"), OrgMatch::Org(7));
    }

    #[test]
    fn a_bare_kind_resolves_to_the_one_of_the_meetings_area() {
        assert_eq!(m("Polsek"), OrgMatch::Org(3));
        assert_eq!(m("polsek sarolangun"), OrgMatch::Org(3));
        assert_eq!(m("Polsek Kec. Sarolangun"), OrgMatch::Org(3));
        // Koramil Sarolangun is not invited, but is the one of the area.
        assert_eq!(m("Koramil"), OrgMatch::Org(5));
        assert_eq!(m("Camat"), OrgMatch::Org(9));
        assert_eq!(m("Kecamatan Sarolangun"), OrgMatch::Org(9));
        assert_eq!(m("Polres"), OrgMatch::Org(14));
        // Both Puskesmas of the town are of the area; the host takes part.
        assert_eq!(m("Puskesmas"), OrgMatch::Org(1));
        assert_eq!(m("PKM Sarolangun Kota"), OrgMatch::Org(13));
        assert_eq!(m("KUA Sarolangun"), OrgMatch::Org(12));
        assert_eq!(m("KUA Kecamatan Sarolangun"), OrgMatch::Org(12));
        assert_eq!(m("SDN 1 Sarolangun"), OrgMatch::Org(15));
        // A district meeting that invited no Polsek has several: the user chooses.
        let none_invited: Vec<OrgCandidate> = registry()
            .into_iter()
            .map(|c| OrgCandidate { in_meeting: false, ..c })
            .collect();
        assert_eq!(
            match_org("Polsek", &none_invited, "15.03"),
            OrgMatch::Ambiguous(vec![3, 4])
        );
    }

    #[test]
    fn two_of_one_name_ask() {
        // Desa Baru is a desa of Sarolangun and of Air Hitam: the meeting's area decides.
        assert_eq!(m("Desa Baru"), OrgMatch::Org(10));
        assert_eq!(
            match_org("Desa Baru", &registry(), "15.03"),
            OrgMatch::Ambiguous(vec![10, 11])
        );
        assert_eq!(
            match_org("Pemerintah Desa Desa Baru", &registry(), "15.03"),
            OrgMatch::Ambiguous(vec![10, 11])
        );
        assert_eq!(
            match_org("Desa", &registry(), "15.03.03"),
            OrgMatch::Ambiguous(vec![2, 10])
        );
    }

    #[test]
    fn unknown_organisations_and_people_without_one() {
        assert_eq!(m("Posyandu X"), OrgMatch::Unknown);
        assert_eq!(m("Karang Taruna Panti Jaya"), OrgMatch::Unknown);
        assert_eq!(m("Tokoh Agama"), OrgMatch::Personal(PersonalCategory::TokohAgama));
        assert_eq!(m("toma"), OrgMatch::Personal(PersonalCategory::TokohMasyarakat));
        assert_eq!(m("tokoh pemuda"), OrgMatch::Personal(PersonalCategory::TokohPemuda));
        assert_eq!(m("-"), OrgMatch::Personal(PersonalCategory::Individual));
        assert_eq!(PersonalCategory::TokohAgama.label(), "Tokoh agama");
    }

    #[test]
    fn a_line_choice_reads_back_what_it_writes() {
        for c in [
            LineChoice::Org(12),
            LineChoice::AsTyped,
            LineChoice::Personal(PersonalCategory::TokohAdat),
        ] {
            assert_eq!(LineChoice::parse(&c.value()), Ok(c));
        }
        assert_eq!(LineChoice::parse("org:x"), Err("choice.unknown"));
        assert_eq!(LineChoice::parse(""), Err("choice.unknown"));
    }
}
