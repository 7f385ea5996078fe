//! English texts of the notification centre.

use super::NotificationTexts;

pub const EN: NotificationTexts = NotificationTexts {
    nav_notifications: "Notifications",
    unread_label: "unread notifications",
    title: "Notifications",
    intro: "Changes that concern you and your organisation: new tasks, tasks and reports returned for more work, new due dates and discussions.",
    none: "No notifications yet.",
    unread_count: "Unread",
    unread_badge: "New",
    mark_read: "Mark as read",
    mark_all_read: "Mark all as read",
    marked_read: "Notifications marked as read.",
    older: "Older notifications",
    newest: "Back to the newest",
    by: "By",
    open: "Open",
    task_assigned: "A task was assigned to your organisation",
    task_returned: "A task was returned for more work",
    task_reassigned: "A task was reassigned to another organisation",
    task_rescheduled: "A task's due date changed",
    task_cancelled: "A task was cancelled",
    task_commented: "A new comment on a task",
    report_submitted: "A progress report was submitted for review",
    report_returned: "A progress report was returned for correction",
    report_accepted: "A progress report was accepted",
};
