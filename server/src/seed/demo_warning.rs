//! The demo's early-warning system: signals from health, interior, an NGO and the forensic
//! laboratory over the last two years, and one case at each stage of the pipeline, so a
//! newcomer sees the whole of it: an unidentified powder waiting for the laboratory (primary
//! data), alpha-PVP being scored (assessment), JWH-018 found high-risk with organisations
//! alerted (decision), and 4-CMC placed under temporary control (closed). Each step goes
//! through the same parsing and data functions as the pages; the case tasks are tagged with
//! strategic objective O3 (state control over narcotic drugs and psychotropic substances).

use app::backend::{cases::case_task, db, now, state::AppState, today};
use app::domain::early_warning::cases::{CaseTaskForm, DecisionForm, OpenCaseForm, ScoreForm};
use app::domain::early_warning::kinds::{CasePurpose, RiskLevel};
use app::domain::early_warning::signals::{SignalForm, SignalInput};
use app::domain::ids::{CaseId, OrganizationId, SignalId, SubstanceId, UserId};
use app::domain::roles::Role;
use app::domain::tasks::inputs::date_to_iso;
use app::domain::tasks::workflow::Move;
use app::error::AppError;
use app::i18n::Lang;
use time::{Duration, OffsetDateTime};

/// Demo organisations by their index in `demo::ORGS`.
const HEALTH: usize = 1;
const INTERIOR: usize = 2;
const NGO: usize = 7;
const LAB: usize = 11;
const RESEARCH: usize = 12;

/// A demo signal: (organisation, days ago, source, region, district, form, amount, unit,
/// poisonings, deaths, substance by Russian name or "" for unidentified, what was seen).
type Signal = (
    usize,
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const SIGNALS: &[Signal] = &[
    // The closed case: 4-CMC seized and identified in Chüy a year ago.
    (
        INTERIOR,
        400,
        "seizure",
        "KG08000000000",
        "KG08213000000",
        "crystals",
        "120",
        "g",
        "",
        "",
        "4-CMC (клефедрон)",
        "Изъятие при досмотре автомобиля на трассе Бишкек — Балыкчы.",
    ),
    (
        LAB,
        390,
        "forensic_laboratory",
        "KG08000000000",
        "",
        "crystals",
        "15",
        "g",
        "",
        "",
        "4-CMC (клефедрон)",
        "Экспертиза изъятых кристаллов: 4-хлорметкатинон.",
    ),
    (
        HEALTH,
        380,
        "poisoning",
        "KG11000000000",
        "",
        "crystals",
        "",
        "",
        "4",
        "",
        "4-CMC (клефедрон)",
        "Четыре обращения в приёмное отделение с тахикардией и психозом.",
    ),
    // The case in decision: JWH-018 smoking mixtures in Chüy.
    (
        NGO,
        150,
        "community",
        "KG08000000000",
        "KG08213000000",
        "herbal_mixture",
        "",
        "",
        "",
        "",
        "JWH-018",
        "Аутрич-работники сообщают о «спайсе» среди подростков.",
    ),
    (
        INTERIOR,
        140,
        "seizure",
        "KG08000000000",
        "",
        "herbal_mixture",
        "310",
        "g",
        "",
        "",
        "JWH-018",
        "Изъято 62 пакета курительной смеси.",
    ),
    (
        HEALTH,
        135,
        "poisoning",
        "KG08000000000",
        "",
        "herbal_mixture",
        "",
        "",
        "11",
        "1",
        "JWH-018",
        "Массовое отравление курительной смесью, одна смерть.",
    ),
    // The case in assessment: alpha-PVP poisonings in Bishkek.
    (
        HEALTH,
        70,
        "poisoning",
        "KG11000000000",
        "",
        "powder",
        "",
        "",
        "6",
        "",
        "Альфа-PVP",
        "Отравления с возбуждением и гипертермией.",
    ),
    (
        INTERIOR,
        66,
        "seizure",
        "KG11000000000",
        "",
        "powder",
        "8,5",
        "g",
        "",
        "",
        "Альфа-PVP",
        "Изъятие у сбытчика, упаковано в зип-пакеты.",
    ),
    (
        HEALTH,
        60,
        "narcology_service",
        "KG11000000000",
        "",
        "powder",
        "",
        "",
        "3",
        "",
        "Альфа-PVP",
        "Наркологическая служба: рост обращений по поводу «соли».",
    ),
    // The case in primary data: an unidentified powder in Osh.
    (
        HEALTH,
        12,
        "poisoning",
        "KG21000000000",
        "",
        "powder",
        "",
        "",
        "2",
        "",
        "",
        "Два отравления неизвестным порошком, вещество не установлено.",
    ),
    (
        INTERIOR,
        9,
        "seizure",
        "KG21000000000",
        "",
        "powder",
        "3",
        "g",
        "",
        "",
        "",
        "Изъят белый порошок, направлен на экспертизу.",
    ),
    // Not yet in a case.
    (
        NGO,
        4,
        "community",
        "KG03000000000",
        "",
        "tablets",
        "",
        "",
        "",
        "",
        "",
        "Сообщения о новых таблетках «с эффектом экстази» в Джалал-Абаде.",
    ),
    (
        INTERIOR,
        2,
        "neighbouring_country",
        "",
        "",
        "powder",
        "",
        "",
        "",
        "",
        "Мефедрон",
        "Оповещение соседней страны о партии мефедрона, движущейся в Кыргызстан.",
    ),
];

/// Loads the demo's signals and cases. `orgs` are the demo organisations' ids in order;
/// `users` the demo accounts as (organisation index, role, id).
pub async fn load(
    state: &AppState,
    orgs: &[OrganizationId],
    users: &[(usize, Role, UserId)],
) -> Result<(), AppError> {
    let user = |org: usize, role: Role| {
        users
            .iter()
            .find(|(o, r, _)| *r == role && (role == Role::Coordinator || *o == org))
            .map(|(_, _, id)| *id)
            .ok_or(AppError::Internal)
    };
    let coordinator = user(0, Role::Coordinator)?;
    let substances = db::signals::substance_choices(&state.db).await?;
    let substance = |name: &str| {
        substances
            .iter()
            .find(|s| s.name.ru == name)
            .map(|s| SubstanceId(s.id))
    };
    let today = today();
    let ago = |days: i64| now() - Duration::days(days);
    let mut ids = Vec::new();
    for (org, days, source, region, district, form, amount, unit, poisonings, deaths, name, text) in
        SIGNALS
    {
        let form = SignalForm {
            observed_on: date_to_iso(today - Duration::days(*days)),
            source: (*source).into(),
            region_code: (*region).into(),
            district_code: (*district).into(),
            form: (*form).into(),
            amount: (*amount).into(),
            amount_unit: (*unit).into(),
            poisonings: (*poisonings).into(),
            deaths: (*deaths).into(),
            substance_id: substance(name).map(|s| s.0.to_string()).unwrap_or_default(),
            description: (*text).into(),
        };
        let input = SignalInput::parse(&form, Lang::Ru, today)?;
        let by = user(*org, Role::Reporter)?;
        ids.push(db::signals::insert(&state.db, &input, orgs[*org], by, true, ago(*days)).await?);
    }
    let lab = user(LAB, Role::Reporter)?;
    let health = user(HEALTH, Role::Reporter)?;
    let research = user(RESEARCH, Role::Reporter)?;
    let people = Pipeline {
        state,
        orgs,
        coordinator,
        lab,
    };
    // Closed: 4-CMC under temporary control.
    let closed = people
        .open(
            "4-CMC (клефедрон): изъятия и отравления",
            substance("4-CMC (клефедрон)"),
            &ids[0..3],
            370,
        )
        .await?;
    people
        .lab_result(closed, "Идентификация 4-CMC и профиль примесей")
        .await?;
    people.sign_off(closed, 330).await?;
    people
        .assess(closed, &[(lab, "high"), (research, "high")], 320)
        .await?;
    people
        .confirm(closed, RiskLevel::High, &[INTERIOR, HEALTH, NGO], 300)
        .await?;
    people.sign_off(closed, 300).await?;
    people
        .decide(
            closed,
            "temporary_control",
            today - Duration::days(130),
            today - Duration::days(120),
            130,
        )
        .await?;
    people.sign_off(closed, 120).await?;
    // Decision: JWH-018, high risk, organisations alerted, the decision to come.
    let decision = people
        .open(
            "JWH-018: курительные смеси в Чуйской области",
            substance("JWH-018"),
            &ids[3..6],
            130,
        )
        .await?;
    people
        .lab_result(decision, "Анализ курительных смесей: JWH-018")
        .await?;
    people.sign_off(decision, 100).await?;
    people
        .assess(decision, &[(lab, "high"), (health, "high")], 90)
        .await?;
    people
        .confirm(decision, RiskLevel::High, &[INTERIOR, NGO], 80)
        .await?;
    people.sign_off(decision, 80).await?;
    // Assessment: alpha-PVP, the laboratory has scored, the health service not yet.
    let assessment = people
        .open(
            "Альфа-PVP: отравления в Бишкеке",
            substance("Альфа-PVP"),
            &ids[6..9],
            55,
        )
        .await?;
    people
        .lab_result(assessment, "Идентификация порошка из изъятия")
        .await?;
    people.sign_off(assessment, 20).await?;
    people.assess(assessment, &[(lab, "high")], 10).await?;
    db::cases::name_assessors(&state.db, assessment, &[lab, health], coordinator, ago(10)).await?;
    // Primary data: the powder from Osh is at the laboratory.
    let primary = people
        .open(
            "Неизвестный порошок: отравления в Оше",
            None,
            &ids[9..11],
            7,
        )
        .await?;
    people
        .request(primary, "Идентифицировать порошок, изъятый в Оше", 14)
        .await?;
    tracing::info!(
        signals = ids.len(),
        cases = 4,
        "demo early-warning data loaded"
    );
    Ok(())
}

/// The coordinator and the laboratory, walking demo cases through their stages.
struct Pipeline<'a> {
    state: &'a AppState,
    orgs: &'a [OrganizationId],
    coordinator: UserId,
    lab: UserId,
}

impl Pipeline<'_> {
    fn at(days_ago: i64) -> OffsetDateTime {
        now() - Duration::days(days_ago)
    }

    async fn open(
        &self,
        title: &str,
        substance: Option<SubstanceId>,
        signals: &[SignalId],
        days_ago: i64,
    ) -> Result<CaseId, AppError> {
        let form = OpenCaseForm {
            title: title.into(),
            substance_id: substance.map(|s| s.0.to_string()).unwrap_or_default(),
            stage_due: date_to_iso(today() + Duration::days(30 - days_ago.min(25))),
            signals: signals.iter().map(|s| s.0.to_string()).collect(),
        };
        let input = form.parse(today())?;
        db::cases::open(
            &self.state.db,
            &input,
            self.coordinator,
            true,
            Self::at(days_ago),
        )
        .await?
        .ok_or(AppError::Conflict)
    }

    /// Asks the laboratory for data; the task stays open.
    async fn request(
        &self,
        case: CaseId,
        title: &str,
        due_in: i64,
    ) -> Result<app::domain::ids::TaskId, AppError> {
        let form = CaseTaskForm {
            purpose: CasePurpose::PrimaryData.as_str().into(),
            organization_id: self.orgs[LAB].0.to_string(),
            title: title.into(),
            description: "Приложите заключение экспертизы (без персональных данных).".into(),
            due_date: date_to_iso(today() + Duration::days(due_in)),
        };
        let input = form.parse(today())?;
        let task = case_task(&input, Lang::Ru, self.coordinator, true);
        Ok(db::cases::add_task(
            &self.state.db,
            case,
            input.purpose,
            &task,
            &input,
            self.coordinator,
            now(),
        )
        .await?)
    }

    /// Asks the laboratory and has it complete the task with its finding.
    async fn lab_result(&self, case: CaseId, title: &str) -> Result<(), AppError> {
        let task = self.request(case, title, 1).await?;
        super::demo_tasks::walk(
            self.state,
            task,
            &[
                (Move::Accept, ""),
                (Move::Start, ""),
                (
                    Move::Complete,
                    "Заключение эксперта приложено: вещество идентифицировано методом ГХ-МС.",
                ),
                (Move::Verify, ""),
            ],
            self.coordinator,
            Some(self.lab),
        )
        .await
    }

    async fn sign_off(&self, case: CaseId, days_ago: i64) -> Result<(), AppError> {
        let record = db::cases::get(&self.state.db, case)
            .await?
            .ok_or(AppError::NotFound)?;
        let stage = record.stage()?;
        let control = record.decision()?.and_then(|d| d.control());
        // The next stage's usual time, counted from the day it began: the case in decision
        // is past its deadline, as the list shows.
        let due = stage
            .next()
            .map(|s| today() + Duration::days(s.default_days() - days_ago));
        db::cases::sign_off(
            &self.state.db,
            &record,
            record.version,
            None,
            due,
            control,
            self.coordinator,
            Self::at(days_ago),
        )
        .await?;
        Ok(())
    }

    /// Names the assessors and has each score every criterion at `level`.
    async fn assess(
        &self,
        case: CaseId,
        scores: &[(UserId, &str)],
        days_ago: i64,
    ) -> Result<(), AppError> {
        let people: Vec<UserId> = scores.iter().map(|(u, _)| *u).collect();
        db::cases::name_assessors(
            &self.state.db,
            case,
            &people,
            self.coordinator,
            Self::at(days_ago + 5),
        )
        .await?;
        for (person, level) in scores {
            let form = ScoreForm {
                medical_level: (*level).into(),
                medical_rationale:
                    "Тяжёлые отравления с психозом и гипертермией; высокий потенциал зависимости."
                        .into(),
                social_level: "moderate".into(),
                social_rationale: "Сигналы из нескольких областей, распространение среди молодёжи."
                    .into(),
                legal_level: (*level).into(),
                legal_rationale: "Структурный аналог веществ, включённых в список I.".into(),
            };
            let parsed = form.parse()?;
            db::cases::score(&self.state.db, case, *person, &parsed, Self::at(days_ago)).await?;
        }
        Ok(())
    }

    async fn confirm(
        &self,
        case: CaseId,
        risk: RiskLevel,
        alert: &[usize],
        days_ago: i64,
    ) -> Result<(), AppError> {
        let record = db::cases::get(&self.state.db, case)
            .await?
            .ok_or(AppError::NotFound)?;
        let alert: Vec<OrganizationId> = alert.iter().map(|i| self.orgs[*i]).collect();
        db::cases::confirm_risk(
            &self.state.db,
            case,
            record.version,
            risk,
            "",
            &alert,
            self.coordinator,
            Self::at(days_ago),
        )
        .await?;
        Ok(())
    }

    async fn decide(
        &self,
        case: CaseId,
        measure: &str,
        act_date: time::Date,
        effective: time::Date,
        days_ago: i64,
    ) -> Result<(), AppError> {
        let record = db::cases::get(&self.state.db, case)
            .await?
            .ok_or(AppError::NotFound)?;
        let form = DecisionForm {
            measure: measure.into(),
            measure_list: String::new(),
            body: "Кабинет Министров Кыргызской Республики".into(),
            act: "Постановление № 000 (демонстрационная запись)".into(),
            act_date: date_to_iso(act_date),
            effective_on: date_to_iso(effective),
        };
        let decision = form.parse()?;
        db::cases::record_decision(
            &self.state.db,
            case,
            record.version,
            &decision,
            self.coordinator,
            Self::at(days_ago),
        )
        .await?;
        Ok(())
    }
}
