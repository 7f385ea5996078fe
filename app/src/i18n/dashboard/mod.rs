//! The texts of the dashboard, one constant per language; reached from [`super::Texts`] as
//! `t.dashboard`.

mod en;
mod ky;
mod ru;

pub use en::EN;
pub use ky::KY;
pub use ru::RU;

/// Every user-visible text of the dashboard in one language.
pub struct DashboardTexts {
    pub nav_dashboard: &'static str,
    pub dashboard_title: &'static str,
    pub filters: &'static str,
    pub from_period: &'static str,
    pub to_period: &'static str,
    pub any_region: &'static str,
    pub organization_kind: &'static str,
    pub any_kind: &'static str,
    pub any_category: &'static str,
    pub any_objective: &'static str,
    pub apply: &'static str,
    pub clear: &'static str,
    pub audience_everything: &'static str,
    pub audience_own: &'static str,
    pub audience_published: &'static str,
    pub showing: &'static str,
    pub summary: &'static str,
    pub tasks: &'static str,
    pub verified_share: &'static str,
    pub overdue: &'static str,
    pub reports_on_time: &'static str,
    pub reports_late: &'static str,
    pub on_time_share: &'static str,
    pub activities: &'static str,
    pub people_reached: &'static str,
    pub by_concept: &'static str,
    pub directions: &'static str,
    pub goals: &'static str,
    pub objectives: &'static str,
    pub only_this: &'static str,
    pub tasks_by_status: &'static str,
    pub count: &'static str,
    pub reach_by_sex_age: &'static str,
    pub balance_title: &'static str,
    pub balance_note: &'static str,
    pub supply: &'static str,
    pub demand: &'static str,
    pub period: &'static str,
    pub tasks_started: &'static str,
    pub indicators: &'static str,
    pub no_indicators: &'static str,
    pub nothing: &'static str,
    pub chart_tasks_alt: &'static str,
    pub chart_balance_alt: &'static str,
    pub nav_public: &'static str,
    pub public_title: &'static str,
    pub public_intro: &'static str,
    pub fewer_than_ten: &'static str,
    pub suppression_note: &'static str,
    pub public_activities: &'static str,
    pub no_public_activities: &'static str,
    pub figures_as_of: &'static str,
    pub organization: &'static str,
    pub activity_type: &'static str,
    pub dates: &'static str,
    pub region: &'static str,
}
