//! The `kensa` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    kensa::cli::main()
}
