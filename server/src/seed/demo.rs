//! The demonstration dataset: a handful of believable organisations and one account per role,
//! all marked `is_demo`. Loaded only when asked for (`concord demo`, README's run command),
//! never by a production start; loading it twice changes nothing.

use app::backend::{db, now, state::AppState};
use app::domain::{
    ids::OrganizationId,
    inputs::{OrganizationForm, OrganizationInput, UserForm, UserInput},
    roles::Role,
};
use app::error::AppError;

/// A demo login, printed to the console so a newcomer can log in at once.
#[derive(Clone, Debug)]
pub struct DemoAccount {
    pub role: Role,
    pub email: &'static str,
    pub password: &'static str,
    pub full_name: &'static str,
}

struct DemoOrg {
    kind: &'static str,
    names: [&'static str; 3],
    place: [&'static str; 3],
    email: &'static str,
}

const ORGS: &[DemoOrg] = &[
    DemoOrg {
        kind: "coordinating_body",
        names: [
            "Баңгизаттарды контролдоо боюнча мамлекеттик кызмат (демо)",
            "Государственная служба по контролю наркотиков (демо)",
            "State Drug Control Service (demo)",
        ],
        place: ["KG11000000000", "", ""],
        email: "office@demo.concord.kg",
    },
    DemoOrg {
        kind: "state_body",
        names: [
            "КР Саламаттык сактоо министрлиги (демо)",
            "Министерство здравоохранения КР (демо)",
            "Ministry of Health (demo)",
        ],
        place: ["KG11000000000", "", ""],
        email: "health@demo.concord.kg",
    },
    DemoOrg {
        kind: "state_body",
        names: [
            "КР Ички иштер министрлиги (демо)",
            "Министерство внутренних дел КР (демо)",
            "Ministry of Internal Affairs (demo)",
        ],
        place: ["KG11000000000", "", ""],
        email: "interior@demo.concord.kg",
    },
    DemoOrg {
        kind: "state_body",
        names: [
            "КР Билим берүү жана илим министрлиги (демо)",
            "Министерство образования и науки КР (демо)",
            "Ministry of Education and Science (demo)",
        ],
        place: ["KG11000000000", "", ""],
        email: "education@demo.concord.kg",
    },
    DemoOrg {
        kind: "local_government",
        names: [
            "Дүйшеев айыл өкмөтү (демо)",
            "Айыл окмоту Дуйшеев (демо)",
            "A. Duysheev aiyl okmotu (demo)",
        ],
        place: ["KG08000000000", "KG08213000000", "KG08213826000"],
        email: "duysheev@demo.concord.kg",
    },
    DemoOrg {
        kind: "local_government",
        names: [
            "Ак-Таш айыл өкмөтү (демо)",
            "Айыл окмоту Ак-Таш (демо)",
            "Ak-Tash aiyl okmotu (demo)",
        ],
        place: ["KG06000000000", "KG06226000000", "KG06226804000"],
        email: "ak-tash@demo.concord.kg",
    },
    DemoOrg {
        kind: "local_government",
        names: [
            "Бишкек шаардык мэриясы (демо)",
            "Мэрия города Бишкек (демо)",
            "Bishkek City Hall (demo)",
        ],
        place: ["KG11000000000", "", ""],
        email: "bishkek@demo.concord.kg",
    },
    DemoOrg {
        kind: "ngo",
        names: [
            "«Ден соолуктуу муун» коомдук фонду (демо)",
            "ОФ «Здоровое поколение» (демо)",
            "Healthy Generation Foundation (demo)",
        ],
        place: ["KG06000000000", "", ""],
        email: "healthy-generation@demo.concord.kg",
    },
    DemoOrg {
        kind: "international_partner",
        names: [
            "БУУнун Баңгизаттар жана кылмыштуулук боюнча башкармалыгы, Кыргызстандагы кеңсе (демо)",
            "Офис УНП ООН в Кыргызстане (демо)",
            "UNODC Office in Kyrgyzstan (demo)",
        ],
        place: ["KG11000000000", "", ""],
        email: "unodc@demo.concord.kg",
    },
    DemoOrg {
        kind: "local_government",
        names: [
            "Алмалуу айыл өкмөтү (демо)",
            "Айыл окмоту Алмалуу (демо)",
            "Almaly aiyl okmotu (demo)",
        ],
        place: ["KG08000000000", "KG08213000000", "KG08213804000"],
        email: "almaly@demo.concord.kg",
    },
    DemoOrg {
        kind: "local_government",
        names: [
            "Боролдой айыл өкмөтү (демо)",
            "Айыл окмоту Боролдой (демо)",
            "Boroldoy aiyl okmotu (demo)",
        ],
        place: ["KG08000000000", "KG08213000000", "KG08213808000"],
        email: "boroldoy@demo.concord.kg",
    },
    DemoOrg {
        kind: "forensic_laboratory",
        names: [
            "КР Юстиция министрлигине караштуу Соттук-эксперттик борбор (демо)",
            "Государственный центр судебных экспертиз при Министерстве юстиции КР (демо)",
            "State Centre of Forensic Expertise, Ministry of Justice (demo)",
        ],
        place: ["KG11000000000", "", ""],
        email: "lab@demo.concord.kg",
    },
    DemoOrg {
        kind: "research_institution",
        names: [
            "Республикалык психиатрия жана наркология борборунун илимий бөлүмү (демо)",
            "Научный отдел Республиканского центра психиатрии и наркологии (демо)",
            "Research Department, Republican Centre of Psychiatry and Narcology (demo)",
        ],
        place: ["KG11000000000", "", ""],
        email: "research@demo.concord.kg",
    },
];

/// The demo accounts: (organisation index in `ORGS`, account).
const ACCOUNTS: &[(usize, DemoAccount)] = &[
    (
        0,
        DemoAccount {
            role: Role::Administrator,
            email: "admin@demo.concord.kg",
            password: "demo-admin-password",
            full_name: "Азамат Токтогулов",
        },
    ),
    (
        0,
        DemoAccount {
            role: Role::Coordinator,
            email: "coordinator@demo.concord.kg",
            password: "demo-coordinator-password",
            full_name: "Айгүл Осмонова",
        },
    ),
    (
        4,
        DemoAccount {
            role: Role::Reporter,
            email: "reporter@demo.concord.kg",
            password: "demo-reporter-password",
            full_name: "Бакыт Жумабеков",
        },
    ),
    (
        8,
        DemoAccount {
            role: Role::Observer,
            email: "observer@demo.concord.kg",
            password: "demo-observer-password",
            full_name: "Sarah Collins",
        },
    ),
    (
        1,
        DemoAccount {
            role: Role::Reporter,
            email: "health@demo.concord.kg",
            password: "demo-reporter-password",
            full_name: "Нургүл Асанова",
        },
    ),
    (
        7,
        DemoAccount {
            role: Role::Reporter,
            email: "ngo@demo.concord.kg",
            password: "demo-reporter-password",
            full_name: "Эрмек Садыков",
        },
    ),
    (
        2,
        DemoAccount {
            role: Role::Reporter,
            email: "interior@demo.concord.kg",
            password: "demo-reporter-password",
            full_name: "Марат Абдыкеров",
        },
    ),
    (
        11,
        DemoAccount {
            role: Role::Reporter,
            email: "lab@demo.concord.kg",
            password: "demo-reporter-password",
            full_name: "Гүлнара Маматова",
        },
    ),
    (
        12,
        DemoAccount {
            role: Role::Reporter,
            email: "research@demo.concord.kg",
            password: "demo-reporter-password",
            full_name: "Тимур Исаков",
        },
    ),
];

/// The accounts to print after loading.
pub fn accounts() -> Vec<DemoAccount> {
    ACCOUNTS
        .iter()
        .map(|(_, account)| account.clone())
        .collect()
}

/// Loads the demo dataset unless it is already there.
pub async fn load(state: &AppState) -> Result<(), AppError> {
    if db::organizations::demo_loaded(&state.db).await? {
        tracing::info!("demo data already loaded");
        return Ok(());
    }
    // The printed accounts must keep working for newcomers: nobody must use a second factor
    // until an administrator turns the requirement on (/security).
    db::second_factors::require_of_nobody(&state.db).await?;
    let mut ids: Vec<OrganizationId> = Vec::with_capacity(ORGS.len());
    for org in ORGS {
        let form = OrganizationForm {
            kind: org.kind.to_owned(),
            name_ky: org.names[0].to_owned(),
            name_ru: org.names[1].to_owned(),
            name_en: org.names[2].to_owned(),
            region_code: org.place[0].to_owned(),
            district_code: org.place[1].to_owned(),
            municipality_code: org.place[2].to_owned(),
            contact_email: org.email.to_owned(),
            is_active: true,
            ..Default::default()
        };
        let input = OrganizationInput::parse(&form)?;
        ids.push(db::organizations::insert(&state.db, &input, true, now()).await?);
    }
    let mut users = Vec::with_capacity(ACCOUNTS.len());
    for (org, account) in ACCOUNTS {
        let form = UserForm {
            full_name: account.full_name.to_owned(),
            email: account.email.to_owned(),
            organization_id: ids[*org].to_string(),
            role: account.role.as_str().to_owned(),
            language: if account.role == Role::Observer {
                "en"
            } else {
                "ru"
            }
            .to_owned(),
            is_active: true,
        };
        let input = UserInput::parse(&form)?;
        let hash = state.passwords.hash(account.password.to_owned()).await?;
        let user = db::users::NewUser {
            input: &input,
            password_hash: &hash,
            one_time_until: None,
            is_demo: true,
        };
        users.push((
            *org,
            account.role,
            db::users::insert(&state.db, user, now()).await?,
        ));
    }
    super::demo_tasks::load(state, &ids, &users).await?;
    super::demo_progress::load(state, &ids, &users).await?;
    if let Some((_, _, coordinator)) = users.iter().find(|(_, role, _)| *role == Role::Coordinator)
    {
        super::demo_substances::load(state, *coordinator).await?;
        super::demo_warning::load(state, &ids, &users).await?;
    }
    catch_up_reminders(state).await?;
    tracing::info!(
        organizations = ORGS.len(),
        users = ACCOUNTS.len(),
        "demo data loaded"
    );
    Ok(())
}

/// Runs the scheduled pass for the days the demo's work was due on (the last three weeks, and
/// the reminder days of the last ended reporting period), as a server running all along would
/// have: the demo then holds reminders of tasks, reports and indicator values due and overdue,
/// and escalations, and with mail configured they go out at once. The past days are run before
/// 08:00, so only today's pass makes digests.
async fn catch_up_reminders(state: &AppState) -> Result<(), AppError> {
    use app::domain::notifications::Kind;
    use time::{Duration, macros::time};
    let today = app::backend::today();
    let period = app::backend::reports::calendar(state)
        .await?
        .last_ended(today);
    let mut days: std::collections::BTreeSet<time::Date> =
        (1..=21).map(|d| today - Duration::days(d)).collect();
    for (_, days_before) in Kind::REPORT_REMINDERS {
        let day = period.deadline - Duration::days(days_before);
        if day < today {
            days.insert(day);
        }
    }
    for day in days {
        let early = day
            .with_time(time!(07:00))
            .assume_offset(app::i18n::BISHKEK);
        app::backend::reminders::pass(state, early, false).await?;
    }
    app::backend::reminders::pass(state, time::OffsetDateTime::now_utc(), false).await?;
    Ok(())
}
