//! What the register's pages are sent: the searchable list, one substance, the form, and the
//! public list of substances under national control.

use super::inputs::SubstanceForm;
use super::kinds::{ChemicalGroup, InternationalStatus, NationalList};
use crate::domain::ids::SubstanceId;
use crate::domain::views::Trilingual;
use serde::{Deserialize, Serialize};
use time::Date;

/// One substance as the register lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubstanceRow {
    pub id: SubstanceId,
    pub name: Trilingual,
    pub synonyms: Vec<String>,
    pub cas_number: Option<String>,
    pub chemical_group: ChemicalGroup,
    pub national_list: Option<NationalList>,
    pub controlled_since: Option<Date>,
    pub international_status: InternationalStatus,
}

/// What the register is narrowed by: any name or identifier, and the chemical group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubstanceFilter {
    pub q: String,
    pub group: Option<ChemicalGroup>,
}

impl SubstanceFilter {
    /// The filter a query string holds: the words without control characters (no name has
    /// them, and PostgreSQL refuses a NUL), at most 200 characters; an unknown group is
    /// ignored.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> SubstanceFilter {
        let words = |q: String| -> String {
            let kept: String = q.chars().filter(|c| !c.is_control()).take(200).collect();
            kept.trim().to_owned()
        };
        SubstanceFilter {
            q: get("q").map(words).unwrap_or_default(),
            group: get("group").and_then(|g| ChemicalGroup::parse(&g)),
        }
    }
}

/// The register: the substances the filter finds, and whether the caller may add one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SubstanceListPage {
    pub rows: Vec<SubstanceRow>,
    pub may_manage: bool,
}

/// One substance in full.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Substance {
    pub row: SubstanceRow,
    pub iupac_name: String,
    pub molecular_formula: String,
    pub inchi_key: Option<String>,
    pub legal_act: String,
    pub version: i64,
    pub may_manage: bool,
}

/// The register form, empty or filled with an entry at `version`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SubstanceFormPage {
    pub id: Option<SubstanceId>,
    pub version: i64,
    pub form: SubstanceForm,
}

/// A substance placed under national control, as the public page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ControlledSubstance {
    pub name: Trilingual,
    pub national_list: NationalList,
    pub legal_act: String,
    pub controlled_since: Date,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_keeps_its_words_and_drops_control_characters() {
        let filter = SubstanceFilter::parse(|k| match k {
            "q" => Some(" a\0b\tc ".to_owned()),
            "group" => Some("mushroom".to_owned()),
            _ => None,
        });
        assert_eq!(filter.q, "abc");
        assert_eq!(filter.group, None);
    }
}
