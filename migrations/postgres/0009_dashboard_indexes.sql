-- Covering indexes for the dashboard's passes over the tasks: by status and concept mask (with
-- the dates and filters it reads), and by start date (for the balance between directions).
create index if not exists tasks_dashboard on tasks (status, concept_mask, start_date, due_date, region_code, category, lead_organization_id) where is_group = false;
create index if not exists tasks_dashboard_starts on tasks (start_date, concept_mask, status, region_code, category, lead_organization_id) where is_group = false;
-- The missing-reports view: an organisation's open tasks by start date, and the reports
-- submitted for a period with their lateness, both read from the index alone.
create index if not exists tasks_owing on tasks (lead_organization_id, status, start_date, task_id) where is_group = false;
create index if not exists reports_period_submitted on reports (period_start, task_id, is_late) where status <> 'draft';
