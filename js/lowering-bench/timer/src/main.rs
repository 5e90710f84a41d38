//! `lowering-bench-timer EXPORT ARG|- WARMUP RUNS FORM=FILE...`: compiles and instantiates every
//! form on our engine (multi-memory on for the form named `native`, off for the others, as an
//! engine without the proposal), then calls EXPORT on each form in turn for WARMUP + RUNS rounds
//! and prints one line per form: `FORM BEST_MS RESULT,RESULT,...` (best of the timed calls).
//! EXPORT is `() -> i32` when ARG is `-`, else `(i32) -> i64`.

use std::time::Instant;

use polymem::{Config, Engine, Instance, Module, Store};

struct Form {
    name: String,
    store: Store<()>,
    instance: Instance,
    best_ms: f64,
    results: Vec<String>,
}

fn setup(spec: &str) -> Result<Form, String> {
    let (name, file) = spec.split_once('=').ok_or_else(|| format!("not FORM=FILE: {spec}"))?;
    let bytes = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
    let mut config = Config::default();
    config.multi_memory(name == "native");
    let engine = Engine::new(&config);
    let module = Module::new(&engine, &bytes).map_err(|e| format!("{file}: {e}"))?;
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).map_err(|e| format!("{file}: {e}"))?;
    Ok(Form { name: name.to_owned(), store, instance, best_ms: f64::INFINITY, results: Vec::new() })
}

fn call(form: &mut Form, export: &str, arg: Option<i32>) -> Result<String, String> {
    let err = |e: polymem::Error| format!("{}: {e}", form.name);
    Ok(match arg {
        None => {
            let f = form.instance.get_typed_func::<(), i32>(&form.store, export).map_err(err)?;
            f.call(&mut form.store, ()).map_err(err)?.to_string()
        }
        Some(a) => {
            let f = form.instance.get_typed_func::<i32, i64>(&form.store, export).map_err(err)?;
            f.call(&mut form.store, a).map_err(err)?.to_string()
        }
    })
}

fn run(args: &[String]) -> Result<(), String> {
    let [export, arg, warmup, runs, forms @ ..] = args else {
        return Err("usage: lowering-bench-timer EXPORT ARG|- WARMUP RUNS FORM=FILE...".into());
    };
    let arg =
        if arg == "-" { None } else { Some(arg.parse::<i32>().map_err(|e| format!("ARG: {e}"))?) };
    let warmup: usize = warmup.parse().map_err(|e| format!("WARMUP: {e}"))?;
    let runs: usize = runs.parse().map_err(|e| format!("RUNS: {e}"))?;
    let mut forms = forms.iter().map(|s| setup(s)).collect::<Result<Vec<_>, _>>()?;
    for round in 0..warmup + runs {
        for form in &mut forms {
            let start = Instant::now();
            let value = call(form, export, arg)?;
            let ms = start.elapsed().as_secs_f64() * 1e3;
            form.results.push(value);
            if round >= warmup {
                form.best_ms = form.best_ms.min(ms);
            }
        }
    }
    for form in &forms {
        println!("{} {} {}", form.name, form.best_ms, form.results.join(","));
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(message) = run(&args) {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}
