//! Kyrgyz texts of the notification centre.

use super::NotificationTexts;

pub const KY: NotificationTexts = NotificationTexts {
    nav_notifications: "Билдирүүлөр",
    unread_label: "окула элек билдирүү",
    title: "Билдирүүлөр",
    intro: "Сизге жана уюмуңузга тиешелүү өзгөрүүлөр: жаңы тапшырмалар, кайтарылган тапшырмалар жана отчеттор, жаңы мөөнөттөр жана талкуулар.",
    none: "Азырынча билдирүүлөр жок.",
    unread_count: "Окула элек",
    unread_badge: "Жаңы",
    mark_read: "Окулду деп белгилөө",
    mark_all_read: "Баарын окулду деп белгилөө",
    marked_read: "Билдирүүлөр окулду деп белгиленди.",
    older: "Мурунку билдирүүлөр",
    newest: "Акыркы билдирүүлөргө",
    by: "Ким",
    open: "Ачуу",
    task_assigned: "Уюмуңузга тапшырма берилди",
    task_returned: "Тапшырма кайра иштөөгө кайтарылды",
    task_reassigned: "Тапшырма башка уюмга өткөрүлдү",
    task_rescheduled: "Тапшырманын мөөнөтү өзгөрдү",
    task_cancelled: "Тапшырма жокко чыгарылды",
    task_commented: "Тапшырманын талкуусунда жаңы пикир",
    report_submitted: "Отчет текшерүүгө жөнөтүлдү",
    report_returned: "Отчет кайра иштөөгө кайтарылды",
    report_accepted: "Отчет кабыл алынды",
};
