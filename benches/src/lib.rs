//! Shared helpers for grill benchmarks.
