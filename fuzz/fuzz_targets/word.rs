//! Word import: a .docx or .odt converted, and checked as a plan when it converts.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| maillon::fuzz::word(data));
