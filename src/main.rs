//! The `maillon` command: parses arguments and maps the outcome to an exit code.

/// mimalloc: rendering ten thousand pages on all cores allocates from every thread at once;
/// measured on the 10,000-page corpus, it halves system time against the system allocator.
///
/// Built without asking for transparent huge pages (`no_thp`): where the system gives them
/// only on request (`madvise`, the default of Debian and Ubuntu), a request also lets the
/// kernel stop the program to compact memory whenever no free huge page is at hand, which is
/// usual on a machine whose memory is full of file cache. Measured on a 2-core machine with
/// its file cache full, 10,000 pages, 4 runs each: system time 2.92 s → 0.79 s, wall 3.9–4.7 s
/// → 2.7–3.2 s, peak memory 314 → 265 MiB; a run either way on fresh memory was faster with
/// huge pages, but only by what a stall costs many times over.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    maillon::cli::main()
}
