//! The texts of the register of new psychoactive substances, one constant per language;
//! reached from [`super::Texts`] as `t.substances`.

mod en;
mod ky;
mod ru;

pub use en::EN;
pub use ky::KY;
pub use ru::RU;

/// Every user-visible text of the substance register in one language.
pub struct SubstanceTexts {
    pub nav_substances: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub search_label: &'static str,
    pub search: &'static str,
    pub all_groups: &'static str,
    pub none_found: &'static str,
    pub new_substance: &'static str,
    pub edit: &'static str,
    pub form_title: &'static str,
    pub name_ky: &'static str,
    pub name_ru: &'static str,
    pub name_en: &'static str,
    pub synonyms: &'static str,
    pub synonyms_hint: &'static str,
    pub iupac_name: &'static str,
    pub cas_number: &'static str,
    pub cas_hint: &'static str,
    pub molecular_formula: &'static str,
    pub inchi_key: &'static str,
    pub inchi_hint: &'static str,
    pub chemical_group: &'static str,
    pub identifiers: &'static str,
    pub control_status: &'static str,
    pub national_list: &'static str,
    pub not_listed: &'static str,
    pub legal_act: &'static str,
    pub legal_act_hint: &'static str,
    pub controlled_since: &'static str,
    pub international_status: &'static str,
    pub saved: &'static str,
    pub public_title: &'static str,
    pub public_none: &'static str,
    pub group_synthetic_cathinone: &'static str,
    pub group_synthetic_cannabinoid: &'static str,
    pub group_phenethylamine: &'static str,
    pub group_tryptamine: &'static str,
    pub group_opioid: &'static str,
    pub group_benzodiazepine: &'static str,
    pub group_arylcyclohexylamine: &'static str,
    pub group_plant_based: &'static str,
    pub group_other: &'static str,
    pub list_i: &'static str,
    pub list_ii: &'static str,
    pub list_iii: &'static str,
    pub list_iv: &'static str,
    pub list_temporary: &'static str,
    pub international_none: &'static str,
    pub convention_1961_i: &'static str,
    pub convention_1961_ii: &'static str,
    pub convention_1961_iv: &'static str,
    pub convention_1971_i: &'static str,
    pub convention_1971_ii: &'static str,
    pub convention_1971_iii: &'static str,
    pub convention_1971_iv: &'static str,
    pub err_cas_form: &'static str,
    pub err_cas_check_digit: &'static str,
    pub err_inchi_key: &'static str,
    pub err_formula: &'static str,
    pub err_identifier_taken: &'static str,
}
