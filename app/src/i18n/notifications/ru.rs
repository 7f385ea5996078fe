//! Russian texts of the notification centre.

use super::NotificationTexts;

pub const RU: NotificationTexts = NotificationTexts {
    nav_notifications: "Уведомления",
    unread_label: "непрочитанных уведомлений",
    title: "Уведомления",
    intro: "Изменения, которые касаются вас и вашей организации: новые поручения, поручения и отчёты на доработке, новые сроки и обсуждения.",
    none: "Уведомлений пока нет.",
    unread_count: "Непрочитанные",
    unread_badge: "Новое",
    mark_read: "Отметить прочитанным",
    mark_all_read: "Отметить все прочитанными",
    marked_read: "Уведомления отмечены прочитанными.",
    older: "Более ранние уведомления",
    newest: "К последним уведомлениям",
    by: "Кто",
    open: "Открыть",
    task_assigned: "Вашей организации дано поручение",
    task_returned: "Поручение возвращено на доработку",
    task_reassigned: "Поручение передано другой организации",
    task_rescheduled: "Изменён срок поручения",
    task_cancelled: "Поручение отменено",
    task_commented: "Новый комментарий в обсуждении поручения",
    report_submitted: "Отчёт направлен на проверку",
    report_returned: "Отчёт возвращён на доработку",
    report_accepted: "Отчёт принят",
};
