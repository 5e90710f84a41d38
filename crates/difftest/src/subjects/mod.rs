//! The engines: each instantiates a module, follows the plan and reports an [`Observation`].
//!
//! polymem, wasmi and wasmtime have the same shape of API (`Store::set_fuel`,
//! `Func::call(store, &[Val], &mut [Val])`, `Memory::data`, `Global::get`, `Table::size/get`,
//! `Extern::into_*`), so following a plan is one body, [`follow_plan!`], expanded in each
//! engine's module; what differs (instantiation, values, traps) is a few functions there.
//!
//! [`Observation`]: crate::Observation

mod on_polymem;
mod on_wasmi;
#[cfg(feature = "wasmtime")]
mod on_wasmtime;

pub(crate) use on_polymem::{lowered, polymem};
pub(crate) use on_wasmi::wasmi;
#[cfg(feature = "wasmtime")]
pub(crate) use on_wasmtime::wasmtime;

use crate::observe::{Observation, Trap, UNKNOWN_FUNC, Value};

/// Fuel for the instantiation and for each call. Costs differ (polymem: one unit per
/// operator; wasmi: roughly one per instruction of its own IR; wasmtime: one per operator with
/// its own exceptions), so a call that runs out on any side is not compared (the crate docs
/// say what happens next); this much lets most generated code finish.
pub(crate) const FUEL: u64 = 200_000;

/// Expands to `fn follow(store, export, plan, observation)` for engine crate `$engine`: calls
/// the planned exports in order (each with [`FUEL`]; a call out of fuel or stack ends the
/// plan), then reads every exported memory, global and table. `export` finds an export of the
/// instance by name.
///
/// The module expanding it defines `to_val(&Value) -> Val`, `from_val(&Val, &[String]) ->
/// Value`, `from_elem(element, &[String]) -> Value` (what `Table::get` returns) and
/// `trap(&Error) -> Trap`. The `&[String]` identifies functions: engines give function
/// references no comparable identity, but each prints a function's handle (`Debug`) the same
/// way every time, and generated modules export every function, so a reference is observed as
/// the position of its handle among the exported functions' ([`func_ref`]).
macro_rules! follow_plan {
    ($engine:ident) => {
        fn follow(
            store: &mut $engine::Store<()>,
            export: &dyn Fn(&mut $engine::Store<()>, &str) -> Option<$engine::Extern>,
            plan: &$crate::observe::Plan,
            observation: &mut $crate::observe::Observation,
        ) {
            let get = |store: &mut $engine::Store<()>, name: &str| {
                export(store, name).expect("a planned export")
            };
            let ids: Vec<String> = (plan.functions.iter())
                .map(|name| format!("{:?}", get(store, name).into_func().expect("a function")))
                .collect();
            for (name, args, results) in &plan.calls {
                let func = get(store, name).into_func().expect("a function");
                let params: Vec<$engine::Val> = args.iter().map(to_val).collect();
                let mut out = vec![$engine::Val::I32(0); *results];
                store.set_fuel($crate::subjects::FUEL).expect("fuel is on");
                let outcome = match func.call(&mut *store, &params, &mut out) {
                    Ok(()) => Ok(out.iter().map(|v| from_val(v, &ids)).collect()),
                    Err(e) => Err(trap(&e)),
                };
                let ends = outcome.as_ref().is_err_and($crate::observe::Trap::ends_comparison);
                observation.calls.push((name.clone(), args.clone(), outcome));
                if ends {
                    return;
                }
            }
            for name in &plan.memories {
                let memory = get(store, name).into_memory().expect("a memory");
                observation.memories.push((name.clone(), memory.data(&*store).to_vec()));
            }
            for name in &plan.globals {
                let global = get(store, name).into_global().expect("a global");
                let value = from_val(&global.get(&mut *store), &ids);
                observation.globals.push((name.clone(), value));
            }
            for name in &plan.tables {
                let table = get(store, name).into_table().expect("a table");
                let elements = (0..table.size(&*store))
                    .map(|i| from_elem(table.get(&mut *store, i).expect("in bounds"), &ids))
                    .collect();
                observation.tables.push((name.clone(), elements));
            }
        }
    };
}
pub(crate) use follow_plan;

/// A function reference as observed: null, or its position among the exported functions'
/// handles `ids` (see [`follow_plan!`]).
pub(crate) fn func_ref<F: std::fmt::Debug>(func: Option<F>, ids: &[String]) -> Value {
    Value::FuncRef(func.map(|f| {
        let id = format!("{f:?}");
        ids.iter().position(|known| *known == id).map_or(UNKNOWN_FUNC, |i| i as u32)
    }))
}

/// An observation before anything ran: instantiation succeeded, nothing read yet.
pub(crate) fn empty() -> Observation {
    Observation {
        instantiate: Ok(()),
        calls: Vec::new(),
        memories: Vec::new(),
        globals: Vec::new(),
        tables: Vec::new(),
    }
}

/// A compile error, the same trap on every engine (`Other` keeps the message for the report).
pub(crate) fn compile_error(message: impl std::fmt::Display) -> Observation {
    Observation { instantiate: Err(Trap::Other(format!("compile: {message}"))), ..empty() }
}
