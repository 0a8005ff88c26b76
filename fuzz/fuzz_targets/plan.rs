//! Plan reading by the checker: a file checked as a plan on its own.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| maillon::fuzz::plan(data));
