//! One component per page; areas with several pages have a file each.

pub mod about;
pub mod account;
pub mod activities;
pub mod audit;
pub mod cases;
pub mod dashboard;
pub mod home;
pub mod inbox;
pub mod indicators;
pub mod login;
pub mod map;
pub mod not_found;
pub mod notifications;
pub mod onboarding;
pub mod organizations;
pub mod public;
pub mod report;
pub mod reports;
pub mod scorecards;
pub mod security;
pub mod signals;
pub mod substances;
pub mod task;
pub mod tasks;
pub mod trends;
pub mod users;
