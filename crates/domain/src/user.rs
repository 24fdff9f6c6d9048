//! Accounts: roles, usernames and the password policy.

use crate::enums::str_enum;
use crate::error::{Invalid, required_text};
use serde::Deserialize;

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

#[derive(Debug, Clone, Default, Deserialize)]
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
    #[serde(default)]
    pub active: Option<String>,
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

fn opt_id(s: &str) -> Result<Option<i64>, &'static str> {
    match s.trim() {
        "" => Ok(None),
        t => t.parse().map(Some).map_err(|_| "number.format"),
    }
}

impl UserForm {
    /// `new` requires a password; an edit may leave it empty.
    pub fn validate(&self, new: bool) -> Result<UserInput, Invalid> {
        let mut inv = Invalid::new();
        let username = inv.check("username", parse_username(&self.username));
        let display_name = inv.check("display_name", required_text(&self.display_name, 200));
        let role = inv.check(
            "role",
            if self.role.is_empty() {
                Err("required")
            } else {
                Role::parse(&self.role)
            },
        );
        let org_id = inv.check("org_id", opt_id(&self.org_id));
        let person_id = inv.check("person_id", opt_id(&self.person_id));
        if let (Some(r), Some(None)) = (role, org_id)
            && r.needs_org()
        {
            inv.add("org_id", "user.org_required");
        }
        let password = if self.password.is_empty() && !new {
            Some(None)
        } else {
            inv.check(
                "password",
                check_password(&self.password).map(|_| Some(self.password.clone())),
            )
        };
        let active = self.active.as_deref().map(|v| v != "false" && v != "0").unwrap_or(new);
        match (username, display_name, role, org_id, person_id, password) {
            (Some(username), Some(display_name), Some(role), Some(org_id), Some(person_id), Some(password))
                if inv.is_empty() =>
            {
                Ok(UserInput {
                    username,
                    display_name,
                    role,
                    org_id,
                    person_id,
                    password,
                    active,
                })
            }
            _ => Err(inv),
        }
    }
}
