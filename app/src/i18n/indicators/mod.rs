//! The texts of the indicator pages (catalogue, indicator page, catalogue form), one constant
//! per language; reached from [`super::Texts`] as `t.indicators`.

mod en;
mod ky;
mod ru;

pub use en::EN;
pub use ky::KY;
pub use ru::RU;

/// Every user-visible text of the indicator pages in one language.
pub struct IndicatorTexts {
    pub nav_indicators: &'static str,
    pub indicators_title: &'static str,
    pub indicator: &'static str,
    pub new_indicator: &'static str,
    pub edit_indicator: &'static str,
    pub code: &'static str,
    pub name_ky: &'static str,
    pub name_ru: &'static str,
    pub name_en: &'static str,
    pub unit: &'static str,
    pub unit_ky: &'static str,
    pub unit_ru: &'static str,
    pub unit_en: &'static str,
    pub direction: &'static str,
    pub baseline: &'static str,
    pub baseline_value: &'static str,
    pub baseline_year: &'static str,
    pub target: &'static str,
    pub target_value: &'static str,
    pub target_year: &'static str,
    pub latest: &'static str,
    pub progress: &'static str,
    pub no_value: &'static str,
    pub responsible: &'static str,
    pub frequency: &'static str,
    pub breakdowns: &'static str,
    pub by_sex: &'static str,
    pub by_age: &'static str,
    pub by_region: &'static str,
    pub series: &'static str,
    pub chart_label: &'static str,
    pub values: &'static str,
    pub value: &'static str,
    pub breakdown: &'static str,
    pub total: &'static str,
    pub source_note: &'static str,
    pub source_note_hint: &'static str,
    pub enter_value: &'static str,
    pub value_entered: &'static str,
    pub decision_recorded: &'static str,
    pub return_comment: &'static str,
    pub direction_higher: &'static str,
    pub direction_lower: &'static str,
    pub frequency_quarterly: &'static str,
    pub frequency_half_yearly: &'static str,
    pub frequency_yearly: &'static str,
    pub value_submitted: &'static str,
    pub value_accepted: &'static str,
    pub value_returned: &'static str,
    pub move_accept: &'static str,
    pub move_return: &'static str,
    pub err_value_already_accepted: &'static str,
    pub err_code_taken: &'static str,
}
