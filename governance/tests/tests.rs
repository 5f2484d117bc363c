//! Integration tests of the governance library.
