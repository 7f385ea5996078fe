//! What server functions send to pages: plain data, never a password hash or a session id.

use super::ids::{OrganizationId, UserId};
use super::policy::Actor;
use super::roles::{OrgKind, Role};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// A name in the three interface languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trilingual {
    pub ky: String,
    pub ru: String,
    pub en: String,
}

impl Trilingual {
    /// The name in `lang`, falling back to another language when that translation is empty.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.ky, &self.ru, &self.en)
    }
}

/// The logged-in user, as the interface needs them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: UserId,
    pub full_name: String,
    pub email: String,
    pub role: Role,
    pub organization_id: OrganizationId,
    pub organization_name: Trilingual,
    pub language: Lang,
    pub must_change_password: bool,
    #[serde(with = "time::serde::timestamp::option")]
    pub last_login_at: Option<OffsetDateTime>,
    /// Signs in with a second factor.
    pub second_factor: bool,
    /// Their role or organisation requires a second factor.
    pub second_factor_required: bool,
    /// Required and not enrolled after the one sign-in of grace: may do nothing but enrol.
    pub must_enrol: bool,
}

impl Me {
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.user_id,
            organization_id: self.organization_id,
            role: self.role,
        }
    }
}

/// What the layout needs on every page: who is logged in, and whether demo data is loaded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub me: Option<Me>,
    pub demo_loaded: bool,
    /// How many tasks wait for the user's action (shown in the navigation).
    pub inbox_count: i64,
    /// How many of the user's notifications are unread (shown in the navigation).
    pub notification_count: i64,
    /// What the user's pages may offer them, from the policy.
    pub may: super::policy::Abilities,
}

/// One element of the concept's framework (a direction, goal, objective, aim or principle).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameworkItem {
    pub code: String,
    pub name: Trilingual,
}

/// A main goal with the directions it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub item: FrameworkItem,
    pub direction_codes: Vec<String>,
}

/// A strategic objective with the goals and directions it serves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objective {
    pub item: FrameworkItem,
    pub goal_codes: Vec<String>,
    pub direction_codes: Vec<String>,
}

/// The concept's framework as stored in the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Framework {
    pub directions: Vec<FrameworkItem>,
    pub goals: Vec<Goal>,
    pub objectives: Vec<Objective>,
    pub aims: Vec<FrameworkItem>,
    pub principles: Vec<FrameworkItem>,
    pub region_count: i64,
    pub district_count: i64,
    pub municipality_count: i64,
}

impl Framework {
    /// The goals under a direction, in order.
    pub fn goals_of(&self, direction: &str) -> impl Iterator<Item = &Goal> {
        self.goals
            .iter()
            .filter(move |g| g.direction_codes.iter().any(|d| d == direction))
    }

    /// The objectives serving a goal, in order.
    pub fn objectives_of(&self, goal: &str) -> impl Iterator<Item = &Objective> {
        self.objectives
            .iter()
            .filter(move |o| o.goal_codes.iter().any(|g| g == goal))
    }
}

/// A place of the territory: a region, district or rural municipality.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub code: String,
    pub parent_code: Option<String>,
    pub name: Trilingual,
}

/// The territory, for choosing a place in forms.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Territory {
    pub regions: Vec<Place>,
    pub districts: Vec<Place>,
    pub municipalities: Vec<Place>,
}

/// An organisation, as lists and forms show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub organization_id: OrganizationId,
    pub kind: OrgKind,
    pub name: Trilingual,
    pub region_code: Option<String>,
    pub region_name: Option<Trilingual>,
    pub district_code: Option<String>,
    pub district_name: Option<Trilingual>,
    pub municipality_code: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub address: Option<String>,
    pub is_active: bool,
    pub is_demo: bool,
    pub user_count: i64,
}

/// A user account, as lists and forms show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub user_id: UserId,
    pub full_name: String,
    pub email: String,
    pub organization_id: OrganizationId,
    pub organization_name: Trilingual,
    pub role: Role,
    pub language: Lang,
    pub is_active: bool,
    pub is_demo: bool,
    pub must_change_password: bool,
    #[serde(with = "time::serde::timestamp::option")]
    pub last_login_at: Option<OffsetDateTime>,
    /// Signs in with a second factor.
    pub second_factor: bool,
}

/// A user page: the account, and a one-time password if one was just issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    pub user: User,
    pub one_time_password: Option<String>,
    /// The organisations the account can be moved to: `Some` only when the caller manages users.
    pub organization_choices: Option<Vec<Organization>>,
}

/// An organisation page: the organisation and the people the caller may see in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationPage {
    pub organization: Organization,
    /// `None` when the caller may not see this organisation's users.
    pub users: Option<Vec<User>>,
    /// Whether the caller may edit the organisation.
    pub can_manage: bool,
}
