-- National indicators: the catalogue (what is measured, for which objective, from which
-- baseline to which target, who reports it, how often and broken down how), the values entered
-- per period and breakdown with their review, and the append-only history of both.
-- SQLite flavour; migrations/postgres has the same versions and names.

create table indicators (
    indicator_id    integer primary key,
    code            text not null unique,
    name_ky         text not null default '',
    name_ru         text not null default '',
    name_en         text not null default '',
    unit_ky         text not null default '',
    unit_ru         text not null default '',
    unit_en         text not null default '',
    objective_code  text not null references objectives (objective_code),
    direction       text not null check (direction in ('higher_better', 'lower_better')),
    baseline_value  real not null,
    baseline_year   integer not null,
    target_value    real not null,
    target_year     integer not null,
    organization_id integer not null references organizations (organization_id),
    frequency       text not null check (frequency in ('quarterly', 'half_yearly', 'yearly')),
    by_sex          boolean not null default false,
    by_age          boolean not null default false,
    by_region       boolean not null default false,
    version         integer not null default 1,
    is_demo         boolean not null default false,
    created_by      integer not null references users (user_id),
    created_at      text not null,
    updated_at      text not null,
    check (target_year >= baseline_year)
);
create index indicators_objective on indicators (objective_code, code);
create index indicators_organization on indicators (organization_id, code);

-- One value per indicator, period and breakdown ('' for the total's dimensions).
create table indicator_values (
    value_id       integer primary key,
    indicator_id   integer not null references indicators (indicator_id),
    period_start   text not null,  -- YYYY-MM-DD, calendar dates in Bishkek
    period_end     text not null,
    sex            text not null default '' check (sex in ('', 'female', 'male')),
    age_group      text not null default '' check (age_group in ('', 'under_18', '18_29', '30_49', '50_plus')),
    region_code    text not null default '',
    value          real not null,
    source_note    text not null default '',
    status         text not null check (status in ('submitted', 'accepted', 'returned')),
    review_comment text not null default '',
    entered_by     integer not null references users (user_id),
    entered_at     text not null,
    reviewed_by    integer references users (user_id),
    reviewed_at    text,
    version        integer not null default 1,
    is_demo        boolean not null default false,
    unique (indicator_id, period_start, sex, age_group, region_code)
);
create index indicator_values_status on indicator_values (status, value_id);
create index indicator_values_period on indicator_values (period_start, indicator_id);

-- Every change to the catalogue and every value entered or decided. Append-only.
create table indicator_history (
    event_id     integer primary key,
    indicator_id integer not null references indicators (indicator_id),
    value_id     integer references indicator_values (value_id),
    actor_id     integer not null references users (user_id),
    action       text not null,  -- 'created', 'edited', 'entered', 'accepted', 'returned'
    detail       text not null default '',
    created_at   text not null
);
create index indicator_history_indicator on indicator_history (indicator_id, event_id);

create trigger indicator_history_no_update before update on indicator_history begin
    select raise(abort, 'indicator_history is append-only');
end;
create trigger indicator_history_no_delete before delete on indicator_history begin
    select raise(abort, 'indicator_history is append-only');
end;
