-- Civil-society activities logged by organisations (NGOs above all), with their target
-- groups, objectives and principles, the people reached by sex and age group, and the
-- append-only history of their verification. Evidence files may belong to an activity.
-- SQLite flavour; migrations/postgres has the same versions and names.

create table activities (
    activity_id       integer primary key,
    organization_id   integer not null references organizations (organization_id),
    activity_type     text not null check (activity_type in ('awareness_event', 'training', 'outreach', 'peer_support', 'harm_reduction_service', 'rehabilitation_support', 'sport_cultural_event', 'media_campaign', 'research', 'other')),
    title             text not null,
    description       text not null default '',
    start_date        text not null,  -- YYYY-MM-DD, calendar dates in Bishkek
    end_date          text not null,
    region_code       text not null references regions (region_code),
    district_code     text references districts (district_code),
    municipality_code text references municipalities (municipality_code),
    reached_total     integer check (reached_total >= 0),
    female_under_18   integer check (female_under_18 >= 0),
    female_18_29      integer check (female_18_29 >= 0),
    female_30_49      integer check (female_30_49 >= 0),
    female_50_plus    integer check (female_50_plus >= 0),
    male_under_18     integer check (male_under_18 >= 0),
    male_18_29        integer check (male_18_29 >= 0),
    male_30_49        integer check (male_30_49 >= 0),
    male_50_plus      integer check (male_50_plus >= 0),
    partners          text not null default '',
    is_public         boolean not null default false,
    status            text not null check (status in ('logged', 'verified', 'needs_clarification')),
    review_comment    text not null default '',
    reviewed_by       integer references users (user_id),
    reviewed_at       text,
    version           integer not null default 1,
    is_demo           boolean not null default false,
    created_by        integer not null references users (user_id),
    created_at        text not null,
    updated_at        text not null,
    check (end_date >= start_date),
    check (reached_total is null or coalesce(female_under_18, 0) + coalesce(female_18_29, 0) + coalesce(female_30_49, 0) + coalesce(female_50_plus, 0)
        + coalesce(male_under_18, 0) + coalesce(male_18_29, 0) + coalesce(male_30_49, 0) + coalesce(male_50_plus, 0) <= reached_total)
);
create index activities_org on activities (organization_id, activity_id);
create index activities_status on activities (status, activity_id);
create index activities_type on activities (activity_type, activity_id);
create index activities_region on activities (region_code, activity_id);
create index activities_start on activities (start_date, activity_id);

create table activity_target_groups (
    activity_id  integer not null references activities (activity_id),
    target_group text not null check (target_group in ('young_people', 'students', 'parents', 'people_who_use_drugs', 'people_in_treatment', 'prisoners', 'general_public', 'professionals')),
    primary key (activity_id, target_group)
);

create table activity_objectives (
    activity_id    integer not null references activities (activity_id),
    objective_code text not null references objectives (objective_code),
    primary key (activity_id, objective_code)
);
create index activity_objectives_objective on activity_objectives (objective_code, activity_id);

create table activity_principles (
    activity_id    integer not null references activities (activity_id),
    principle_code text not null references principles (principle_code),
    primary key (activity_id, principle_code)
);

-- Every status change of an activity. Append-only.
create table activity_history (
    event_id    integer primary key,
    activity_id integer not null references activities (activity_id),
    actor_id    integer not null references users (user_id),
    from_status text not null default '',
    to_status   text not null,
    note        text not null default '',
    created_at  text not null
);
create index activity_history_activity on activity_history (activity_id, event_id);

create trigger activity_history_no_update before update on activity_history begin
    select raise(abort, 'activity_history is append-only');
end;
create trigger activity_history_no_delete before delete on activity_history begin
    select raise(abort, 'activity_history is append-only');
end;

-- Evidence files may belong to an activity instead of a report.
alter table evidence_files add column activity_id integer references activities (activity_id);
create index evidence_files_activity on evidence_files (activity_id, file_id);
