-- Tasks: the work the coordinating body assigns to organisations against the concept's
-- objectives, with the objectives and principles they serve, supporting organisations, the
-- comment thread and the append-only history of every change.
-- SQLite flavour; migrations/postgres has the same versions and names.

create table tasks (
    task_id              integer primary key,
    parent_id            integer references tasks (task_id), -- the bulk assignment it came from
    is_group             boolean not null default false,     -- a bulk assignment: its children carry the work
    title_ky             text not null default '',
    title_ru             text not null default '',
    title_en             text not null default '',
    description_ky       text not null default '',
    description_ru       text not null default '',
    description_en       text not null default '',
    written_in           text not null check (written_in in ('ky', 'ru', 'en')),
    category             text not null check (category in ('primary_prevention', 'secondary_prevention', 'tertiary_prevention', 'treatment', 'harm_reduction', 'enforcement', 'licit_control', 'legal', 'international', 'civil_society')),
    coverage             text not null check (coverage in ('national', 'region', 'district', 'municipality')),
    region_code          text references regions (region_code),
    district_code        text references districts (district_code),
    municipality_code    text references municipalities (municipality_code),
    lead_organization_id integer references organizations (organization_id), -- null only for groups
    start_date           text not null,  -- YYYY-MM-DD, a calendar date in Bishkek
    due_date             text not null,
    priority             integer not null check (priority between 1 and 4), -- 1 low .. 4 urgent
    expected_result      text not null default '',
    target_value         real,
    target_unit          text not null default '',
    status               text not null check (status in ('draft', 'assigned', 'accepted', 'declined', 'in_progress', 'completed', 'returned', 'verified', 'cancelled')),
    result_statement     text not null default '',
    version              integer not null default 1, -- bumped by every change, for optimistic concurrency
    is_demo              boolean not null default false,
    search_text          text not null default '', -- lower-cased titles and descriptions
    created_by           integer not null references users (user_id),
    created_at           text not null,
    updated_at           text not null,
    check (due_date >= start_date),
    check (is_group or lead_organization_id is not null)
);
create index tasks_due on tasks (due_date, task_id);
create index tasks_status_due on tasks (status, due_date, task_id);
create index tasks_lead_status on tasks (lead_organization_id, status, due_date);
create index tasks_parent on tasks (parent_id, status);
create index tasks_place on tasks (region_code, district_code, due_date);
create index tasks_category on tasks (category, due_date);
create index tasks_priority on tasks (priority, task_id);
create index tasks_creator_status on tasks (created_by, status, due_date);

-- Substring search over search_text (three characters or more), kept in step by triggers.
create virtual table tasks_search using fts5 (
    search_text, content = 'tasks', content_rowid = 'task_id', tokenize = 'trigram'
);
create trigger tasks_search_insert after insert on tasks begin
    insert into tasks_search (rowid, search_text) values (new.task_id, new.search_text);
end;
create trigger tasks_search_update after update of search_text on tasks begin
    insert into tasks_search (tasks_search, rowid, search_text) values ('delete', old.task_id, old.search_text);
    insert into tasks_search (rowid, search_text) values (new.task_id, new.search_text);
end;
create trigger tasks_search_delete after delete on tasks begin
    insert into tasks_search (tasks_search, rowid, search_text) values ('delete', old.task_id, old.search_text);
end;

-- The strategic objectives (O1-O9) a task serves; its goals and directions follow from them.
create table task_objectives (
    task_id        integer not null references tasks (task_id),
    objective_code text not null references objectives (objective_code),
    primary key (task_id, objective_code)
);
create index task_objectives_objective on task_objectives (objective_code, task_id);

-- The principles (P1-P14) a task serves.
create table task_principles (
    task_id        integer not null references tasks (task_id),
    principle_code text not null references principles (principle_code),
    primary key (task_id, principle_code)
);

-- Organisations that support the lead organisation on a task.
create table task_supporters (
    task_id         integer not null references tasks (task_id),
    organization_id integer not null references organizations (organization_id),
    primary key (task_id, organization_id)
);
create index task_supporters_organization on task_supporters (organization_id, task_id);

-- The comment thread of a task.
create table task_comments (
    comment_id integer primary key,
    task_id    integer not null references tasks (task_id),
    author_id  integer not null references users (user_id),
    body       text not null,
    created_at text not null
);
create index task_comments_task on task_comments (task_id, comment_id);

-- Every change of a task: who, when, which field, the old and new value, and the reason.
-- Append-only: the triggers below refuse any update or delete, whoever asks.
create table task_history (
    event_id   integer primary key,
    task_id    integer not null references tasks (task_id),
    actor_id   integer not null references users (user_id),
    field      text not null,          -- 'created', 'status', 'lead', 'due_date', ...
    old_value  text not null default '',
    new_value  text not null default '',
    note       text not null default '', -- the reason, comment or result given with the change
    created_at text not null
);
create index task_history_task on task_history (task_id, event_id);

create trigger task_history_no_update before update on task_history begin
    select raise(abort, 'task_history is append-only');
end;
create trigger task_history_no_delete before delete on task_history begin
    select raise(abort, 'task_history is append-only');
end;
