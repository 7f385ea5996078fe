-- Progress reports: the reporting calendar, one report per task and period (with revisions
-- after acceptance), the append-only history of every report's moves, and evidence files.
-- SQLite flavour; migrations/postgres has the same versions and names.

-- The reporting calendar: one row. Periods are `period_months` long, starting in January;
-- a report is due `deadline_days` after its period ends.
create table reporting_calendar (
    calendar_id   integer primary key check (calendar_id = 1),
    period_months integer not null check (period_months in (1, 3, 6, 12)),
    deadline_days integer not null check (deadline_days between 0 and 90),
    updated_by    integer references users (user_id),
    updated_at    text not null
);
insert into reporting_calendar (calendar_id, period_months, deadline_days, updated_at)
values (1, 3, 15, '2026-01-01T00:00:00Z');

-- A report on one task for one period. Revision 1 is the first; correcting an accepted report
-- adds revision 2 (and so on), leaving the accepted one locked.
create table reports (
    report_id        integer primary key,
    task_id          integer not null references tasks (task_id),
    organization_id  integer not null references organizations (organization_id),
    period_start     text not null,  -- YYYY-MM-DD, calendar dates in Bishkek
    period_end       text not null,
    deadline         text not null,
    revision         integer not null default 1 check (revision >= 1),
    status           text not null check (status in ('draft', 'submitted', 'returned', 'accepted', 'superseded')),
    percent_complete integer check (percent_complete between 0 and 100),
    work_done        text not null default '',
    results          text not null default '',
    result_value     real check (result_value >= 0),
    reached_total    integer check (reached_total >= 0),
    female_under_18  integer check (female_under_18 >= 0),
    female_18_29     integer check (female_18_29 >= 0),
    female_30_49     integer check (female_30_49 >= 0),
    female_50_plus   integer check (female_50_plus >= 0),
    male_under_18    integer check (male_under_18 >= 0),
    male_18_29       integer check (male_18_29 >= 0),
    male_30_49       integer check (male_30_49 >= 0),
    male_50_plus     integer check (male_50_plus >= 0),
    problems         text not null default '',
    support_needed   text not null default '',
    submitted_at     text,
    is_late          boolean not null default false,
    reviewed_by      integer references users (user_id),
    reviewed_at      text,
    review_comment   text not null default '',
    version          integer not null default 1, -- bumped by every change, for optimistic concurrency
    is_demo          boolean not null default false,
    created_by       integer not null references users (user_id),
    created_at       text not null,
    updated_at       text not null,
    check (period_end >= period_start),
    check (reached_total is null or coalesce(female_under_18, 0) + coalesce(female_18_29, 0) + coalesce(female_30_49, 0) + coalesce(female_50_plus, 0)
        + coalesce(male_under_18, 0) + coalesce(male_18_29, 0) + coalesce(male_30_49, 0) + coalesce(male_50_plus, 0) <= reached_total),
    unique (task_id, period_start, revision)
);
create index reports_period_task on reports (period_start, task_id, status);
create index reports_org_period on reports (organization_id, period_start, report_id);
create index reports_status on reports (status, report_id);
create index reports_period on reports (period_start, report_id);

-- Every move of a report: who, when, from which status to which, and the comment given.
-- Append-only: the triggers below refuse any update or delete, whoever asks.
create table report_history (
    event_id    integer primary key,
    report_id   integer not null references reports (report_id),
    actor_id    integer not null references users (user_id),
    from_status text not null default '',
    to_status   text not null,
    note        text not null default '',
    created_at  text not null
);
create index report_history_report on report_history (report_id, event_id);

create trigger report_history_no_update before update on report_history begin
    select raise(abort, 'report_history is append-only');
end;
create trigger report_history_no_delete before delete on report_history begin
    select raise(abort, 'report_history is append-only');
end;

-- Evidence files: stored outside the web root under `stored_name` (random), typed from their
-- content. A revision of a report carries its own rows pointing at the same stored files.
create table evidence_files (
    file_id       integer primary key,
    report_id     integer references reports (report_id),
    kind          text not null check (kind in ('pdf', 'jpeg', 'png', 'docx', 'xlsx', 'odt', 'ods')),
    original_name text not null,
    stored_name   text not null,
    size_bytes    integer not null check (size_bytes > 0),
    sha256        text not null,
    uploaded_by   integer not null references users (user_id),
    uploaded_at   text not null
);
create index evidence_files_report on evidence_files (report_id, file_id);
create index evidence_files_stored on evidence_files (stored_name);
