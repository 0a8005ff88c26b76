//! One stable hash for the names of files and the fingerprints of findings.
//!
//! Output file names (`search.<hash>.js`), the cache's file name and SARIF fingerprints must be
//! the same from one run, Rust version or platform to the next, which `std`'s hasher does not
//! promise. 64-bit FNV-1a does, is a few lines, and is fast enough for what it hashes. It is
//! not for security.

/// 64-bit FNV-1a of `bytes`, continuing from `hash` ([`START`] for a fresh one).
pub(crate) fn fnv1a_from(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The FNV-1a offset basis: where every hash starts.
pub(crate) const START: u64 = 0xcbf2_9ce4_8422_2325;

/// 64-bit FNV-1a of `bytes`.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_from(START, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_from(fnv1a(b"a"), b"b"), fnv1a(b"ab"));
    }
}
