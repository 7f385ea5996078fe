-- An organisation's own code (issue 19): the key by which territory onboarding and imports
-- recognise an organisation they already made. A body of the territory carries the official
-- code of the place it governs (an aiyl okmotu its municipality's, a district state
-- administration its district's, a city hall its city's); an imported organisation carries the
-- code its row gives, if any.
-- SQLite flavour; migrations/postgres has the same versions and names.
alter table organizations add column code text;
create unique index organizations_code on organizations (code);
