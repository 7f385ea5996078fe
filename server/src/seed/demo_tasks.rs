//! The demo dataset's tasks: a believable spread over the objectives, categories, statuses
//! and regions, with dates around today so the inbox has something due, overdue and to
//! verify. Each task is walked to its status through the workflow's own moves, so its
//! history reads as if people had done the work.

use app::backend::{
    db,
    db::tasks::{Change, NewTask},
    now,
    state::AppState,
    today,
};
use app::domain::{
    ids::{OrganizationId, TaskId, UserId},
    roles::Role,
    tasks::fields::{Category, Coverage, EnforcementFocus, Priority},
    tasks::inputs::TaskPlace,
    tasks::workflow::{Move, Standing, Status},
    views::Trilingual,
};
use app::error::AppError;
use app::i18n::Lang;

struct DemoTask {
    title: [&'static str; 3],
    category: Category,
    objectives: &'static [&'static str],
    /// Index of the lead organisation in the demo organisations.
    lead: usize,
    /// Start and due dates, in days from today.
    days: (i64, i64),
    priority: Priority,
    /// The moves that bring it to its status, each with its note.
    path: &'static [(Move, &'static str)],
    /// The region it covers; `None` for the whole country.
    region: Option<&'static str>,
    /// Kept as a draft, not yet assigned.
    draft: bool,
    /// What an enforcement task is aimed at.
    focus: Option<EnforcementFocus>,
}

const ACCEPT: (Move, &str) = (Move::Accept, "");
const START: (Move, &str) = (Move::Start, "");

const TASKS: &[DemoTask] = &[
    DemoTask {
        title: [
            "Мектептерде баңгизаттын зыяны тууралуу сабактар",
            "Уроки о вреде наркотиков в школах Кеминского района",
            "Lessons on drug harms in Kemin district schools",
        ],
        category: Category::PrimaryPrevention,
        objectives: &["O1"],
        lead: 4,
        days: (-60, 20),
        priority: Priority::Normal,
        region: Some("KG08000000000"),
        draft: false,
        focus: None,
        path: &[ACCEPT, START],
    },
    DemoTask {
        title: [
            "Жаштар үчүн спорттук иш-чаралар",
            "Спортивные мероприятия для молодёжи",
            "Sports events for young people",
        ],
        category: Category::PrimaryPrevention,
        objectives: &["O1"],
        lead: 4,
        days: (-90, -9),
        priority: Priority::High,
        region: Some("KG08000000000"),
        draft: false,
        focus: None,
        path: &[ACCEPT, START],
    },
    DemoTask {
        title: [
            "Айыл аймагында тобокелдик тобундагы жаштарды эрте аныктоо",
            "Раннее выявление молодёжи группы риска в айылном аймаке",
            "Early identification of young people at risk in the municipality",
        ],
        category: Category::SecondaryPrevention,
        objectives: &["O1"],
        lead: 4,
        days: (-10, 30),
        priority: Priority::Normal,
        region: Some("KG08000000000"),
        draft: false,
        focus: None,
        path: &[ACCEPT],
    },
    DemoTask {
        title: [
            "Ата-энелер үчүн маалыматтык жолугушуулар",
            "Информационные встречи для родителей",
            "Information meetings for parents",
        ],
        category: Category::PrimaryPrevention,
        objectives: &["O1"],
        lead: 4,
        days: (-120, -30),
        priority: Priority::Normal,
        region: Some("KG08000000000"),
        draft: false,
        focus: None,
        path: &[
            ACCEPT,
            START,
            (Move::Complete, "Провели 6 встреч, пришли 140 родителей."),
            (Move::Verify, ""),
        ],
    },
    DemoTask {
        title: [
            "Опиоиддик көз карандылыкты дарылоонун жеткиликтүүлүгүн кеңейтүү",
            "Расширение доступа к лечению опиоидной зависимости",
            "Wider access to treatment of opioid dependence",
        ],
        category: Category::Treatment,
        objectives: &["O5"],
        lead: 1,
        days: (-200, 60),
        priority: Priority::High,
        region: None,
        draft: false,
        focus: None,
        path: &[ACCEPT, START],
    },
    DemoTask {
        title: [
            "Реабилитация борборлорунун стандарттарын жаңыртуу",
            "Обновление стандартов реабилитационных центров",
            "Updating the standards of rehabilitation centres",
        ],
        category: Category::TertiaryPrevention,
        objectives: &["O5", "O1"],
        lead: 1,
        days: (-150, -2),
        priority: Priority::Normal,
        region: None,
        draft: false,
        focus: None,
        path: &[
            ACCEPT,
            START,
            (
                Move::Complete,
                "Проект стандартов направлен на согласование.",
            ),
        ],
    },
    DemoTask {
        title: [
            "Зыянды азайтуу программаларынын отчету",
            "Отчёт о программах снижения вреда за полугодие",
            "Half-year report on harm-reduction programmes",
        ],
        category: Category::HarmReduction,
        objectives: &["O6"],
        lead: 1,
        days: (-40, 10),
        priority: Priority::Normal,
        region: None,
        draft: false,
        focus: None,
        path: &[
            ACCEPT,
            START,
            (Move::Complete, "Отчёт приложен."),
            (Move::Return, "Нет данных по Ошской области, дополните."),
        ],
    },
    DemoTask {
        title: [
            "Мыйзамдуу жүгүртүүдөгү прекурсорлорду текшерүү",
            "Проверка оборота прекурсоров",
            "Inspection of precursor trade",
        ],
        category: Category::LicitControl,
        objectives: &["O3"],
        lead: 2,
        days: (-30, 45),
        priority: Priority::High,
        region: Some("KG05000000000"),
        draft: false,
        focus: None,
        path: &[],
    },
    DemoTask {
        title: [
            "Чек арадагы контрабандага каршы биргелешкен рейд",
            "Совместный рейд против контрабанды на границе",
            "Joint raid against cross-border smuggling",
        ],
        category: Category::Enforcement,
        objectives: &["O4", "O2"],
        lead: 2,
        days: (-100, 5),
        priority: Priority::Urgent,
        region: Some("KG05000000000"),
        draft: false,
        focus: Some(EnforcementFocus::Trafficking),
        path: &[],
    },
    DemoTask {
        title: [
            "Окуу программасына алдын алуу модулун киргизүү",
            "Включение модуля профилактики в учебную программу",
            "A prevention module in the school curriculum",
        ],
        category: Category::PrimaryPrevention,
        objectives: &["O1"],
        lead: 1,
        days: (-80, 90),
        priority: Priority::Normal,
        region: None,
        draft: false,
        focus: None,
        path: &[(
            Move::Decline,
            "Учебные программы в ведении Министерства образования и науки.",
        )],
    },
    DemoTask {
        title: [
            "Ош облусунда аутрич-кызматтар",
            "Аутрич-услуги в Ошской области",
            "Outreach services in Osh region",
        ],
        category: Category::HarmReduction,
        objectives: &["O6", "O8"],
        lead: 7,
        days: (-45, 12),
        priority: Priority::High,
        region: Some("KG06000000000"),
        draft: false,
        focus: None,
        path: &[ACCEPT, START],
    },
    DemoTask {
        title: [
            "Ыктыярчыларды окутуу",
            "Обучение волонтёров",
            "Training of volunteers",
        ],
        category: Category::CivilSociety,
        objectives: &["O8"],
        lead: 7,
        days: (-15, 40),
        priority: Priority::Low,
        region: Some("KG21000000000"),
        draft: false,
        focus: None,
        path: &[],
    },
    DemoTask {
        title: [
            "Бишкекте алдын алуу боюнча шаардык программа",
            "Городская программа профилактики в Бишкеке",
            "City prevention programme in Bishkek",
        ],
        category: Category::PrimaryPrevention,
        objectives: &["O1"],
        lead: 6,
        days: (-5, 120),
        priority: Priority::Normal,
        region: Some("KG11000000000"),
        draft: false,
        focus: None,
        path: &[(Move::Cancel, "Объединена с республиканской программой.")],
    },
    DemoTask {
        title: [
            "Эл аралык тажрыйба алмашуу семинары",
            "Семинар по обмену международным опытом",
            "Seminar on international experience",
        ],
        category: Category::International,
        objectives: &["O9"],
        lead: 8,
        days: (10, 70),
        priority: Priority::Low,
        region: None,
        draft: true,
        focus: None,
        path: &[],
    },
    DemoTask {
        title: [
            "Ысык-Көлдөгү мезгилдик жумушчулар арасында алдын алуу",
            "Профилактика среди сезонных работников на Иссык-Куле",
            "Prevention among seasonal workers at Issyk-Kul",
        ],
        category: Category::SecondaryPrevention,
        objectives: &["O1"],
        lead: 1,
        days: (-25, 35),
        priority: Priority::Normal,
        region: Some("KG02000000000"),
        draft: false,
        focus: None,
        path: &[],
    },
    DemoTask {
        title: [
            "Нарын облусунда көчмө кеңешмелер",
            "Выездные консультации в Нарынской области",
            "Mobile consultations in Naryn region",
        ],
        category: Category::Treatment,
        objectives: &["O5"],
        lead: 1,
        days: (-35, 9),
        priority: Priority::High,
        region: Some("KG04000000000"),
        draft: false,
        focus: None,
        path: &[ACCEPT, START],
    },
    DemoTask {
        title: [
            "Талас облусунда жапайы кара куурайды жок кылуу",
            "Уничтожение дикорастущей конопли в Таласской области",
            "Eradication of wild-growing cannabis in Talas region",
        ],
        category: Category::Enforcement,
        objectives: &["O4"],
        lead: 2,
        days: (-120, 4),
        priority: Priority::Urgent,
        region: Some("KG07000000000"),
        draft: false,
        focus: Some(EnforcementFocus::Production),
        path: &[],
    },
    DemoTask {
        title: [
            "Чүй облусунда баңгизат колдонгондорду аныктоо боюнча текшерүүлөр",
            "Проверки по выявлению лиц, употребляющих наркотики, в Чуйской области",
            "Checks to identify people who use drugs in Chui region",
        ],
        category: Category::Enforcement,
        objectives: &["O2"],
        lead: 2,
        days: (-130, 20),
        priority: Priority::Normal,
        region: Some("KG08000000000"),
        draft: false,
        focus: Some(EnforcementFocus::Possession),
        path: &[],
    },
];

/// Loads the demo tasks. `orgs` are the demo organisations' ids in order; `users` the demo
/// accounts as (organisation index, role, id).
pub async fn load(
    state: &AppState,
    orgs: &[OrganizationId],
    users: &[(usize, Role, UserId)],
) -> Result<(), AppError> {
    let user_of = |org: usize, role: Role| {
        users
            .iter()
            .find(|(o, r, _)| *r == role && (role == Role::Coordinator || *o == org))
            .map(|(_, _, id)| *id)
    };
    let coordinator = user_of(0, Role::Coordinator).ok_or(AppError::Internal)?;
    let today = today();
    for task in TASKS {
        let new = NewTask {
            parent_id: None,
            is_group: false,
            written_in: Lang::Ru,
            title: Trilingual {
                ky: task.title[0].to_owned(),
                ru: task.title[1].to_owned(),
                en: task.title[2].to_owned(),
            },
            description: Trilingual::default(),
            category: task.category,
            place: TaskPlace {
                coverage: if task.region.is_some() {
                    Coverage::Region
                } else {
                    Coverage::National
                },
                region_code: task.region.map(str::to_owned),
                district_code: None,
                municipality_code: None,
            },
            lead: Some(orgs[task.lead]),
            supporting: Vec::new(),
            objectives: task.objectives.iter().map(|c| (*c).to_owned()).collect(),
            principles: vec!["P2".to_owned()],
            start_date: today + time::Duration::days(task.days.0),
            due_date: today + time::Duration::days(task.days.1),
            priority: task.priority,
            expected_result: String::new(),
            target: None,
            enforcement_focus: task.focus,
            status: if task.draft {
                Status::Draft
            } else {
                Status::Assigned
            },
            is_demo: true,
            created_by: coordinator,
            note: String::new(),
        };
        let id = db::tasks::insert(&state.db, &[new], now()).await?[0];
        let reporter = user_of(task.lead, Role::Reporter);
        walk(state, id, task.path, coordinator, reporter).await?;
    }
    tracing::info!(tasks = TASKS.len(), "demo tasks loaded");
    Ok(())
}

/// Makes each move of `path` on the task, as the person whose move it is.
pub(super) async fn walk(
    state: &AppState,
    id: TaskId,
    path: &[(Move, &str)],
    coordinator: UserId,
    reporter: Option<UserId>,
) -> Result<(), AppError> {
    for (mv, note) in path {
        let core = db::tasks::core(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let from = core.status()?;
        let to = mv.target(from).ok_or(AppError::MoveNotAllowed)?;
        let actor = match mv.made_by() {
            Standing::LeadReporter => reporter.unwrap_or(coordinator),
            _ => coordinator,
        };
        let change = Change {
            task_id: id,
            expected_version: core.version,
            actor,
            status: Some((from, to)),
            lead: None,
            due_date: None,
            result: (*mv == Move::Complete).then(|| (*note).to_owned()),
            note: (*note).to_owned(),
        };
        db::tasks::apply(&state.db, &[change], now()).await?;
    }
    Ok(())
}
