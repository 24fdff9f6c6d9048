//! The account form: what an administrator types, read into a [`UserInput`].

use super::Reader;
use domain::Invalid;
use domain::user::{Role, UserInput};

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct UserForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub org_id: String,
    #[serde(default)]
    pub person_id: String,
    #[serde(default)]
    pub password: String,
    /// `None` when the form had no such field (a new account is active).
    #[serde(default)]
    pub active: Option<String>,
}

impl UserForm {
    /// `new` requires a password; on edit an empty one keeps the current password.
    pub fn input(&self, new: bool) -> Result<UserInput, Invalid> {
        let mut r = Reader::new();
        let input = UserInput {
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: r.word("role", &self.role, Role::parse, Role::Admin),
            org_id: r.opt_id("org_id", &self.org_id),
            person_id: r.opt_id("person_id", &self.person_id),
            password: (new || !self.password.is_empty()).then(|| self.password.clone()),
            active: self.active.as_ref().map_or(new, |_| super::checkbox(&self.active)),
        };
        r.finish(input, |i| i.check(new))
    }

    /// The form of a stored account (the password field stays empty).
    pub fn of(u: &store::user::User) -> Self {
        UserForm {
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: u.role.to_string(),
            org_id: u.org_id.map(|o| o.to_string()).unwrap_or_default(),
            person_id: u.person_id.map(|o| o.to_string()).unwrap_or_default(),
            password: String::new(),
            active: Some(u.active.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_and_rule_errors_come_together() {
        let f = UserForm {
            username: "x".into(),
            role: "superuser".into(),
            org_id: "abc".into(),
            ..Default::default()
        };
        let Err(e) = f.input(true) else { panic!("invalid") };
        let got: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("role", "choice.unknown"),
                ("org_id", "number.format"),
                ("username", "username.short"),
                ("display_name", "required"),
                ("password", "password.short")
            ]
        );
    }

    #[test]
    fn a_good_form_reads_into_the_typed_input() {
        let f = UserForm {
            username: "Kader-Mawar".into(),
            display_name: "Kader Mawar".into(),
            role: "kader".into(),
            org_id: "12".into(),
            password: "rahasia-panjang".into(),
            active: Some("false".into()),
            ..Default::default()
        };
        let Ok(u) = f.input(false) else { panic!("valid") };
        assert_eq!(u.username, "kader-mawar");
        assert_eq!((u.role, u.org_id, u.active), (Role::Kader, Some(12), false));
        assert_eq!(u.password.as_deref(), Some("rahasia-panjang"));
        let keep = UserForm {
            password: String::new(),
            ..f
        }
        .input(false);
        assert_eq!(keep.map(|k| k.password), Ok(None));
    }
}
