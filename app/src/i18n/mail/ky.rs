//! Kyrgyz texts of the messages sent by email.

use super::MailTexts;

pub const KY: MailTexts = MailTexts {
    greeting: "Саламатсызбы, {name}!",
    by: "Ким",
    when: "Качан",
    note: "Эскертүү",
    open: "Concord'до ачуу",
    why: "Бул кат Concord'дон келди, анткени ал сизге же уюмуңузга тиешелүү.",
    unsubscribe: "Мындай каттарды албоо",
    preferences_title: "Электрондук почта аркылуу билдирүүлөр",
    preferences_intro: "Кайсы билдирүүлөрдү электрондук почта аркылуу алууну тандаңыз. Алардын баары Concord'дун билдирүүлөр бетинде кала берет.",
    by_email: "Электрондук почта аркылуу",
    preferences_saved: "Тандоолор сакталды.",
    unsubscribe_title: "Каттарды токтотуу",
    unsubscribe_question: "Мындай билдирүүлөрдү электрондук почта аркылуу алууну токтотосузбу?",
    unsubscribe_confirm: "Токтотуу",
    unsubscribed: "Мындай каттар мындан ары жөнөтүлбөйт. Аларды эсептик жазууңуздун бетинде кайра күйгүзө аласыз.",
    unsubscribe_invalid: "Бул шилтеме туура эмес же эскирген.",
};
