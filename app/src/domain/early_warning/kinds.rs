//! The closed lists of the early-warning system: where a signal comes from, the form a
//! substance was seen in and the unit of its amount; a case's stages, the criteria and levels
//! of its assessment, the measures a decision takes, and why a task belongs to a case.

use crate::domain::tasks::fields::text_enum;

text_enum!(
    warning,
    /// Where first information came from.
    SignalSource {
        Seizure = "seizure" => source_seizure,
        Poisoning = "poisoning" => source_poisoning,
        ForensicLaboratory = "forensic_laboratory" => source_forensic_laboratory,
        NarcologyService = "narcology_service" => source_narcology_service,
        Community = "community" => source_community,
        Media = "media" => source_media,
        UnodcEwa = "unodc_ewa" => source_unodc_ewa,
        EuEws = "eu_ews" => source_eu_ews,
        NeighbouringCountry = "neighbouring_country" => source_neighbouring_country,
    }
);

text_enum!(
    warning,
    /// What the substance was seen as.
    SeenForm {
        Powder = "powder" => form_powder,
        Crystals = "crystals" => form_crystals,
        Tablets = "tablets" => form_tablets,
        Capsules = "capsules" => form_capsules,
        HerbalMixture = "herbal_mixture" => form_herbal_mixture,
        Liquid = "liquid" => form_liquid,
        Blotter = "blotter" => form_blotter,
        Other = "other" => form_other,
    }
);

text_enum!(
    warning,
    /// The unit of an amount seen.
    AmountUnit {
        Grams = "g" => unit_grams,
        Tablets = "tablets" => unit_tablets,
        Millilitres = "ml" => unit_millilitres,
    }
);

text_enum!(
    warning,
    /// Where a case stands: the pipeline's stages 2–4, then closed by the decision's sign-off.
    Stage {
        PrimaryData = "primary_data" => stage_primary_data,
        Assessment = "assessment" => stage_assessment,
        Decision = "decision" => stage_decision,
        Closed = "closed" => stage_closed,
    }
);

impl Stage {
    /// The stage a sign-off leads to.
    pub fn next(self) -> Option<Stage> {
        match self {
            Stage::PrimaryData => Some(Stage::Assessment),
            Stage::Assessment => Some(Stage::Decision),
            Stage::Decision => Some(Stage::Closed),
            Stage::Closed => None,
        }
    }

    /// The stages a case in this stage can be returned to.
    pub fn earlier(self) -> &'static [Stage] {
        match self {
            Stage::PrimaryData | Stage::Closed => &[],
            Stage::Assessment => &[Stage::PrimaryData],
            Stage::Decision => &[Stage::PrimaryData, Stage::Assessment],
        }
    }

    /// How many days a stage is given when a case enters it, unless the coordinator says.
    pub fn default_days(self) -> i64 {
        match self {
            Stage::PrimaryData => 30,
            Stage::Assessment => 21,
            Stage::Decision => 60,
            Stage::Closed => 0,
        }
    }

    /// The stages still open, in the pipeline's order.
    pub const OPEN: [Stage; 3] = [Stage::PrimaryData, Stage::Assessment, Stage::Decision];
}

text_enum!(
    warning,
    /// A criterion's level, and a case's overall risk.
    RiskLevel {
        Low = "low" => level_low,
        Moderate = "moderate" => level_moderate,
        High = "high" => level_high,
    }
);

text_enum!(
    warning,
    /// The three groups of criteria an assessor scores.
    Criterion {
        Medical = "medical" => criterion_medical,
        Social = "social" => criterion_social,
        Legal = "legal" => criterion_legal,
    }
);

impl Criterion {
    /// What the criterion weighs, for the assessor.
    pub fn hint(self, t: &crate::i18n::Texts) -> &'static str {
        match self {
            Criterion::Medical => t.warning.criterion_medical_hint,
            Criterion::Social => t.warning.criterion_social_hint,
            Criterion::Legal => t.warning.criterion_legal_hint,
        }
    }
}

text_enum!(
    warning,
    /// The measure a decision recommends.
    Measure {
        NoAction = "no_action" => measure_no_action,
        Monitoring = "monitoring" => measure_monitoring,
        TemporaryControl = "temporary_control" => measure_temporary_control,
        NationalList = "national_list" => measure_national_list,
    }
);

impl Measure {
    /// Whether the measure places the substance under national control (so a legal act is
    /// required and the register's control status follows it).
    pub fn controls(self) -> bool {
        matches!(self, Measure::TemporaryControl | Measure::NationalList)
    }
}

text_enum!(
    warning,
    /// Why a task belongs to a case: a request for primary data (stage 2), or follow-up work
    /// after an alert.
    CasePurpose {
        PrimaryData = "primary_data" => purpose_primary_data,
        FollowUp = "follow_up" => purpose_follow_up,
    }
);

text_enum!(
    warning,
    /// What happened to a case, as its history records it.
    CaseEvent {
        Opened = "opened" => event_opened,
        SignalAdded = "signal_added" => event_signal_added,
        Requested = "requested" => event_requested,
        AssessorsNamed = "assessors_named" => event_assessors_named,
        Scored = "scored" => event_scored,
        RiskConfirmed = "risk_confirmed" => event_risk_confirmed,
        Alerted = "alerted" => event_alerted,
        DecisionRecorded = "decision_recorded" => event_decision_recorded,
        SignedOff = "signed_off" => event_signed_off,
        Returned = "returned" => event_returned,
        Commented = "commented" => event_commented,
        FileAdded = "file_added" => event_file_added,
    }
);
