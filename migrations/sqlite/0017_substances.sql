-- The register of new psychoactive substances (the early-warning system's first part): names in
-- three languages and other (street) names, chemical identifiers (the CAS number's check digit and
-- the InChIKey's form are checked by the application; both are unique when given), the chemical
-- group, and the control status: the national list with the act and the day it took effect (all
-- three or none), and the status under the 1961 and 1971 Conventions. search_text holds every
-- name and identifier in lower case, for the register's search.
-- SQLite flavour; migrations/postgres has the same versions and names.
create table substances (
    substance_id         integer primary key,
    name_ky              text not null default '',
    name_ru              text not null,
    name_en              text not null default '',
    synonyms             text not null default '', -- one per line
    iupac_name           text not null default '',
    cas_number           text unique,
    molecular_formula    text not null default '',
    inchi_key            text unique,
    chemical_group       text not null check (chemical_group in ('synthetic_cathinone', 'synthetic_cannabinoid', 'phenethylamine', 'tryptamine', 'opioid', 'benzodiazepine', 'arylcyclohexylamine', 'plant_based', 'other')),
    national_list        text check (national_list in ('list_i', 'list_ii', 'list_iii', 'list_iv')),
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
create index substances_group on substances (chemical_group, name_ru);
create index substances_controlled on substances (controlled_since) where national_list is not null;
