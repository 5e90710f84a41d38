//! wasmi 2.0, the reference engine of the differential runs.

use super::{FUEL, compile_error, empty, follow_plan, func_ref};
use crate::observe::{Observation, Plan, Trap, Value};
use wasmi::{Extern, Nullable, Ref, Val};

/// wasmi 2.0 with every proposal the generator uses on (some are on by default, multi-memory,
/// wide arithmetic and custom page sizes are not).
pub(crate) fn wasmi(wasm: &[u8], plan: &Plan) -> Observation {
    use wasmi::{Config, Engine, Linker, Module, Store};
    let mut config = Config::default();
    config.wasm_multi_memory(true).wasm_wide_arithmetic(true).wasm_simd(true);
    config.wasm_tail_call(true).wasm_extended_const(true).consume_fuel(true);
    config.wasm_memory64(true).wasm_custom_page_sizes(true);
    let engine = Engine::new(&config);
    let mut store = Store::new(&engine, ());
    let module = match Module::new(&engine, wasm) {
        Ok(module) => module,
        Err(e) => return compile_error(e),
    };
    store.set_fuel(FUEL).expect("fuel is on");
    let instance = match Linker::<()>::new(&engine).instantiate_and_start(&mut store, &module) {
        Ok(instance) => instance,
        Err(e) => return Observation { instantiate: Err(trap(&e)), ..empty() },
    };
    let export = |store: &mut Store<()>, name: &str| -> Option<Extern> {
        instance.get_export(&*store, name)
    };
    let mut observation = empty();
    follow(&mut store, &export, plan, &mut observation);
    observation
}

follow_plan!(wasmi);

fn trap(error: &wasmi::Error) -> Trap {
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

fn to_val(value: &Value) -> Val {
    match *value {
        Value::I32(x) => Val::I32(x),
        Value::I64(x) => Val::I64(x),
        Value::F32(bits) => Val::F32(f32::from_bits(bits).into()),
        Value::F64(bits) => Val::F64(f64::from_bits(bits).into()),
        Value::V128(bits) => Val::V128(bits.into()),
        // Plans pass null references only: non-null ones have no identity across engines.
        Value::FuncRef(_) => Val::FuncRef(Nullable::Null),
        Value::ExternRef { .. } => Val::ExternRef(Nullable::Null),
    }
}

fn from_val(value: &Val, ids: &[String]) -> Value {
    match value {
        Val::I32(x) => Value::I32(*x),
        Val::I64(x) => Value::I64(*x),
        Val::F32(x) => Value::F32(x.to_bits()),
        Val::F64(x) => Value::F64(x.to_bits()),
        Val::V128(x) => Value::V128(x.as_u128()),
        Val::FuncRef(f) => func_ref(f.val().copied(), ids),
        Val::ExternRef(r) => Value::ExternRef { null: r.is_null() },
    }
}

fn from_elem(element: Ref, ids: &[String]) -> Value {
    match element {
        Ref::Func(f) => func_ref(f.val().copied(), ids),
        Ref::Extern(r) => Value::ExternRef { null: r.is_null() },
    }
}
