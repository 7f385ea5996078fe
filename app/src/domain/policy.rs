//! The one place that decides who may do what on which organisation's data. Every server
//! function asks [`scope`]; data queries then filter by the [`Scope`] it returns, so an
//! organisation's rows are never read for a caller who may not see them.

use super::activities::ActivityStatus;
use super::ids::{OrganizationId, UserId};
use super::indicators::ValueStatus;
use super::reports::{ReportStanding, ReportStatus};
use super::roles::Role;
use super::workflow::Standing;
use serde::{Deserialize, Serialize};

/// Who is asking: a logged-in user, with their organisation and role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: UserId,
    pub organization_id: OrganizationId,
    pub role: Role,
}

/// Something a caller may want to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Create and edit organisations, and switch them on or off.
    ManageOrganizations,
    /// Read the directory of organisations (names, kinds, places, contacts).
    ViewOrganizations,
    /// Create and edit user accounts, deactivate them, issue one-time passwords.
    ManageUsers,
    /// Read users' names, emails and roles.
    ViewUsers,
    /// Change one's own password and language.
    ManageOwnAccount,
    /// Create tasks, assign them (to many at once too) and run them through review.
    ManageTasks,
    /// Read tasks, their comments and history.
    ViewTasks,
    /// Write, submit and correct the progress reports of one's organisation's tasks.
    WriteReports,
    /// Accept or return submitted reports.
    ReviewReports,
    /// Read progress reports and their evidence (drafts only one's own organisation's).
    ViewReports,
    /// Set the reporting calendar.
    ConfigureReporting,
    /// Log and edit one's organisation's civil-society activities.
    LogActivities,
    /// Verify activities or ask for clarification.
    VerifyActivities,
    /// Read activities (unverified ones only one's own organisation's).
    ViewActivities,
    /// Keep the catalogue of national indicators.
    ManageIndicators,
    /// Enter values of the indicators one's organisation is responsible for.
    EnterIndicatorValues,
    /// Accept or return entered indicator values.
    ReviewIndicatorValues,
    /// Read the indicators and their accepted values.
    ViewIndicators,
    /// Read the dashboard's aggregates: everything (coordinators), one's own organisation's
    /// (reporters) or what is published (accepted reports, verified activities).
    ViewDashboard,
}

impl Action {
    pub const ALL: [Action; 19] = [
        Action::ManageOrganizations,
        Action::ViewOrganizations,
        Action::ManageUsers,
        Action::ViewUsers,
        Action::ManageOwnAccount,
        Action::ManageTasks,
        Action::ViewTasks,
        Action::WriteReports,
        Action::ReviewReports,
        Action::ViewReports,
        Action::ConfigureReporting,
        Action::LogActivities,
        Action::VerifyActivities,
        Action::ViewActivities,
        Action::ManageIndicators,
        Action::EnterIndicatorValues,
        Action::ReviewIndicatorValues,
        Action::ViewIndicators,
        Action::ViewDashboard,
    ];
}

/// Whose data an allowed action reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every organisation's.
    All,
    /// Only this organisation's.
    Organization(OrganizationId),
    /// Only the caller's own account.
    OwnAccount(UserId),
    /// Every organisation's records once published (tasks that are no longer drafts).
    Published,
    /// Nothing: the action is refused.
    Nothing,
}

impl Scope {
    pub fn is_allowed(self) -> bool {
        self != Scope::Nothing
    }

    /// Whether data belonging to `organization` lies within this scope.
    pub fn covers_organization(self, organization: OrganizationId) -> bool {
        match self {
            Scope::All | Scope::Published => true,
            Scope::Organization(own) => own == organization,
            Scope::OwnAccount(_) | Scope::Nothing => false,
        }
    }

    /// The organisation to filter queries by: `None` for all, `Some(id)` for one. Callers
    /// check [`Scope::is_allowed`] first.
    pub fn organization_filter(self) -> Option<OrganizationId> {
        match self {
            Scope::Organization(id) => Some(id),
            _ => None,
        }
    }
}

/// What anyone, logged in or not, sees on the public transparency page: published records
/// only (accepted reports, verified activities), in aggregate.
pub const PUBLIC: Scope = Scope::Published;

/// What `actor` (or an anonymous visitor, for `None`) may do with `action`.
pub fn scope(actor: Option<&Actor>, action: Action) -> Scope {
    let Some(actor) = actor else {
        return Scope::Nothing;
    };
    use Action::*;
    use Role::*;
    match (action, actor.role) {
        (ManageOrganizations, Administrator) => Scope::All,
        (ManageOrganizations, Coordinator | Reporter | Observer) => Scope::Nothing,

        (ViewOrganizations, Administrator | Coordinator | Reporter | Observer) => Scope::All,

        (ManageUsers, Administrator) => Scope::All,
        (ManageUsers, Coordinator | Reporter | Observer) => Scope::Nothing,

        (ViewUsers, Administrator | Coordinator) => Scope::All,
        (ViewUsers, Reporter | Observer) => Scope::Organization(actor.organization_id),

        (ManageOwnAccount, _) => Scope::OwnAccount(actor.user_id),

        (ManageTasks, Coordinator) => Scope::All,
        (ManageTasks, Administrator | Reporter | Observer) => Scope::Nothing,

        (ViewTasks, Coordinator) => Scope::All,
        (ViewTasks, Reporter) => Scope::Organization(actor.organization_id),
        (ViewTasks, Administrator | Observer) => Scope::Published,

        (WriteReports, Reporter) => Scope::Organization(actor.organization_id),
        (WriteReports, Administrator | Coordinator | Observer) => Scope::Nothing,

        (ReviewReports, Coordinator) => Scope::All,
        (ReviewReports, Administrator | Reporter | Observer) => Scope::Nothing,

        (ViewReports, Coordinator) => Scope::All,
        (ViewReports, Reporter) => Scope::Organization(actor.organization_id),
        (ViewReports, Administrator | Observer) => Scope::Published,

        (ConfigureReporting, Administrator) => Scope::All,
        (ConfigureReporting, Coordinator | Reporter | Observer) => Scope::Nothing,

        (LogActivities, Reporter) => Scope::Organization(actor.organization_id),
        (LogActivities, Administrator | Coordinator | Observer) => Scope::Nothing,

        (VerifyActivities, Coordinator) => Scope::All,
        (VerifyActivities, Administrator | Reporter | Observer) => Scope::Nothing,

        (ViewActivities, Coordinator) => Scope::All,
        (ViewActivities, Reporter) => Scope::Organization(actor.organization_id),
        (ViewActivities, Administrator | Observer) => Scope::Published,

        (ManageIndicators | ReviewIndicatorValues, Coordinator) => Scope::All,
        (ManageIndicators | ReviewIndicatorValues, Administrator | Reporter | Observer) => {
            Scope::Nothing
        }

        (EnterIndicatorValues, Coordinator | Reporter) => {
            Scope::Organization(actor.organization_id)
        }
        (EnterIndicatorValues, Administrator | Observer) => Scope::Nothing,

        (ViewIndicators, _) => Scope::All,

        (ViewDashboard, Coordinator) => Scope::All,
        (ViewDashboard, Reporter) => Scope::Organization(actor.organization_id),
        (ViewDashboard, Administrator | Observer) => Scope::Published,
    }
}

/// Whether a report from `organization` in `status` lies within a [`Action::ViewReports`]
/// scope: an organisation sees all of its own reports, coordinators every report but other
/// organisations' drafts, administrators and observers accepted reports only.
pub fn may_see_report(scope: Scope, organization: OrganizationId, status: ReportStatus) -> bool {
    match scope {
        Scope::Organization(own) => own == organization,
        Scope::All => status != ReportStatus::Draft,
        Scope::Published => status == ReportStatus::Accepted,
        Scope::OwnAccount(_) | Scope::Nothing => false,
    }
}

/// Whether an activity of `organization` in `status` lies within a [`Action::ViewActivities`]
/// scope: an organisation sees all of its own, coordinators all, administrators and observers
/// verified ones only.
pub fn may_see_activity(
    scope: Scope,
    organization: OrganizationId,
    status: ActivityStatus,
) -> bool {
    match scope {
        Scope::Organization(own) => own == organization,
        Scope::All => true,
        Scope::Published => status == ActivityStatus::Verified,
        Scope::OwnAccount(_) | Scope::Nothing => false,
    }
}

/// Whether `actor` may see an indicator value in `status` of an indicator `responsible`
/// reports: accepted values everyone, others the coordinators and the responsible
/// organisation.
pub fn may_see_value(actor: &Actor, responsible: OrganizationId, status: ValueStatus) -> bool {
    status == ValueStatus::Accepted
        || actor.role == Role::Coordinator
        || actor.organization_id == responsible
}

/// How `actor` stands towards a report from `organization`.
pub fn report_standing(actor: &Actor, organization: OrganizationId) -> ReportStanding {
    match actor.role {
        Role::Coordinator => ReportStanding::Reviewer,
        Role::Reporter if actor.organization_id == organization => ReportStanding::Writer,
        _ => ReportStanding::Reader,
    }
}

/// How `actor` stands towards a task led by `lead` with `supporting` organisations: the
/// workflow decides from this which moves they may make.
pub fn standing(
    actor: &Actor,
    lead: Option<OrganizationId>,
    supporting: &[OrganizationId],
) -> Standing {
    match actor.role {
        Role::Coordinator => Standing::Coordinator,
        Role::Administrator | Role::Observer => Standing::Observer,
        Role::Reporter if lead == Some(actor.organization_id) => Standing::LeadReporter,
        Role::Reporter if supporting.contains(&actor.organization_id) => Standing::SupportReporter,
        Role::Reporter => Standing::Outsider,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWN_ORG: OrganizationId = OrganizationId(7);
    const ME: UserId = UserId(70);

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: ME,
            organization_id: OWN_ORG,
            role,
        }
    }

    /// The whole table, written out: (action, administrator, coordinator, reporter, observer).
    #[test]
    fn the_permission_table() {
        use Action::*;
        let own = Scope::Organization(OWN_ORG);
        let me = Scope::OwnAccount(ME);
        let all = Scope::All;
        let no = Scope::Nothing;
        let pub_ = Scope::Published;
        let table = [
            (ManageOrganizations, [all, no, no, no]),
            (ViewOrganizations, [all, all, all, all]),
            (ManageUsers, [all, no, no, no]),
            (ViewUsers, [all, all, own, own]),
            (ManageOwnAccount, [me, me, me, me]),
            (ManageTasks, [no, all, no, no]),
            (ViewTasks, [pub_, all, own, pub_]),
            (WriteReports, [no, no, own, no]),
            (ReviewReports, [no, all, no, no]),
            (ViewReports, [pub_, all, own, pub_]),
            (ConfigureReporting, [all, no, no, no]),
            (LogActivities, [no, no, own, no]),
            (VerifyActivities, [no, all, no, no]),
            (ViewActivities, [pub_, all, own, pub_]),
            (ManageIndicators, [no, all, no, no]),
            (EnterIndicatorValues, [no, own, own, no]),
            (ReviewIndicatorValues, [no, all, no, no]),
            (ViewIndicators, [all, all, all, all]),
            (ViewDashboard, [pub_, all, own, pub_]),
        ];
        assert_eq!(
            table.len(),
            Action::ALL.len(),
            "every action is in the table"
        );
        for (action, expected) in table {
            for (role, want) in Role::ALL.into_iter().zip(expected) {
                assert_eq!(
                    scope(Some(&actor(role)), action),
                    want,
                    "{action:?} for {role:?}"
                );
            }
        }
    }

    #[test]
    fn standing_towards_a_task() {
        let other = OrganizationId(8);
        let reporter = actor(Role::Reporter);
        assert_eq!(
            standing(&reporter, Some(OWN_ORG), &[]),
            Standing::LeadReporter
        );
        assert_eq!(
            standing(&reporter, Some(other), &[OWN_ORG]),
            Standing::SupportReporter
        );
        assert_eq!(standing(&reporter, Some(other), &[]), Standing::Outsider);
        assert_eq!(standing(&reporter, None, &[]), Standing::Outsider);
        for role in [Role::Administrator, Role::Observer] {
            assert_eq!(
                standing(&actor(role), Some(OWN_ORG), &[]),
                Standing::Observer
            );
        }
        assert_eq!(
            standing(&actor(Role::Coordinator), Some(other), &[]),
            Standing::Coordinator
        );
    }

    #[test]
    fn who_sees_which_reports() {
        let other = OrganizationId(8);
        let own = Scope::Organization(OWN_ORG);
        for status in ReportStatus::ALL.iter().copied() {
            assert!(may_see_report(own, OWN_ORG, status), "own {status:?}");
            assert!(!may_see_report(own, other, status), "other's {status:?}");
            assert_eq!(
                may_see_report(Scope::All, other, status),
                status != ReportStatus::Draft
            );
            assert_eq!(
                may_see_report(Scope::Published, other, status),
                status == ReportStatus::Accepted
            );
            assert!(!may_see_report(Scope::Nothing, other, status));
        }
        assert_eq!(
            report_standing(&actor(Role::Reporter), OWN_ORG),
            ReportStanding::Writer
        );
        assert_eq!(
            report_standing(&actor(Role::Reporter), other),
            ReportStanding::Reader
        );
        assert_eq!(
            report_standing(&actor(Role::Coordinator), other),
            ReportStanding::Reviewer
        );
        assert_eq!(
            report_standing(&actor(Role::Observer), OWN_ORG),
            ReportStanding::Reader
        );
    }

    #[test]
    fn anonymous_visitors_may_do_nothing() {
        for action in Action::ALL {
            assert_eq!(scope(None, action), Scope::Nothing, "{action:?}");
        }
    }

    #[test]
    fn an_organisation_scope_covers_only_that_organisation() {
        let scope = Scope::Organization(OWN_ORG);
        assert!(scope.covers_organization(OWN_ORG));
        assert!(!scope.covers_organization(OrganizationId(8)));
        assert!(Scope::All.covers_organization(OrganizationId(8)));
        assert!(!Scope::Nothing.covers_organization(OWN_ORG));
        assert_eq!(scope.organization_filter(), Some(OWN_ORG));
        assert_eq!(Scope::All.organization_filter(), None);
    }
}
