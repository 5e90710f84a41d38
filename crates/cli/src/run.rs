//! `polymem run`: instantiate a module and call `_start`, the start function or an export.
//!
//! A module that imports `wasi_snapshot_preview1` runs as a WASI program: the trailing
//! arguments are its `argv` (after the file name) unless `--invoke` names a function, and
//! `proc_exit(n)` becomes the exit code. Modules given with `--preload` are instantiated first
//! and satisfy imports by their name; lowered modules get their `polymem:bridge` host side.
//! A trap (in `_start`, an `--invoke`d function or a start function) prints its message and
//! the Wasm backtrace on stderr and exits 134, as wasmtime does ([`crate::errors::report`]).

use crate::input::{EngineOptions, read_module};
use crate::link::{self, Preload};
use crate::wasi::WasiOptions;
use anyhow::{Context as _, Result, anyhow, bail};
use polymem::{Engine, Func, InterruptHandle, Linker, Store, Val, ValType};
use polymem_wasi::WasiCtx;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

/// Options of `polymem run`.
#[derive(Debug, clap::Args)]
pub struct RunCommand {
    #[command(flatten)]
    engine: EngineOptions,
    #[command(flatten)]
    wasi: WasiOptions,
    /// Instantiate the module FILE first and satisfy imports from module NAME with its exports
    /// (repeatable, in order; a later one may import from an earlier one).
    #[arg(long, value_name = "NAME=FILE")]
    preload: Vec<Preload>,
    /// The exported function to call. Without it, `_start` is called if the module exports it;
    /// otherwise only the start function runs.
    #[arg(long, value_name = "NAME")]
    invoke: Option<String>,
    /// Stop with `all fuel consumed` after about N WebAssembly operators (the start function
    /// included).
    #[arg(long, value_name = "N")]
    fuel: Option<u64>,
    /// Stop with `interrupted` after this much wall-clock time (the start function included):
    /// a number with `ms`, `s` or `m`, such as `500ms`, `2s`, `1.5m`.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    timeout: Option<Duration>,
    /// The module: binary (`.wasm`) or text (`.wat`).
    file: PathBuf,
    /// The WASI program's arguments, or with `--invoke` the function's, parsed according to
    /// its parameter types.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "ARGS")]
    args: Vec<String>,
}

impl RunCommand {
    /// Runs the module and prints the results, one per line. A WASI program's `proc_exit(n)`
    /// is exit code `n`.
    pub fn run(self) -> Result<ExitCode> {
        let bytes = read_module(&self.file)?;
        let mut config = self.engine.config();
        config.consume_fuel(self.fuel.is_some()).interruptible(self.timeout.is_some());
        let engine = Engine::new(&config);
        let module = link::compile(&engine, &bytes, &self.file)?;
        let is_wasi = polymem_wasi::imports_wasi(&module);
        // A WASI program's arguments are the trailing ones, unless they are a function's.
        let mut argv = vec![self.file.display().to_string()];
        if is_wasi && self.invoke.is_none() {
            argv.extend(self.args.iter().cloned());
        }
        let mut store = Store::new(&engine, self.wasi.context(&argv)?);
        if let Some(fuel) = self.fuel {
            store.set_fuel(fuel)?;
        }
        // Dropping the guard (on any return) ends the timer thread.
        let _timer = match self.timeout {
            Some(timeout) => Some(Timer::start(store.interrupt_handle()?, timeout)),
            None => None,
        };
        let mut linker = Linker::new(&engine);
        polymem_wasi::add_to_linker_with_memory(&mut linker, &self.wasi.wasi_memory, |c| c)?;
        for preload in &self.preload {
            match exited(preload.link(&mut store, &mut linker)) {
                Ok(()) => {}
                Err(Ended::Exit(code)) => return Ok(code),
                Err(Ended::Error(e)) => return Err(e),
            }
        }
        let instantiated = link::instantiate(&mut store, &linker, &module, &bytes)
            .map_err(|e| with_context(e, || format!("cannot instantiate {}", self.file.display())));
        let instance = match exited(instantiated) {
            Ok((instance, _)) => instance,
            Err(Ended::Exit(code)) => return Ok(code),
            Err(Ended::Error(e)) => return Err(e),
        };

        let (name, func) = match &self.invoke {
            Some(name) => {
                let func = instance
                    .get_func(&store, name)
                    .ok_or_else(|| anyhow!("the module exports no function named `{name}`"))?;
                (name.as_str(), func)
            }
            None => match instance.get_func(&store, "_start") {
                Some(func) => ("_start", func),
                None if self.args.is_empty() || is_wasi => return Ok(ExitCode::SUCCESS),
                None => bail!(
                    "arguments were given but there is no `_start`; choose a function with --invoke"
                ),
            },
        };
        // A WASI reactor (no `_start`) initializes itself before its exports are called.
        if is_wasi
            && self.invoke.is_some()
            && let Some(init) = instance.get_func(&store, "_initialize")
            && let Err(end) = exited(call(&mut store, init, "_initialize", &[]))
        {
            return end.into_result();
        }
        let args = if is_wasi && self.invoke.is_none() { &[][..] } else { &self.args[..] };
        match exited(call(&mut store, func, name, args)) {
            Ok(results) => {
                for value in &results {
                    println!("{}", show(value));
                }
                Ok(ExitCode::SUCCESS)
            }
            Err(end) => end.into_result(),
        }
    }
}

/// How a run ended early: the program asked to exit (WASI `proc_exit`), or an error.
enum Ended {
    Exit(ExitCode),
    Error(anyhow::Error),
}

impl Ended {
    fn into_result(self) -> Result<ExitCode> {
        match self {
            Self::Exit(code) => Ok(code),
            Self::Error(error) => Err(error),
        }
    }
}

/// Separates a requested exit (an engine error of kind `Exit`, anywhere in the chain) from
/// failures.
fn exited<R>(result: Result<R>) -> Result<R, Ended> {
    result.map_err(|error| {
        let status =
            error.chain().find_map(|cause| cause.downcast_ref::<polymem::Error>()?.exit_status());
        match status {
            // WASI checks that the status is in 0..126; anything else fails plainly.
            Some(status) => {
                Ended::Exit(u8::try_from(status).map_or(ExitCode::FAILURE, ExitCode::from))
            }
            None => Ended::Error(error),
        }
    })
}

/// Interrupts the store's code when `timeout` passes, unless it is dropped first.
struct Timer {
    /// Dropping the sender wakes the thread, which then ends without interrupting.
    _stop: mpsc::Sender<()>,
}

impl Timer {
    fn start(handle: InterruptHandle, timeout: Duration) -> Self {
        let (stop, stopped) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(timeout) {
                handle.interrupt();
            }
        });
        Self { _stop: stop }
    }
}

/// A duration such as `500ms`, `2s`, `1.5m`.
fn parse_duration(text: &str) -> Result<Duration> {
    let bad = || anyhow!("`{text}` is not a duration such as 500ms, 2s or 1m");
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).ok_or_else(bad)?;
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().map_err(|_| bad())?;
    let seconds = match unit {
        "ms" => number / 1000.0,
        "s" => number,
        "m" => number * 60.0,
        _ => return Err(bad()),
    };
    Duration::try_from_secs_f64(seconds).map_err(|_| bad())
}

/// Calls `func` with command-line arguments parsed by its parameter types.
fn call(store: &mut Store<WasiCtx>, func: Func, name: &str, args: &[String]) -> Result<Vec<Val>> {
    let ty = func.ty(&*store);
    if ty.params().len() != args.len() {
        let params: Vec<String> = ty.params().iter().map(ValType::to_string).collect();
        bail!(
            "`{name}` takes {} argument(s) ({}), {} given",
            params.len(),
            params.join(", "),
            args.len()
        );
    }
    let params = ty
        .params()
        .iter()
        .zip(args)
        .enumerate()
        .map(|(i, (&ty, arg))| {
            parse_arg(ty, arg).with_context(|| format!("argument {} of `{name}`", i + 1))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut results: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
    func.call(&mut *store, &params, &mut results)
        .map_err(|e| with_context(e, || format!("calling `{name}` failed")))?;
    Ok(results)
}

/// Adds context to engine errors except traps and exits, which print as just their message.
pub fn with_context(error: polymem::Error, context: impl FnOnce() -> String) -> anyhow::Error {
    if error.as_trap().is_some() || error.exit_status().is_some() {
        error.into()
    } else {
        anyhow::Error::new(error).context(context())
    }
}

/// One argument: decimal or `0x` hex integers (negative too), Rust float syntax (`1.5`, `-inf`,
/// `NaN`), `null` for references.
fn parse_arg(ty: ValType, arg: &str) -> Result<Val> {
    let bad = || anyhow!("`{arg}` is not a valid {ty}");
    Ok(match ty {
        ValType::I32 => {
            let v = parse_int(arg).ok_or_else(bad)?;
            Val::I32(
                i32::try_from(v)
                    .or_else(|_| u32::try_from(v).map(|u| u as i32))
                    .map_err(|_| bad())?,
            )
        }
        ValType::I64 => {
            let v = parse_int(arg).ok_or_else(bad)?;
            Val::I64(
                i64::try_from(v)
                    .or_else(|_| u64::try_from(v).map(|u| u as i64))
                    .map_err(|_| bad())?,
            )
        }
        ValType::F32 => Val::f32(arg.parse().map_err(|_| bad())?),
        ValType::F64 => Val::f64(arg.parse().map_err(|_| bad())?),
        ValType::V128 => {
            Val::V128(parse_int(arg).and_then(|v| u128::try_from(v).ok()).ok_or_else(bad)?)
        }
        ValType::FuncRef | ValType::ExternRef if arg == "null" => Val::default_for(ty),
        ValType::FuncRef | ValType::ExternRef => bail!("only `null` can be passed as a {ty}"),
    })
}

/// An integer in decimal or `0x` hexadecimal, with an optional sign, in a range wide enough
/// for `u128` and `i64`.
fn parse_int(text: &str) -> Option<i128> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let digits = digits.replace('_', "");
    let magnitude = match digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
        Some(hex) => u128::from_str_radix(hex, 16).ok()?,
        None => digits.parse::<u128>().ok()?,
    };
    if negative {
        i128::try_from(magnitude).ok().map(|m| -m)
    } else {
        // u128 values above i128::MAX only make sense for v128; wrap them bit for bit.
        Some(magnitude as i128)
    }
}

/// A result as wasmtime prints it.
fn show(value: &Val) -> String {
    match value {
        Val::I32(v) => v.to_string(),
        Val::I64(v) => v.to_string(),
        Val::F32(bits) => f32::from_bits(*bits).to_string(),
        Val::F64(bits) => f64::from_bits(*bits).to_string(),
        Val::V128(v) => v.to_string(),
        Val::FuncRef(None) => "<null funcref>".to_string(),
        Val::FuncRef(Some(_)) => "<funcref>".to_string(),
        Val::ExternRef(None) => "<null externref>".to_string(),
        Val::ExternRef(Some(_)) => "<externref>".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_follow_the_parameter_types() {
        assert_eq!(parse_arg(ValType::I32, "-7").unwrap(), Val::I32(-7));
        assert_eq!(parse_arg(ValType::I32, "4294967295").unwrap(), Val::I32(-1));
        assert_eq!(parse_arg(ValType::I32, "0x10").unwrap(), Val::I32(16));
        assert!(parse_arg(ValType::I32, "4294967296").is_err());
        assert_eq!(parse_arg(ValType::I64, "-9223372036854775808").unwrap(), Val::I64(i64::MIN));
        assert_eq!(parse_arg(ValType::F64, "1.5").unwrap(), Val::f64(1.5));
        assert!(parse_arg(ValType::F32, "one").is_err());
        assert_eq!(parse_arg(ValType::ExternRef, "null").unwrap(), Val::ExternRef(None));
    }

    #[test]
    fn durations_take_a_unit() {
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("2s").unwrap(), Duration::from_secs(2));
        assert_eq!(parse_duration("1m").unwrap(), Duration::from_secs(60));
        assert_eq!(parse_duration("1.5s").unwrap(), Duration::from_millis(1500));
        for bad in ["2", "s", "-1s", "1h", "", "1e400s"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn results_print_like_wasmtime() {
        assert_eq!(show(&Val::I32(-1)), "-1");
        assert_eq!(show(&Val::f32(1.5)), "1.5");
        assert_eq!(show(&Val::f64(f64::INFINITY)), "inf");
    }
}
