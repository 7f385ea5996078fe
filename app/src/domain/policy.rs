//! The one place that decides who may do what on which organisation's data. Every server
//! function asks for a [`Permit`] (through `backend::auth::require`), which only [`permit`]
//! makes, after [`scope`] allowed the action; services and the data layer take the permit and
//! filter by its [`Scope`], so an organisation's rows are never read for a caller who may not
//! see them, and no scope is skipped or worked out twice. Every other rule about who may do
//! what (writing an organisation's reports, exporting, whose inbox, what a page offers) is here
//! too, where the table tests cover it.

use super::activities::kinds::ActivityStatus;
use super::early_warning::workflow::CaseStanding;
use super::ids::{OrganizationId, UserId};
use super::indicators::catalogue::ValueStatus;
use super::reports::workflow::{ReportStanding, ReportStatus};
use super::roles::Role;
use super::tasks::workflow::Standing;
use super::views::Me;
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
    /// Read and download the audit log of security and administration events.
    ViewAudit,
    /// Change one's own password and language.
    ManageOwnAccount,
    /// Read one's own notifications and mark them read.
    ReadNotifications,
    /// Set an organisation's contact address for escalations (one's own, for its reporters).
    SetEscalationContact,
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
    /// Keep the register of new psychoactive substances.
    ManageSubstances,
    /// Read the register of new psychoactive substances.
    ViewSubstances,
    /// Record signals of the early-warning system (one's own organisation's).
    RecordSignals,
    /// Read signals: every one (coordinators) or one's own organisation's.
    ViewSignals,
    /// Open early-warning cases and run them through their stages.
    ManageCases,
    /// Read early-warning cases: every one (coordinators) or those one's organisation takes
    /// part in (asked for data, assessing, alerted, or holding its signal).
    ViewCases,
    /// Read the dashboard's aggregates: everything (coordinators), one's own organisation's
    /// (reporters) or what is published (accepted reports, verified activities).
    ViewDashboard,
}

impl Action {
    pub const ALL: [Action; 28] = [
        Action::ManageOrganizations,
        Action::ViewOrganizations,
        Action::ManageUsers,
        Action::ViewUsers,
        Action::ViewAudit,
        Action::ManageOwnAccount,
        Action::ReadNotifications,
        Action::SetEscalationContact,
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
        Action::ManageSubstances,
        Action::ViewSubstances,
        Action::RecordSignals,
        Action::ViewSignals,
        Action::ManageCases,
        Action::ViewCases,
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

/// What the policy allowed one caller for one action: who is asking and whose data the action
/// reaches. Only [`permit`] makes one, so holding it proves the check was made.
#[derive(Clone, Debug, PartialEq)]
pub struct Permit {
    me: Me,
    action: Action,
    scope: Scope,
}

/// The permit for `me` to do `action`, or `None` when the policy refuses it.
pub fn permit(me: Me, action: Action) -> Option<Permit> {
    let scope = scope(Some(&me.actor()), action);
    scope.is_allowed().then_some(Permit { me, action, scope })
}

impl Permit {
    /// Who is asking.
    pub fn me(&self) -> &Me {
        &self.me
    }

    pub fn actor(&self) -> Actor {
        self.me.actor()
    }

    /// The action this permit is for.
    pub fn action(&self) -> Action {
        self.action
    }

    /// Whose data the action reaches.
    pub fn scope(&self) -> Scope {
        self.scope
    }

    /// The organisation to filter by: `None` for all, `Some(id)` for one.
    pub fn organization_filter(&self) -> Option<OrganizationId> {
        self.scope.organization_filter()
    }

    /// What another action would reach for the same caller (a page that offers more than it
    /// shows: the moves, the edit button).
    pub fn scope_of(&self, action: Action) -> Scope {
        scope(Some(&self.actor()), action)
    }

    /// Whether the same caller may also do `action`.
    pub fn may(&self, action: Action) -> bool {
        self.scope_of(action).is_allowed()
    }

    /// Whether the caller writes the reports of tasks led by `lead`: a reporter of that
    /// organisation.
    pub fn writes_reports_for(&self, lead: Option<OrganizationId>) -> bool {
        matches!(self.scope_of(Action::WriteReports), Scope::Organization(own) if Some(own) == lead)
    }

    /// Whether the caller logs and edits the activities of `organization`.
    pub fn writes_activities_of(&self, organization: OrganizationId) -> bool {
        matches!(self.scope_of(Action::LogActivities), Scope::Organization(own) if own == organization)
    }

    /// The organisation whose activities the caller logs, if any.
    pub fn logs_activities_for(&self) -> Option<OrganizationId> {
        match self.scope_of(Action::LogActivities) {
            Scope::Organization(own) => Some(own),
            _ => None,
        }
    }

    /// Whether the caller enters the values of indicators `responsible` reports: that
    /// organisation's coordinators and reporters.
    pub fn enters_values_for(&self, responsible: OrganizationId) -> bool {
        self.scope_of(Action::EnterIndicatorValues) == Scope::Organization(responsible)
    }

    /// Whether the caller may download the dashboard's rows: those who see them whole (not
    /// only what is published).
    pub fn may_export(&self) -> bool {
        matches!(
            self.scope_of(Action::ViewDashboard),
            Scope::All | Scope::Organization(_)
        )
    }

    /// Whose work waits in the caller's inbox, if anyone's.
    pub fn inbox(&self) -> Option<InboxOwner> {
        inbox_owner(&self.actor())
    }
}

/// Whose work an inbox shows: an organisation's (its reporters act on the tasks it leads and
/// the reports it owes) or a coordinator's (the tasks they created, the reports to review).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InboxOwner {
    Organization(OrganizationId),
    Creator(UserId),
}

/// Whose inbox `actor` has: reporters their organisation's, coordinators their own; others
/// have nothing to act on.
pub fn inbox_owner(actor: &Actor) -> Option<InboxOwner> {
    match actor.role {
        Role::Reporter => Some(InboxOwner::Organization(actor.organization_id)),
        Role::Coordinator => Some(InboxOwner::Creator(actor.user_id)),
        Role::Administrator | Role::Observer => None,
    }
}

/// What a logged-in user's pages may offer them, sent with the session so that pages show
/// exactly the controls the server will allow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Abilities {
    pub manage_organizations: bool,
    pub manage_users: bool,
    pub has_inbox: bool,
    /// Whether the early-warning system (signals and cases) is offered.
    #[serde(default)]
    pub early_warning: bool,
    /// Whether the audit log is offered.
    #[serde(default)]
    pub view_audit: bool,
}

/// What `actor` may be offered.
pub fn abilities(actor: &Actor) -> Abilities {
    let may = |action| scope(Some(actor), action).is_allowed();
    Abilities {
        manage_organizations: may(Action::ManageOrganizations),
        manage_users: may(Action::ManageUsers),
        has_inbox: inbox_owner(actor).is_some(),
        early_warning: may(Action::ViewCases),
        view_audit: may(Action::ViewAudit),
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

        (ViewAudit, Administrator) => Scope::All,
        (ViewAudit, Coordinator | Reporter | Observer) => Scope::Nothing,

        (ViewUsers, Administrator | Coordinator) => Scope::All,
        (ViewUsers, Reporter | Observer) => Scope::Organization(actor.organization_id),

        (ManageOwnAccount, _) => Scope::OwnAccount(actor.user_id),

        (ReadNotifications, _) => Scope::OwnAccount(actor.user_id),

        (SetEscalationContact, Administrator) => Scope::All,
        (SetEscalationContact, Reporter) => Scope::Organization(actor.organization_id),
        (SetEscalationContact, Coordinator | Observer) => Scope::Nothing,

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

        (ManageSubstances, Coordinator) => Scope::All,
        (ManageSubstances, Administrator | Reporter | Observer) => Scope::Nothing,

        (ViewSubstances, _) => Scope::All,

        (RecordSignals | ViewSignals | ViewCases, Coordinator) => Scope::All,
        (RecordSignals | ViewSignals | ViewCases, Reporter) => {
            Scope::Organization(actor.organization_id)
        }
        (RecordSignals | ViewSignals | ViewCases, Administrator | Observer) => Scope::Nothing,

        (ManageCases, Coordinator) => Scope::All,
        (ManageCases, Administrator | Reporter | Observer) => Scope::Nothing,

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

/// How `actor` stands towards an early-warning case: coordinators run it; a reporter named
/// to assess it is an assessor; a reporter of an organisation taking part in it is involved.
pub fn case_standing(actor: &Actor, is_assessor: bool, involved: bool) -> CaseStanding {
    match actor.role {
        Role::Coordinator => CaseStanding::Coordinator,
        Role::Reporter if is_assessor => CaseStanding::Assessor,
        Role::Reporter if involved => CaseStanding::Involved,
        _ => CaseStanding::Outsider,
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
            (ViewAudit, [all, no, no, no]),
            (ManageOwnAccount, [me, me, me, me]),
            (ReadNotifications, [me, me, me, me]),
            (SetEscalationContact, [all, no, own, no]),
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
            (ManageSubstances, [no, all, no, no]),
            (ViewSubstances, [all, all, all, all]),
            (RecordSignals, [no, all, own, no]),
            (ViewSignals, [no, all, own, no]),
            (ManageCases, [no, all, no, no]),
            (ViewCases, [no, all, own, no]),
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

    fn me(role: Role) -> Me {
        Me {
            user_id: ME,
            full_name: String::new(),
            email: String::new(),
            role,
            organization_id: OWN_ORG,
            organization_name: Default::default(),
            language: Default::default(),
            must_change_password: false,
            last_login_at: None,
            second_factor: false,
            second_factor_required: false,
            must_enrol: false,
        }
    }

    #[test]
    fn a_permit_is_made_only_for_what_the_table_allows() {
        for action in Action::ALL {
            for role in Role::ALL {
                let made = permit(me(role), action);
                let allowed = scope(Some(&actor(role)), action);
                assert_eq!(made.is_some(), allowed.is_allowed(), "{action:?} {role:?}");
                if let Some(made) = made {
                    assert_eq!(made.scope(), allowed);
                    assert_eq!(made.action(), action);
                }
            }
        }
    }

    /// The rules beyond the table, written out for each role: (writes reports of its own
    /// organisation's tasks, of another's, logs its own activities, may export, inbox).
    #[test]
    fn the_rules_beyond_the_table() {
        let other = OrganizationId(8);
        let expected = [
            (Role::Administrator, [false, false, false, false], None),
            (
                Role::Coordinator,
                [false, false, false, true],
                Some(InboxOwner::Creator(ME)),
            ),
            (
                Role::Reporter,
                [true, false, true, true],
                Some(InboxOwner::Organization(OWN_ORG)),
            ),
            (Role::Observer, [false, false, false, false], None),
        ];
        for (role, flags, inbox) in expected {
            let p = permit(me(role), Action::ManageOwnAccount).expect("everyone");
            assert_eq!(
                [
                    p.writes_reports_for(Some(OWN_ORG)),
                    p.writes_reports_for(Some(other)),
                    p.writes_activities_of(OWN_ORG),
                    p.may_export(),
                ],
                flags,
                "{role:?}"
            );
            assert!(!p.writes_activities_of(other));
            assert!(!p.writes_reports_for(None));
            assert_eq!(p.inbox(), inbox, "{role:?}");
            let offered = abilities(&actor(role));
            assert_eq!(offered.manage_users, role == Role::Administrator);
            assert_eq!(offered.manage_organizations, role == Role::Administrator);
            assert_eq!(offered.has_inbox, inbox.is_some());
            assert_eq!(
                offered.early_warning,
                matches!(role, Role::Coordinator | Role::Reporter)
            );
        }
    }
}
