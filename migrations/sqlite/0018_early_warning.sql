-- The early-warning system's signals and cases (issue 17, second part).
-- Organisations gain two kinds, forensic laboratories and research or expert institutions (the
-- expert bodies a case asks for primary data); substances gain the national measure of
-- temporary control. A signal is first information about a substance (known or not): where and
-- when, from which source, what was seen and how many poisonings and deaths (counts only, never
-- a person). A case gathers signals and runs through primary data, assessment and decision; its
-- history is append-only (comments are history rows too). Its requests and follow-up tasks are
-- ordinary tasks (case_tasks names them); its assessors score three criteria; the
-- organisations alerted of a high risk are kept. Notifications gain case_id and two kinds.
-- SQLite flavour; migrations/postgres has the same versions and names. SQLite cannot change a
-- check in place. Substances and notifications, which no other table names yet (or only
-- themselves), are made anew and their rows copied. Organisations are named by most tables, and
-- a table named by foreign keys cannot be remade inside the transaction a migration runs in; the
-- new kinds only widen the check, which every stored row already meets, so its text is edited
-- in the schema as SQLite's documentation describes for such changes (the server runs its
-- migrations on a connection of their own, closed afterwards, so no connection keeps the old
-- text; the schema's version changes with the tables created below).
pragma writable_schema = on;
update sqlite_schema
    set sql = replace(sql, '''international_partner'')', '''international_partner'', ''forensic_laboratory'', ''research_institution'')')
    where type = 'table' and name = 'organizations';
pragma writable_schema = off;

create table substances_new (
    substance_id         integer primary key,
    name_ky              text not null default '',
    name_ru              text not null,
    name_en              text not null default '',
    synonyms             text not null default '',
    iupac_name           text not null default '',
    cas_number           text unique,
    molecular_formula    text not null default '',
    inchi_key            text unique,
    chemical_group       text not null check (chemical_group in ('synthetic_cathinone', 'synthetic_cannabinoid', 'phenethylamine', 'tryptamine', 'opioid', 'benzodiazepine', 'arylcyclohexylamine', 'plant_based', 'other')),
    national_list        text check (national_list in ('list_i', 'list_ii', 'list_iii', 'list_iv', 'temporary')),
    legal_act            text not null default '',
    controlled_since     text,
    international_status text not null check (international_status in ('none', '1961_i', '1961_ii', '1961_iv', '1971_i', '1971_ii', '1971_iii', '1971_iv')),
    search_text          text not null,
    version              integer not null default 1,
    is_demo              boolean not null default false,
    created_by           integer not null references users (user_id),
    created_at           text not null,
    updated_at           text not null,
    check ((national_list is null) = (controlled_since is null))
);
insert into substances_new select * from substances;
drop table substances;
alter table substances_new rename to substances;
create index substances_group on substances (chemical_group, name_ru);
create index substances_controlled on substances (controlled_since) where national_list is not null;

create table warning_cases (
    case_id        integer primary key,
    title          text not null,
    substance_id   integer references substances (substance_id),
    stage          text not null check (stage in ('primary_data', 'assessment', 'decision', 'closed')),
    stage_due      text not null,
    risk           text check (risk in ('low', 'moderate', 'high')),
    risk_note      text not null default '',
    measure        text check (measure in ('no_action', 'monitoring', 'temporary_control', 'national_list')),
    measure_list   text check (measure_list in ('list_i', 'list_ii', 'list_iii', 'list_iv')),
    decision_body  text not null default '',
    decision_act   text not null default '',
    decision_date  text,
    effective_on   text,
    opened_by      integer not null references users (user_id),
    opened_at      text not null,
    closed_at      text,
    updated_at     text not null,
    version        integer not null default 1,
    is_demo        boolean not null default false
);
create index warning_cases_stage on warning_cases (stage, stage_due);
create index warning_cases_substance on warning_cases (substance_id);
create index warning_cases_opened on warning_cases (opened_at);

create table signals (
    signal_id       integer primary key,
    organization_id integer not null references organizations (organization_id),
    observed_on     text not null,
    source          text not null check (source in ('seizure', 'poisoning', 'forensic_laboratory', 'narcology_service', 'community', 'media', 'unodc_ewa', 'eu_ews', 'neighbouring_country')),
    region_code     text references regions (region_code),
    district_code   text references districts (district_code),
    form            text not null check (form in ('powder', 'crystals', 'tablets', 'capsules', 'herbal_mixture', 'liquid', 'blotter', 'other')),
    amount          real check (amount is null or amount > 0),
    amount_unit     text check (amount_unit in ('g', 'tablets', 'ml')),
    poisonings      integer not null default 0 check (poisonings >= 0),
    deaths          integer not null default 0 check (deaths >= 0),
    substance_id    integer references substances (substance_id),
    description     text not null default '',
    case_id         integer references warning_cases (case_id),
    is_demo         boolean not null default false,
    created_by      integer not null references users (user_id),
    created_at      text not null,
    check ((amount is null) = (amount_unit is null))
);
create index signals_observed on signals (observed_on, signal_id);
create index signals_substance on signals (substance_id, observed_on);
create index signals_case on signals (case_id);
create index signals_organization on signals (organization_id, observed_on);

create table case_history (
    history_id  integer primary key,
    case_id     integer not null references warning_cases (case_id),
    at          text not null,
    actor_id    integer references users (user_id),
    event       text not null check (event in ('opened', 'signal_added', 'requested', 'assessors_named', 'scored', 'risk_confirmed', 'alerted', 'decision_recorded', 'signed_off', 'returned', 'commented')),
    from_stage  text,
    to_stage    text,
    note        text not null default ''
);
create index case_history_case on case_history (case_id, history_id);
create trigger case_history_no_update before update on case_history begin
    select raise(abort, 'case_history is append-only');
end;
create trigger case_history_no_delete before delete on case_history begin
    select raise(abort, 'case_history is append-only');
end;

create table case_tasks (
    task_id  integer primary key references tasks (task_id),
    case_id  integer not null references warning_cases (case_id),
    purpose  text not null check (purpose in ('primary_data', 'follow_up'))
);
create index case_tasks_case on case_tasks (case_id, purpose);

create table case_assessors (
    case_id   integer not null references warning_cases (case_id),
    user_id   integer not null references users (user_id),
    named_at  text not null,
    primary key (case_id, user_id)
);
create index case_assessors_user on case_assessors (user_id);

create table case_scores (
    case_id    integer not null references warning_cases (case_id),
    user_id    integer not null references users (user_id),
    criterion  text not null check (criterion in ('medical', 'social', 'legal')),
    level      text not null check (level in ('low', 'moderate', 'high')),
    rationale  text not null,
    scored_at  text not null,
    primary key (case_id, user_id, criterion)
);

create table case_alerts (
    case_id          integer not null references warning_cases (case_id),
    organization_id  integer not null references organizations (organization_id),
    alerted_at       text not null,
    primary key (case_id, organization_id)
);
create index case_alerts_organization on case_alerts (organization_id);

create table notifications_new (
    notification_id    integer primary key,
    user_id            integer references users (user_id),
    email_to           text,
    kind               text not null check (kind in ('task_assigned', 'task_returned', 'task_reassigned', 'task_rescheduled', 'task_cancelled', 'task_commented', 'task_due_soon', 'task_due_today', 'task_overdue', 'task_escalated', 'report_submitted', 'report_returned', 'report_accepted', 'report_due_soon', 'report_due_today', 'report_overdue', 'report_escalated', 'indicator_due', 'activity_logged', 'activity_returned', 'daily_digest', 'weekly_digest', 'mail_failed', 'case_alert', 'case_assessor_named')),
    task_id            integer references tasks (task_id),
    report_id          integer references reports (report_id),
    activity_id        integer references activities (activity_id),
    indicator_id       integer references indicators (indicator_id),
    organization_id    integer references organizations (organization_id),
    period_start       text,
    period_end         text,
    due_date           text,
    actor_id           integer references users (user_id),
    note               text not null default '',
    event_key          text not null,
    created_at         text not null,
    read_at            text,
    email_state        text not null default 'pending'
        check (email_state in ('pending', 'sent', 'failed', 'off', 'held', 'digested')),
    email_attempts     integer not null default 0,
    email_next_at      text,
    email_leased_until text,
    email_sent_at      text,
    email_error        text not null default '',
    digest_id          integer references notifications_new (notification_id),
    case_id            integer references warning_cases (case_id),
    unique (event_key, user_id),
    check ((user_id is null) <> (email_to is null))
);
insert into notifications_new (notification_id, user_id, email_to, kind, task_id, report_id,
        activity_id, indicator_id, organization_id, period_start, period_end, due_date, actor_id,
        note, event_key, created_at, read_at, email_state, email_attempts, email_next_at,
        email_leased_until, email_sent_at, email_error, digest_id)
    select notification_id, user_id, email_to, kind, task_id, report_id, activity_id,
        indicator_id, organization_id, period_start, period_end, due_date, actor_id, note,
        event_key, created_at, read_at, email_state, email_attempts, email_next_at,
        email_leased_until, email_sent_at, email_error, digest_id
    from notifications;
drop table notifications;
alter table notifications_new rename to notifications;
create index notifications_user on notifications (user_id, notification_id);
create index notifications_unread on notifications (user_id) where read_at is null;
create index notifications_outbox on notifications (email_state, email_next_at) where email_state = 'pending';
create unique index notifications_contact on notifications (event_key) where user_id is null;
create index notifications_held on notifications (user_id, created_at) where email_state = 'held';
create index notifications_digest on notifications (digest_id) where digest_id is not null;

