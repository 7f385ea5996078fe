//! Concord's integration tests, one binary: each module drives the real router over a fresh
//! database, on SQLite and PostgreSQL (see `support`), as a browser or another program would.

mod support;

mod activities;
mod api;
mod audit;
mod dashboard;
mod exports;
mod harness;
mod hostile;
mod indicators;
mod mail;
mod notifications;
mod onboarding;
mod passkeys;
mod reports;
mod schedule;
mod second_factor;
mod substances;
mod tasks;
mod upgrade;
mod warning;
mod warning_evidence;
