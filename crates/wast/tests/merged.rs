//! The spec scripts that link modules through `register`, run *merged*: wherever a module
//! imports from registered modules, it is merged (`polymem_transform::merge`) with every module
//! it shares state with, and the script's later commands on any of them run against the one
//! merged instance (a module's exports under the names the merge gave them).
//!
//! How a script is rewritten, before it runs on the ordinary `WastRunner`:
//!
//! - modules that import no registered module run as they are; they form their own *group*;
//! - a module importing from registered modules joins their groups: the members (original
//!   binaries, in instantiation order, each named by the name it is registered under) and the
//!   new module are merged into `(module $merged<N> binary ...)`, then every earlier action on
//!   any member is *replayed* on it (same directive, same expected results) so that the merged
//!   instance has the state the linked instances had;
//! - `invoke`/`get` on a member are redirected to its group's merged instance; `register` is
//!   dropped (nothing may link to the unmerged instances any more);
//! - `assert_unlinkable`/`assert_trap` of a module that imports registered modules check the
//!   merged module instead; a merge that refuses (a link error) passes an `assert_unlinkable`;
//! - `assert_invalid`/`assert_malformed` are not run: they instantiate nothing (spec.rs runs
//!   them) and the Wasm 2.0 ones assert that two memories are invalid, while merged modules
//!   need multi-memory.
//!
//! Prints failing directives with their *original* line, then per-suite and total counts.

mod common;
#[path = "merged/directives.rs"]
mod directives;
#[path = "merged/rewrite.rs"]
mod rewrite;

use common::{TestFile, multi_memory_files, run_parallel, select, wasm_v2_files};
use polymem_wast::{Report, WastRunner};
use std::process::ExitCode;

/// The script imports a memory or table that an action grew after it was defined, with a
/// minimum above the declared one: linking checks the current size, the merge can only check
/// the declared limits, so it refuses (later directives on that module fail with it).
const GROWN: &str =
    "import of a memory/table grown by an earlier action: declared limits too small";
/// A module fails to instantiate (a segment out of bounds) after writing into a registered
/// module's table or memory; linked, the registered module keeps those writes. Merged, that
/// module is part of the failing one, so nothing survives.
const PARTIAL: &str = "partial writes of a failed instantiation into a registered module";
/// The merged instance runs every input's initialization first and then replays the actions
/// the script ran before the last input was instantiated; here a later input's segment
/// overwrites what an earlier action set (or the replayed action now finds it set).
const ORDER: &str = "action replayed after a later input's segments, which the script ran after it";

/// Directives that fail merged because one module cannot express what the script does, as
/// `suite/file:original line` (a replayed directive adds ` (replay)`), with the reason. A listed
/// directive that passes is an error.
const EXPECTED_FAILURES: &[(&str, &str)] = &[
    ("multi-memory/imports4.wast:13 (replay)", GROWN),
    ("multi-memory/imports4.wast:14 (replay)", GROWN),
    ("multi-memory/imports4.wast:15 (replay)", GROWN),
    ("multi-memory/imports4.wast:16 (replay)", GROWN),
    ("multi-memory/imports4.wast:17 (replay)", GROWN),
    ("multi-memory/imports4.wast:28", GROWN),
    ("multi-memory/imports4.wast:36", GROWN),
    ("multi-memory/imports4.wast:37", GROWN),
    ("multi-memory/imports4.wast:39", GROWN),
    ("multi-memory/imports4.wast:47", GROWN),
    ("multi-memory/linking0.wast:42", PARTIAL),
    ("multi-memory/linking3.wast:36", PARTIAL),
    ("multi-memory/linking3.wast:49", PARTIAL),
    ("multi-memory/linking3.wast:82", PARTIAL),
    ("multi-memory/linking3.wast:83", PARTIAL),
    ("wasm-v2/elem.wast:586 (replay)", ORDER),
    ("wasm-v2/elem.wast:669", ORDER),
    ("wasm-v2/linking.wast:173 (replay)", ORDER),
    ("wasm-v2/linking.wast:174 (replay)", ORDER),
    ("wasm-v2/linking.wast:176 (replay)", ORDER),
    ("wasm-v2/linking.wast:275", PARTIAL),
    ("wasm-v2/linking.wast:288", PARTIAL),
    ("wasm-v2/linking.wast:406", PARTIAL),
    ("wasm-v2/linking.wast:419", PARTIAL),
    ("wasm-v2/linking.wast:452", PARTIAL),
    ("wasm-v2/linking.wast:453", PARTIAL),
    ("wasm-v2/memory_grow.wast:318", GROWN),
    ("wasm-v2/memory_grow.wast:323", GROWN),
    ("wasm-v2/memory_grow.wast:324", GROWN),
    ("wasm-v2/memory_grow.wast:325", GROWN),
    ("wasm-v2/memory_grow.wast:330", GROWN),
    ("wasm-v2/table_grow.wast:117", GROWN),
    ("wasm-v2/table_grow.wast:122", GROWN),
    ("wasm-v2/table_grow.wast:123", GROWN),
    ("wasm-v2/table_grow.wast:124", GROWN),
    ("wasm-v2/table_grow.wast:129", GROWN),
];

fn main() -> ExitCode {
    let mut files = multi_memory_files();
    files.extend(wasm_v2_files());
    files.retain(|f| f.source.contains("(register"));
    let (files, filtered) = select(files);
    let outcomes = run_parallel(&files, |file: &TestFile| {
        let rewritten = directives::rewrite(&file.source)?;
        let report = WastRunner::new().run_source(&file.id(), &rewritten.text);
        Ok::<_, String>((rewritten, report))
    });
    let (mut total, mut merges, mut replayed, mut rejected, mut not_run) =
        (Report::default(), 0, 0, 0, 0);
    let mut merged_files = 0;
    let mut seen = Vec::new();
    let mut errors = Vec::new();
    for (file, outcome) in files.iter().zip(outcomes) {
        let (rewritten, report) = match outcome {
            Ok(done) => done,
            Err(e) => {
                errors.push(format!("{}: cannot rewrite: {e}", file.id()));
                continue;
            }
        };
        let stats = rewritten.stats;
        merged_files += usize::from(stats.merges > 0);
        (merges, replayed, rejected, not_run) = (
            merges + stats.merges,
            replayed + stats.replayed,
            rejected + stats.rejected_unlinkable,
            not_run + stats.not_run,
        );
        let mut replay_failures = 0;
        for failure in &report.failures {
            // `suite/file:line: ...` with the line of the rewritten script.
            let rest = &failure[file.id().len() + 1..];
            let (line, message) = rest.split_once(':').unwrap_or((rest, ""));
            let (original, replay) = rewritten.original_line(line.parse().unwrap_or(0));
            replay_failures += usize::from(replay);
            let key = format!("{}:{original}{}", file.id(), if replay { " (replay)" } else { "" });
            match EXPECTED_FAILURES.iter().find(|(k, _)| *k == key) {
                Some(_) => {
                    println!("(expected) {key}:{message}");
                    seen.push(key);
                }
                None => {
                    println!("{key}:{message}");
                    total.failed += 1;
                }
            }
        }
        // Replays are not the script's directives: only its own count as passed.
        total.passed +=
            report.passed + stats.rejected_unlinkable - (stats.replayed - replay_failures);
    }
    let failing = seen.len();
    seen.sort();
    seen.dedup();
    for (key, reason) in EXPECTED_FAILURES {
        let file_ran = files.iter().any(|f| key.starts_with(&format!("{}:", f.id())));
        if !seen.iter().any(|k| k == key) && (file_ran || !filtered) {
            errors.push(format!(
                "{key} is listed as an expected failure ({reason}) but did not fail"
            ));
        }
    }
    for error in &errors {
        println!("error: {error}");
    }
    println!(
        "{merged_files} of {} scripts merged ({merges} merges, {replayed} replayed actions, \
         {rejected} assert_unlinkable rejected by the merge, {not_run} assert_invalid/malformed not run), \
         {} expected failures ({failing} directives)",
        files.len(),
        seen.len()
    );
    println!("{total}");
    if total.is_success() && errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
