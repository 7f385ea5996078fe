//! The scheduled notifications' SQL, each written once per thing and day whichever instance
//! writes it (the event keys are unique): reminders of tasks, reports and indicator values due,
//! the escalation of work seven days overdue to the organisation's contact address and the
//! coordinators, the daily digests that gather held notifications, and the coordinators'
//! weekly digest with its summary of overdue work.

use super::notifications::email_state;
use super::report_list::REPORTABLE;
use super::tx::Tx;
use super::{Db, on_db};
use crate::domain::notifications::{DUE_SOON_DAYS, ESCALATION_DAYS, Kind, OVERDUE_DAYS};
use crate::domain::reports::periods::{Calendar, Period};
use crate::domain::tasks::inputs::date_to_iso;
use crate::domain::views::Trilingual;
use time::{Date, Duration, OffsetDateTime};

/// The open statuses: a task in one of them still owes work.
const OPEN: &str = "('assigned', 'accepted', 'in_progress', 'returned')";

/// How many notifications of each kind a pass wrote.
pub type Written = Vec<(Kind, u64)>;

/// The reminders of open tasks' due dates on `today`: to the lead organisation's reporters a
/// week before, on the day and three days after; seven days after, the escalation to the
/// organisation's contact address and (held for their digest) the coordinator who made it.
/// Keyed by the task, its due date and the kind, so a rescheduled task is recalled again.
pub async fn tasks(tx: &mut Tx, today: Date, now: OffsetDateTime) -> Result<Written, sqlx::Error> {
    let mut written = Vec::new();
    let key = "'task:' || t.task_id || ':due:' || t.due_date || ':' || $1";
    let state = email_state("$1");
    for (kind, days) in Kind::REMINDERS {
        let sql = format!(
            "insert into notifications (user_id, kind, task_id, organization_id, due_date, \
                 event_key, created_at, email_state) \
             select u.user_id, $1, t.task_id, t.lead_organization_id, t.due_date, {key}, $2, \
                 {state} \
             from tasks t \
             join users u on u.organization_id = t.lead_organization_id \
                 and u.role = 'reporter' and u.is_active \
             where t.due_date = $3 and t.status in {OPEN} and not t.is_group \
             on conflict do nothing"
        );
        let due = today + Duration::days(days);
        let n = tx
            .execute(&sql, &[kind.as_str().into(), now.into(), due.into()])
            .await?;
        written.push((kind, n));
    }
    let kind = Kind::TaskEscalated;
    let due = today - Duration::days(ESCALATION_DAYS);
    let contact = format!(
        "insert into notifications (email_to, kind, task_id, organization_id, due_date, \
             event_key, created_at, email_state) \
         select o.contact_email, $1, t.task_id, t.lead_organization_id, t.due_date, {key}, $2, \
             'pending' \
         from tasks t join organizations o on o.organization_id = t.lead_organization_id \
         where t.due_date = $3 and t.status in {OPEN} and not t.is_group and o.is_active \
             and o.contact_email is not null and o.contact_email <> '' \
         on conflict do nothing"
    );
    let coordinator = format!(
        "insert into notifications (user_id, kind, task_id, organization_id, due_date, \
             event_key, created_at, email_state) \
         select u.user_id, $1, t.task_id, t.lead_organization_id, t.due_date, {key}, $2, 'held' \
         from tasks t join users u on u.user_id = t.created_by \
             and u.role = 'coordinator' and u.is_active \
         where t.due_date = $3 and t.status in {OPEN} and not t.is_group \
         on conflict do nothing"
    );
    let mut n = 0;
    for sql in [contact, coordinator] {
        n += tx
            .execute(&sql, &[kind.as_str().into(), now.into(), due.into()])
            .await?;
    }
    written.push((kind, n));
    Ok(written)
}

/// The reminders of open early-warning cases' stage deadlines on `today`, to the coordinator
/// who opened the case: a week before, on the day and three days after. Keyed by the case, its
/// stage, the deadline and the day, so a stage signed off or returned is recalled afresh.
pub async fn cases(tx: &mut Tx, today: Date, now: OffsetDateTime) -> Result<Written, sqlx::Error> {
    let kind = Kind::CaseStageDue;
    let sql = format!(
        "insert into notifications (user_id, kind, case_id, due_date, event_key, created_at, \
             email_state) \
         select u.user_id, $1, c.case_id, c.stage_due, \
             'case:' || c.case_id || ':' || c.stage || ':due:' || c.stage_due || ':' || $4, $2, \
             {} \
         from warning_cases c \
         join users u on u.user_id = c.opened_by and u.role = 'coordinator' and u.is_active \
         where c.stage_due = $3 and c.stage <> 'closed' \
         on conflict do nothing",
        email_state("$1")
    );
    let mut n = 0;
    for days in CASE_REMINDER_DAYS {
        let due = today + Duration::days(days);
        n += tx
            .execute(
                &sql,
                &[
                    kind.as_str().into(),
                    now.into(),
                    due.into(),
                    date_to_iso(today).into(),
                ],
            )
            .await?;
    }
    Ok(vec![(kind, n)])
}

/// When a case's stage deadline is recalled: days before it (negative: after).
const CASE_REMINDER_DAYS: [i64; 3] = [DUE_SOON_DAYS, 0, -OVERDUE_DAYS];

/// Whether task `t` owes a report for the period `$2`–`$3`: open, started by the period's
/// end, with no report on it submitted (as on the missing-reports page).
fn owes() -> String {
    format!(
        "not t.is_group and t.status in {REPORTABLE} and t.start_date <= $3 \
         and not exists (select 1 from reports r where r.task_id = t.task_id \
             and r.period_start = $2 and r.status <> 'draft')"
    )
}

/// The organisations owing reports for the period `$2`–`$3`, as `w.org`.
fn owing() -> String {
    format!(
        "(select t.lead_organization_id as org from tasks t where {} \
          group by t.lead_organization_id) w",
        owes()
    )
}

/// The reminders of the reports owed for a period, once per organisation and period: a week
/// before the deadline, on it and three days after to the reporters; seven days after, the
/// escalation to the organisation's contact address and (held for their digest) the
/// coordinators whose tasks are owed.
pub async fn reports(
    tx: &mut Tx,
    calendar: Calendar,
    today: Date,
    now: OffsetDateTime,
) -> Result<Written, sqlx::Error> {
    let mut written = Vec::new();
    let key = "'reports:' || w.org || ':' || $5 || ':' || $1";
    for (kind, days) in Kind::REPORT_REMINDERS {
        let deadline = today + Duration::days(days);
        let Some(period) = period_due(calendar, deadline) else {
            written.push((kind, 0));
            continue;
        };
        let values = [
            kind.as_str().into(),
            period.start.into(),
            period.end.into(),
            period.deadline.into(),
            date_to_iso(period.start).into(),
            now.into(),
        ];
        let columns = "organization_id, period_start, period_end, due_date, event_key, \
                       created_at, email_state";
        let owing = owing();
        let sqls = if kind == Kind::ReportEscalated {
            vec![
                format!(
                    "insert into notifications (email_to, kind, {columns}) \
                     select o.contact_email, $1, w.org, $2, $3, $4, {key}, $6, 'pending' \
                     from {owing} join organizations o on o.organization_id = w.org \
                     where o.is_active and o.contact_email is not null and o.contact_email <> '' \
                     on conflict do nothing"
                ),
                format!(
                    "insert into notifications (user_id, kind, {columns}) \
                     select distinct u.user_id, $1, t.lead_organization_id, $2, $3, $4, \
                         'reports:' || t.lead_organization_id || ':' || $5 || ':' || $1, $6, 'held' \
                     from tasks t join users u on u.user_id = t.created_by \
                         and u.role = 'coordinator' and u.is_active \
                     where {owes} \
                     on conflict do nothing",
                    owes = owes()
                ),
            ]
        } else {
            let state = email_state("$1");
            vec![format!(
                "insert into notifications (user_id, kind, {columns}) \
                 select u.user_id, $1, w.org, $2, $3, $4, {key}, $6, {state} \
                 from {owing} join users u on u.organization_id = w.org \
                     and u.role = 'reporter' and u.is_active \
                 on conflict do nothing"
            )]
        };
        let mut n = 0;
        for sql in sqls {
            n += tx.execute(&sql, &values).await?;
        }
        written.push((kind, n));
    }
    Ok(written)
}

/// The period of `calendar` whose reports are due on `deadline`, if one is.
pub fn period_due(calendar: Calendar, deadline: Date) -> Option<Period> {
    let end = deadline - Duration::days(i64::from(calendar.deadline_days));
    let period = calendar.period_of(end);
    (period.deadline == deadline).then_some(period)
}

/// The reminders of indicator values due in a week and not yet entered (for any breakdown),
/// to the reporters of the organisation that reports the indicator, once per indicator and
/// period. An indicator's periods follow its frequency; its values are due as reports are.
pub async fn indicators(
    tx: &mut Tx,
    calendar: Calendar,
    today: Date,
    now: OffsetDateTime,
) -> Result<Written, sqlx::Error> {
    let kind = Kind::IndicatorDue;
    let state = email_state("$1");
    let sql = format!(
        "insert into notifications (user_id, kind, indicator_id, organization_id, period_start, \
             period_end, due_date, event_key, created_at, email_state) \
         select u.user_id, $1, i.indicator_id, i.organization_id, $2, $3, $4, \
             'indicator:' || i.indicator_id || ':' || $5, $6, {state} \
         from indicators i join users u on u.organization_id = i.organization_id \
             and u.role = 'reporter' and u.is_active \
         where i.frequency = $7 and i.baseline_year <= $8 and i.target_year >= $8 \
             and not exists (select 1 from indicator_values v \
                 where v.indicator_id = i.indicator_id and v.period_start = $2) \
         on conflict do nothing"
    );
    let mut n = 0;
    for (frequency, months) in [("quarterly", 3), ("half_yearly", 6), ("yearly", 12)] {
        let by_frequency = Calendar {
            period_months: months,
            ..calendar
        };
        let Some(period) = period_due(by_frequency, today + Duration::days(DUE_SOON_DAYS)) else {
            continue;
        };
        n += tx
            .execute(
                &sql,
                &[
                    kind.as_str().into(),
                    period.start.into(),
                    period.end.into(),
                    period.deadline.into(),
                    date_to_iso(period.start).into(),
                    now.into(),
                    frequency.into(),
                    i64::from(period.start.year()).into(),
                ],
            )
            .await?;
    }
    Ok(vec![(kind, n)])
}

/// Gathers every held notification written before `cutoff` (08:00 on `today` in Bishkek) into
/// its recipient's digest for `today`, made if there is none: one message per person and day.
/// A digest already being sent gathers nothing more; what it missed waits for the next day's.
/// How many digests were made.
pub async fn daily_digests(
    tx: &mut Tx,
    today: Date,
    cutoff: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    let key = format!("digest:daily:{}", date_to_iso(today));
    let made = tx
        .execute(
            "insert into notifications (user_id, kind, event_key, created_at, read_at, email_state) \
             select distinct n.user_id, 'daily_digest', $1, $2, $2, 'pending' \
             from notifications n join users u on u.user_id = n.user_id and u.is_active \
             where n.email_state = 'held' and n.created_at < $3 \
             on conflict do nothing",
            &[key.as_str().into(), now.into(), cutoff.into()],
        )
        .await?;
    tx.execute(
        "update notifications set email_state = 'digested', digest_id = \
             (select d.notification_id from notifications d \
              where d.user_id = notifications.user_id and d.event_key = $1) \
         where email_state = 'held' and created_at < $2 \
             and exists (select 1 from notifications d \
                 where d.user_id = notifications.user_id and d.event_key = $1 \
                     and d.email_state = 'pending' and d.email_attempts = 0 \
                     and d.email_leased_until is null)",
        &[key.as_str().into(), cutoff.into()],
    )
    .await?;
    Ok(made)
}

/// The coordinators' weekly digest for `today` (a Monday), one per active coordinator who
/// has not switched it off.
pub async fn weekly_digests(
    tx: &mut Tx,
    today: Date,
    now: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    let state = email_state("$1");
    tx.execute(
        &format!(
            "insert into notifications (user_id, kind, due_date, event_key, created_at, email_state) \
             select u.user_id, $1, $2, $3, $4, {state} \
             from users u where u.role = 'coordinator' and u.is_active \
             on conflict do nothing"
        ),
        &[
            Kind::WeeklyDigest.as_str().into(),
            today.into(),
            format!("digest:weekly:{}", date_to_iso(today)).into(),
            now.into(),
        ],
    )
    .await
}

/// One line of the weekly summary: a region or organisation and its open tasks past due.
#[derive(Clone, Debug, PartialEq)]
pub struct OverdueLine {
    pub name: Trilingual,
    pub overdue: i64,
}

#[derive(sqlx::FromRow)]
struct OverdueRow {
    name_ky: String,
    name_ru: String,
    name_en: String,
    overdue: i64,
}

/// Open tasks past their due date on `today`, by region (the task's place; an empty name for
/// tasks of the whole country) and by lead
/// organisation (the `limit` with most), most first.
pub async fn overdue_summary(
    db: &Db,
    today: Date,
    limit: i64,
) -> Result<(Vec<OverdueLine>, Vec<OverdueLine>), sqlx::Error> {
    let by_region = format!(
        "select coalesce(r.name_ky, '') as name_ky, coalesce(r.name_ru, '') as name_ru, \
             coalesce(r.name_en, '') as name_en, count(*) as overdue \
         from tasks t left join regions r on r.region_code = t.region_code \
         where t.due_date < $1 and t.status in {OPEN} and not t.is_group \
         group by r.region_code, r.name_ky, r.name_ru, r.name_en \
         order by overdue desc, r.region_code limit $2"
    );
    let by_organization = format!(
        "select o.name_ky, o.name_ru, o.name_en, count(*) as overdue \
         from tasks t join organizations o on o.organization_id = t.lead_organization_id \
         where t.due_date < $1 and t.status in {OPEN} and not t.is_group \
         group by o.organization_id, o.name_ky, o.name_ru, o.name_en \
         order by overdue desc, o.organization_id limit $2"
    );
    let mut out = Vec::new();
    for sql in [by_region, by_organization] {
        let rows: Vec<OverdueRow> = on_db!(db, pool => sqlx::query_as(&sql)
            .bind(today).bind(limit).fetch_all(pool).await)?;
        out.push(
            rows.into_iter()
                .map(|r| OverdueLine {
                    name: Trilingual {
                        ky: r.name_ky,
                        ru: r.name_ru,
                        en: r.name_en,
                    },
                    overdue: r.overdue,
                })
                .collect(),
        );
    }
    let by_organization = out.pop().unwrap_or_default();
    let by_region = out.pop().unwrap_or_default();
    Ok((by_region, by_organization))
}
