//! New psychoactive substances: the register's identifiers (CAS number, InChIKey, molecular
//! formula), the closed lists a substance is described with (chemical group, national list,
//! international status), the register form, and what its pages are sent.

pub mod identifiers;
pub mod inputs;
pub mod kinds;
pub mod views;
