//! polymem, with multi-memory on (lazy or eager translation) and, for a lowered module, off.

use super::{FUEL, compile_error, empty, follow_plan, func_ref};
use crate::observe::{Observation, Plan, Trap, Value};
use polymem::{ErrorKind, Extern, TrapCode, Val};

/// polymem with multi-memory on.
pub(crate) fn polymem(wasm: &[u8], translation: polymem::Translation, plan: &Plan) -> Observation {
    let mut config = polymem::Config::default();
    config.translation(translation).consume_fuel(true);
    run(&config, wasm, plan, false)
}

/// `wasm` lowered to one memory, on polymem with multi-memory off; `Err` when the lowering
/// refuses the module.
pub(crate) fn lowered(wasm: &[u8], plan: &Plan) -> Result<Observation, String> {
    let options = polymem_transform::LowerOptions::default();
    let lowered = polymem_transform::lower_memories(wasm, &options).map_err(|e| e.to_string())?;
    let mut config = polymem::Config::default();
    config.multi_memory(false).consume_fuel(true);
    Ok(run(&config, &lowered, plan, true))
}

follow_plan!(polymem);

fn run(config: &polymem::Config, wasm: &[u8], plan: &Plan, lowered: bool) -> Observation {
    use polymem::{Engine, Linker, Module, Store};
    let engine = Engine::new(config);
    let mut store = Store::new(&engine, ());
    let module = match Module::new(&engine, wasm) {
        Ok(module) => module,
        Err(e) => return compile_error(e),
    };
    store.set_fuel(FUEL).expect("fuel is on");
    let linker = Linker::new(&engine);
    // A lowered module that bridges memories imports the bridge host, whose exports stand for
    // the original module's memories that are not in place.
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
        Err(e) => return Observation { instantiate: Err(trap(&e)), ..empty() },
    };
    let export = |store: &mut Store<()>, name: &str| -> Option<Extern> {
        let own = instance.get_export(&*store, name);
        own.or_else(|| bridged.iter().find(|(n, _)| n == name).map(|&(_, e)| e))
    };
    let mut observation = empty();
    follow(&mut store, &export, plan, &mut observation);
    // A lowered module keeps one exported memory in place at byte 0 of its combined memory,
    // which is larger: its logical size is what `polymem.size` reports.
    let in_place_pages = match instance.get_func(&store, "polymem.size") {
        Some(size) if lowered => {
            let mut out = [Val::I32(0)];
            size.call(&mut store, &[], &mut out).ok().and_then(|()| out[0].i32())
        }
        _ => None,
    };
    if let Some(pages) = in_place_pages {
        for (name, bytes) in &mut observation.memories {
            if let Some(Extern::Memory(_)) = instance.get_export(&store, name) {
                bytes.truncate(pages as u32 as usize * 65536);
            }
        }
    }
    observation
}

fn trap(error: &polymem::Error) -> Trap {
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

fn to_val(value: &Value) -> Val {
    match *value {
        Value::I32(x) => Val::I32(x),
        Value::I64(x) => Val::I64(x),
        Value::F32(bits) => Val::F32(bits),
        Value::F64(bits) => Val::F64(bits),
        Value::V128(bits) => Val::V128(bits),
        // Plans pass null references only: non-null ones have no identity across engines.
        Value::FuncRef(_) => Val::FuncRef(None),
        Value::ExternRef { .. } => Val::ExternRef(None),
    }
}

fn from_val(value: &Val, ids: &[String]) -> Value {
    match *value {
        Val::I32(x) => Value::I32(x),
        Val::I64(x) => Value::I64(x),
        Val::F32(bits) => Value::F32(bits),
        Val::F64(bits) => Value::F64(bits),
        Val::V128(bits) => Value::V128(bits),
        Val::FuncRef(f) => func_ref(f, ids),
        Val::ExternRef(r) => Value::ExternRef { null: r.is_none() },
    }
}

fn from_elem(element: Val, ids: &[String]) -> Value {
    from_val(&element, ids)
}
