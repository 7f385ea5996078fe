//! A case's life: who may do what in which stage (a table the tests walk, as for tasks), and
//! what a stage needs before the coordinator may sign it off.

use super::kinds::{Measure, RiskLevel, Stage};
use serde::{Deserialize, Serialize};

/// How a person stands towards a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseStanding {
    /// Staff of the coordinating body: runs the case.
    Coordinator,
    /// A reporter named to score the case.
    Assessor,
    /// A reporter of an organisation the case asked for data, alerted, or whose signal it holds.
    Involved,
    /// Anyone else: sees nothing of the case.
    Outsider,
}

/// Something done to a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseAct {
    /// Add a signal to the case.
    AddSignal,
    /// Ask an expert organisation for primary data (a task).
    RequestData,
    /// Name the assessors.
    NameAssessors,
    /// Score the criteria (an assessor, for themselves).
    Score,
    /// Confirm the overall risk (or change the suggested one, with a reason).
    ConfirmRisk,
    /// Alert organisations of a high risk and give them follow-up tasks.
    Alert,
    /// Record the decision: the measure, the body and act, the day it takes effect.
    RecordDecision,
    /// Close the stage and move to the next.
    SignOff,
    /// Send the case back to an earlier stage, with a reason.
    Return,
    /// Write in the case's discussion.
    Comment,
}

impl CaseAct {
    pub const ALL: [CaseAct; 10] = [
        CaseAct::AddSignal,
        CaseAct::RequestData,
        CaseAct::NameAssessors,
        CaseAct::Score,
        CaseAct::ConfirmRisk,
        CaseAct::Alert,
        CaseAct::RecordDecision,
        CaseAct::SignOff,
        CaseAct::Return,
        CaseAct::Comment,
    ];
}

/// Whether `standing` may do `act` on a case in `stage`.
pub fn permitted(standing: CaseStanding, act: CaseAct, stage: Stage) -> bool {
    use CaseAct::*;
    use CaseStanding::*;
    use Stage::*;
    match (standing, act) {
        (Outsider, _) => false,
        (Coordinator | Assessor | Involved, Comment) => true,
        (Assessor, Score) => stage == Assessment,
        (Assessor | Involved, _) => false,
        (Coordinator, AddSignal | SignOff) => stage != Closed,
        (Coordinator, RequestData) => stage == PrimaryData,
        (Coordinator, NameAssessors) => matches!(stage, PrimaryData | Assessment),
        (Coordinator, Score) => false,
        (Coordinator, ConfirmRisk) => stage == Assessment,
        (Coordinator, Alert) => stage != PrimaryData,
        (Coordinator, RecordDecision) => stage == Decision,
        (Coordinator, Return) => !stage.earlier().is_empty(),
    }
}

/// What a stage still lacks before its sign-off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Missing {
    /// Primary data: the substance is not identified.
    Substance,
    /// Primary data: no expert organisation was asked.
    Request,
    /// Primary data: a request is still open.
    OpenRequest,
    /// Assessment: nobody is named to assess.
    Assessors,
    /// Assessment: an assessor has not scored every criterion.
    Scores,
    /// Assessment: the overall risk is not confirmed.
    Risk,
    /// Decision: none recorded.
    Decision,
}

impl Missing {
    pub fn label(self, t: &crate::i18n::Texts) -> &'static str {
        let w = t.warning;
        match self {
            Missing::Substance => w.missing_substance,
            Missing::Request => w.missing_request,
            Missing::OpenRequest => w.missing_open_request,
            Missing::Assessors => w.missing_assessors,
            Missing::Scores => w.missing_scores,
            Missing::Risk => w.missing_risk,
            Missing::Decision => w.missing_decision,
        }
    }
}

/// What is known of a case, for deciding whether its stage can close.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseFacts {
    pub substance_identified: bool,
    /// Primary-data requests: how many, and how many still open (neither completed, verified
    /// nor cancelled).
    pub requests: usize,
    pub requests_open: usize,
    pub assessors: usize,
    /// Assessors who scored all three criteria.
    pub assessors_done: usize,
    pub risk: Option<RiskLevel>,
    pub measure: Option<Measure>,
}

/// What `stage` lacks, in the order the page lists it; empty when it can be signed off.
pub fn missing(stage: Stage, facts: &CaseFacts) -> Vec<Missing> {
    let mut lacks = Vec::new();
    match stage {
        Stage::PrimaryData => {
            if facts.requests == 0 {
                lacks.push(Missing::Request);
            }
            if facts.requests_open > 0 {
                lacks.push(Missing::OpenRequest);
            }
            if !facts.substance_identified {
                lacks.push(Missing::Substance);
            }
        }
        Stage::Assessment => {
            if facts.assessors == 0 {
                lacks.push(Missing::Assessors);
            } else if facts.assessors_done < facts.assessors {
                lacks.push(Missing::Scores);
            }
            if facts.risk.is_none() {
                lacks.push(Missing::Risk);
            }
        }
        Stage::Decision => {
            if facts.measure.is_none() {
                lacks.push(Missing::Decision);
            }
        }
        Stage::Closed => {}
    }
    lacks
}

/// The overall risk the case suggests: the highest level any assessor gave any criterion.
pub fn suggested_risk(levels: impl IntoIterator<Item = RiskLevel>) -> Option<RiskLevel> {
    levels.into_iter().max_by_key(|l| match l {
        RiskLevel::Low => 0,
        RiskLevel::Moderate => 1,
        RiskLevel::High => 2,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseAct::*;
    use CaseStanding::*;

    /// Every standing, act and stage against the table: who may do what, where.
    #[test]
    fn the_stage_machine_for_each_standing() {
        let allowed: &[(CaseStanding, CaseAct, &[Stage])] = &[
            (
                Coordinator,
                AddSignal,
                &[Stage::PrimaryData, Stage::Assessment, Stage::Decision],
            ),
            (Coordinator, RequestData, &[Stage::PrimaryData]),
            (
                Coordinator,
                NameAssessors,
                &[Stage::PrimaryData, Stage::Assessment],
            ),
            (Coordinator, ConfirmRisk, &[Stage::Assessment]),
            (
                Coordinator,
                Alert,
                &[Stage::Assessment, Stage::Decision, Stage::Closed],
            ),
            (Coordinator, RecordDecision, &[Stage::Decision]),
            (
                Coordinator,
                SignOff,
                &[Stage::PrimaryData, Stage::Assessment, Stage::Decision],
            ),
            (Coordinator, Return, &[Stage::Assessment, Stage::Decision]),
            (
                Coordinator,
                Comment,
                &[
                    Stage::PrimaryData,
                    Stage::Assessment,
                    Stage::Decision,
                    Stage::Closed,
                ],
            ),
            (Assessor, Score, &[Stage::Assessment]),
            (
                Assessor,
                Comment,
                &[
                    Stage::PrimaryData,
                    Stage::Assessment,
                    Stage::Decision,
                    Stage::Closed,
                ],
            ),
            (
                Involved,
                Comment,
                &[
                    Stage::PrimaryData,
                    Stage::Assessment,
                    Stage::Decision,
                    Stage::Closed,
                ],
            ),
        ];
        for standing in [Coordinator, Assessor, Involved, Outsider] {
            for act in CaseAct::ALL {
                for &stage in Stage::ALL {
                    let expected = allowed.iter().any(|(s, a, stages)| {
                        *s == standing && *a == act && stages.contains(&stage)
                    });
                    assert_eq!(
                        permitted(standing, act, stage),
                        expected,
                        "{standing:?} {act:?} in {stage:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn each_stage_needs_its_data_before_sign_off() {
        let empty = CaseFacts::default();
        assert_eq!(
            missing(Stage::PrimaryData, &empty),
            vec![Missing::Request, Missing::Substance]
        );
        let asked = CaseFacts {
            requests: 2,
            requests_open: 1,
            substance_identified: true,
            ..empty.clone()
        };
        assert_eq!(
            missing(Stage::PrimaryData, &asked),
            vec![Missing::OpenRequest]
        );
        let answered = CaseFacts {
            requests_open: 0,
            ..asked
        };
        assert!(missing(Stage::PrimaryData, &answered).is_empty());
        let half_scored = CaseFacts {
            assessors: 2,
            assessors_done: 1,
            ..answered.clone()
        };
        assert_eq!(
            missing(Stage::Assessment, &half_scored),
            vec![Missing::Scores, Missing::Risk]
        );
        let confirmed = CaseFacts {
            assessors_done: 2,
            risk: Some(RiskLevel::High),
            ..half_scored
        };
        assert!(missing(Stage::Assessment, &confirmed).is_empty());
        assert_eq!(
            missing(Stage::Decision, &confirmed),
            vec![Missing::Decision]
        );
        let decided = CaseFacts {
            measure: Some(Measure::NationalList),
            ..confirmed
        };
        assert!(missing(Stage::Decision, &decided).is_empty());
    }

    #[test]
    fn the_suggested_risk_is_the_highest_level_given() {
        use RiskLevel::*;
        assert_eq!(suggested_risk([Low, High, Moderate]), Some(High));
        assert_eq!(suggested_risk([Low, Moderate]), Some(Moderate));
        assert_eq!(suggested_risk([]), None);
    }
}
