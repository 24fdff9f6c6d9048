//! The text table lives in `domain::i18n` so that `app` and the binary can use it too; this
//! module keeps `crate::i18n::…` working in the web layer.

pub use domain::i18n::*;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every validation code written in the domain and app sources has a message in both
    /// languages (store constraint names, which the app maps to codes, are not messages).
    #[test]
    fn every_validation_code_has_a_message() {
        let sources = [
            include_str!("../../domain/src/error.rs"),
            include_str!("../../domain/src/org.rs"),
            include_str!("../../domain/src/person.rs"),
            include_str!("../../domain/src/region.rs"),
            include_str!("../../domain/src/user.rs"),
            include_str!("../../domain/src/meeting.rs"),
            include_str!("../../domain/src/problem.rs"),
            include_str!("../../domain/src/action.rs"),
            include_str!("../../domain/src/agreement.rs"),
            include_str!("../../app/src/meeting.rs"),
            include_str!("../../app/src/problem.rs"),
            include_str!("../../app/src/action.rs"),
            include_str!("../../app/src/agreement.rs"),
            include_str!("../../app/src/import.rs"),
            include_str!("../../interop/src/eppgbm.rs"),
            include_str!("../../domain/src/nutrition.rs"),
            include_str!("../../app/src/nutrition.rs"),
            include_str!("../../app/src/followup.rs"),
            include_str!("../../app/src/children.rs"),
            include_str!("../../domain/src/posyandu.rs"),
            include_str!("../../app/src/posyandu.rs"),
            include_str!("../../app/src/auth.rs"),
            include_str!("../../app/src/error.rs"),
            include_str!("../../app/src/org.rs"),
            include_str!("../../app/src/person.rs"),
            include_str!("../../app/src/region.rs"),
            include_str!("../../app/src/user.rs"),
        ];
        let constraint_names = [
            "organizations.code",
            "org_identifiers.value",
            "org_identifiers.system",
            "wilayah_kerja.desa_code",
            "people.nik",
            "users.username",
        ];
        let mut missing = Vec::new();
        for src in sources {
            for lit in src.split('"').skip(1).step_by(2) {
                let is_code = lit.contains('.')
                    && lit.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
                    && !lit.starts_with('.')
                    && !lit.ends_with('.');
                if is_code && !constraint_names.contains(&lit) && !has(lit) {
                    missing.push(lit.to_string());
                }
            }
        }
        for plain in ["required", "too_long", "conflict"] {
            assert!(has(plain));
        }
        assert!(missing.is_empty(), "codes without a message: {missing:?}");
    }
}
