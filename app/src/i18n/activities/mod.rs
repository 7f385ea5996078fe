//! The texts of the activity pages (list, form, activity page), one constant per language;
//! reached from [`super::Texts`] as `t.activities`.

mod en;
mod ky;
mod ru;

pub use en::EN;
pub use ky::KY;
pub use ru::RU;

/// Every user-visible text of the activity pages in one language.
pub struct ActivityTexts {
    pub nav_activities: &'static str,
    pub activities_title: &'static str,
    pub log_activity: &'static str,
    pub edit_activity: &'static str,
    pub activity_logged: &'static str,
    pub decision_recorded: &'static str,
    pub no_activities: &'static str,
    pub activity_type: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub dates: &'static str,
    pub start_date: &'static str,
    pub end_date: &'static str,
    pub end_date_hint: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub place: &'static str,
    pub target_groups: &'static str,
    pub reached: &'static str,
    pub partners: &'static str,
    pub is_public: &'static str,
    pub is_public_hint: &'static str,
    pub public_badge: &'static str,
    pub clarify_comment: &'static str,
    pub err_end_before_start: &'static str,
    pub err_choose_files_again: &'static str,
    pub type_awareness_event: &'static str,
    pub type_training: &'static str,
    pub type_outreach: &'static str,
    pub type_peer_support: &'static str,
    pub type_harm_reduction_service: &'static str,
    pub type_rehabilitation_support: &'static str,
    pub type_sport_cultural_event: &'static str,
    pub type_media_campaign: &'static str,
    pub type_research: &'static str,
    pub type_other: &'static str,
    pub group_young_people: &'static str,
    pub group_students: &'static str,
    pub group_parents: &'static str,
    pub group_people_who_use_drugs: &'static str,
    pub group_people_in_treatment: &'static str,
    pub group_prisoners: &'static str,
    pub group_general_public: &'static str,
    pub group_professionals: &'static str,
    pub status_logged: &'static str,
    pub status_verified: &'static str,
    pub status_needs_clarification: &'static str,
    pub move_verify: &'static str,
    pub move_clarify: &'static str,
}
