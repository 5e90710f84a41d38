//! Runs `.wast` specification scripts against the polymem engine.
//!
//! [`WastRunner`] parses a script with the `wast` crate and executes every directive with
//! polymem's embedding API: one fresh [`Store`](polymem::Store) and [`Linker`](polymem::Linker) per
//! script, the `spectest` host module, NaN patterns, reference results and trap-message matching
//! the way the reference interpreter prints traps. Every directive is a check: a module that fails
//! to instantiate is a failure just like a wrong `assert_return`. A panic inside the engine fails
//! only the directive that caused it.
//!
//! ```no_run
//! let report = polymem_wast::WastRunner::new().run_source("t.wast", "(module) (assert_return (invoke \"f\"))");
//! println!("{report}");
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bridge;
mod context;
mod directive;
mod spectest;
mod values;

use context::Context;
use polymem::Config;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};

/// A binary-to-binary rewrite applied to every module before it is compiled (for example
/// lowering many memories to one). An `Err` counts as the module being rejected. The second
/// argument lists the module's memory imports `(module, name)` that the linker binds to memories
/// kept in place by lowered instances (empty unless the bridge is on; see
/// [`WastRunner::with_lowering`]).
pub type Preprocessor =
    Arc<dyn Fn(&[u8], &[(String, String)]) -> Result<Vec<u8>, String> + Send + Sync>;

/// Runs `.wast` scripts. Cheap to clone and shareable between threads; each run gets its own
/// store.
#[derive(Clone, Default)]
pub struct WastRunner {
    config: Config,
    preprocess: Option<Preprocessor>,
    bridge: bool,
    trace: bool,
    /// Fuel each directive starts with, when bounded (see `with_directive_fuel`).
    directive_fuel: Option<u64>,
}

impl fmt::Debug for WastRunner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WastRunner")
            .field("config", &self.config)
            .field("preprocess", &self.preprocess.is_some())
            .field("bridge", &self.bridge)
            .field("trace", &self.trace)
            .field("directive_fuel", &self.directive_fuel)
            .finish()
    }
}

impl WastRunner {
    /// A runner with the default engine configuration (multi-memory on).
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses `config` for the engine of every script (e.g. with multi-memory off).
    pub fn with_config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// Rewrites every module's bytes with `f` before compiling it. For `assert_invalid` and
    /// `assert_malformed`, an error from `f` counts as the expected rejection.
    pub fn with_preprocessor(
        mut self,
        f: impl Fn(&[u8]) -> Result<Vec<u8>, String> + Send + Sync + 'static,
    ) -> Self {
        self.preprocess = Some(Arc::new(move |bytes, _| f(bytes)));
        self
    }

    /// Like [`with_preprocessor`](Self::with_preprocessor), for a lowering: `f` also receives
    /// the module's memory imports that the linker binds to memories kept *in place* by lowered
    /// instances ([`bridge`] keeps track of them), to pass as
    /// `polymem_transform::LowerOptions::bridge_imports` so that such an import is bridged and
    /// checked against the exporter's logical size. Use with [`with_bridge`](Self::with_bridge).
    pub fn with_lowering(
        mut self,
        f: impl Fn(&[u8], &[(String, String)]) -> Result<Vec<u8>, String> + Send + Sync + 'static,
    ) -> Self {
        self.preprocess = Some(Arc::new(f));
        self
    }

    /// Provides the `polymem:bridge` host side (see [`bridge`]) to modules whose
    /// `polymem.memory-layout` section (after the preprocessor) says they bridge memories, and
    /// treats the memories the bridge exports for an instance as its exports (`register`).
    pub fn with_bridge(mut self, bridge: bool) -> Self {
        self.bridge = bridge;
        self
    }

    /// Prints `file:line: directive` to stderr before each directive runs: finds the directive
    /// that hangs or crashes the process.
    pub fn with_trace(mut self, trace: bool) -> Self {
        self.trace = trace;
        self
    }

    /// Bounds every directive (compiling and instantiating included) to `fuel` units, about one
    /// per WebAssembly operator (see [`Config::consume_fuel`]): a directive that runs away
    /// fails with `all fuel consumed` and the script goes on. `None` (the default) leaves the
    /// engine's code free of fuel checks.
    pub fn with_directive_fuel(mut self, fuel: Option<u64>) -> Self {
        self.directive_fuel = fuel;
        self
    }

    /// The engine configuration scripts run with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Reads and runs the script at `path`. An unreadable file is one failure.
    pub fn run_file(&self, path: &Path) -> Report {
        let name = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(source) => self.run_source(&name, &source),
            Err(e) => Report::single_failure(format!("{name}: cannot read the script: {e}")),
        }
    }

    /// Runs the script text `source`; `name` prefixes every failure (`name:line: ...`).
    pub fn run_source(&self, name: &str, source: &str) -> Report {
        let mut lexer = Lexer::new(source);
        lexer.allow_confusing_unicode(true);
        let buffer = match ParseBuffer::new_with_lexer(lexer) {
            Ok(buffer) => buffer,
            Err(e) => return Report::single_failure(script_error(name, source, e)),
        };
        let script = match parser::parse::<wast::Wast<'_>>(&buffer) {
            Ok(script) => script,
            Err(e) => return Report::single_failure(script_error(name, source, e)),
        };
        let mut report = Report::default();
        let mut config = self.config.clone();
        if self.directive_fuel.is_some() {
            config.consume_fuel(true);
        }
        let mut context = match Context::new(&config, self.preprocess.clone(), self.bridge) {
            Ok(context) => context,
            Err(e) => {
                return Report::single_failure(format!(
                    "{name}: cannot set up the spectest module: {e}"
                ));
            }
        };
        for directive in script.directives {
            let (line, _) = directive.span().linecol_in(source);
            let kind = directive::name(&directive);
            if self.trace {
                eprintln!("{name}:{}: {kind}", line + 1);
            }
            if let Some(fuel) = self.directive_fuel {
                context.refuel(fuel);
            }
            let outcome = catch_unwind(AssertUnwindSafe(|| context.run(directive)));
            let failure = match outcome {
                Ok(Ok(())) => None,
                Ok(Err(message)) => Some(message),
                Err(payload) => Some(format!("engine panicked: {}", panic_message(&*payload))),
            };
            if let Some(note) = context.note.take() {
                report.notes.push(format!("{name}:{}: {kind}: {note}", line + 1));
            }
            match failure {
                None => report.passed += 1,
                Some(message) => {
                    report.failed += 1;
                    report.failures.push(format!("{name}:{}: {kind}: {message}", line + 1));
                }
            }
        }
        report
    }
}

/// The outcome of one or more scripts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Directives that behaved as the script says.
    pub passed: usize,
    /// Directives that did not.
    pub failed: usize,
    /// One line per failed directive: `file:line: directive: what went wrong`.
    pub failures: Vec<String>,
    /// Diagnostics of directives that passed, same format: an `assert_invalid`,
    /// `assert_malformed` or `assert_unlinkable` rejected with another message than the script's.
    pub notes: Vec<String>,
}

impl Report {
    fn single_failure(message: String) -> Self {
        Self { passed: 0, failed: 1, failures: vec![message], notes: Vec::new() }
    }

    /// Adds the counts and failures of `other` to this report.
    pub fn merge(&mut self, other: Report) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.failures.extend(other.failures);
        self.notes.extend(other.notes);
    }

    /// Whether nothing failed.
    pub fn is_success(&self) -> bool {
        self.failed == 0
    }
}

impl fmt::Display for Report {
    /// `N passed, M failed`, the closing line CI reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} passed, {} failed", self.passed, self.failed)
    }
}

/// A script that does not parse, with the `wast` crate's rendering of the location.
fn script_error(name: &str, source: &str, mut error: wast::Error) -> String {
    error.set_path(Path::new(name));
    error.set_text(source);
    format!("{name}: the script does not parse: {error}")
}

/// The text of a panic payload (`panic!` with a literal or a formatted message).
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a non-string panic payload".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUNAWAY: &str = r#"(module (func (export "spin") (loop (br 0)))
        (func (export "two") (result i32) (i32.const 2)))
      (assert_return (invoke "spin"))
      (assert_return (invoke "two") (i32.const 2))"#;

    #[test]
    fn a_runaway_directive_fails_and_the_script_goes_on() {
        let report =
            WastRunner::new().with_directive_fuel(Some(1_000_000)).run_source("t", RUNAWAY);
        assert_eq!((report.passed, report.failed), (2, 1), "{:?}", report.failures);
        assert!(report.failures[0].contains("all fuel consumed"), "{:?}", report.failures);
    }

    #[test]
    fn each_directive_gets_the_whole_budget() {
        // 300 calls of 5,000 iterations: the script needs far more than the budget, each
        // directive far less.
        let mut script = String::from(
            r#"(module (func (export "count") (result i32) (local i32)
                 (loop (br_if 0 (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 1)))
                                        (i32.const 5000))))
                 (local.get 0)))"#,
        );
        for _ in 0..300 {
            script.push_str(r#"(assert_return (invoke "count") (i32.const 5000))"#);
        }
        let report = WastRunner::new().with_directive_fuel(Some(100_000)).run_source("t", &script);
        assert_eq!((report.passed, report.failed), (301, 0), "{:?}", report.failures);
    }
}
