//! Markdown rendering with link resolution: a page of a small in-memory site.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| maillon::fuzz::markdown(data));
