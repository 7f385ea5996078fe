//! The national data set's early-warning system (`concord generate`): ~300 substances in the
//! register (a fifth placed under national control), ~20,000 signals over six years from the
//! organisations' reporters, and ~400 cases opened from them, each taken as far through primary
//! data, assessment and decision as its age allows, with its history, assessors and scores;
//! the closed cases that placed a substance under control set its control status. Substances
//! carry no CAS number: invented identifiers would pass for real ones.

use super::generate::{Rng, Scale};
use app::backend::{
    db::{self, bulk, value::Value},
    now,
    state::AppState,
};
use app::domain::early_warning::kinds::{
    AmountUnit, Criterion, Measure, RiskLevel, SeenForm, SignalSource, Stage,
};
use app::domain::early_warning::workflow::suggested_risk;
use app::domain::ids::{OrganizationId, SubstanceId, UserId};
use app::domain::substances::inputs::{SubstanceForm, SubstanceInput};
use app::domain::substances::kinds::{ChemicalGroup, NationalList};
use app::error::AppError;
use app::i18n::Lang;
use time::{Date, Duration, OffsetDateTime, Time};

/// An organisation that records signals: where it is and who records for it.
pub(crate) struct Reporter {
    pub organization: OrganizationId,
    pub region: Option<String>,
    pub district: Option<String>,
    pub user: UserId,
}

/// What was generated.
#[derive(Clone, Copy, Debug, Default)]
pub struct WarningGenerated {
    pub substances: usize,
    pub signals: usize,
    pub cases: usize,
}

/// How many years back the data reaches.
const YEARS: i64 = 6;

/// What an observer writes, in Russian: never anything about a person.
const OBSERVED: [&str; 6] = [
    "Изъятие при досмотре, упаковка без маркировки.",
    "Обращения в приёмное отделение после употребления неизвестного вещества.",
    "Лабораторное заключение по изъятому образцу.",
    "Сообщения аутрич-работников о новом веществе в обороте.",
    "Публикации о продаже через мессенджеры.",
    "Оповещение международной системы раннего предупреждения.",
];

fn at_noon(day: Date) -> OffsetDateTime {
    OffsetDateTime::new_utc(day, Time::from_hms(6, 0, 0).unwrap_or(Time::MIDNIGHT))
}

/// The register's generated substances, entered as the form would enter them; returns each
/// substance's id and Russian name.
async fn substances(
    state: &AppState,
    scale: Scale,
    rng: &mut Rng,
    by: UserId,
) -> Result<Vec<(SubstanceId, String)>, AppError> {
    let ky = Lang::Ky.texts();
    let ru = Lang::Ru.texts();
    let en = Lang::En.texts();
    let mut made = Vec::with_capacity(scale.substances);
    for n in 1..=scale.substances {
        let group = *rng.pick(ChemicalGroup::ALL);
        let names = [ky, ru, en].map(|t| format!("{} № {n} (масштаб)", group.label(t)));
        let form = SubstanceForm {
            name_ky: names[0].clone(),
            name_ru: names[1].clone(),
            name_en: names[2].replace("№", "No."),
            synonyms: format!("НПВ-{n:03}\nNPS-{n:03}"),
            chemical_group: group.as_str().to_owned(),
            international_status: "none".to_owned(),
            ..SubstanceForm::default()
        };
        let input = SubstanceInput::parse(&form)?;
        let id = db::substances::insert(&state.db, &input, by, true, now()).await?;
        made.push((id, names[1].clone()));
    }
    Ok(made)
}

/// One case's path: the day it entered each stage it reached, in order.
fn path(rng: &mut Rng, opened: Date, today: Date) -> Vec<(Stage, Date)> {
    let mut steps = vec![(Stage::PrimaryData, opened)];
    let mut day = opened;
    for (next, days) in [
        (Stage::Assessment, 10 + rng.below(50)),
        (Stage::Decision, 15 + rng.below(45)),
        (Stage::Closed, 10 + rng.below(80)),
    ] {
        day += Duration::days(days as i64);
        if day > today {
            break;
        }
        steps.push((next, day));
    }
    steps
}

/// Generates the early-warning data: substances, signals and cases.
pub(crate) async fn generate(
    state: &AppState,
    scale: Scale,
    rng: &mut Rng,
    reporters: &[Reporter],
    coordinators: &[UserId],
    experts: &[UserId],
) -> Result<WarningGenerated, AppError> {
    let today = app::backend::today();
    let coordinator = coordinators[0];
    let register = substances(state, scale, rng, coordinator).await?;
    let first_signal = bulk::max_id(&state.db, "signals", "signal_id").await? + 1;
    let first_case = bulk::max_id(&state.db, "warning_cases", "case_id").await? + 1;
    let span = (YEARS * 365) as usize;
    let mut signals: Vec<Vec<Value>> = Vec::with_capacity(scale.signals);
    let mut cases: Vec<Vec<Value>> = Vec::with_capacity(scale.cases);
    let mut history: Vec<Vec<Value>> = Vec::new();
    let mut assessors: Vec<Vec<Value>> = Vec::new();
    let mut scores: Vec<Vec<Value>> = Vec::new();
    let mut controls: Vec<(SubstanceId, NationalList, String, Date)> = Vec::new();

    let signal = |rng: &mut Rng,
                  day: Date,
                  substance: Option<SubstanceId>,
                  case: Option<i64>,
                  signals: &mut Vec<Vec<Value>>| {
        let who = rng.pick(reporters);
        let source = *rng.pick(SignalSource::ALL);
        let form = *rng.pick(SeenForm::ALL);
        let (amount, unit) = match form {
            SeenForm::Tablets | SeenForm::Capsules | SeenForm::Blotter => {
                (Some((1 + rng.below(200)) as f64), Some(AmountUnit::Tablets))
            }
            SeenForm::Liquid => (
                Some((5 + rng.below(500)) as f64),
                Some(AmountUnit::Millilitres),
            ),
            _ if rng.below(5) == 0 => (None, None),
            _ => (
                Some((1 + rng.below(5_000)) as f64 / 10.0),
                Some(AmountUnit::Grams),
            ),
        };
        let poisonings = if source == SignalSource::Poisoning {
            1 + rng.below(6)
        } else {
            rng.below(3) / 2
        } as i64;
        let deaths = i64::from(poisonings > 0 && rng.below(12) == 0);
        let id = first_signal + signals.len() as i64;
        signals.push(vec![
            id.into(),
            who.organization.0.into(),
            day.into(),
            source.as_str().into(),
            who.region.clone().into(),
            who.district.clone().into(),
            form.as_str().into(),
            Value::Float(amount),
            unit.map(|u| u.as_str().to_owned()).into(),
            poisonings.into(),
            deaths.into(),
            substance.map(|s| s.0).into(),
            (*rng.pick(&OBSERVED)).into(),
            case.into(),
            true.into(),
            who.user.0.into(),
            at_noon(day + Duration::days(1)).into(),
        ]);
    };

    // The cases, oldest first, each with the signals that led to it.
    let mut opened_days: Vec<Date> = (0..scale.cases)
        .map(|_| today - Duration::days(30 + rng.below(span - 30) as i64))
        .collect();
    opened_days.sort();
    for (i, opened) in opened_days.into_iter().enumerate() {
        let case = first_case + i as i64;
        let (substance, name) = register[(i * 7) % register.len()].clone();
        let steps = path(rng, opened, today);
        let (stage, entered) = steps[steps.len() - 1];
        let reached = |s: Stage| steps.iter().any(|(t, _)| *t == s);
        let identified = reached(Stage::Assessment) || rng.below(2) == 0;
        for _ in 0..(3 + rng.below(40)) {
            let day = opened - Duration::days(1 + rng.below(60) as i64);
            let known = (identified && rng.below(3) > 0).then_some(substance);
            signal(rng, day, known, Some(case), &mut signals);
        }
        let by = *rng.pick(coordinators);
        let mut event =
            |day: Date, hour: i64, event: &str, from: Option<Stage>, to: Option<Stage>| {
                history.push(vec![
                    case.into(),
                    (at_noon(day) + Duration::hours(hour)).into(),
                    by.0.into(),
                    event.into(),
                    from.map(|s| s.as_str().to_owned()).into(),
                    to.map(|s| s.as_str().to_owned()).into(),
                    "".into(),
                ]);
            };
        event(opened, 0, "opened", None, Some(Stage::PrimaryData));
        for pair in steps.windows(2) {
            event(pair[1].1, 1, "signed_off", Some(pair[0].0), Some(pair[1].0));
        }
        let mut risk = None;
        if let Some((_, assessed)) = steps.iter().find(|(s, _)| *s == Stage::Assessment) {
            let named = *assessed + Duration::days(2);
            let pair = [rng.pick(experts), rng.pick(experts)];
            let mut highest = RiskLevel::Low;
            for (k, expert) in pair.iter().enumerate() {
                if k == 1 && pair[0] == pair[1] {
                    break;
                }
                assessors.push(vec![case.into(), expert.0.into(), at_noon(named).into()]);
                if reached(Stage::Decision) || rng.below(2) == 0 {
                    for criterion in Criterion::ALL {
                        let level = *rng.pick(RiskLevel::ALL);
                        highest = suggested_risk([highest, level]).unwrap_or(level);
                        scores.push(vec![
                            case.into(),
                            expert.0.into(),
                            criterion.as_str().into(),
                            level.as_str().into(),
                            "Оценка по данным экспертизы и клинической картине.".into(),
                            at_noon(named + Duration::days(5)).into(),
                        ]);
                    }
                }
            }
            event(named, 2, "assessors_named", None, None);
            if reached(Stage::Decision) {
                risk = Some(highest);
            }
        }
        let mut decision = None;
        if stage == Stage::Closed {
            let measure = match rng.below(10) {
                0..=1 => Measure::NoAction,
                2..=4 => Measure::Monitoring,
                5..=7 => Measure::TemporaryControl,
                _ => Measure::NationalList,
            };
            let act_date = entered - Duration::days(3);
            let effective = act_date + Duration::days(10);
            let list = (measure == Measure::NationalList)
                .then(|| *rng.pick(&[NationalList::ListI, NationalList::ListII]));
            let act = format!(
                "Постановление Кабинета Министров № {} (масштабные данные)",
                100 + i
            );
            event(act_date, 3, "decision_recorded", None, None);
            match measure {
                Measure::TemporaryControl => {
                    controls.push((substance, NationalList::Temporary, act.clone(), effective));
                }
                Measure::NationalList => {
                    if let Some(list) = list {
                        controls.push((substance, list, act.clone(), effective));
                    }
                }
                Measure::NoAction | Measure::Monitoring => {}
            }
            decision = Some((measure, list, act, act_date, effective));
        }
        let controls_measure = decision.as_ref().map(|d| d.0);
        let due = if stage == Stage::Closed {
            entered
        } else {
            entered + Duration::days(stage.default_days())
        };
        let (measure, list, act, act_date, effective) = match decision {
            Some((m, l, a, d, e)) => (
                Some(m.as_str().to_owned()),
                l.map(|l| l.as_str().to_owned()),
                a,
                Some(d),
                Some(e),
            ),
            None => (None, None, String::new(), None, None),
        };
        let body = if controls_measure.is_some() {
            "Кабинет Министров Кыргызской Республики"
        } else {
            ""
        };
        cases.push(vec![
            case.into(),
            format!("{name}: сигналы {}", opened.year()).into(),
            identified.then_some(substance.0).into(),
            stage.as_str().into(),
            due.into(),
            risk.map(|r| r.as_str().to_owned()).into(),
            measure.into(),
            list.into(),
            body.into(),
            act.into(),
            Value::Date(act_date),
            Value::Date(effective),
            by.0.into(),
            at_noon(opened).into(),
            Value::Time((stage == Stage::Closed).then(|| at_noon(entered) + Duration::hours(1))),
            (at_noon(entered) + Duration::hours(1)).into(),
            true.into(),
        ]);
    }
    // The signals in no case, over the six years.
    while signals.len() < scale.signals {
        let day = today - Duration::days(rng.below(span) as i64);
        let known = (rng.below(10) < 7).then(|| rng.pick(&register).0);
        signal(rng, day, known, None, &mut signals);
    }

    // Cases first: signals name them.
    bulk::insert(
        &state.db,
        "warning_cases",
        &[
            "case_id",
            "title",
            "substance_id",
            "stage",
            "stage_due",
            "risk",
            "measure",
            "measure_list",
            "decision_body",
            "decision_act",
            "decision_date",
            "effective_on",
            "opened_by",
            "opened_at",
            "closed_at",
            "updated_at",
            "is_demo",
        ],
        &cases,
    )
    .await?;
    bulk::insert(
        &state.db,
        "signals",
        &[
            "signal_id",
            "organization_id",
            "observed_on",
            "source",
            "region_code",
            "district_code",
            "form",
            "amount",
            "amount_unit",
            "poisonings",
            "deaths",
            "substance_id",
            "description",
            "case_id",
            "is_demo",
            "created_by",
            "created_at",
        ],
        &signals,
    )
    .await?;
    bulk::insert(
        &state.db,
        "case_history",
        &[
            "case_id",
            "at",
            "actor_id",
            "event",
            "from_stage",
            "to_stage",
            "note",
        ],
        &history,
    )
    .await?;
    bulk::insert(
        &state.db,
        "case_assessors",
        &["case_id", "user_id", "named_at"],
        &assessors,
    )
    .await?;
    bulk::insert(
        &state.db,
        "case_scores",
        &[
            "case_id",
            "user_id",
            "criterion",
            "level",
            "rationale",
            "scored_at",
        ],
        &scores,
    )
    .await?;
    bulk::move_sequence(&state.db, "warning_cases", "case_id").await?;
    bulk::move_sequence(&state.db, "signals", "signal_id").await?;
    // The closed cases' decisions are the register's control status, the latest one last.
    controls.sort_by_key(|c| c.3);
    for (substance, list, act, since) in controls {
        db::substances::set_control(&state.db, substance, list, &act, since).await?;
    }
    Ok(WarningGenerated {
        substances: register.len(),
        signals: signals.len(),
        cases: cases.len(),
    })
}
