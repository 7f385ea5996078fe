-- Evidence files on early-warning signals and cases (issue 17): an evidence file belongs to a
-- report, an activity, a signal or a case, and a case's history records each file added.
-- SQLite flavour; migrations/postgres has the same versions and names. The new history event
-- only widens the check, which every stored row already meets, so its text is edited in the
-- schema as in 0018 and 0019; the indexes created below change the schema's version, so every
-- connection reads the new text.
pragma writable_schema = on;
update sqlite_schema
    set sql = replace(sql, '''returned'', ''commented'')', '''returned'', ''commented'', ''file_added'')')
    where type = 'table' and name = 'case_history';
pragma writable_schema = off;
alter table evidence_files add column signal_id integer references signals (signal_id);
alter table evidence_files add column case_id integer references warning_cases (case_id);
create index evidence_files_signal on evidence_files (signal_id, file_id) where signal_id is not null;
create index evidence_files_case on evidence_files (case_id, file_id) where case_id is not null;
