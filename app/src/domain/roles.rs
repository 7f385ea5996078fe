//! Roles of users and kinds of organisations, stored as text in the database.

use serde::{Deserialize, Serialize};

use crate::i18n::Texts;

/// What a user does in Concord; the policy module decides what each may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages organisations and user accounts.
    Administrator,
    /// Staff of the coordinating body: assigns and reviews work.
    Coordinator,
    /// Focal point of a ministry, local authority or NGO: reports on their organisation's work.
    Reporter,
    /// Reads without changing anything, e.g. an international partner.
    Observer,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Administrator,
        Role::Coordinator,
        Role::Reporter,
        Role::Observer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Coordinator => "coordinator",
            Role::Reporter => "reporter",
            Role::Observer => "observer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    pub fn label(self, t: &Texts) -> &'static str {
        match self {
            Role::Administrator => t.role_administrator,
            Role::Coordinator => t.role_coordinator,
            Role::Reporter => t.role_reporter,
            Role::Observer => t.role_observer,
        }
    }

    /// Administrators and coordinators work for the coordinating body itself.
    pub fn requires_coordinating_body(self) -> bool {
        matches!(self, Role::Administrator | Role::Coordinator)
    }
}

/// The kind of an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    CoordinatingBody,
    StateBody,
    LocalGovernment,
    Ngo,
    InternationalPartner,
    /// A forensic or chemical laboratory: identifies substances for the early-warning system.
    ForensicLaboratory,
    /// A research or expert institution (toxicology, pharmacology, psychiatry research).
    ResearchInstitution,
}

impl OrgKind {
    pub const ALL: [OrgKind; 7] = [
        OrgKind::CoordinatingBody,
        OrgKind::StateBody,
        OrgKind::LocalGovernment,
        OrgKind::Ngo,
        OrgKind::InternationalPartner,
        OrgKind::ForensicLaboratory,
        OrgKind::ResearchInstitution,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::CoordinatingBody => "coordinating_body",
            OrgKind::StateBody => "state_body",
            OrgKind::LocalGovernment => "local_government",
            OrgKind::Ngo => "ngo",
            OrgKind::InternationalPartner => "international_partner",
            OrgKind::ForensicLaboratory => "forensic_laboratory",
            OrgKind::ResearchInstitution => "research_institution",
        }
    }

    pub fn parse(s: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    pub fn label(self, t: &Texts) -> &'static str {
        match self {
            OrgKind::CoordinatingBody => t.kind_coordinating_body,
            OrgKind::StateBody => t.kind_state_body,
            OrgKind::LocalGovernment => t.kind_local_government,
            OrgKind::Ngo => t.kind_ngo,
            OrgKind::InternationalPartner => t.kind_international_partner,
            OrgKind::ForensicLaboratory => t.kind_forensic_laboratory,
            OrgKind::ResearchInstitution => t.kind_research_institution,
        }
    }

    /// Whether the early-warning system asks organisations of this kind for primary data
    /// (laboratories, institutions, and state bodies such as narcology and psychiatry
    /// services) and names its reporters as assessors.
    pub fn is_expert(self) -> bool {
        matches!(
            self,
            OrgKind::ForensicLaboratory | OrgKind::ResearchInstitution | OrgKind::StateBody
        )
    }

    /// Local self-government bodies must say where they govern.
    pub fn requires_territory(self) -> bool {
        matches!(self, OrgKind::LocalGovernment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_kinds_round_trip_through_text() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        for kind in OrgKind::ALL {
            assert_eq!(OrgKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Role::parse("root"), None);
        assert_eq!(OrgKind::parse(""), None);
    }
}
