-- Evidence files on early-warning signals and cases (issue 17): an evidence file belongs to a
-- report, an activity, a signal or a case, and a case's history records each file added.
-- PostgreSQL flavour; migrations/sqlite has the same versions and names.
alter table case_history drop constraint case_history_event_check;
alter table case_history add constraint case_history_event_check check (event in ('opened', 'signal_added', 'requested', 'assessors_named', 'scored', 'risk_confirmed', 'alerted', 'decision_recorded', 'signed_off', 'returned', 'commented', 'file_added'));
alter table evidence_files add column signal_id bigint references signals (signal_id);
alter table evidence_files add column case_id bigint references warning_cases (case_id);
create index evidence_files_signal on evidence_files (signal_id, file_id) where signal_id is not null;
create index evidence_files_case on evidence_files (case_id, file_id) where case_id is not null;
