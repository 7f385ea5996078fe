//! The texts of bringing a country in: registering the territory's bodies, one constant per
//! language; reached from [`super::Texts`] as `t.onboarding`.

mod en;
mod ky;
mod ru;

pub use en::EN;
pub use ky::KY;
pub use ru::RU;

/// Every user-visible text of onboarding in one language.
pub struct OnboardingTexts {
    pub territory_title: &'static str,
    pub territory_link: &'static str,
    pub territory_intro: &'static str,
    pub whole_country: &'static str,
    pub administrations: &'static str,
    pub show: &'static str,
    pub body: &'static str,
    pub wanted: &'static str,
    pub existing: &'static str,
    pub missing: &'static str,
    pub total: &'static str,
    pub level_municipalities: &'static str,
    pub level_cities: &'static str,
    pub level_districts: &'static str,
    pub level_oblasts: &'static str,
    /// `{n}`: how many will be registered.
    pub register: &'static str,
    pub nothing_missing: &'static str,
    /// `{n}`: how many were registered.
    pub registered: &'static str,
}
