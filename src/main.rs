//! The `maillon` command: parses arguments and maps the outcome to an exit code.

fn main() -> std::process::ExitCode {
    maillon::cli::main()
}
