//! National-scale data for measuring Concord (`concord generate --scale national`): a local
//! self-government body for every rural municipality of the seeded territory and more city
//! halls, ~40 state bodies, ~200 NGOs, ~3,000 users and 50,000 tasks (a fifth of them from
//! bulk assignments) with their objectives, histories and comments, and the early-warning
//! system's substances, signals and cases (`generate_warning`). The same seed gives the
//! same data on either database. Everything is marked as demo data, and it is never loaded
//! unless asked for.

use super::generate_warning::Reporter;
use app::backend::{
    db::{self, bulk, value::Value},
    now,
    state::AppState,
};
use app::domain::{
    ids::{OrganizationId, UserId},
    inputs::{OrganizationForm, OrganizationInput, UserForm, UserInput},
    tasks::fields::{Category, EnforcementFocus, Priority},
    tasks::views::HistoryField,
    tasks::workflow::{Move, Standing, Status},
};
use app::error::AppError;
use time::{Date, Duration, OffsetDateTime};

/// How much to generate.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub state_bodies: usize,
    pub ngos: usize,
    pub city_halls: usize,
    pub reporters_per_org: usize,
    pub coordinators: usize,
    pub tasks: usize,
    pub groups: usize,
    /// Quarters of reports on every task taken on. The issue sizes the volume as four years
    /// on all 50,000 tasks (~800,000 reports); only about three tasks in four are ever taken
    /// on, so the national scale goes back 21 quarters to reach that volume.
    pub report_quarters: usize,
    pub activities: usize,
    /// The early-warning system: substances in the register, signals and cases.
    pub substances: usize,
    pub signals: usize,
    pub cases: usize,
}

impl Scale {
    /// The whole country, as the issue sizes it.
    pub const NATIONAL: Scale = Scale {
        state_bodies: 40,
        ngos: 200,
        city_halls: 40,
        reporters_per_org: 4,
        coordinators: 40,
        tasks: 50_000,
        groups: 200,
        report_quarters: 21,
        activities: 200_000,
        substances: 300,
        signals: 20_000,
        cases: 400,
    };
    /// A small version for tests.
    pub const SMALL: Scale = Scale {
        state_bodies: 4,
        ngos: 6,
        city_halls: 2,
        reporters_per_org: 1,
        coordinators: 2,
        tasks: 600,
        groups: 5,
        report_quarters: 4,
        activities: 500,
        substances: 12,
        signals: 400,
        cases: 20,
    };
}

/// SplitMix64: tiny, fast and the same everywhere, so a seed always gives the same data.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What was generated.
#[derive(Clone, Debug, Default)]
pub struct Generated {
    pub organizations: usize,
    pub users: usize,
    pub tasks: usize,
    pub history: usize,
    pub comments: usize,
    pub reports: usize,
    pub activities: usize,
    pub indicator_values: usize,
    pub warning: super::generate_warning::WarningGenerated,
}

const EMAIL_DOMAIN: &str = "scale.concord.kg";

const STATE_BODIES: [[&str; 3]; 10] = [
    [
        "Саламаттык сактоо министрлиги",
        "Министерство здравоохранения",
        "Ministry of Health",
    ],
    [
        "Ички иштер министрлиги",
        "Министерство внутренних дел",
        "Ministry of Internal Affairs",
    ],
    [
        "Билим берүү жана илим министрлиги",
        "Министерство образования и науки",
        "Ministry of Education and Science",
    ],
    [
        "Юстиция министрлиги",
        "Министерство юстиции",
        "Ministry of Justice",
    ],
    [
        "Эмгек жана социалдык өнүгүү министрлиги",
        "Министерство труда и социального развития",
        "Ministry of Labour and Social Development",
    ],
    [
        "Маданият, маалымат жана спорт министрлиги",
        "Министерство культуры, информации и спорта",
        "Ministry of Culture, Information and Sport",
    ],
    [
        "Мамлекеттик бажы кызматы",
        "Государственная таможенная служба",
        "State Customs Service",
    ],
    ["Чек ара кызматы", "Пограничная служба", "Border Service"],
    [
        "Жазаларды аткаруу кызматы",
        "Служба исполнения наказаний",
        "Penitentiary Service",
    ],
    [
        "Башкы прокуратура",
        "Генеральная прокуратура",
        "Prosecutor General's Office",
    ],
];

const NGO_NAMES: [[&str; 3]; 10] = [
    ["Ден соолук", "Здоровье", "Health"],
    ["Жаштар келечеги", "Будущее молодёжи", "Youth Future"],
    ["Ишеним", "Доверие", "Trust"],
    ["Кайра жаралуу", "Возрождение", "Revival"],
    ["Үмүт", "Надежда", "Hope"],
    [
        "Коомдук демилге",
        "Общественная инициатива",
        "Civic Initiative",
    ],
    ["Таза жашоо", "Чистая жизнь", "Clean Life"],
    ["Колдоо", "Поддержка", "Support"],
    ["Жарык жол", "Светлый путь", "Bright Path"],
    ["Биримдик", "Единство", "Unity"],
];

/// Title stems per category, in Kyrgyz, Russian and English; the place is appended.
fn title_stem(category: Category) -> [&'static str; 3] {
    match category {
        Category::PrimaryPrevention => [
            "Мектептерде алдын алуу сабактары",
            "Профилактические занятия в школах",
            "Prevention lessons in schools",
        ],
        Category::SecondaryPrevention => [
            "Тобокелдик тобундагы жаштар менен иш",
            "Работа с молодёжью группы риска",
            "Work with at-risk youth",
        ],
        Category::TertiaryPrevention => [
            "Реабилитациядан кийинки колдоо",
            "Постреабилитационное сопровождение",
            "Aftercare after rehabilitation",
        ],
        Category::Treatment => [
            "Дарылоого жеткиликтүүлүктү кеңейтүү",
            "Расширение доступа к лечению",
            "Wider access to treatment",
        ],
        Category::HarmReduction => [
            "Аутрич жана зыянды азайтуу кызматтары",
            "Аутрич и услуги снижения вреда",
            "Outreach and harm-reduction services",
        ],
        Category::Enforcement => [
            "Баңгизат жүгүртүүгө каршы рейддер",
            "Рейды против незаконного оборота",
            "Raids against trafficking",
        ],
        Category::LicitControl => [
            "Прекурсорлорду жүгүртүүнү текшерүү",
            "Проверка оборота прекурсоров",
            "Inspection of precursor trade",
        ],
        Category::Legal => [
            "Ченемдик актыларды талдоо",
            "Анализ нормативных актов",
            "Review of regulations",
        ],
        Category::International => [
            "Эл аралык өнөктөштөр менен кызматташтык",
            "Сотрудничество с международными партнёрами",
            "Cooperation with international partners",
        ],
        Category::CivilSociety => [
            "Ыктыярчыларды тартуу",
            "Привлечение волонтёров",
            "Engaging volunteers",
        ],
    }
}

/// The objectives a category usually serves.
/// What an enforcement task is aimed at, in shares that follow the concept's critique: most
/// enforcement work goes against possession and use, little against trafficking.
fn pick_focus(rng: &mut Rng) -> EnforcementFocus {
    match rng.below(100) {
        0..55 => EnforcementFocus::Possession,
        55..75 => EnforcementFocus::Trafficking,
        75..87 => EnforcementFocus::Production,
        87..92 => EnforcementFocus::Precursors,
        _ => EnforcementFocus::Other,
    }
}

/// The title of an enforcement task with `focus`, in Kyrgyz, Russian and English.
fn focus_stem(focus: EnforcementFocus) -> [&'static str; 3] {
    match focus {
        EnforcementFocus::Trafficking => [
            "Баңгизат сатуучуларга каршы рейддер",
            "Рейды против сбытчиков наркотиков",
            "Raids against drug dealers",
        ],
        EnforcementFocus::Production => [
            "Жапайы кара куурайды жок кылуу",
            "Уничтожение дикорастущей конопли",
            "Eradication of wild-growing cannabis",
        ],
        EnforcementFocus::Precursors => [
            "Прекурсорлордун агып кетишине каршы текшерүүлөр",
            "Проверки против утечки прекурсоров",
            "Checks against the diversion of precursors",
        ],
        EnforcementFocus::Possession => [
            "Баңгизат колдонгондорду аныктоо боюнча текшерүүлөр",
            "Проверки по выявлению лиц, употребляющих наркотики",
            "Checks to identify people who use drugs",
        ],
        EnforcementFocus::Other => [
            "Укук коргоо органдарынын биргелешкен иш-чаралары",
            "Совместные мероприятия правоохранительных органов",
            "Joint law-enforcement operations",
        ],
    }
}

/// The moves that bring a task to `status`.
fn path_to(status: Status) -> &'static [Move] {
    use Move::*;
    match status {
        Status::Draft | Status::Assigned => &[],
        Status::Accepted => &[Accept],
        Status::Declined => &[Decline],
        Status::InProgress => &[Accept, Start],
        Status::Completed => &[Accept, Start, Complete],
        Status::Returned => &[Accept, Start, Complete, Return],
        Status::Verified => &[Accept, Start, Complete, Verify],
        Status::Cancelled => &[Cancel],
    }
}

/// Status shares out of 100, in the order of `Status::ALL`.
const STATUS_SHARES: [usize; 9] = [3, 15, 10, 3, 30, 12, 4, 20, 3];

fn pick_status(rng: &mut Rng) -> Status {
    let mut roll = rng.below(100);
    for (status, share) in Status::ALL.into_iter().zip(STATUS_SHARES) {
        if roll < share {
            return status;
        }
        roll -= share;
    }
    Status::InProgress
}

/// An organisation that can be given tasks, with the people who act for it.
struct Org {
    id: OrganizationId,
    region: Option<String>,
    district: Option<String>,
    municipality: Option<String>,
    name_ru: String,
    reporters: Vec<UserId>,
}

/// Whether this database already holds generated data.
pub async fn already_generated(state: &AppState) -> Result<bool, AppError> {
    Ok(db::users::email_exists(&state.db, &format!("coordinator1@{EMAIL_DOMAIN}")).await?)
}

async fn add_org(
    state: &AppState,
    kind: &str,
    names: [String; 3],
    place: [Option<String>; 3],
    email: &str,
) -> Result<OrganizationId, AppError> {
    let [ky, ru, en] = names;
    let [region, district, municipality] = place;
    let form = OrganizationForm {
        kind: kind.to_owned(),
        name_ky: ky,
        name_ru: ru,
        name_en: en,
        region_code: region.unwrap_or_default(),
        district_code: district.unwrap_or_default(),
        municipality_code: municipality.unwrap_or_default(),
        contact_email: email.to_owned(),
        is_active: true,
        ..Default::default()
    };
    let input = OrganizationInput::parse(&form)?;
    Ok(db::organizations::insert(&state.db, &input, true, now()).await?)
}

/// Generates the data set for `scale` from `seed`.
pub async fn generate(state: &AppState, scale: Scale, seed: u64) -> Result<Generated, AppError> {
    if already_generated(state).await? {
        return Err(AppError::Conflict);
    }
    // Benchmarks sign in as generated users with their passwords alone.
    db::second_factors::require_of_nobody(&state.db).await?;
    let mut rng = Rng(seed);
    let territory = db::territory::load(&state.db).await?;
    let mut orgs: Vec<Org> = Vec::new();
    let mut serial = 0usize;
    let mut email = |prefix: &str| {
        serial += 1;
        format!("{prefix}{serial}@{EMAIL_DOMAIN}")
    };
    let body = add_org(
        state,
        "coordinating_body",
        [
            "Координациялоочу орган (масштаб)".into(),
            "Координирующий орган (масштаб)".into(),
            "Coordinating body (scale)".into(),
        ],
        [None, None, None],
        &email("office"),
    )
    .await?;
    let region_of = |district: &str| {
        territory
            .districts
            .iter()
            .find(|d| d.code == district)
            .and_then(|d| d.parent_code.clone())
    };
    for m in &territory.municipalities {
        let district = m.parent_code.clone();
        let region = district.as_deref().and_then(region_of);
        let names = [
            format!("{} айыл өкмөтү", m.name.ky),
            format!("Айыл окмоту {}", m.name.ru),
            format!("{} aiyl okmotu", m.name.en),
        ];
        let id = add_org(
            state,
            "local_government",
            names.clone(),
            [region.clone(), district.clone(), Some(m.code.clone())],
            &email("ao"),
        )
        .await?;
        orgs.push(Org {
            id,
            region,
            district,
            municipality: Some(m.code.clone()),
            name_ru: names[1].clone(),
            reporters: Vec::new(),
        });
    }
    for d in territory.districts.iter().take(scale.city_halls) {
        let names = [
            format!("{} мэриясы", d.name.ky),
            format!("Мэрия: {}", d.name.ru),
            format!("{} city hall", d.name.en),
        ];
        let id = add_org(
            state,
            "local_government",
            names.clone(),
            [d.parent_code.clone(), Some(d.code.clone()), None],
            &email("mayor"),
        )
        .await?;
        orgs.push(Org {
            id,
            region: d.parent_code.clone(),
            district: Some(d.code.clone()),
            municipality: None,
            name_ru: names[1].clone(),
            reporters: Vec::new(),
        });
    }
    for i in 0..scale.state_bodies {
        let base = STATE_BODIES[i % STATE_BODIES.len()];
        let (names, region) = if i < STATE_BODIES.len() {
            (base.map(str::to_owned), None)
        } else {
            let r = &territory.regions[i % territory.regions.len()];
            (
                [
                    format!("{}: {} боюнча башкармалык", base[0], r.name.ky),
                    format!("{}: управление по {}", base[1], r.name.ru),
                    format!("{}: {} department", base[2], r.name.en),
                ],
                Some(r.code.clone()),
            )
        };
        let id = add_org(
            state,
            "state_body",
            names.clone(),
            [region.clone(), None, None],
            &email("gov"),
        )
        .await?;
        orgs.push(Org {
            id,
            region,
            district: None,
            municipality: None,
            name_ru: names[1].clone(),
            reporters: Vec::new(),
        });
    }
    for i in 0..scale.ngos {
        let base = NGO_NAMES[i % NGO_NAMES.len()];
        let r = &territory.regions[rng.below(territory.regions.len())];
        let n = i / NGO_NAMES.len() + 1;
        let names = [
            format!("«{}-{n}» коомдук фонду", base[0]),
            format!("ОФ «{}-{n}»", base[1]),
            format!("{} Foundation {n}", base[2]),
        ];
        let id = add_org(
            state,
            "ngo",
            names.clone(),
            [Some(r.code.clone()), None, None],
            &email("ngo"),
        )
        .await?;
        orgs.push(Org {
            id,
            region: Some(r.code.clone()),
            district: None,
            municipality: None,
            name_ru: names[1].clone(),
            reporters: Vec::new(),
        });
    }

    // The expert organisations the early-warning cases ask and whose people assess.
    let mut experts_at = Vec::new();
    for (kind, names) in [
        (
            "forensic_laboratory",
            [
                "Соттук-эксперттик борбор (масштаб)",
                "Центр судебных экспертиз (масштаб)",
                "Forensic expertise centre (scale)",
            ],
        ),
        (
            "research_institution",
            [
                "Наркология илим-изилдөө институту (масштаб)",
                "Научно-исследовательский институт наркологии (масштаб)",
                "Research institute of narcology (scale)",
            ],
        ),
    ] {
        let id = add_org(
            state,
            kind,
            names.map(str::to_owned),
            [None, None, None],
            &email("expert"),
        )
        .await?;
        experts_at.push(orgs.len());
        orgs.push(Org {
            id,
            region: None,
            district: None,
            municipality: None,
            name_ru: names[1].to_owned(),
            reporters: Vec::new(),
        });
    }

    // People: coordinators, and reporters for every organisation. One password hash serves
    // them all: `scale-data-password`, for the benchmark to log in with.
    let hash = state
        .passwords
        .hash("scale-data-password".to_owned())
        .await?;
    let mut users = 0usize;
    let mut add_user = async |org: OrganizationId,
                              role: &str,
                              name: String,
                              address: String|
           -> Result<UserId, AppError> {
        let form = UserForm {
            full_name: name,
            email: address,
            organization_id: org.to_string(),
            role: role.to_owned(),
            language: "ru".to_owned(),
            is_active: true,
        };
        let input = UserInput::parse(&form)?;
        let user = db::users::NewUser {
            input: &input,
            password_hash: &hash,
            one_time_until: None,
            is_demo: true,
        };
        users += 1;
        Ok(db::users::insert(&state.db, user, now()).await?)
    };
    let mut coordinators = Vec::new();
    for i in 1..=scale.coordinators {
        coordinators.push(
            add_user(
                body,
                "coordinator",
                format!("Координатор {i}"),
                format!("coordinator{i}@{EMAIL_DOMAIN}"),
            )
            .await?,
        );
    }
    let mut reporter_serial = 0;
    for org in &mut orgs {
        for _ in 0..scale.reporters_per_org {
            reporter_serial += 1;
            let id = add_user(
                org.id,
                "reporter",
                format!("Исполнитель {reporter_serial}"),
                format!("reporter{reporter_serial}@{EMAIL_DOMAIN}"),
            )
            .await?;
            org.reporters.push(id);
        }
    }

    let generated = tasks(state, scale, &mut rng, &orgs, &coordinators).await?;
    let progress =
        super::generate_progress::generate(state, scale, &mut rng, &coordinators).await?;
    let reporters: Vec<Reporter> = orgs
        .iter()
        .filter(|o| o.region.is_some())
        .filter_map(|o| {
            Some(Reporter {
                organization: o.id,
                region: o.region.clone(),
                district: o.district.clone(),
                user: *o.reporters.first()?,
            })
        })
        .collect();
    let experts: Vec<UserId> = experts_at
        .iter()
        .flat_map(|&i| orgs[i].reporters.iter().copied())
        .collect();
    let warning = super::generate_warning::generate(
        state,
        scale,
        &mut rng,
        &reporters,
        &coordinators,
        &experts,
    )
    .await?;
    // The bulk inserts bypass the deltas that keep the dashboard's tallies in step.
    db::tallies::rebuild(&state.db).await?;
    bulk::analyze(&state.db).await?;
    Ok(Generated {
        organizations: orgs.len() + 1,
        users,
        reports: progress.reports,
        activities: progress.activities,
        indicator_values: progress.indicator_values,
        warning,
        ..generated
    })
}

/// Rows of the task tables, built in memory and inserted in bulk.
#[derive(Default)]
struct Rows {
    tasks: Vec<Vec<Value>>,
    objectives: Vec<Vec<Value>>,
    history: Vec<Vec<Value>>,
    comments: Vec<Vec<Value>>,
}

async fn tasks(
    state: &AppState,
    scale: Scale,
    rng: &mut Rng,
    orgs: &[Org],
    coordinators: &[UserId],
) -> Result<Generated, AppError> {
    let first_id = bulk::max_id(&state.db, "tasks", "task_id").await? + 1;
    let today = app::backend::today();
    let mut rows = Rows::default();
    let mut next_id = first_id;
    let mut made = 0usize;
    let per_group = (scale.tasks / 5) / scale.groups.max(1);
    while made < scale.tasks {
        let category = *rng.pick(Category::ALL);
        let due = today + Duration::days(rng.below(900) as i64 - 450);
        let start = due - Duration::days(30 + rng.below(330) as i64);
        let created_at = OffsetDateTime::new_utc(start, time::Time::MIDNIGHT)
            + Duration::hours(3 + rng.below(8) as i64);
        let priority = *rng.pick(Priority::ALL);
        let coordinator = *rng.pick(coordinators);
        let objectives = category.objectives();
        let take = 1 + rng.below(objectives.len());
        let focus = (category == Category::Enforcement).then(|| pick_focus(rng));
        let stem = focus.map_or_else(|| title_stem(category), focus_stem);
        // What the group and each of its tasks share.
        let common = TaskRow {
            id: 0,
            parent: None,
            is_group: false,
            org: None,
            stem,
            place: "",
            category,
            focus,
            due,
            start,
            priority,
            status: Status::Assigned,
            creator: coordinator,
            created_at,
        };
        let group = (made / per_group.max(1)) < scale.groups && per_group > 0;
        let parent = if group {
            // A bulk assignment: the group, then a task for each organisation of one kind in
            // one region.
            let region = orgs[rng.below(orgs.len())].region.clone();
            let members: Vec<&Org> = orgs
                .iter()
                .filter(|o| o.region == region && o.municipality.is_some())
                .take(per_group)
                .collect();
            let id = next_id;
            next_id += 1;
            push_task(
                &mut rows,
                TaskRow {
                    id,
                    parent: None,
                    is_group: true,
                    org: None,
                    place: "",
                    status: Status::Assigned,
                    ..common
                },
            );
            for o in &objectives[..take] {
                rows.objectives
                    .push(vec![Value::from(id), Value::from((*o).to_owned())]);
            }
            rows.history.push(history_row(
                id,
                coordinator,
                HistoryField::Created,
                "",
                Status::Assigned.as_str(),
                "",
                created_at,
            ));
            made += 1;
            Some((id, members))
        } else {
            None
        };
        let leads: Vec<&Org> = match &parent {
            Some((_, members)) => members.clone(),
            None => vec![rng.pick(orgs)],
        };
        for org in leads {
            if made >= scale.tasks {
                break;
            }
            let id = next_id;
            next_id += 1;
            let status = pick_status(rng);
            let status = if parent.is_some() && status == Status::Draft {
                Status::Assigned
            } else {
                status
            };
            let place = org.name_ru.as_str();
            push_task(
                &mut rows,
                TaskRow {
                    id,
                    parent: parent.as_ref().map(|(p, _)| *p),
                    is_group: false,
                    org: Some(org),
                    place,
                    status,
                    ..common
                },
            );
            for o in &objectives[..take] {
                rows.objectives
                    .push(vec![Value::from(id), Value::from((*o).to_owned())]);
            }
            let initial = if status == Status::Draft {
                Status::Draft
            } else {
                Status::Assigned
            };
            rows.history.push(history_row(
                id,
                coordinator,
                HistoryField::Created,
                "",
                initial.as_str(),
                "",
                created_at,
            ));
            let mut at = created_at;
            let mut from = initial;
            let reporter = org.reporters.first().copied().unwrap_or(coordinator);
            for mv in path_to(status) {
                at += Duration::hours(6 + rng.below(24 * 20) as i64);
                let Some(to) = mv.target(from) else { break };
                let actor = if mv.made_by() == Standing::LeadReporter {
                    reporter
                } else {
                    coordinator
                };
                let note = match mv {
                    Move::Decline => "Не входит в нашу компетенцию",
                    Move::Complete => "Работа выполнена, отчёт приложен",
                    Move::Return => "Дополните отчёт данными по охвату",
                    Move::Cancel => "Поручение объединено с другим",
                    _ => "",
                };
                rows.history.push(history_row(
                    id,
                    actor,
                    HistoryField::Status,
                    from.as_str(),
                    to.as_str(),
                    note,
                    at,
                ));
                if *mv == Move::Complete {
                    rows.history.push(history_row(
                        id,
                        actor,
                        HistoryField::Result,
                        "",
                        note,
                        note,
                        at,
                    ));
                }
                from = to;
            }
            for c in 0..rng.below(3) {
                let author = if c % 2 == 0 { reporter } else { coordinator };
                let text = [
                    "Уточните сроки отчёта",
                    "Мероприятие проведено",
                    "Нужна методическая помощь",
                ][rng.below(3)];
                rows.comments.push(vec![
                    Value::from(id),
                    Value::from(author.0),
                    Value::from(text.to_owned()),
                    Value::from(created_at + Duration::days(1 + c as i64)),
                ]);
            }
            made += 1;
        }
    }
    let db = &state.db;
    bulk::insert(db, "tasks", &TASK_COLUMNS, &rows.tasks).await?;
    bulk::insert(
        db,
        "task_objectives",
        &["task_id", "objective_code"],
        &rows.objectives,
    )
    .await?;
    bulk::insert(
        db,
        "task_history",
        &[
            "task_id",
            "actor_id",
            "field",
            "old_value",
            "new_value",
            "note",
            "created_at",
        ],
        &rows.history,
    )
    .await?;
    bulk::insert(
        db,
        "task_comments",
        &["task_id", "author_id", "body", "created_at"],
        &rows.comments,
    )
    .await?;
    bulk::move_sequence(db, "tasks", "task_id").await?;
    Ok(Generated {
        tasks: rows.tasks.len(),
        history: rows.history.len(),
        comments: rows.comments.len(),
        ..Generated::default()
    })
}

const TASK_COLUMNS: [&str; 23] = [
    "task_id",
    "parent_id",
    "is_group",
    "title_ky",
    "title_ru",
    "title_en",
    "written_in",
    "category",
    "coverage",
    "region_code",
    "district_code",
    "municipality_code",
    "lead_organization_id",
    "start_date",
    "due_date",
    "priority",
    "status",
    "is_demo",
    "search_text",
    "created_by",
    "created_at",
    "updated_at",
    "enforcement_focus",
];

/// One generated task's row: where it sits (its group, its lead), what it says and its state.
#[derive(Clone, Copy)]
struct TaskRow<'a> {
    id: i64,
    parent: Option<i64>,
    is_group: bool,
    org: Option<&'a Org>,
    stem: [&'a str; 3],
    place: &'a str,
    category: Category,
    focus: Option<EnforcementFocus>,
    due: Date,
    start: Date,
    priority: Priority,
    status: Status,
    creator: UserId,
    created_at: OffsetDateTime,
}

fn push_task(rows: &mut Rows, task: TaskRow<'_>) {
    let TaskRow {
        id,
        parent,
        is_group,
        org,
        stem,
        place,
        category,
        focus,
        due,
        start,
        priority,
        status,
        creator,
        created_at,
    } = task;
    let suffix = |s: &str| {
        if place.is_empty() {
            s.to_owned()
        } else {
            format!("{s} — {place}")
        }
    };
    let titles = [suffix(stem[0]), suffix(stem[1]), suffix(stem[2])];
    let search = titles
        .iter()
        .map(|t| t.to_lowercase())
        .collect::<Vec<_>>()
        .join(" \n ");
    let (coverage, region, district, municipality) = match org {
        Some(o) if o.municipality.is_some() => (
            "municipality",
            o.region.clone(),
            o.district.clone(),
            o.municipality.clone(),
        ),
        Some(o) if o.district.is_some() => ("district", o.region.clone(), o.district.clone(), None),
        Some(o) if o.region.is_some() => ("region", o.region.clone(), None, None),
        _ => ("national", None, None, None),
    };
    let [ky, ru, en] = titles;
    rows.tasks.push(vec![
        Value::from(id),
        Value::from(parent),
        Value::from(is_group),
        Value::from(ky),
        Value::from(ru),
        Value::from(en),
        Value::from("ru".to_owned()),
        Value::from(category.as_str().to_owned()),
        Value::from(coverage.to_owned()),
        Value::from(region),
        Value::from(district),
        Value::from(municipality),
        Value::from(org.map(|o| o.id.0)),
        Value::from(start),
        Value::from(due),
        Value::from(priority.rank()),
        Value::from(status.as_str().to_owned()),
        Value::from(true),
        Value::from(search),
        Value::from(creator.0),
        Value::from(created_at),
        Value::from(created_at),
        Value::from(focus.map(|f| f.as_str().to_owned())),
    ]);
}

fn history_row(
    task: i64,
    actor: UserId,
    field: HistoryField,
    old: &str,
    new: &str,
    note: &str,
    at: OffsetDateTime,
) -> Vec<Value> {
    vec![
        Value::from(task),
        Value::from(actor.0),
        Value::from(field.as_str().to_owned()),
        Value::from(old.to_owned()),
        Value::from(new.to_owned()),
        Value::from(note.to_owned()),
        Value::from(at),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_numbers() {
        let (mut a, mut b) = (Rng(7), Rng(7));
        let first: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let second: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(first, second);
        assert_ne!(Rng(8).next(), first[0]);
    }

    #[test]
    fn status_shares_add_up_and_paths_reach_their_status() {
        assert_eq!(STATUS_SHARES.iter().sum::<usize>(), 100);
        for status in Status::ALL {
            let mut at = if status == Status::Draft {
                Status::Draft
            } else {
                Status::Assigned
            };
            for mv in path_to(status) {
                at = mv.target(at).expect("a valid path");
            }
            assert_eq!(at, status);
        }
    }
}
