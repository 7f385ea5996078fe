//! The life of a task: its statuses, the moves between them, and who may make each move.
//!
//! ```text
//! draft ─assign→ assigned ─accept→ accepted ─start→ in progress ─complete→ completed ─verify→ verified
//!                   │  └─decline→ declined                ↑                     │
//!                   │                                     └──start── returned ←─return┘
//!  reassign: assigned, accepted, declined, in progress, returned → assigned (another lead)
//!  reschedule: any open status, unchanged;  cancel: any open status → cancelled
//! ```
//!
//! Coordinators assign, reassign, reschedule, verify, return and cancel; the reporters of the
//! task's lead organisation accept, decline, start and complete. Nobody else moves a task. The
//! server asks [`permitted`] before every change, and the table test below spells out every
//! combination.

use serde::{Deserialize, Serialize};

use crate::i18n::Texts;

/// Where a task stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Assigned,
    Accepted,
    Declined,
    InProgress,
    Completed,
    Returned,
    Verified,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Draft,
        Status::Assigned,
        Status::Accepted,
        Status::Declined,
        Status::InProgress,
        Status::Completed,
        Status::Returned,
        Status::Verified,
        Status::Cancelled,
    ];

    /// The statuses in which the lead organisation still owes work, so a past due date makes
    /// the task overdue.
    pub const OWING_WORK: [Status; 4] = [
        Status::Assigned,
        Status::Accepted,
        Status::InProgress,
        Status::Returned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Assigned => "assigned",
            Status::Accepted => "accepted",
            Status::Declined => "declined",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::Returned => "returned",
            Status::Verified => "verified",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|v| v.as_str() == s.trim())
    }

    pub fn label(self, t: &Texts) -> &'static str {
        let s = t.tasks;
        match self {
            Status::Draft => s.status_draft,
            Status::Assigned => s.status_assigned,
            Status::Accepted => s.status_accepted,
            Status::Declined => s.status_declined,
            Status::InProgress => s.status_in_progress,
            Status::Completed => s.status_completed,
            Status::Returned => s.status_returned,
            Status::Verified => s.status_verified,
            Status::Cancelled => s.status_cancelled,
        }
    }

    /// Verified and cancelled tasks are closed for good.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Verified | Status::Cancelled)
    }

    /// Whether a task in this status is overdue on `today` if it was due on `due`.
    pub fn is_overdue(self, due: time::Date, today: time::Date) -> bool {
        Status::OWING_WORK.contains(&self) && due < today
    }
}

/// A change of a task's status (or of its lead or due date) that someone asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Move {
    Assign,
    Accept,
    Decline,
    Start,
    Complete,
    Verify,
    Return,
    Reassign,
    Reschedule,
    Cancel,
}

impl Move {
    pub const ALL: [Move; 10] = [
        Move::Assign,
        Move::Accept,
        Move::Decline,
        Move::Start,
        Move::Complete,
        Move::Verify,
        Move::Return,
        Move::Reassign,
        Move::Reschedule,
        Move::Cancel,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Move::Assign => "assign",
            Move::Accept => "accept",
            Move::Decline => "decline",
            Move::Start => "start",
            Move::Complete => "complete",
            Move::Verify => "verify",
            Move::Return => "return",
            Move::Reassign => "reassign",
            Move::Reschedule => "reschedule",
            Move::Cancel => "cancel",
        }
    }

    pub fn parse(s: &str) -> Option<Move> {
        Move::ALL.into_iter().find(|v| v.as_str() == s.trim())
    }

    pub fn label(self, t: &Texts) -> &'static str {
        let s = t.tasks;
        match self {
            Move::Assign => s.move_assign,
            Move::Accept => s.move_accept,
            Move::Decline => s.move_decline,
            Move::Start => s.move_start,
            Move::Complete => s.move_complete,
            Move::Verify => s.move_verify,
            Move::Return => s.move_return,
            Move::Reassign => s.move_reassign,
            Move::Reschedule => s.move_reschedule,
            Move::Cancel => s.move_cancel,
        }
    }

    /// The status a task in `from` reaches by this move, or `None` if the move does not apply.
    pub fn target(self, from: Status) -> Option<Status> {
        use Status::*;
        match (self, from) {
            (Move::Assign, Draft) => Some(Assigned),
            (Move::Accept, Assigned) => Some(Accepted),
            (Move::Decline, Assigned) => Some(Declined),
            (Move::Start, Accepted | Returned) => Some(InProgress),
            (Move::Complete, InProgress) => Some(Completed),
            (Move::Verify, Completed) => Some(Verified),
            (Move::Return, Completed) => Some(Returned),
            (Move::Reassign, Assigned | Accepted | Declined | InProgress | Returned) => {
                Some(Assigned)
            }
            (Move::Reschedule, s) if s.is_open() => Some(s),
            (Move::Cancel, s) if s.is_open() => Some(Cancelled),
            _ => None,
        }
    }

    /// What the person making this move must write: a reason, a comment or a result.
    pub fn needs_note(self) -> bool {
        matches!(
            self,
            Move::Decline | Move::Complete | Move::Return | Move::Reschedule | Move::Cancel
        )
    }

    /// Who may make this move.
    pub fn made_by(self) -> Standing {
        match self {
            Move::Accept | Move::Decline | Move::Start | Move::Complete => Standing::LeadReporter,
            Move::Assign
            | Move::Verify
            | Move::Return
            | Move::Reassign
            | Move::Reschedule
            | Move::Cancel => Standing::Coordinator,
        }
    }
}

/// How a user stands towards one task, from their role and organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Coordinating-body staff: they run every task.
    Coordinator,
    /// A reporter of the task's lead organisation: they do the work.
    LeadReporter,
    /// A reporter of a supporting organisation: they see the task and discuss it.
    SupportReporter,
    /// An observer or an administrator: they read tasks that are no longer drafts.
    Observer,
    /// A reporter of an unrelated organisation.
    Outsider,
}

impl Standing {
    pub const ALL: [Standing; 5] = [
        Standing::Coordinator,
        Standing::LeadReporter,
        Standing::SupportReporter,
        Standing::Observer,
        Standing::Outsider,
    ];

    /// Whether someone standing so may open a task in `status`.
    pub fn may_view(self, status: Status) -> bool {
        match self {
            Standing::Coordinator => true,
            Standing::LeadReporter | Standing::SupportReporter | Standing::Observer => {
                status != Status::Draft
            }
            Standing::Outsider => false,
        }
    }

    /// Whether someone standing so may write in the task's comment thread.
    pub fn may_comment(self, status: Status) -> bool {
        matches!(
            self,
            Standing::Coordinator | Standing::LeadReporter | Standing::SupportReporter
        ) && self.may_view(status)
    }
}

/// The status a move leads to, if `standing` may make it on a task in `from`.
pub fn permitted(standing: Standing, mv: Move, from: Status) -> Option<Status> {
    if mv.made_by() != standing {
        return None;
    }
    mv.target(from)
}

/// The moves `standing` may make on a task in `status`, in the order buttons show them.
pub fn available_moves(standing: Standing, status: Status) -> Vec<Move> {
    Move::ALL
        .into_iter()
        .filter(|mv| permitted(standing, *mv, status).is_some())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every allowed (standing, move, from) → to; everything not listed is refused.
    const ALLOWED: &[(Standing, Move, Status, Status)] = {
        use Move as M;
        use Standing::*;
        use Status::*;
        &[
            (Coordinator, M::Assign, Draft, Assigned),
            (LeadReporter, M::Accept, Assigned, Accepted),
            (LeadReporter, M::Decline, Assigned, Declined),
            (LeadReporter, M::Start, Accepted, InProgress),
            (LeadReporter, M::Start, Returned, InProgress),
            (LeadReporter, M::Complete, InProgress, Completed),
            (Coordinator, M::Verify, Completed, Verified),
            (Coordinator, M::Return, Completed, Returned),
            (Coordinator, M::Reassign, Assigned, Assigned),
            (Coordinator, M::Reassign, Accepted, Assigned),
            (Coordinator, M::Reassign, Declined, Assigned),
            (Coordinator, M::Reassign, InProgress, Assigned),
            (Coordinator, M::Reassign, Returned, Assigned),
            (Coordinator, M::Reschedule, Draft, Draft),
            (Coordinator, M::Reschedule, Assigned, Assigned),
            (Coordinator, M::Reschedule, Accepted, Accepted),
            (Coordinator, M::Reschedule, Declined, Declined),
            (Coordinator, M::Reschedule, InProgress, InProgress),
            (Coordinator, M::Reschedule, Completed, Completed),
            (Coordinator, M::Reschedule, Returned, Returned),
            (Coordinator, M::Cancel, Draft, Cancelled),
            (Coordinator, M::Cancel, Assigned, Cancelled),
            (Coordinator, M::Cancel, Accepted, Cancelled),
            (Coordinator, M::Cancel, Declined, Cancelled),
            (Coordinator, M::Cancel, InProgress, Cancelled),
            (Coordinator, M::Cancel, Completed, Cancelled),
            (Coordinator, M::Cancel, Returned, Cancelled),
        ]
    };

    #[test]
    fn the_whole_table_of_moves() {
        for standing in Standing::ALL {
            for mv in Move::ALL {
                for from in Status::ALL {
                    let expected = ALLOWED
                        .iter()
                        .find(|(s, m, f, _)| (*s, *m, *f) == (standing, mv, from))
                        .map(|(_, _, _, to)| *to);
                    assert_eq!(
                        permitted(standing, mv, from),
                        expected,
                        "{standing:?} {mv:?} from {from:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn closed_tasks_do_not_move() {
        for standing in Standing::ALL {
            for status in [Status::Verified, Status::Cancelled] {
                assert!(available_moves(standing, status).is_empty());
            }
        }
    }

    #[test]
    fn who_sees_and_discusses() {
        use Standing::*;
        for status in Status::ALL {
            let published = status != Status::Draft;
            assert!(Coordinator.may_view(status) && Coordinator.may_comment(status));
            assert_eq!(LeadReporter.may_view(status), published);
            assert_eq!(LeadReporter.may_comment(status), published);
            assert_eq!(SupportReporter.may_comment(status), published);
            assert_eq!(Observer.may_view(status), published);
            assert!(!Observer.may_comment(status));
            assert!(!Outsider.may_view(status) && !Outsider.may_comment(status));
        }
    }

    #[test]
    fn overdue_only_while_work_is_owed() {
        let due = time::macros::date!(2026 - 03 - 01);
        let after = time::macros::date!(2026 - 03 - 02);
        assert!(Status::InProgress.is_overdue(due, after));
        assert!(!Status::InProgress.is_overdue(due, due));
        assert!(!Status::Completed.is_overdue(due, after));
        assert!(!Status::Draft.is_overdue(due, after));
    }

    #[test]
    fn names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for m in Move::ALL {
            assert_eq!(Move::parse(m.as_str()), Some(m));
        }
        assert_eq!(Status::parse("done"), None);
    }
}
