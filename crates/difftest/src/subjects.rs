//! The engines: each instantiates a module, follows the plan and reports an [`Observation`].

use crate::observe::{Observation, Plan, Trap, Value};
use polymem::{ErrorKind, TrapCode};

/// Fuel for the instantiation and for each call. Costs differ (polymem: one unit per
/// operator; wasmi: roughly one per instruction of its own IR), so running out on either side
/// ends the comparison; this much lets most generated code finish.
const FUEL: u64 = 200_000;

/// polymem with multi-memory on.
pub(crate) fn polymem(wasm: &[u8], translation: polymem::Translation, plan: &Plan) -> Observation {
    let mut config = polymem::Config::default();
    config.translation(translation).consume_fuel(true);
    run_polymem(&config, wasm, plan, false)
}

/// `wasm` lowered to one memory, on polymem with multi-memory off; `Err` when the lowering
/// refuses the module.
pub(crate) fn lowered(wasm: &[u8], plan: &Plan) -> Result<Observation, String> {
    let options = polymem_transform::LowerOptions::default();
    let lowered = polymem_transform::lower_memories(wasm, &options).map_err(|e| e.to_string())?;
    let mut config = polymem::Config::default();
    config.multi_memory(false).consume_fuel(true);
    Ok(run_polymem(&config, &lowered, plan, true))
}

fn run_polymem(config: &polymem::Config, wasm: &[u8], plan: &Plan, lowered: bool) -> Observation {
    use polymem::{Engine, Extern, Linker, Module, Store};
    let engine = Engine::new(config);
    let mut store = Store::new(&engine, ());
    let mut observation = empty();
    let module = match Module::new(&engine, wasm) {
        Ok(module) => module,
        Err(e) => {
            observation.instantiate = Err(Trap::Other(format!("compile: {e}")));
            return observation;
        }
    };
    store.set_fuel(FUEL).expect("fuel is on");
    let linker = Linker::new(&engine);
    let layout = match lowered {
        true => polymem_wast::bridge::read_layout(wasm).ok().flatten(),
        false => None,
    };
    let instantiated = match layout.filter(polymem_wast::bridge::needs_host) {
        Some(layout) => polymem_wast::bridge::instantiate(&mut store, &linker, &module, &layout),
        None => linker.instantiate(&mut store, &module).map(|i| (i, Vec::new())),
    };
    let (instance, bridged) = match instantiated {
        Ok(instance) => instance,
        Err(e) => {
            observation.instantiate = Err(polymem_trap(&e));
            return observation;
        }
    };
    let export = |store: &Store<()>, name: &str| -> Option<Extern> {
        let own = instance.get_export(store, name);
        own.or_else(|| bridged.iter().find(|(n, _)| n == name).map(|&(_, e)| e))
    };
    for (name, args, results) in &plan.calls {
        let func = export(&store, name).and_then(Extern::into_func).expect("planned export");
        let params: Vec<polymem::Val> = args.iter().map(to_polymem).collect();
        let mut out = vec![polymem::Val::I32(0); *results];
        store.set_fuel(FUEL).expect("fuel is on");
        let outcome = match func.call(&mut store, &params, &mut out) {
            Ok(()) => Ok(out.iter().map(from_polymem).collect()),
            Err(e) => Err(polymem_trap(&e)),
        };
        let ends = outcome.as_ref().is_err_and(Trap::ends_comparison);
        observation.calls.push((name.clone(), args.clone(), outcome));
        if ends {
            return observation;
        }
    }
    // A lowered module keeps one exported memory in place at byte 0 of its combined memory,
    // which is larger: its logical size is what `polymem.size` reports.
    let in_place_pages = match instance.get_func(&store, "polymem.size") {
        Some(size) if lowered => {
            let mut out = [polymem::Val::I32(0)];
            size.call(&mut store, &[], &mut out).ok().and_then(|()| out[0].i32())
        }
        _ => None,
    };
    for name in &plan.memories {
        let memory = export(&store, name).and_then(Extern::into_memory).expect("planned export");
        let mut bytes = memory.data(&store).to_vec();
        if let (Some(pages), Some(Extern::Memory(_))) =
            (in_place_pages, instance.get_export(&store, name))
        {
            bytes.truncate(pages as u32 as usize * 65536);
        }
        observation.memories.push((name.clone(), bytes));
    }
    for name in &plan.globals {
        let global = export(&store, name).and_then(Extern::into_global).expect("planned export");
        observation.globals.push((name.clone(), from_polymem(&global.get(&store))));
    }
    observation
}

/// wasmi 2.0 with multi-memory on.
pub(crate) fn wasmi(wasm: &[u8], plan: &Plan) -> Observation {
    use wasmi::{Config, Engine, Linker, Module, Store};
    let mut config = Config::default();
    config.wasm_multi_memory(true).consume_fuel(true);
    let engine = Engine::new(&config);
    let mut store = Store::new(&engine, ());
    let mut observation = empty();
    let module = match Module::new(&engine, wasm) {
        Ok(module) => module,
        Err(e) => {
            observation.instantiate = Err(Trap::Other(format!("compile: {e}")));
            return observation;
        }
    };
    store.set_fuel(FUEL).expect("fuel is on");
    let instance = match Linker::<()>::new(&engine).instantiate_and_start(&mut store, &module) {
        Ok(instance) => instance,
        Err(e) => {
            observation.instantiate = Err(wasmi_trap(&e));
            return observation;
        }
    };
    for (name, args, results) in &plan.calls {
        let func = instance.get_func(&store, name).expect("planned export");
        let params: Vec<wasmi::Val> = args.iter().map(to_wasmi).collect();
        let mut out = vec![wasmi::Val::I32(0); *results];
        store.set_fuel(FUEL).expect("fuel is on");
        let outcome = match func.call(&mut store, &params, &mut out) {
            Ok(()) => Ok(out.iter().map(from_wasmi).collect()),
            Err(e) => Err(wasmi_trap(&e)),
        };
        let ends = outcome.as_ref().is_err_and(Trap::ends_comparison);
        observation.calls.push((name.clone(), args.clone(), outcome));
        if ends {
            return observation;
        }
    }
    for name in &plan.memories {
        let memory = instance.get_memory(&store, name).expect("planned export");
        observation.memories.push((name.clone(), memory.data(&store).to_vec()));
    }
    for name in &plan.globals {
        let global = instance.get_global(&store, name).expect("planned export");
        observation.globals.push((name.clone(), from_wasmi(&global.get(&store))));
    }
    observation
}

fn empty() -> Observation {
    Observation {
        instantiate: Ok(()),
        calls: Vec::new(),
        memories: Vec::new(),
        globals: Vec::new(),
    }
}

fn polymem_trap(error: &polymem::Error) -> Trap {
    let Some(code) = error.as_trap() else {
        return match error.kind() {
            ErrorKind::Limit(m) => Trap::Other(format!("limit: {m}")),
            _ => Trap::Other(error.to_string()),
        };
    };
    match code {
        TrapCode::Unreachable => Trap::Unreachable,
        TrapCode::MemoryOutOfBounds => Trap::Memory,
        TrapCode::TableOutOfBounds | TrapCode::UndefinedElement => Trap::Table,
        TrapCode::IndirectCallToNull | TrapCode::UninitializedElement => Trap::NullCall,
        TrapCode::BadSignature => Trap::Signature,
        TrapCode::IntegerDivisionByZero => Trap::DivideByZero,
        TrapCode::IntegerOverflow => Trap::Overflow,
        TrapCode::BadConversionToInteger => Trap::Conversion,
        TrapCode::StackOverflow => Trap::Stack,
        TrapCode::OutOfFuel => Trap::Fuel,
        other => Trap::Other(other.to_string()),
    }
}

fn wasmi_trap(error: &wasmi::Error) -> Trap {
    use wasmi::TrapCode as T;
    let Some(code) = error.as_trap_code() else {
        // wasmi reports a segment that does not fit at instantiation as a table or memory
        // error rather than a trap code; the meaning is the spec's trap.
        let message = error.to_string();
        return match () {
            _ if message.starts_with("out of bounds table access") => Trap::Table,
            _ if message.starts_with("out of bounds memory access") => Trap::Memory,
            _ => Trap::Other(message),
        };
    };
    match code {
        T::UnreachableCodeReached => Trap::Unreachable,
        T::MemoryOutOfBounds => Trap::Memory,
        T::TableOutOfBounds => Trap::Table,
        T::IndirectCallToNull => Trap::NullCall,
        T::BadSignature => Trap::Signature,
        T::IntegerDivisionByZero => Trap::DivideByZero,
        T::IntegerOverflow => Trap::Overflow,
        T::BadConversionToInteger => Trap::Conversion,
        T::StackOverflow => Trap::Stack,
        T::OutOfFuel => Trap::Fuel,
        other => Trap::Other(other.to_string()),
    }
}

fn to_polymem(value: &Value) -> polymem::Val {
    match *value {
        Value::I32(x) => polymem::Val::I32(x),
        Value::I64(x) => polymem::Val::I64(x),
        Value::F32(bits) => polymem::Val::F32(bits),
        Value::F64(bits) => polymem::Val::F64(bits),
        Value::Ref { func: true, .. } => polymem::Val::FuncRef(None),
        Value::Ref { func: false, .. } => polymem::Val::ExternRef(None),
    }
}

fn from_polymem(value: &polymem::Val) -> Value {
    match *value {
        polymem::Val::I32(x) => Value::I32(x),
        polymem::Val::I64(x) => Value::I64(x),
        polymem::Val::F32(bits) => Value::F32(bits),
        polymem::Val::F64(bits) => Value::F64(bits),
        polymem::Val::FuncRef(f) => Value::Ref { func: true, null: f.is_none() },
        polymem::Val::ExternRef(r) => Value::Ref { func: false, null: r.is_none() },
        polymem::Val::V128(_) => Value::I64(0),
    }
}

fn to_wasmi(value: &Value) -> wasmi::Val {
    match *value {
        Value::I32(x) => wasmi::Val::I32(x),
        Value::I64(x) => wasmi::Val::I64(x),
        Value::F32(bits) => wasmi::Val::F32(f32::from_bits(bits).into()),
        Value::F64(bits) => wasmi::Val::F64(f64::from_bits(bits).into()),
        Value::Ref { func: true, .. } => wasmi::Val::FuncRef(wasmi::Nullable::Null),
        Value::Ref { func: false, .. } => wasmi::Val::ExternRef(wasmi::Nullable::Null),
    }
}

fn from_wasmi(value: &wasmi::Val) -> Value {
    match value {
        wasmi::Val::I32(x) => Value::I32(*x),
        wasmi::Val::I64(x) => Value::I64(*x),
        wasmi::Val::F32(x) => Value::F32(x.to_bits()),
        wasmi::Val::F64(x) => Value::F64(x.to_bits()),
        wasmi::Val::FuncRef(f) => Value::Ref { func: true, null: f.is_null() },
        wasmi::Val::ExternRef(r) => Value::Ref { func: false, null: r.is_null() },
        wasmi::Val::V128(_) => Value::I64(0),
    }
}
