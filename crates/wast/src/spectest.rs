//! The `spectest` host module every specification script may import from.

use polymem::{
    Error, Func, FuncType, Global, GlobalType, Linker, Memory, MemoryType, Mutability, RefType,
    Store, Table, TableType, Val, ValType,
};

/// Defines the `spectest` functions (which do nothing: nothing is printed), globals, table and
/// memory in `linker`, as the reference interpreter provides them.
pub(crate) fn define(linker: &mut Linker<()>, store: &mut Store<()>) -> Result<(), Error> {
    use ValType::{F32, F64, I32, I64};
    let prints: [(&str, &[ValType]); 7] = [
        ("print", &[]),
        ("print_i32", &[I32]),
        ("print_i64", &[I64]),
        ("print_f32", &[F32]),
        ("print_f64", &[F64]),
        ("print_i32_f32", &[I32, F32]),
        ("print_f64_f64", &[F64, F64]),
    ];
    for (name, params) in prints {
        let ty = FuncType::new(params.iter().copied(), []);
        let func = Func::new(&mut *store, ty, |_caller, _params, _results| Ok(()));
        linker.define("spectest", name, func)?;
    }

    let globals = [
        ("global_i32", Val::I32(666)),
        ("global_i64", Val::I64(666)),
        ("global_f32", Val::f32(666.6)),
        ("global_f64", Val::f64(666.6)),
    ];
    for (name, value) in globals {
        let global =
            Global::new(&mut *store, GlobalType::new(value.ty(), Mutability::Const), value)?;
        linker.define("spectest", name, global)?;
    }

    let table = Table::new(
        &mut *store,
        TableType::new(RefType::FuncRef, 10, Some(20)),
        Val::FuncRef(None),
    )?;
    linker.define("spectest", "table", table)?;
    let memory = Memory::new(&mut *store, MemoryType::new(1, Some(2)))?;
    linker.define("spectest", "memory", memory)?;
    Ok(())
}
