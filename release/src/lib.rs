//! Release lines, LTS schedules, release proposals and their promotion.

#![warn(missing_docs)]
