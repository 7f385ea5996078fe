//! The one place that decides who may do what on which organisation's data. Every server
//! function asks [`scope`]; data queries then filter by the [`Scope`] it returns, so an
//! organisation's rows are never read for a caller who may not see them.

use super::ids::{OrganizationId, UserId};
use super::roles::Role;
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
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::ManageOrganizations,
        Action::ViewOrganizations,
        Action::ManageUsers,
        Action::ViewUsers,
        Action::ManageOwnAccount,
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
            Scope::All => true,
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
        let table = [
            (ManageOrganizations, [all, no, no, no]),
            (ViewOrganizations, [all, all, all, all]),
            (ManageUsers, [all, no, no, no]),
            (ViewUsers, [all, all, own, own]),
            (ManageOwnAccount, [me, me, me, me]),
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
