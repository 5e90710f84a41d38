//! `polymem`: run, validate, inspect WebAssembly modules and run `.wast` scripts.
//!
//! Each subcommand is a struct of clap options with one `run()` in its own file; this file only
//! parses the command line and dispatches. `run` is the default subcommand, so
//! `polymem file.wasm` means `polymem run file.wasm`.

mod errors;
mod input;
mod inspect;
mod limits;
mod link;
mod lower;
mod merge;
mod run;
mod validate;
mod wasi;
mod wast;

use clap::{CommandFactory, Parser, Subcommand};
use std::ffi::OsString;
use std::process::ExitCode;

/// A WebAssembly interpreter built around multi-memory.
#[derive(Debug, Parser)]
#[command(name = "polymem", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands. Adding one: a module with an `Args` struct and a `run()`, a variant here,
/// and an arm in `main`.
#[derive(Debug, Subcommand)]
enum Command {
    /// Instantiate a module and run `_start`, the start function, or an exported function.
    Run(run::RunCommand),
    /// Check that a module is valid.
    Validate(validate::ValidateCommand),
    /// Run `.wast` spec scripts.
    Wast(wast::WastCommand),
    /// Show a module's imports, exports, memories and their uses.
    Inspect(inspect::InspectCommand),
    /// Lower a multi-memory module to one that uses at most one memory.
    Lower(lower::LowerCommand),
    /// Merge modules into one multi-memory module that behaves as if they were linked.
    Merge(merge::MergeCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse_from(with_default_subcommand(std::env::args_os().collect()));
    let outcome = match cli.command {
        Command::Run(cmd) => cmd.run(),
        Command::Validate(cmd) => cmd.run(),
        Command::Wast(cmd) => cmd.run(),
        Command::Inspect(cmd) => cmd.run(),
        Command::Lower(cmd) => cmd.run(),
        Command::Merge(cmd) => cmd.run(),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => errors::report(&e),
    }
}

/// Inserts `run` after the program name unless the first argument is a subcommand or a
/// top-level flag (`--help`, `--version`), so that `polymem file.wasm` runs the file.
fn with_default_subcommand(mut args: Vec<OsString>) -> Vec<OsString> {
    let Some(first) = args.get(1).and_then(|a| a.to_str()) else {
        return args;
    };
    let command = Cli::command();
    let is_subcommand = first == "help"
        || command
            .get_subcommands()
            .any(|sub| sub.get_name() == first || sub.get_all_aliases().any(|a| a == first));
    let is_top_level_flag = matches!(first, "-h" | "--help" | "-V" | "--version");
    if !is_subcommand && !is_top_level_flag {
        args.insert(1, OsString::from("run"));
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn run_is_the_default_subcommand() {
        assert_eq!(
            with_default_subcommand(args(&["polymem", "a.wasm"])),
            args(&["polymem", "run", "a.wasm"])
        );
        assert_eq!(
            with_default_subcommand(args(&["polymem", "validate", "a.wasm"])),
            args(&["polymem", "validate", "a.wasm"])
        );
        assert_eq!(
            with_default_subcommand(args(&["polymem", "--help"])),
            args(&["polymem", "--help"])
        );
        assert_eq!(with_default_subcommand(args(&["polymem"])), args(&["polymem"]));
    }

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
