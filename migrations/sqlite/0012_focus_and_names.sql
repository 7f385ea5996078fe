-- The concept's critique is that almost all effort goes against people who use drugs and none is
-- left for fighting dealers: enforcement tasks, and each report on one, now record what the work
-- was aimed at (its focus), and the dashboard shows enforcement effort by focus. The report
-- tally gains the focus as a key column ('' where a report records none) and is filled from
-- the rows again. Reports and tasks already here record no focus.
-- And the Kyrgyz letter ң: the territory data wrote two district names (Тоң, Чоң-Алай) with
-- U+04CA (ӊ, a Khanty letter), so that a search for the Kyrgyz ң (U+04A3) missed them and the
-- 24 settlements under them.
-- SQLite flavour; migrations/postgres has the same versions and names.
alter table tasks add column enforcement_focus text
    check (enforcement_focus in ('trafficking', 'production', 'precursors', 'possession', 'other'));
alter table reports add column enforcement_focus text
    check (enforcement_focus in ('trafficking', 'production', 'precursors', 'possession', 'other'));

drop table report_tallies;
-- Revision 1 of each task's report per period: submitted (any status but draft), late, and
-- accepted (accepted or superseded by a later accepted correction).
create table report_tallies (
    period_start      text not null,
    scope             text not null,
    region_code       text not null,
    district_code     text not null,
    organization_kind text not null,
    category          text not null,
    enforcement_focus text not null,  -- '' for reports that record none
    submitted         integer not null default 0,
    late              integer not null default 0,
    accepted          integer not null default 0,
    accepted_late     integer not null default 0,
    primary key (period_start, scope, region_code, district_code, organization_kind, category, enforcement_focus)
);
create index report_tallies_scope on report_tallies (scope, period_start);

insert into report_tallies (period_start, scope, region_code, district_code, organization_kind, category, enforcement_focus, submitted, late, accepted, accepted_late)
select r.period_start, b.code, coalesce(t.region_code, ''), coalesce(t.district_code, ''), o.kind, t.category, coalesce(r.enforcement_focus, ''),
    sum(case when r.status <> 'draft' then 1 else 0 end),
    sum(case when r.status <> 'draft' and r.is_late then 1 else 0 end),
    sum(case when r.status in ('accepted', 'superseded') then 1 else 0 end),
    sum(case when r.status in ('accepted', 'superseded') and r.is_late then 1 else 0 end)
from reports r
join tasks t on t.task_id = r.task_id
join organizations o on o.organization_id = r.organization_id
join concept_bits b on b.bit = 0 or (t.concept_mask & b.bit) <> 0
where r.revision = 1
group by r.period_start, b.code, coalesce(t.region_code, ''), coalesce(t.district_code, ''), o.kind, t.category, coalesce(r.enforcement_focus, '');

update regions set name_ky = replace(replace(name_ky, 'ӊ', 'ң'), 'Ӊ', 'Ң') where name_ky like '%ӊ%' or name_ky like '%Ӊ%';
update districts set name_ky = replace(replace(name_ky, 'ӊ', 'ң'), 'Ӊ', 'Ң') where name_ky like '%ӊ%' or name_ky like '%Ӊ%';
update municipalities set name_ky = replace(replace(name_ky, 'ӊ', 'ң'), 'Ӊ', 'Ң') where name_ky like '%ӊ%' or name_ky like '%Ӊ%';
update organizations set name_ky = replace(replace(name_ky, 'ӊ', 'ң'), 'Ӊ', 'Ң'), search_text = replace(search_text, 'ӊ', 'ң') where name_ky like '%ӊ%' or name_ky like '%Ӊ%';
