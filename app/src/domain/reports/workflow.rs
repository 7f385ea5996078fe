//! The life of a progress report: its statuses, the moves between them and who may make each.
//!
//! ```text
//! draft ─submit→ submitted ─accept→ accepted ─correct→ (a new revision, as a draft)
//!   ↑  (save)        └─return→ returned ─submit→ submitted
//! accepting a correction supersedes the revision it corrects
//! ```
//!
//! The reporters of the task's lead organisation write, submit and correct; coordinators accept
//! and return. A report is written only while its task is open (accepted, in progress, returned
//! or completed). The server asks [`permitted`] before every change.

use crate::domain::tasks::fields::text_enum;
use crate::domain::tasks::workflow::Status;

text_enum!(
    reports,
    /// Where a report stands.
    ReportStatus {
        Draft = "draft" => status_draft,
        Submitted = "submitted" => status_submitted,
        Returned = "returned" => status_returned,
        Accepted = "accepted" => status_accepted,
        Superseded = "superseded" => status_superseded,
    }
);

impl ReportStatus {
    /// Whether the report's writers may still change its content.
    pub fn is_editable(self) -> bool {
        matches!(self, ReportStatus::Draft | ReportStatus::Returned)
    }
}

text_enum!(
    reports,
    /// A change to a report's status.
    ReportMove {
        Submit = "submit" => move_submit,
        Accept = "accept" => move_accept,
        Return = "return" => move_return,
        Correct = "correct" => move_correct,
    }
);

impl ReportMove {
    /// The status a move leads to (a correction makes a new draft revision).
    pub fn target(self) -> ReportStatus {
        match self {
            ReportMove::Submit => ReportStatus::Submitted,
            ReportMove::Accept => ReportStatus::Accepted,
            ReportMove::Return => ReportStatus::Returned,
            ReportMove::Correct => ReportStatus::Draft,
        }
    }

    /// Whether the move needs a comment (a return says what to fix).
    pub fn needs_note(self) -> bool {
        self == ReportMove::Return
    }
}

/// How someone stands towards a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportStanding {
    /// A reporter of the organisation the report is from.
    Writer,
    /// A coordinator of the coordinating body.
    Reviewer,
    /// Anyone else who may read it.
    Reader,
}

/// The task statuses in which reports are written: the lead organisation has taken the task on
/// and it is not yet verified, declined or cancelled.
pub const REPORTABLE: [Status; 4] = [
    Status::Accepted,
    Status::InProgress,
    Status::Returned,
    Status::Completed,
];

/// Whether `standing` may make `mv` on a report in `status` (the latest revision).
pub fn permitted(standing: ReportStanding, status: ReportStatus, mv: ReportMove) -> bool {
    use ReportMove::*;
    use ReportStanding::*;
    use ReportStatus as S;
    match (standing, mv) {
        (Writer, Submit) => status.is_editable(),
        (Writer, Correct) => status == S::Accepted,
        (Reviewer, Accept | Return) => status == S::Submitted,
        _ => false,
    }
}

/// The moves `standing` may make on a report in `status`.
pub fn available_moves(standing: ReportStanding, status: ReportStatus) -> Vec<ReportMove> {
    ReportMove::ALL
        .iter()
        .copied()
        .filter(|mv| permitted(standing, status, *mv))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportMove::*;
    use ReportStanding::*;
    use ReportStatus as S;

    /// Every (standing, status, move) that is allowed; everything else is refused.
    #[test]
    fn the_move_table() {
        let allowed = [
            (Writer, S::Draft, Submit),
            (Writer, S::Returned, Submit),
            (Writer, S::Accepted, Correct),
            (Reviewer, S::Submitted, Accept),
            (Reviewer, S::Submitted, Return),
        ];
        let mut seen = 0;
        for standing in [Writer, Reviewer, Reader] {
            for status in ReportStatus::ALL.iter().copied() {
                for mv in ReportMove::ALL.iter().copied() {
                    let want = allowed.contains(&(standing, status, mv));
                    assert_eq!(
                        permitted(standing, status, mv),
                        want,
                        "{standing:?} {status:?} {mv:?}"
                    );
                    seen += 1;
                }
            }
        }
        assert_eq!(seen, 3 * 5 * 4);
    }

    #[test]
    fn only_drafts_and_returned_reports_are_edited() {
        let editable: Vec<_> = ReportStatus::ALL
            .iter()
            .copied()
            .filter(|s| s.is_editable())
            .collect();
        assert_eq!(editable, [S::Draft, S::Returned]);
        assert_eq!(available_moves(Reader, S::Submitted), []);
        assert_eq!(available_moves(Reviewer, S::Submitted), [Accept, Return]);
    }

    #[test]
    fn statuses_round_trip_as_text() {
        for status in ReportStatus::ALL {
            assert_eq!(ReportStatus::parse(status.as_str()), Some(*status));
        }
        assert_eq!(ReportStatus::parse("approved"), None);
        assert!(Return.needs_note());
        assert!(!Submit.needs_note());
    }
}
