//! Governance as a file: members, subsystems, landing rules and votes,
//! checked against the facts a forge (GitHub, or a file) reports.

#![warn(missing_docs)]
