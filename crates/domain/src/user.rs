//! Accounts: roles, usernames and the password policy.

use crate::enums::str_enum;
use crate::error::{Invalid, required_text};

str_enum! {
    /// What an account may do; its reach is set by its scope organisation (see `access`).
    Role {
        Admin = "admin",
        Dinkes = "dinkes",
        Puskesmas = "puskesmas",
        Kader = "kader",
        Partner = "partner",
        Viewer = "viewer",
    }
}

impl Role {
    /// Whether this role needs a scope organisation (all but admin).
    pub fn needs_org(self) -> bool {
        self != Role::Admin
    }
}

/// Lower-case letters, digits, `.`, `_`, `-`; 3–60 characters.
pub fn parse_username(s: &str) -> Result<String, &'static str> {
    let t = s.trim().to_ascii_lowercase();
    if t.len() < 3 {
        return Err("username.short");
    }
    if t.len() > 60 {
        return Err("too_long");
    }
    if !t
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Err("username.format");
    }
    Ok(t)
}

/// At least 10 characters (NIST SP 800-63B favours length over composition rules).
pub fn check_password(p: &str) -> Result<(), &'static str> {
    if p.chars().count() < 10 {
        Err("password.short")
    } else if p.len() > 200 {
        Err("too_long")
    } else {
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub org_id: Option<i64>,
    pub person_id: Option<i64>,
    /// `None` on edit means "keep the current password".
    pub password: Option<String>,
    pub active: bool,
}

impl UserInput {
    /// The account rules: a well-formed username, a display name, a scope organisation for
    /// every role but admin, and a password of the policy's length — required for a `new`
    /// account, `None` on edit keeps the current one. Returns the input normalised (username
    /// in lower case, text trimmed).
    pub fn check(self, new: bool) -> Result<UserInput, Invalid> {
        let mut inv = Invalid::new();
        let username = inv.check("username", parse_username(&self.username));
        let display_name = inv.check("display_name", required_text(&self.display_name, 200));
        if self.role.needs_org() && self.org_id.is_none() {
            inv.add("org_id", "user.org_required");
        }
        match &self.password {
            Some(p) => {
                inv.check("password", check_password(p));
            }
            None if new => inv.add("password", "password.short"),
            None => {}
        }
        match (username, display_name) {
            (Some(username), Some(display_name)) if inv.is_empty() => Ok(UserInput {
                username,
                display_name,
                ..self
            }),
            _ => Err(inv),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> UserInput {
        UserInput {
            username: " Bidan-Ani ".into(),
            display_name: " Ani ".into(),
            role: Role::Kader,
            org_id: Some(4),
            person_id: None,
            password: Some("panjang-sekali".into()),
            active: true,
        }
    }

    #[test]
    fn a_checked_account_is_normalised() {
        let Ok(u) = input().check(true) else { panic!("valid") };
        assert_eq!((u.username.as_str(), u.display_name.as_str()), ("bidan-ani", "Ani"));
    }

    #[test]
    fn every_rule_names_its_field() {
        let bad = UserInput {
            username: "a".into(),
            display_name: " ".into(),
            org_id: None,
            password: Some("pendek".into()),
            ..input()
        };
        let Err(e) = bad.check(true) else { panic!("invalid") };
        let fields: Vec<_> = e.0.iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(
            fields,
            [
                ("username", "username.short"),
                ("display_name", "required"),
                ("org_id", "user.org_required"),
                ("password", "password.short")
            ]
        );
    }

    #[test]
    fn a_new_account_needs_a_password_an_edit_keeps_it() {
        let none = UserInput {
            password: None,
            ..input()
        };
        assert_eq!(
            none.clone().check(true).err().and_then(|e| e.code_for("password")),
            Some("password.short")
        );
        assert!(none.check(false).is_ok());
        let admin = UserInput {
            role: Role::Admin,
            org_id: None,
            ..input()
        };
        assert!(admin.check(true).is_ok());
    }
}
