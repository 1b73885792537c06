//! The `slant` binary: everything is in the library; see `slant::cli`.

fn main() -> std::process::ExitCode {
    slant::memory::tune();
    slant::cli::main()
}
