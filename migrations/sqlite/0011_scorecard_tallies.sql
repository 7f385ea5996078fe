-- The organisation scorecards' report counts, kept in step with the reports like the tallies
-- of migrations 0008 and 0010: revision 1 of each task's report per period, by concept code
-- ('' for all, or an objective: the scorecards filter by objective only), period, reporting
-- organisation, the task's region and its category. A scorecard over six years then reads a
-- few tens of thousands of rows instead of every report and its task. The covering index of
-- migration 0010 that the scorecards read until now goes. And a covering index on tasks by
-- due date for the dashboard and the map (below).
-- SQLite flavour; migrations/postgres has the same versions and names.
create table scorecard_report_tallies (
    scope           text not null,
    period_start    text not null,
    organization_id integer not null,
    region_code     text not null,
    category        text not null,
    submitted       integer not null default 0,
    late            integer not null default 0,
    accepted        integer not null default 0,
    accepted_late   integer not null default 0,
    primary key (scope, period_start, organization_id, region_code, category)
) without rowid;

insert into scorecard_report_tallies (scope, period_start, organization_id, region_code, category, submitted, late, accepted, accepted_late)
select b.code, r.period_start, r.organization_id, coalesce(t.region_code, ''), t.category,
    sum(case when r.status <> 'draft' then 1 else 0 end),
    sum(case when r.status <> 'draft' and r.is_late then 1 else 0 end),
    sum(case when r.status in ('accepted', 'superseded') then 1 else 0 end),
    sum(case when r.status in ('accepted', 'superseded') and r.is_late then 1 else 0 end)
from reports r
join tasks t on t.task_id = r.task_id
join concept_bits b on b.bit = 0 or (b.code like 'O%' and (t.concept_mask & b.bit) <> 0)
where r.revision = 1
group by b.code, r.period_start, r.organization_id, coalesce(t.region_code, ''), t.category;

drop index if exists reports_scorecard;

-- The tasks the dashboard and the map count by due date, read from this index alone: those
-- due after the first day shown (the overlap with the periods), and those due within them.
-- Not a partial index: SQLite does not read a partial index alone for a query naming is_group.
create index if not exists tasks_dashboard_due on tasks (is_group, due_date, start_date, status, concept_mask, region_code, district_code, category, lead_organization_id);
