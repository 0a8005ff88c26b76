//! Front matter: a content file's text split, parsed and read as a page.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| maillon::fuzz::front_matter(data));
