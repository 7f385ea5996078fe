-- For the map and the organisation scorecards. The tallies by district as well as by region
-- (the map has a symbol per region and per district): the two tallies of migration 0008 are
-- rebuilt with a district_code key column ('' where the task or activity names no district)
-- and filled from the rows again; and covering indexes for the scorecards (below).
-- PostgreSQL flavour; migrations/sqlite has the same versions and names.
drop table report_tallies;
drop table activity_tallies;
-- Revision 1 of each task's report per period: submitted (any status but draft), late, and
-- accepted (accepted or superseded by a later accepted correction).
create table report_tallies (
    period_start      date not null,
    scope             text not null,
    region_code       text not null,
    district_code     text not null,
    organization_kind text not null,
    category          text not null,
    submitted         bigint not null default 0,
    late              bigint not null default 0,
    accepted          bigint not null default 0,
    accepted_late     bigint not null default 0,
    primary key (period_start, scope, region_code, district_code, organization_kind, category)
);
create index report_tallies_scope on report_tallies (scope, period_start);

-- Activities by the month they started in ('YYYY-MM-01' as text, the same in both databases).
create table activity_tallies (
    month_start       text not null,
    scope             text not null,
    region_code       text not null,
    district_code     text not null,
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
    primary key (month_start, scope, region_code, district_code, organization_kind, verified)
);
create index activity_tallies_scope on activity_tallies (scope, month_start);

insert into report_tallies (period_start, scope, region_code, district_code, organization_kind, category, submitted, late, accepted, accepted_late)
select r.period_start, b.code, coalesce(t.region_code, ''), coalesce(t.district_code, ''), o.kind, t.category,
    sum(case when r.status <> 'draft' then 1 else 0 end),
    sum(case when r.status <> 'draft' and r.is_late then 1 else 0 end),
    sum(case when r.status in ('accepted', 'superseded') then 1 else 0 end),
    sum(case when r.status in ('accepted', 'superseded') and r.is_late then 1 else 0 end)
from reports r
join tasks t on t.task_id = r.task_id
join organizations o on o.organization_id = r.organization_id
join concept_bits b on b.bit = 0 or (t.concept_mask & b.bit) <> 0
where r.revision = 1
group by r.period_start, b.code, coalesce(t.region_code, ''), coalesce(t.district_code, ''), o.kind, t.category;

insert into activity_tallies (month_start, scope, region_code, district_code, organization_kind, verified, activities, reached_total,
    female_under_18, female_18_29, female_30_49, female_50_plus, male_under_18, male_18_29, male_30_49, male_50_plus)
select substr(cast(a.start_date as text), 1, 7) || '-01', b.code, a.region_code, coalesce(a.district_code, ''), o.kind, case when a.status = 'verified' then 1 else 0 end, count(*),
    sum(coalesce(a.reached_total, 0)),
    sum(coalesce(a.female_under_18, 0)), sum(coalesce(a.female_18_29, 0)), sum(coalesce(a.female_30_49, 0)), sum(coalesce(a.female_50_plus, 0)),
    sum(coalesce(a.male_under_18, 0)), sum(coalesce(a.male_18_29, 0)), sum(coalesce(a.male_30_49, 0)), sum(coalesce(a.male_50_plus, 0))
from activities a
join organizations o on o.organization_id = a.organization_id
join concept_bits b on b.bit = 0 or (a.concept_mask & b.bit) <> 0
group by substr(cast(a.start_date as text), 1, 7) || '-01', b.code, a.region_code, coalesce(a.district_code, ''), o.kind, case when a.status = 'verified' then 1 else 0 end;

-- The organisation scorecards: each organisation's revision-1 reports by period, and its
-- activities by start date, read from the index alone.
create index if not exists reports_scorecard on reports (period_start, organization_id, is_late, status, task_id) where revision = 1;
create index if not exists activities_scorecard on activities (start_date, organization_id, status, region_code, concept_mask);
