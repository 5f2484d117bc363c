//! Integration tests of the governance library.

mod check;
mod config;
mod github;
mod members;
mod support;
mod vote;
