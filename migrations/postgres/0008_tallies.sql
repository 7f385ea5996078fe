-- Roll-ups behind the dashboard, so that it never scans the reports or the activities:
-- each task and activity carries the concept codes it serves as a bit mask (its objectives,
-- and the goals and directions those belong to), and two tallies keep the counts per period,
-- concept code (or '' for all), region, organisation kind and category (for reports) or
-- verification (for activities). The application keeps the tallies in step in the same
-- transaction as every change it makes (app/src/server/db/tallies.rs, which also rebuilds
-- them and checks them against the rows); this migration fills them for data already here.
-- PostgreSQL flavour; migrations/sqlite has the same versions and names.

create table concept_bits (
    code text primary key,
    bit  integer not null unique
);
insert into concept_bits (code, bit) values
    ('', 0),
    ('O1', 1),
    ('O2', 2),
    ('O3', 4),
    ('O4', 8),
    ('O5', 16),
    ('O6', 32),
    ('O7', 64),
    ('O8', 128),
    ('O9', 256),
    ('G1', 512),
    ('G2', 1024),
    ('G3', 2048),
    ('D1', 4096),
    ('D2', 8192);

alter table tasks add column concept_mask integer not null default 0;
alter table activities add column concept_mask integer not null default 0;

update tasks set concept_mask = (
    select coalesce(sum(b.bit), 0) from concept_bits b where b.code in (
        select x.objective_code from task_objectives x where x.task_id = tasks.task_id
        union select g.goal_code from task_objectives x join objective_goals g on g.objective_code = x.objective_code where x.task_id = tasks.task_id
        union select d.direction_code from task_objectives x join objective_directions d on d.objective_code = x.objective_code where x.task_id = tasks.task_id));

update activities set concept_mask = (
    select coalesce(sum(b.bit), 0) from concept_bits b where b.code in (
        select x.objective_code from activity_objectives x where x.activity_id = activities.activity_id
        union select g.goal_code from activity_objectives x join objective_goals g on g.objective_code = x.objective_code where x.activity_id = activities.activity_id
        union select d.direction_code from activity_objectives x join objective_directions d on d.objective_code = x.objective_code where x.activity_id = activities.activity_id));

-- Revision 1 of each task's report per period: submitted (any status but draft), late, and
-- accepted (accepted or superseded by a later accepted correction).
create table report_tallies (
    period_start      date not null,
    scope             text not null,
    region_code       text not null,
    organization_kind text not null,
    category          text not null,
    submitted         bigint not null default 0,
    late              bigint not null default 0,
    accepted          bigint not null default 0,
    accepted_late     bigint not null default 0,
    primary key (period_start, scope, region_code, organization_kind, category)
);
create index report_tallies_scope on report_tallies (scope, period_start);

-- Activities by the month they started in ('YYYY-MM-01' as text, the same in both databases).
create table activity_tallies (
    month_start       text not null,
    scope             text not null,
    region_code       text not null,
    organization_kind text not null,
    verified          integer not null,
    activities        bigint not null default 0,
    reached_total     bigint not null default 0,
    female_under_18   bigint not null default 0,
    female_18_29      bigint not null default 0,
    female_30_49      bigint not null default 0,
    female_50_plus    bigint not null default 0,
    male_under_18     bigint not null default 0,
    male_18_29        bigint not null default 0,
    male_30_49        bigint not null default 0,
    male_50_plus      bigint not null default 0,
    primary key (month_start, scope, region_code, organization_kind, verified)
);
create index activity_tallies_scope on activity_tallies (scope, month_start);

insert into report_tallies (period_start, scope, region_code, organization_kind, category, submitted, late, accepted, accepted_late)
select r.period_start, b.code, coalesce(t.region_code, ''), o.kind, t.category,
    sum(case when r.status <> 'draft' then 1 else 0 end),
    sum(case when r.status <> 'draft' and r.is_late then 1 else 0 end),
    sum(case when r.status in ('accepted', 'superseded') then 1 else 0 end),
    sum(case when r.status in ('accepted', 'superseded') and r.is_late then 1 else 0 end)
from reports r
join tasks t on t.task_id = r.task_id
join organizations o on o.organization_id = r.organization_id
join concept_bits b on b.bit = 0 or (t.concept_mask & b.bit) <> 0
where r.revision = 1
group by r.period_start, b.code, coalesce(t.region_code, ''), o.kind, t.category;

insert into activity_tallies (month_start, scope, region_code, organization_kind, verified, activities, reached_total,
    female_under_18, female_18_29, female_30_49, female_50_plus, male_under_18, male_18_29, male_30_49, male_50_plus)
select substr(cast(a.start_date as text), 1, 7) || '-01', b.code, a.region_code, o.kind, case when a.status = 'verified' then 1 else 0 end, count(*),
    sum(coalesce(a.reached_total, 0)),
    sum(coalesce(a.female_under_18, 0)), sum(coalesce(a.female_18_29, 0)), sum(coalesce(a.female_30_49, 0)), sum(coalesce(a.female_50_plus, 0)),
    sum(coalesce(a.male_under_18, 0)), sum(coalesce(a.male_18_29, 0)), sum(coalesce(a.male_30_49, 0)), sum(coalesce(a.male_50_plus, 0))
from activities a
join organizations o on o.organization_id = a.organization_id
join concept_bits b on b.bit = 0 or (a.concept_mask & b.bit) <> 0
group by substr(cast(a.start_date as text), 1, 7) || '-01', b.code, a.region_code, o.kind, case when a.status = 'verified' then 1 else 0 end;
