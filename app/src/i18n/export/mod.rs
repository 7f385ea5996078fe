//! The texts of the exports (their column headings and the words in their cells, and the
//! dashboard's export links), one constant per language; reached from [`super::Texts`] as
//! `t.export`.

mod en;
mod ky;
mod ru;

pub use en::EN;
pub use ky::KY;
pub use ru::RU;

/// Every user-visible text of the exports in one language.
pub struct ExportTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub tasks: &'static str,
    pub reports: &'static str,
    pub activities: &'static str,
    pub indicator_values: &'static str,
    pub csv: &'static str,
    pub xlsx: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    // Column headings
    pub id: &'static str,
    pub task_id: &'static str,
    pub title_column: &'static str,
    pub task_title: &'static str,
    pub category: &'static str,
    pub status: &'static str,
    pub priority: &'static str,
    pub organization: &'static str,
    pub organization_kind: &'static str,
    pub coverage: &'static str,
    pub region: &'static str,
    pub district: &'static str,
    pub municipality: &'static str,
    pub start_date: &'static str,
    pub due_date: &'static str,
    pub end_date: &'static str,
    pub overdue: &'static str,
    pub concept_codes: &'static str,
    pub target_value: &'static str,
    pub unit: &'static str,
    pub period_start: &'static str,
    pub period_end: &'static str,
    pub deadline: &'static str,
    pub revision: &'static str,
    pub submitted_at: &'static str,
    pub late: &'static str,
    pub percent_complete: &'static str,
    pub result_value: &'static str,
    pub reached_total: &'static str,
    pub female_under_18: &'static str,
    pub female_18_29: &'static str,
    pub female_30_49: &'static str,
    pub female_50_plus: &'static str,
    pub male_under_18: &'static str,
    pub male_18_29: &'static str,
    pub male_30_49: &'static str,
    pub male_50_plus: &'static str,
    pub activity_type: &'static str,
    pub is_public: &'static str,
    pub indicator_code: &'static str,
    pub indicator_name: &'static str,
    pub objective: &'static str,
    pub sex: &'static str,
    pub age_group: &'static str,
    pub value: &'static str,
    pub baseline: &'static str,
    pub target: &'static str,
    pub female: &'static str,
    pub male: &'static str,
    pub age_under_18: &'static str,
    pub age_18_29: &'static str,
    pub age_30_49: &'static str,
    pub age_50_plus: &'static str,
}
