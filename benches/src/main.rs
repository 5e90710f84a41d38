//! `cargo run --release -p polymem-bench [-- --quick] [-- FILTER...]`: runs every workload (or those
//! whose name contains a FILTER) on polymem and on wasmi, checks they agree, and prints the table.

use polymem_bench::engines::{Comparison, compare, setup_time};
use polymem_bench::workloads::{MEMORY_PAIRS, RUST_WASM, select};
use polymem_bench::{BenchError, EngineKind, SetupMode, Size};
use std::time::Duration;

/// Command-line options.
#[derive(Debug)]
struct Options {
    size: Size,
    runs: usize,
    list: bool,
    filters: Vec<String>,
}

const USAGE: &str = "usage: polymem-bench [--quick] [--runs N] [--list] [FILTER...]
  --quick   small sizes, one run each (a smoke run of the whole harness)
  --runs N  best of N runs (default 5, 1 with --quick)
  --list    print the workloads and exit
  FILTER    run only workloads whose name contains one of the filters";

fn parse_args() -> Result<Options, String> {
    let mut options = Options { size: Size::Full, runs: 0, list: false, filters: Vec::new() };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => options.size = Size::Quick,
            "--list" => options.list = true,
            "--runs" => {
                let n = args.next().ok_or("--runs needs a number")?;
                options.runs = n.parse().map_err(|_| format!("--runs: not a number: {n}"))?;
            }
            "--bench" => {} // passed by `cargo bench`; harmless here
            "-h" | "--help" => return Err(USAGE.to_owned()),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}\n{USAGE}")),
            filter => options.filters.push(filter.to_owned()),
        }
    }
    if options.runs == 0 {
        options.runs = if options.size == Size::Quick { 1 } else { 5 };
    }
    Ok(options)
}

fn main() {
    let options = match parse_args() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    if let Err(error) = run(&options) {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

fn run(options: &Options) -> Result<(), BenchError> {
    let workloads = select(&options.filters);
    if options.list {
        for w in &workloads {
            println!("{:<16} {:>10}  {}", w.name, w.param(options.size), w.what);
        }
        return Ok(());
    }
    if workloads.is_empty() {
        return Err(format!("no workload matches {:?}", options.filters).into());
    }
    print_machine(options);

    println!("| workload | size | polymem ms | wasmi ms | polymem/wasmi |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    let mut results: Vec<(&str, Comparison)> = Vec::new();
    for w in workloads {
        let param = w.param(options.size);
        let c = compare(w.name, &w.wasm()?, w.export, param, options.runs)?;
        println!(
            "| {} | {} | {:.1} | {:.1} | {:.2} |",
            w.name,
            param,
            ms(c.polymem),
            ms(c.wasmi),
            c.ratio()
        );
        results.push((w.name, c));
    }
    let ln_sum: f64 = results.iter().map(|(_, c)| c.ratio().ln()).sum();
    println!();
    println!(
        "geometric mean of polymem/wasmi over {} workloads: {:.2}",
        results.len(),
        (ln_sum / results.len() as f64).exp()
    );

    print_memory_pairs(&results);
    print_setup_times(options)?;
    Ok(())
}

/// Memory-1 time over memory-0 time for the same code, per engine: 1.00 means memory 1 costs
/// nothing extra.
fn print_memory_pairs(results: &[(&str, Comparison)]) {
    let find = |name: &str| results.iter().find(|(n, _)| *n == name).map(|(_, c)| *c);
    let mut printed_header = false;
    for (mem0, mem1) in MEMORY_PAIRS {
        let (Some(c0), Some(c1)) = (find(mem0), find(mem1)) else { continue };
        if !printed_header {
            println!();
            println!("memory 1 / memory 0 (same code, time ratio):");
            printed_header = true;
        }
        let ratio = |t1: Duration, t0: Duration| t1.as_secs_f64() / t0.as_secs_f64();
        println!(
            "  {mem1} / {mem0}: polymem {:.3}, wasmi {:.3}",
            ratio(c1.polymem, c0.polymem),
            ratio(c1.wasmi, c0.wasmi)
        );
    }
}

/// Module compilation + instantiation (no call) of the largest module, the Rust workloads.
fn print_setup_times(options: &Options) -> Result<(), BenchError> {
    let runs = if options.size == Size::Quick { 3 } else { 20 };
    println!();
    println!(
        "set-up (engine, Module::new, store, instance) of the Rust workloads module ({} bytes, best of {runs}):",
        RUST_WASM.len()
    );
    for engine in EngineKind::ALL {
        for mode in [SetupMode::Lazy, SetupMode::Eager, SetupMode::Deferred] {
            let label = match (engine, mode) {
                (EngineKind::Polymem, SetupMode::Lazy) => "Translation::Lazy",
                (EngineKind::Polymem, SetupMode::Eager) => "Translation::Eager",
                (EngineKind::Wasmi, SetupMode::Lazy) => "CompilationMode::LazyTranslation",
                (EngineKind::Wasmi, SetupMode::Eager) => "CompilationMode::Eager",
                (EngineKind::Polymem, SetupMode::Deferred) => "Translation::Deferred",
                (EngineKind::Wasmi, SetupMode::Deferred) => "CompilationMode::Lazy",
            };
            let t = setup_time(engine, mode, RUST_WASM, "fib", runs)?;
            println!("  {:<8} {label:<33} {:>9.1} µs", engine.name(), t.as_secs_f64() * 1e6);
        }
    }
    Ok(())
}

fn print_machine(options: &Options) {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')))
        .map_or("unknown", |(_, m)| m.trim());
    println!("machine: {cpus} CPUs (nproc), {model}");
    println!(
        "best of {} run(s) per engine, sizes: {:?}; both engines in this process, same input\n",
        options.runs, options.size
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
