-- Foundation: territory, the concept's framework, organisations, users, login throttling.
-- SQLite flavour; migrations/postgres has the same versions and names.

-- Regions (7 oblasts and the cities of Bishkek and Osh), with official codes.
create table regions (
    region_code text primary key,               -- official code, e.g. KG08000000000
    name_ky     text not null,                  -- name in Kyrgyz
    name_ru     text not null,                  -- name in Russian
    name_en     text not null,                  -- name in English
    latitude    real,                           -- centroid, WGS84
    longitude   real,
    position    integer not null                -- display order
);

-- Districts (raions) and cities of regional significance.
create table districts (
    district_code text primary key,             -- official code, e.g. KG08213000000
    region_code   text not null references regions (region_code),
    name_ky       text not null,
    name_ru       text not null,
    name_en       text not null,
    latitude      real,
    longitude     real
);
create index districts_region on districts (region_code);

-- Rural municipalities (ayil aymagy), each governed by an aiyl okmotu.
create table municipalities (
    municipality_code text primary key,         -- official code, e.g. KG08213826000
    district_code     text not null references districts (district_code),
    name_ky           text not null,
    name_ru           text not null,
    name_en           text not null,
    latitude          real,
    longitude         real
);
create index municipalities_district on municipalities (district_code);

-- The concept's two strategic directions (D1, D2).
create table directions (
    direction_code text primary key,            -- D1, D2
    position       integer not null,
    name_ky        text not null,
    name_ru        text not null,
    name_en        text not null
);

-- The three main goals of the internal policy (G1-G3).
create table goals (
    goal_code text primary key,                 -- G1..G3
    position  integer not null,
    name_ky   text not null,
    name_ru   text not null,
    name_en   text not null
);

-- Which direction each goal belongs to.
create table goal_directions (
    goal_code      text not null references goals (goal_code),
    direction_code text not null references directions (direction_code),
    primary key (goal_code, direction_code)
);

-- The nine strategic objectives (O1-O9) that tasks are assigned against.
create table objectives (
    objective_code text primary key,            -- O1..O9
    position       integer not null,
    name_ky        text not null,
    name_ru        text not null,
    name_en        text not null
);

-- The goals an objective serves (O7 and O9 serve all three).
create table objective_goals (
    objective_code text not null references objectives (objective_code),
    goal_code      text not null references goals (goal_code),
    primary key (objective_code, goal_code)
);

-- The directions an objective serves.
create table objective_directions (
    objective_code text not null references objectives (objective_code),
    direction_code text not null references directions (direction_code),
    primary key (objective_code, direction_code)
);

-- What the internal anti-drug work aims at (A1-A4).
create table policy_aims (
    aim_code text primary key,                  -- A1..A4
    position integer not null,
    name_ky  text not null,
    name_ru  text not null,
    name_en  text not null
);

-- The fourteen principles of implementation (P1-P14).
create table principles (
    principle_code text primary key,            -- P1..P14
    position       integer not null,
    name_ky        text not null,
    name_ru        text not null,
    name_en        text not null
);

-- Organisations: the coordinating body, ministries and agencies, local self-government
-- bodies, NGOs and international partners.
create table organizations (
    organization_id   integer primary key,
    kind              text not null check (kind in ('coordinating_body', 'state_body', 'local_government', 'ngo', 'international_partner')),
    name_ky           text not null,
    name_ru           text not null,
    name_en           text not null default '', -- optional; the interface falls back to Russian
    region_code       text references regions (region_code),
    district_code     text references districts (district_code),
    municipality_code text references municipalities (municipality_code),
    contact_email     text,
    contact_phone     text,
    address           text,
    is_active         boolean not null default true,
    is_demo           boolean not null default false, -- loaded by `concord demo`, never by default
    search_text       text not null default '',  -- lower-cased names, for search on both backends
    created_at        text not null,            -- UTC, bound from Rust
    updated_at        text not null
);
create index organizations_kind on organizations (kind, region_code, district_code);
create index organizations_region on organizations (region_code, district_code);

-- User accounts. Passwords are argon2id hashes; emails are stored lower-cased.
create table users (
    user_id              integer primary key,
    organization_id      integer not null references organizations (organization_id),
    email                text not null unique,
    full_name            text not null,
    role                 text not null check (role in ('administrator', 'coordinator', 'reporter', 'observer')),
    language             text not null check (language in ('ky', 'ru', 'en')),
    password_hash        text not null,
    must_change_password boolean not null default false, -- set for one-time passwords
    is_active            boolean not null default true,
    session_epoch        integer not null default 0, -- bumped to end every session of the user
    is_demo              boolean not null default false,
    search_text          text not null default '', -- lower-cased name and email, for search
    last_login_at        text,
    created_at           text not null,
    updated_at           text not null
);
create index users_organization on users (organization_id, full_name);

-- Failed logins, per account and per client address, for throttling.
create table login_failures (
    throttle_key    text primary key,           -- 'account:<email>' or 'address:<ip>'
    failures        integer not null,           -- failures since the last quiet hour
    last_failure_at text not null
);
