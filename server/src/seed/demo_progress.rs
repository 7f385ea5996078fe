//! The demo's progress: reports on the demo tasks (accepted, awaiting review, returned), the
//! demo NGO's activities (verified and public, awaiting verification, asked to clarify), and a
//! believable set of national indicators with values from 2023, starting from the concept's
//! figure of about 9,000 people registered as drug dependent.

use app::backend::db::{
    self,
    indicators::NewValue,
    reports::{NewReport, StatusChange},
};
use app::backend::{now, state::AppState, today};
use app::domain::{
    activities::inputs::{ActivityForm, ActivityInput},
    ids::{OrganizationId, TaskId, UserId},
    indicators::catalogue::{Cut, ValueStatus},
    indicators::inputs::{IndicatorForm, IndicatorInput},
    reports::inputs::Reach,
    reports::periods::Calendar,
    reports::views::ReportContent,
    reports::workflow::ReportStatus,
    roles::Role,
};
use app::error::AppError;

/// One indicator of the demo catalogue, with the value it reaches by the last ended period.
struct DemoIndicator {
    code: &'static str,
    name: [&'static str; 3],
    unit: [&'static str; 3],
    objective: &'static str,
    direction: &'static str,
    baseline: f64,
    target: f64,
    latest: f64,
    /// The responsible organisation's index among the demo organisations.
    org: usize,
    frequency: &'static str,
    by_sex: bool,
    by_region: bool,
}

const INDICATORS: &[DemoIndicator] = &[
    DemoIndicator {
        code: "I-01",
        name: [
            "Баңгизатка көз каранды катары каттоодо турган адамдардын саны",
            "Число лиц, состоящих на учёте с наркотической зависимостью",
            "People registered as drug dependent",
        ],
        unit: ["адам", "человек", "people"],
        objective: "O5",
        direction: "lower_better",
        baseline: 9000.0,
        target: 7500.0,
        latest: 8640.0,
        org: 1,
        frequency: "quarterly",
        by_sex: true,
        by_region: true,
    },
    DemoIndicator {
        code: "I-02",
        name: [
            "Опиоиддик алмаштыруу терапиясындагы адамдар",
            "Лица, получающие опиоидную заместительную терапию",
            "People in opioid substitution therapy",
        ],
        unit: ["адам", "человек", "people"],
        objective: "O6",
        direction: "higher_better",
        baseline: 1200.0,
        target: 2000.0,
        latest: 1390.0,
        org: 1,
        frequency: "quarterly",
        by_sex: true,
        by_region: false,
    },
    DemoIndicator {
        code: "I-03",
        name: [
            "Баштапкы профилактика программалары камтыган окуучулар",
            "Учащиеся, охваченные программами первичной профилактики",
            "Pupils reached by primary prevention programmes",
        ],
        unit: ["окуучу", "учащихся", "pupils"],
        objective: "O1",
        direction: "higher_better",
        baseline: 45000.0,
        target: 120000.0,
        latest: 71000.0,
        org: 3,
        frequency: "half_yearly",
        by_sex: false,
        by_region: false,
    },
    DemoIndicator {
        code: "I-04",
        name: [
            "Ачылган баңги кылмыштары",
            "Раскрытые преступления, связанные с наркотиками",
            "Drug-related crimes solved",
        ],
        unit: ["кылмыш", "преступлений", "crimes"],
        objective: "O2",
        direction: "higher_better",
        baseline: 1800.0,
        target: 2200.0,
        latest: 1930.0,
        org: 2,
        frequency: "yearly",
        by_sex: false,
        by_region: true,
    },
    DemoIndicator {
        code: "I-05",
        name: [
            "Жок кылынган жапайы кара куурайдын аянты",
            "Площадь уничтоженной дикорастущей конопли",
            "Wild-growing cannabis eradicated",
        ],
        unit: ["га", "га", "ha"],
        objective: "O4",
        direction: "higher_better",
        baseline: 4500.0,
        target: 6000.0,
        latest: 5100.0,
        org: 2,
        frequency: "yearly",
        by_sex: false,
        by_region: true,
    },
    DemoIndicator {
        code: "I-06",
        name: [
            "Баңгизатты сайып колдонгондор арасында ВИЧтин жаңы учурлары",
            "Новые случаи ВИЧ среди людей, употребляющих инъекционные наркотики",
            "New HIV cases among people who inject drugs",
        ],
        unit: ["учур", "случаев", "cases"],
        objective: "O6",
        direction: "lower_better",
        baseline: 180.0,
        target: 90.0,
        latest: 151.0,
        org: 1,
        frequency: "yearly",
        by_sex: true,
        by_region: false,
    },
    DemoIndicator {
        code: "I-07",
        name: [
            "Баңгизатка каршы иш-чараларга катышкан КЭУлар",
            "НКО, участвующие в антинаркотических мероприятиях",
            "NGOs taking part in anti-drug measures",
        ],
        unit: ["уюм", "организаций", "organisations"],
        objective: "O8",
        direction: "higher_better",
        baseline: 35.0,
        target: 80.0,
        latest: 52.0,
        org: 0,
        frequency: "yearly",
        by_sex: false,
        by_region: false,
    },
    DemoIndicator {
        code: "I-08",
        name: [
            "Биргелешкен эл аралык операциялар",
            "Совместные международные операции",
            "Joint international operations",
        ],
        unit: ["операция", "операций", "operations"],
        objective: "O9",
        direction: "higher_better",
        baseline: 6.0,
        target: 12.0,
        latest: 9.0,
        org: 2,
        frequency: "yearly",
        by_sex: false,
        by_region: false,
    },
];

/// Loads reports, activities and indicators for the demo organisations `orgs` and accounts
/// `users` (organisation index, role, id).
pub async fn load(
    state: &AppState,
    orgs: &[OrganizationId],
    users: &[(usize, Role, UserId)],
) -> Result<(), AppError> {
    let coordinator = users
        .iter()
        .find(|(_, r, _)| *r == Role::Coordinator)
        .map(|(_, _, id)| *id)
        .ok_or(AppError::Internal)?;
    let reporter_of = |org: usize| {
        users
            .iter()
            .find(|(o, r, _)| *o == org && *r == Role::Reporter)
            .map(|(_, _, id)| *id)
    };
    reports(state, orgs, coordinator, &reporter_of).await?;
    activities(
        state,
        orgs,
        coordinator,
        reporter_of(7).ok_or(AppError::Internal)?,
    )
    .await?;
    indicators(state, orgs, coordinator, &reporter_of).await?;
    Ok(())
}

async fn reports(
    state: &AppState,
    orgs: &[OrganizationId],
    coordinator: UserId,
    reporter_of: &dyn Fn(usize) -> Option<UserId>,
) -> Result<(), AppError> {
    let period = Calendar::default().last_ended(today());
    let outcomes = [
        ReportStatus::Accepted,
        ReportStatus::Submitted,
        ReportStatus::Returned,
    ];
    let mut made = 0;
    for (org_index, org) in orgs.iter().enumerate() {
        let Some(writer) = reporter_of(org_index) else {
            continue;
        };
        for task in db::tasks::open_led_by(&state.db, *org).await? {
            if made == outcomes.len() || task.start_date > period.end {
                continue;
            }
            let content = ReportContent {
                percent_complete: Some(35 + 20 * made as i64),
                work_done: "Проведены плановые мероприятия, подготовлены материалы.".to_owned(),
                results: "Охвачены учащиеся и родители в трёх сёлах.".to_owned(),
                result_value: None,
                reach: Reach {
                    total: Some(140),
                    cells: [
                        Some(40),
                        Some(12),
                        Some(8),
                        None,
                        Some(45),
                        Some(15),
                        Some(10),
                        None,
                    ],
                },
                problems: String::new(),
                support_needed: if made == 2 {
                    "Нужны раздаточные материалы на кыргызском языке.".to_owned()
                } else {
                    String::new()
                },
                enforcement_focus: task.enforcement_focus()?,
            };
            let report = NewReport {
                task_id: TaskId(task.task_id),
                organization_id: *org,
                period,
                revision: 1,
                content,
                corrects: None,
                created_by: writer,
                is_demo: true,
            };
            let id = db::reports::insert(&state.db, &report, now()).await?;
            let mut version = 1;
            let mut step = |from, to, actor, note: &'static str, late: Option<bool>| {
                let change = StatusChange {
                    id,
                    version,
                    from,
                    to,
                    actor,
                    note,
                    late,
                    supersedes: None,
                };
                version += 1;
                change
            };
            let submit = step(
                ReportStatus::Draft,
                ReportStatus::Submitted,
                writer,
                "",
                Some(false),
            );
            db::reports::change_status(&state.db, &submit, now()).await?;
            let decision = match outcomes[made] {
                ReportStatus::Accepted => Some(step(
                    ReportStatus::Submitted,
                    ReportStatus::Accepted,
                    coordinator,
                    "",
                    None,
                )),
                ReportStatus::Returned => Some(step(
                    ReportStatus::Submitted,
                    ReportStatus::Returned,
                    coordinator,
                    "Приложите фотоотчёт и списки участников.",
                    None,
                )),
                _ => None,
            };
            if let Some(decision) = decision {
                db::reports::change_status(&state.db, &decision, now()).await?;
            }
            made += 1;
        }
    }
    Ok(())
}

/// A demo activity: kind, title, days ago, region, people by sex and age, and the decision.
struct DemoActivity {
    kind: &'static str,
    title: &'static str,
    back: i64,
    region: &'static str,
    cells: [&'static str; 8],
    decision: &'static str,
    note: &'static str,
}

const ACTIVITIES: &[DemoActivity] = &[
    DemoActivity {
        kind: "awareness_event",
        title: "Акция «Выбери жизнь» в школах Бишкека",
        back: 40,
        region: "KG11000000000",
        cells: ["120", "40", "", "", "110", "35", "", ""],
        decision: "verify",
        note: "",
    },
    DemoActivity {
        kind: "outreach",
        title: "Аутрич-консультации по снижению вреда в Кара-Балте",
        back: 12,
        region: "KG08000000000",
        cells: ["", "14", "9", "", "", "21", "12", "3"],
        decision: "",
        note: "",
    },
    DemoActivity {
        kind: "peer_support",
        title: "Группа равной поддержки для людей, употребляющих наркотики",
        back: 25,
        region: "KG08000000000",
        cells: ["", "", "18", "6", "", "", "4", "2"],
        decision: "clarify",
        note: "Уточните, сколько встреч проведено.",
    },
];

async fn activities(
    state: &AppState,
    orgs: &[OrganizationId],
    coordinator: UserId,
    ngo_reporter: UserId,
) -> Result<(), AppError> {
    let today = today();
    let day =
        |back: i64| app::domain::tasks::inputs::date_to_iso(today - time::Duration::days(back));
    for DemoActivity {
        kind,
        title,
        back,
        region,
        cells,
        decision,
        note,
    } in ACTIVITIES
    {
        let mut form = ActivityForm {
            activity_type: (*kind).to_owned(),
            title: (*title).to_owned(),
            description:
                "Информационные материалы, консультации специалистов, направление в службы помощи."
                    .to_owned(),
            start_date: day(*back),
            region_code: (*region).to_owned(),
            target_groups: vec!["young_people".to_owned(), "parents".to_owned()],
            partners: "Районная больница, молодёжный центр".to_owned(),
            // What the kind of activity serves, and the involvement of civil society.
            objectives: vec![
                app::domain::activities::kinds::ActivityType::parse(kind)
                    .map_or("O8", |k| k.objective())
                    .to_owned(),
                "O8".to_owned(),
            ],
            principles: vec!["P13".to_owned()],
            is_public: true,
            ..ActivityForm::default()
        };
        form.cells = cells.map(str::to_owned);
        let input = ActivityInput::parse(&form, app::i18n::Lang::Ru)?;
        let id =
            db::activities::insert(&state.db, orgs[7], &input, ngo_reporter, true, now()).await?;
        if !decision.is_empty() {
            let to = if *decision == "verify" {
                app::domain::activities::kinds::ActivityStatus::Verified
            } else {
                app::domain::activities::kinds::ActivityStatus::NeedsClarification
            };
            let decided = db::activities::Decision {
                id,
                version: 1,
                from: app::domain::activities::kinds::ActivityStatus::Logged,
                to,
                by: coordinator,
                note,
            };
            db::activities::decide(&state.db, &decided, now()).await?;
        }
    }
    Ok(())
}

async fn indicators(
    state: &AppState,
    orgs: &[OrganizationId],
    coordinator: UserId,
    reporter_of: &dyn Fn(usize) -> Option<UserId>,
) -> Result<(), AppError> {
    let today = today();
    let start = time::Date::from_calendar_date(2023, time::Month::January, 1)
        .map_err(|_| AppError::Internal)?;
    for item in INDICATORS {
        let form = IndicatorForm {
            code: item.code.to_owned(),
            name_ky: item.name[0].to_owned(),
            name_ru: item.name[1].to_owned(),
            name_en: item.name[2].to_owned(),
            unit_ky: item.unit[0].to_owned(),
            unit_ru: item.unit[1].to_owned(),
            unit_en: item.unit[2].to_owned(),
            objective_code: item.objective.to_owned(),
            direction: item.direction.to_owned(),
            baseline_value: item.baseline.to_string(),
            baseline_year: "2023".to_owned(),
            target_value: item.target.to_string(),
            target_year: "2030".to_owned(),
            organization_id: orgs[item.org].to_string(),
            frequency: item.frequency.to_owned(),
            by_sex: item.by_sex,
            by_age: false,
            by_region: item.by_region,
        };
        let input = IndicatorInput::parse(&form, app::i18n::Lang::Ru)?;
        let id = db::indicators::insert(&state.db, &input, coordinator, true, now()).await?;
        let calendar = Calendar {
            period_months: input.frequency.months(),
            deadline_days: 0,
        };
        let periods: Vec<_> = calendar.periods_between(start, calendar.last_ended(today).start);
        let n = periods.len().max(1) as f64;
        let entered_by = reporter_of(item.org).unwrap_or(coordinator);
        for (i, period) in periods.iter().enumerate() {
            // A steady path from the baseline to the latest value, with a little wobble.
            let share = (i + 1) as f64 / n;
            let wobble = if i % 3 == 1 { 0.004 } else { -0.002 } * item.baseline;
            let value = (item.baseline + (item.latest - item.baseline) * share + wobble).round();
            let last = i + 1 == periods.len();
            // The last period waits for review when the responsible organisation has a reporter.
            let status = if last && entered_by != coordinator {
                ValueStatus::Submitted
            } else {
                ValueStatus::Accepted
            };
            let total = Cut::default();
            let new = NewValue {
                indicator: id,
                period_start: period.start,
                period_end: period.end,
                cut: &total,
                value,
                source_note: "Ведомственная статистика (демо)",
                by: entered_by,
                is_demo: true,
            };
            db::indicators::enter(&state.db, &new, status, now()).await?;
            if last && item.by_sex {
                for (sex, share) in [("female", 0.09), ("male", 0.91)] {
                    let cut = Cut {
                        sex: sex.to_owned(),
                        ..Cut::default()
                    };
                    let part = NewValue {
                        cut: &cut,
                        value: (value * share).round(),
                        ..new_ref(&new)
                    };
                    db::indicators::enter(&state.db, &part, status, now()).await?;
                }
            }
        }
    }
    Ok(())
}

/// A copy of a value to save, for deriving its breakdowns.
fn new_ref<'a>(v: &NewValue<'a>) -> NewValue<'a> {
    NewValue {
        indicator: v.indicator,
        period_start: v.period_start,
        period_end: v.period_end,
        cut: v.cut,
        value: v.value,
        source_note: v.source_note,
        by: v.by,
        is_demo: v.is_demo,
    }
}
