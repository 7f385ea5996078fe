//! Russian texts of the messages sent by email.

use super::MailTexts;

pub const RU: MailTexts = MailTexts {
    greeting: "Здравствуйте, {name}!",
    by: "Кто",
    when: "Когда",
    note: "Комментарий",
    open: "Открыть в Concord",
    why: "Это письмо отправлено Concord, потому что касается вас или вашей организации.",
    unsubscribe: "Не получать такие письма",
    preferences_title: "Уведомления по электронной почте",
    preferences_intro: "Выберите, какие уведомления получать по электронной почте. Все они остаются на странице уведомлений в Concord.",
    by_email: "По электронной почте",
    preferences_saved: "Настройки сохранены.",
    unsubscribe_title: "Отписка от писем",
    unsubscribe_question: "Больше не получать такие уведомления по электронной почте?",
    unsubscribe_confirm: "Отписаться",
    unsubscribed: "Такие письма больше не будут отправляться. Их можно снова включить на странице учётной записи.",
    unsubscribe_invalid: "Эта ссылка неверна или устарела.",
};
