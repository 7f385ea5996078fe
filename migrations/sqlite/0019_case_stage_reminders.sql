-- Reminders of early-warning case stages falling due (issue 17): notifications gain the kind
-- case_stage_due, and open cases are found by their stage's deadline.
-- SQLite flavour; migrations/postgres has the same versions and names. The new kind only
-- widens the check, which every stored row already meets, so its text is edited in the schema
-- as in 0018; the index created below changes the schema's version, so every connection reads
-- the new text.
pragma writable_schema = on;
update sqlite_schema
    set sql = replace(sql, '''case_assessor_named'')', '''case_assessor_named'', ''case_stage_due'')')
    where type = 'table' and name = 'notifications';
pragma writable_schema = off;
create index warning_cases_due on warning_cases (stage_due) where stage <> 'closed';
