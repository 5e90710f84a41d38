//! wasmtime (cargo feature `wasmtime`, off by default: it takes minutes to build), a third
//! engine that settles which of polymem and wasmi is wrong when they disagree.

use super::{FUEL, compile_error, empty, follow_plan, func_ref};
use crate::observe::{Observation, Plan, Trap, Value};
use wasmtime::{Extern, Ref, Val};

/// wasmtime with fuel and every proposal the generator uses on (wide arithmetic and custom
/// page sizes are off by default; the others are on, set here all the same).
pub(crate) fn wasmtime(wasm: &[u8], plan: &Plan) -> Observation {
    use wasmtime::{Config, Engine, Linker, Module, Store};
    let mut config = Config::new();
    config.consume_fuel(true).wasm_multi_memory(true).wasm_wide_arithmetic(true);
    config.wasm_simd(true).wasm_tail_call(true).wasm_extended_const(true);
    config.wasm_memory64(true).wasm_custom_page_sizes(true);
    let engine = Engine::new(&config).expect("a valid configuration");
    let mut store = Store::new(&engine, ());
    let module = match Module::new(&engine, wasm) {
        Ok(module) => module,
        Err(e) => return compile_error(e),
    };
    store.set_fuel(FUEL).expect("fuel is on");
    let instance = match Linker::<()>::new(&engine).instantiate(&mut store, &module) {
        Ok(instance) => instance,
        Err(e) => return Observation { instantiate: Err(trap(&e)), ..empty() },
    };
    let export = |store: &mut Store<()>, name: &str| -> Option<Extern> {
        instance.get_export(&mut *store, name)
    };
    let mut observation = empty();
    follow(&mut store, &export, plan, &mut observation);
    observation
}

follow_plan!(wasmtime);

fn trap(error: &wasmtime::Error) -> Trap {
    use wasmtime::Trap as T;
    let Some(code) = error.downcast_ref::<T>() else {
        return Trap::Other(format!("{error:#}"));
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

fn to_val(value: &Value) -> Val {
    match *value {
        Value::I32(x) => Val::I32(x),
        Value::I64(x) => Val::I64(x),
        Value::F32(bits) => Val::F32(bits),
        Value::F64(bits) => Val::F64(bits),
        Value::V128(bits) => Val::V128(bits.into()),
        // Plans pass null references only: non-null ones have no identity across engines.
        Value::FuncRef(_) => Val::FuncRef(None),
        Value::ExternRef { .. } => Val::ExternRef(None),
    }
}

fn from_val(value: &Val, ids: &[String]) -> Value {
    match value {
        Val::I32(x) => Value::I32(*x),
        Val::I64(x) => Value::I64(*x),
        Val::F32(bits) => Value::F32(*bits),
        Val::F64(bits) => Value::F64(*bits),
        Val::V128(x) => Value::V128(x.as_u128()),
        Val::FuncRef(f) => func_ref(*f, ids),
        Val::ExternRef(r) => Value::ExternRef { null: r.is_none() },
        // Not generated (no GC, no exceptions, no stack switching): kept apart so that a
        // change shows up as a difference rather than as a match.
        Val::AnyRef(_) | Val::ExnRef(_) | Val::ContRef(_) => Value::ExternRef { null: false },
    }
}

fn from_elem(element: Ref, ids: &[String]) -> Value {
    match element {
        Ref::Func(f) => func_ref(f, ids),
        Ref::Extern(r) => Value::ExternRef { null: r.is_none() },
        Ref::Any(_) | Ref::Exn(_) => Value::ExternRef { null: false },
    }
}
