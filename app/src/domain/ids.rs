//! Typed identifiers, so an organisation's id can never be passed where a user's is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares an id newtype with its traits. (A macro because it declares types: no function can.)
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map($name)
            }
        }
    };
}

id_type!(
    /// A user account.
    UserId
);
id_type!(
    /// An organisation: the coordinating body, a ministry, a local authority, an NGO, a partner.
    OrganizationId
);
id_type!(
    /// A task assigned to an organisation, or a bulk assignment grouping such tasks.
    TaskId
);
id_type!(
    /// A progress report on a task for one period (one revision of it).
    ReportId
);
id_type!(
    /// An evidence file attached to a report.
    FileId
);
id_type!(
    /// A civil-society activity logged by an organisation.
    ActivityId
);
id_type!(
    /// A national indicator in the catalogue.
    IndicatorId
);
id_type!(
    /// One entered value of an indicator (a period and a breakdown).
    ValueId
);
id_type!(
    /// A substance in the register of new psychoactive substances.
    SubstanceId
);
id_type!(
    /// A signal of the early-warning system: first information about a substance.
    SignalId
);
id_type!(
    /// A case of the early-warning system: signals taken through primary data, assessment and
    /// decision.
    CaseId
);
