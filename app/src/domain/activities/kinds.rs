//! Civil-society activities: what kinds there are, whom they reach, and how the coordinating
//! body verifies them.
//!
//! ```text
//! logged ─verify→ verified
//!    └─clarify→ needs clarification ─(edited by the organisation)→ logged
//! ```
//!
//! The reporters of the organisation that logged an activity edit it until it is verified;
//! coordinators verify it or ask for clarification with a comment. A verified activity that its
//! organisation marked public may be shown to the public.

use crate::domain::tasks::fields::text_enum;

text_enum!(
    activities,
    /// The kind of activity.
    ActivityType {
        AwarenessEvent = "awareness_event" => type_awareness_event,
        Training = "training" => type_training,
        Outreach = "outreach" => type_outreach,
        PeerSupport = "peer_support" => type_peer_support,
        HarmReductionService = "harm_reduction_service" => type_harm_reduction_service,
        RehabilitationSupport = "rehabilitation_support" => type_rehabilitation_support,
        SportCulturalEvent = "sport_cultural_event" => type_sport_cultural_event,
        MediaCampaign = "media_campaign" => type_media_campaign,
        Research = "research" => type_research,
        Other = "other" => type_other,
    }
);

impl ActivityType {
    /// The strategic objective this kind of activity serves, from the concept: events,
    /// training, sport and media are prevention (O1), outreach, peer support and
    /// harm-reduction services reduce the harm of drug use (O6), rehabilitation support is
    /// treatment (O5), research supports the work (O7) and anything else involves civil
    /// society (O8). The demo and generated activities are tagged with it.
    pub fn objective(self) -> &'static str {
        match self {
            ActivityType::AwarenessEvent
            | ActivityType::Training
            | ActivityType::SportCulturalEvent
            | ActivityType::MediaCampaign => "O1",
            ActivityType::Outreach
            | ActivityType::PeerSupport
            | ActivityType::HarmReductionService => "O6",
            ActivityType::RehabilitationSupport => "O5",
            ActivityType::Research => "O7",
            ActivityType::Other => "O8",
        }
    }
}

text_enum!(
    activities,
    /// Whom an activity is for.
    TargetGroup {
        YoungPeople = "young_people" => group_young_people,
        Students = "students" => group_students,
        Parents = "parents" => group_parents,
        PeopleWhoUseDrugs = "people_who_use_drugs" => group_people_who_use_drugs,
        PeopleInTreatment = "people_in_treatment" => group_people_in_treatment,
        Prisoners = "prisoners" => group_prisoners,
        GeneralPublic = "general_public" => group_general_public,
        Professionals = "professionals" => group_professionals,
    }
);

text_enum!(
    activities,
    /// Where an activity stands with the coordinating body.
    ActivityStatus {
        Logged = "logged" => status_logged,
        Verified = "verified" => status_verified,
        NeedsClarification = "needs_clarification" => status_needs_clarification,
    }
);

text_enum!(
    activities,
    /// A coordinator's decision on an activity.
    Verification {
        Verify = "verify" => move_verify,
        Clarify = "clarify" => move_clarify,
    }
);

impl ActivityStatus {
    /// Whether its organisation may still change it.
    pub fn is_editable(self) -> bool {
        self != ActivityStatus::Verified
    }
}

impl Verification {
    pub fn target(self) -> ActivityStatus {
        match self {
            Verification::Verify => ActivityStatus::Verified,
            Verification::Clarify => ActivityStatus::NeedsClarification,
        }
    }

    /// Asking for clarification says what to clarify.
    pub fn needs_note(self) -> bool {
        self == Verification::Clarify
    }

    /// Whether a coordinator may make this decision on an activity in `status`: only logged
    /// activities are decided on (a clarified one is logged again once edited).
    pub fn permitted(self, status: ActivityStatus) -> bool {
        status == ActivityStatus::Logged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_logged_activities_are_decided_and_verified_ones_are_locked() {
        for status in ActivityStatus::ALL.iter().copied() {
            for decision in Verification::ALL.iter().copied() {
                assert_eq!(decision.permitted(status), status == ActivityStatus::Logged);
            }
        }
        assert!(ActivityStatus::NeedsClarification.is_editable());
        assert!(!ActivityStatus::Verified.is_editable());
        assert!(Verification::Clarify.needs_note());
        assert_eq!(Verification::Verify.target(), ActivityStatus::Verified);
    }

    #[test]
    fn the_lists_match_the_issue() {
        assert_eq!(ActivityType::ALL.len(), 10);
        assert_eq!(TargetGroup::ALL.len(), 8);
        assert_eq!(
            TargetGroup::parse("prisoners"),
            Some(TargetGroup::Prisoners)
        );
    }
}
