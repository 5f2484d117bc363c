//! Integration tests of the changelog library on real repositories.
