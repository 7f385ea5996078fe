//! Parsers from raw form input to valid values ("parse, don't validate"). Each parser reports
//! every problem at once, by field name, and keeps what the user typed.

use super::ids::OrganizationId;
use super::roles::{OrgKind, Role};
use crate::error::{FormErrors, Problem};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// A checkbox as a form sends it: a ticked box posts its value (`on`), an unticked one is left
/// out (the form struct's `#[serde(default)]` makes that `false`). Written back as `on` or
/// nothing, so a form struct reads what it writes. Use with `#[serde(with = "checkbox")]`.
pub mod checkbox {
    use serde::{Deserializer, Serializer, de};

    pub fn serialize<S: Serializer>(ticked: &bool, out: S) -> Result<S::Ok, S::Error> {
        out.serialize_str(if *ticked { "on" } else { "" })
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<bool, D::Error> {
        struct Ticked;
        impl de::Visitor<'_> for Ticked {
            type Value = bool;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a checkbox's value")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<bool, E> {
                Ok(!matches!(text, "" | "false" | "0" | "off"))
            }
            fn visit_bool<E: de::Error>(self, ticked: bool) -> Result<bool, E> {
                Ok(ticked)
            }
        }
        input.deserialize_str(Ticked)
    }
}

/// An email address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, Problem> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(Problem::Required);
        }
        if email.chars().count() > 254 {
            return Err(Problem::TooLong);
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(Problem::InvalidEmail);
        };
        let forbidden =
            |c: char| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\@".contains(c);
        let domain_ok = domain.contains('.')
            && !domain.starts_with(['.', '-'])
            && !domain.ends_with(['.', '-'])
            && !domain.contains("..")
            && !domain.contains(forbidden);
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && !local.contains(forbidden);
        if domain_ok && local_ok {
            Ok(Email(email))
        } else {
            Err(Problem::InvalidEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Trims `raw` and checks its length in characters; `None` for an empty optional value.
pub(crate) fn text(raw: &str, max: usize, required: bool) -> Result<Option<String>, Problem> {
    let value = raw.trim();
    if value.is_empty() {
        return if required {
            Err(Problem::Required)
        } else {
            Ok(None)
        };
    }
    if value.chars().count() > max {
        return Err(Problem::TooLong);
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Problem::ControlCharacters);
    }
    Ok(Some(value.to_owned()))
}

/// Records a field's problem in `errors`, giving back the value if there was none.
pub(crate) fn check<T>(
    errors: &mut FormErrors,
    field: &str,
    result: Result<T, Problem>,
) -> Option<T> {
    result.map_err(|problem| errors.add(field, problem)).ok()
}

pub(crate) fn choice<T>(raw: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, Problem> {
    if raw.trim().is_empty() {
        return Err(Problem::Required);
    }
    parse(raw).ok_or(Problem::UnknownChoice)
}

pub(crate) fn optional_code(raw: &str) -> Result<Option<String>, Problem> {
    let code = raw.trim();
    if code.is_empty() {
        return Ok(None);
    }
    // Official codes look like KG08213000000.
    let valid =
        code.len() == 13 && code.starts_with("KG") && code[2..].bytes().all(|b| b.is_ascii_digit());
    if valid {
        Ok(Some(code.to_owned()))
    } else {
        Err(Problem::UnknownChoice)
    }
}

/// An organisation as typed into its form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganizationForm {
    pub kind: String,
    pub name_ky: String,
    pub name_ru: String,
    pub name_en: String,
    pub region_code: String,
    pub district_code: String,
    pub municipality_code: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub address: String,
    #[serde(with = "checkbox")]
    pub is_active: bool,
}

/// A valid organisation, ready to be saved (territory codes are checked against the database
/// by the service that saves it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganizationInput {
    pub kind: OrgKind,
    pub name_ky: String,
    pub name_ru: String,
    pub name_en: String,
    pub region_code: Option<String>,
    pub district_code: Option<String>,
    pub municipality_code: Option<String>,
    pub contact_email: Option<Email>,
    pub contact_phone: Option<String>,
    pub address: Option<String>,
    pub is_active: bool,
}

impl OrganizationForm {
    fn values(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("kind", self.kind.as_str()),
            ("name_ky", &self.name_ky),
            ("name_ru", &self.name_ru),
            ("name_en", &self.name_en),
            ("region_code", &self.region_code),
            ("district_code", &self.district_code),
            ("municipality_code", &self.municipality_code),
            ("contact_email", &self.contact_email),
            ("contact_phone", &self.contact_phone),
            ("address", &self.address),
            ("is_active", if self.is_active { "on" } else { "" }),
        ]
    }

    /// Keeps the typed values in `errors`, for showing the form again.
    pub fn fail(&self, errors: FormErrors) -> crate::error::AppError {
        crate::error::AppError::Invalid(errors.with_values(self.values()))
    }
}

impl OrganizationInput {
    pub fn parse(form: &OrganizationForm) -> Result<OrganizationInput, crate::error::AppError> {
        let mut errors = FormErrors::new();
        let kind = check(&mut errors, "kind", choice(&form.kind, OrgKind::parse));
        let name_ky = check(&mut errors, "name_ky", text(&form.name_ky, 300, true));
        let name_ru = check(&mut errors, "name_ru", text(&form.name_ru, 300, true));
        let name_en = check(&mut errors, "name_en", text(&form.name_en, 300, false));
        let region_code = check(&mut errors, "region_code", optional_code(&form.region_code));
        let district_code = check(
            &mut errors,
            "district_code",
            optional_code(&form.district_code),
        );
        let municipality_code = check(
            &mut errors,
            "municipality_code",
            optional_code(&form.municipality_code),
        );
        let contact_email = check(
            &mut errors,
            "contact_email",
            if form.contact_email.trim().is_empty() {
                Ok(None)
            } else {
                Email::parse(&form.contact_email).map(Some)
            },
        );
        let contact_phone = check(
            &mut errors,
            "contact_phone",
            text(&form.contact_phone, 100, false),
        );
        let address = check(&mut errors, "address", text(&form.address, 500, false));

        if let Some(kind) = kind
            && kind.requires_territory()
        {
            // The district is checked by the service: Bishkek and Osh have none.
            if matches!(region_code, Some(None)) {
                errors.add("region_code", Problem::TerritoryRequired);
            }
        }
        if let (Some(Some(region)), Some(Some(district))) = (&region_code, &district_code) {
            // A district's code begins with its region's four characters (KG08 → KG08213…).
            if region[..4] != district[..4] {
                errors.add("district_code", Problem::DistrictNotInRegion);
            }
        }
        if let (Some(Some(district)), Some(Some(municipality))) =
            (&district_code, &municipality_code)
            && district[..7] != municipality[..7]
        {
            errors.add("municipality_code", Problem::MunicipalityNotInDistrict);
        }
        let (
            Some(kind),
            Some(Some(name_ky)),
            Some(Some(name_ru)),
            Some(name_en),
            Some(region_code),
            Some(district_code),
            Some(municipality_code),
            Some(contact_email),
            Some(contact_phone),
            Some(address),
            true,
        ) = (
            kind,
            name_ky,
            name_ru,
            name_en,
            region_code,
            district_code,
            municipality_code,
            contact_email,
            contact_phone,
            address,
            errors.is_empty(),
        )
        else {
            return Err(form.fail(errors));
        };
        Ok(OrganizationInput {
            kind,
            name_ky,
            name_ru,
            name_en: name_en.unwrap_or_default(),
            region_code,
            district_code,
            municipality_code,
            contact_email,
            contact_phone,
            address,
            is_active: form.is_active,
        })
    }
}

/// A user account as typed into its form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserForm {
    pub full_name: String,
    pub email: String,
    pub organization_id: String,
    pub role: String,
    pub language: String,
    #[serde(with = "checkbox")]
    pub is_active: bool,
}

/// A valid user account, ready to be saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserInput {
    pub full_name: String,
    pub email: Email,
    pub organization_id: OrganizationId,
    pub role: Role,
    pub language: Lang,
    pub is_active: bool,
}

impl UserForm {
    fn values(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("full_name", self.full_name.as_str()),
            ("email", &self.email),
            ("organization_id", &self.organization_id),
            ("role", &self.role),
            ("language", &self.language),
            ("is_active", if self.is_active { "on" } else { "" }),
        ]
    }

    pub fn fail(&self, errors: FormErrors) -> crate::error::AppError {
        crate::error::AppError::Invalid(errors.with_values(self.values()))
    }
}

impl UserInput {
    pub fn parse(form: &UserForm) -> Result<UserInput, crate::error::AppError> {
        let mut errors = FormErrors::new();
        let full_name = check(&mut errors, "full_name", text(&form.full_name, 200, true));
        let email = check(&mut errors, "email", Email::parse(&form.email));
        let organization_id = check(
            &mut errors,
            "organization_id",
            choice(&form.organization_id, |s| s.parse::<OrganizationId>().ok()),
        );
        let role = check(&mut errors, "role", choice(&form.role, Role::parse));
        let language = check(&mut errors, "language", choice(&form.language, Lang::parse));
        match (full_name, email, organization_id, role, language) {
            (
                Some(Some(full_name)),
                Some(email),
                Some(organization_id),
                Some(role),
                Some(language),
            ) if errors.is_empty() => Ok(UserInput {
                full_name,
                email,
                organization_id,
                role,
                language,
                is_active: form.is_active,
            }),
            _ => Err(form.fail(errors)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    #[test]
    fn a_checkbox_reads_what_a_form_posts_and_what_it_writes() {
        let read = |json: &str| {
            serde_json::from_str::<UserForm>(json)
                .expect("a user form")
                .is_active
        };
        assert!(read(r#"{"is_active": "on"}"#));
        assert!(!read(r#"{"full_name": "A"}"#));
        assert!(!read(r#"{"is_active": ""}"#));
        let ticked = UserForm {
            is_active: true,
            ..UserForm::default()
        };
        let written = serde_json::to_string(&ticked).expect("written");
        assert_eq!(
            serde_json::from_str::<UserForm>(&written).ok(),
            Some(ticked)
        );
    }

    fn problems(error: AppError) -> Vec<(String, Problem)> {
        error
            .form_errors()
            .map(|e| e.problems.clone())
            .unwrap_or_default()
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Aida@Gov.KG ").map(|e| e.as_str().to_owned()),
            Ok("aida@gov.kg".into())
        );
        assert_eq!(Email::parse(""), Err(Problem::Required));
        for bad in [
            "aida",
            "aida@",
            "@gov.kg",
            "aida@gov",
            "ai da@gov.kg",
            "a@b..kg",
            ".a@gov.kg",
            "a@-gov.kg",
        ] {
            assert_eq!(Email::parse(bad), Err(Problem::InvalidEmail), "{bad}");
        }
        assert_eq!(
            Email::parse(&format!("{}@gov.kg", "a".repeat(260))),
            Err(Problem::TooLong)
        );
    }

    fn ngo_form() -> OrganizationForm {
        OrganizationForm {
            kind: "ngo".into(),
            name_ky: "Жашыл кадам".into(),
            name_ru: "Зелёный шаг".into(),
            is_active: true,
            ..Default::default()
        }
    }

    #[test]
    fn a_minimal_organisation_parses() {
        let input = OrganizationInput::parse(&ngo_form()).expect("valid");
        assert_eq!(input.kind, OrgKind::Ngo);
        assert_eq!(input.name_en, "");
        assert_eq!(input.region_code, None);
        assert!(input.is_active);
    }

    #[test]
    fn organisation_problems_are_reported_together_and_values_kept() {
        let form = OrganizationForm {
            kind: "bank".into(),
            name_ky: " ".into(),
            name_ru: "x".repeat(301),
            contact_email: "not-an-email".into(),
            ..Default::default()
        };
        let error = OrganizationInput::parse(&form).expect_err("invalid");
        let found = problems(error.clone());
        assert!(found.contains(&("kind".into(), Problem::UnknownChoice)));
        assert!(found.contains(&("name_ky".into(), Problem::Required)));
        assert!(found.contains(&("name_ru".into(), Problem::TooLong)));
        assert!(found.contains(&("contact_email".into(), Problem::InvalidEmail)));
        assert_eq!(
            error.form_errors().and_then(|e| e.value("contact_email")),
            Some("not-an-email")
        );
    }

    #[test]
    fn a_local_government_needs_its_region() {
        let form = OrganizationForm {
            kind: "local_government".into(),
            ..ngo_form()
        };
        let found = problems(OrganizationInput::parse(&form).expect_err("needs territory"));
        assert_eq!(
            found,
            vec![("region_code".into(), Problem::TerritoryRequired)]
        );
    }

    #[test]
    fn the_district_must_lie_in_the_region() {
        let form = OrganizationForm {
            kind: "local_government".into(),
            region_code: "KG08000000000".into(),
            district_code: "KG02205000000".into(),
            ..ngo_form()
        };
        let found = problems(OrganizationInput::parse(&form).expect_err("wrong region"));
        assert_eq!(
            found,
            vec![("district_code".into(), Problem::DistrictNotInRegion)]
        );

        let form = OrganizationForm {
            kind: "local_government".into(),
            region_code: "KG08000000000".into(),
            district_code: "KG08213000000".into(),
            municipality_code: "KG08214826000".into(),
            ..ngo_form()
        };
        let found = problems(OrganizationInput::parse(&form).expect_err("wrong district"));
        assert_eq!(
            found,
            vec![(
                "municipality_code".into(),
                Problem::MunicipalityNotInDistrict
            )]
        );
    }

    #[test]
    fn malformed_territory_codes_are_refused() {
        let form = OrganizationForm {
            region_code: "KG08'; drop".into(),
            ..ngo_form()
        };
        let found = problems(OrganizationInput::parse(&form).expect_err("bad code"));
        assert_eq!(found, vec![("region_code".into(), Problem::UnknownChoice)]);
    }

    #[test]
    fn users_parse_with_every_field_checked() {
        let form = UserForm {
            full_name: " Айгүл Осмонова ".into(),
            email: "Aigul@Example.kg".into(),
            organization_id: "3".into(),
            role: "reporter".into(),
            language: "ky".into(),
            is_active: true,
        };
        let input = UserInput::parse(&form).expect("valid");
        assert_eq!(input.full_name, "Айгүл Осмонова");
        assert_eq!(input.email.as_str(), "aigul@example.kg");
        assert_eq!(input.organization_id, OrganizationId(3));
        assert_eq!(input.role, Role::Reporter);
        assert_eq!(input.language, Lang::Ky);

        let bad = UserForm {
            organization_id: "three".into(),
            role: "king".into(),
            language: "".into(),
            ..form
        };
        let found = problems(UserInput::parse(&bad).expect_err("invalid"));
        assert!(found.contains(&("organization_id".into(), Problem::UnknownChoice)));
        assert!(found.contains(&("role".into(), Problem::UnknownChoice)));
        assert!(found.contains(&("language".into(), Problem::Required)));
    }
}
