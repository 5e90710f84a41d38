//! Writes the merged module from the inputs and the [`Plan`]: every section in canonical order,
//! each input's content re-encoded through its [`Remap`], plus the synthesized start function
//! that replays instantiation in input order.

use super::MergeError;
use super::inputs::{Input, SPACES, Space};
use super::resolve::{Plan, Remap};
use std::borrow::Cow;
use wasm_encoder::reencode::Reencode;
use wasm_encoder::{
    CodeSection, ConstExpr, DataCountSection, DataSection, ElementSection, Elements, Encode,
    ExportSection, Function, FunctionSection, GlobalSection, ImportSection, Instruction,
    MemorySection, Module, StartSection, TableSection, TagSection,
};
use wasmparser::{DataKind, ElementItems, ElementKind, Operator, TableInit};

/// Constant expressions in the output. A `global.get` of a defined global (one that was an
/// import resolved from another input) gets that global's initializer inlined: the global is
/// immutable, so the value is the same, and Wasm 2.0 allows only imported globals there.
struct Consts {
    imported: u32,
    /// Initializer of each defined output global, without its `end`.
    inits: Vec<Vec<u8>>,
}

impl Consts {
    fn bytes(
        &self,
        remap: &mut Remap<'_>,
        expr: &wasmparser::ConstExpr<'_>,
    ) -> Result<Vec<u8>, MergeError> {
        let mut bytes = Vec::new();
        let mut reader = expr.get_operators_reader();
        loop {
            match reader.read()? {
                Operator::End => return Ok(bytes),
                Operator::GlobalGet { global_index } => {
                    let global = remap.global_index(global_index)?;
                    match global.checked_sub(self.imported) {
                        Some(defined) => bytes.extend_from_slice(&self.inits[defined as usize]),
                        None => Instruction::GlobalGet(global).encode(&mut bytes),
                    }
                }
                op => remap.instruction(op)?.encode(&mut bytes),
            }
        }
    }

    fn expr(
        &self,
        remap: &mut Remap<'_>,
        expr: &wasmparser::ConstExpr<'_>,
    ) -> Result<ConstExpr, MergeError> {
        Ok(ConstExpr::raw(self.bytes(remap, expr)?))
    }
}

fn remap<'m>(plan: &'m Plan, i: usize) -> Remap<'m> {
    Remap {
        types: &plan.type_maps[i],
        spaces: &plan.maps[i],
        elem_base: plan.elem_bases[i],
        data_base: plan.data_bases[i],
    }
}

/// The merged module's bytes (not yet validated).
pub(crate) fn emit(inputs: &[Input<'_>], plan: &Plan) -> Result<Vec<u8>, MergeError> {
    let mut module = Module::new();
    module.section(&plan.types);

    let mut imports = ImportSection::new();
    for (module, name, ty) in &plan.imports {
        imports.import(module, name, *ty);
    }
    if !imports.is_empty() {
        module.section(&imports);
    }

    let mut functions = FunctionSection::new();
    let mut function_count = plan.imported[Space::Func as usize];
    for (i, input) in inputs.iter().enumerate() {
        for &ty in &input.func_types[input.imported[Space::Func as usize] as usize..] {
            functions.function(remap(plan, i).type_index(ty)?);
            function_count += 1;
        }
    }
    let init_function = plan.init_type.map(|ty| {
        functions.function(ty);
        function_count
    });
    if !functions.is_empty() {
        module.section(&functions);
    }

    let mut consts = Consts { imported: plan.imported[Space::Global as usize], inits: Vec::new() };
    let (mut tables, mut memories, mut tags) =
        (TableSection::new(), MemorySection::new(), TagSection::new());
    let mut globals = GlobalSection::new();
    for (i, input) in inputs.iter().enumerate() {
        let mut remap = remap(plan, i);
        for table in &input.tables {
            let ty = remap.table_type(table.ty)?;
            match &table.init {
                TableInit::RefNull => tables.table(ty),
                TableInit::Expr(e) => tables.table_with_init(ty, &consts.expr(&mut remap, e)?),
            };
        }
        for &ty in &input.memory_types[input.imported[Space::Memory as usize] as usize..] {
            memories.memory(remap.memory_type(ty)?);
        }
        for &ty in &input.tag_types[input.imported[Space::Tag as usize] as usize..] {
            tags.tag(remap.tag_type(ty)?);
        }
        for global in &input.globals {
            let init = consts.bytes(&mut remap, &global.init_expr)?;
            globals.global(remap.global_type(global.ty)?, &ConstExpr::raw(init.iter().copied()));
            consts.inits.push(init);
        }
    }
    if !tables.is_empty() {
        module.section(&tables);
    }
    if !memories.is_empty() {
        module.section(&memories);
    }
    if !tags.is_empty() {
        module.section(&tags);
    }
    if !globals.is_empty() {
        module.section(&globals);
    }

    let mut exports = ExportSection::new();
    for (name, kind, index) in &plan.exports {
        exports.export(name, *kind, *index);
    }
    if !exports.is_empty() {
        module.section(&exports);
    }

    let start = match init_function {
        Some(f) => Some(f),
        None => match inputs.iter().enumerate().find_map(|(i, x)| x.start.map(|s| (i, s))) {
            Some((i, s)) => Some(remap(plan, i).function_index(s)?),
            None => None,
        },
    };
    if let Some(function_index) = start {
        module.section(&StartSection { function_index });
    }

    let convert = init_function.is_some();
    let mut init = Function::new([]);
    let mut elements = ElementSection::new();
    let mut data = DataSection::new();
    for (i, input) in inputs.iter().enumerate() {
        let mut remap = remap(plan, i);
        for (k, element) in input.elements.iter().enumerate() {
            let (items, count) = element_items(&consts, &mut remap, &element.items)?;
            match &element.kind {
                ElementKind::Passive => elements.passive(items),
                ElementKind::Declared => elements.declared(items),
                ElementKind::Active { table_index, offset_expr } => {
                    let table = remap.table_index(table_index.unwrap_or(0))?;
                    let offset = consts.bytes(&mut remap, offset_expr)?;
                    if convert {
                        let elem_index = remap.element_index(k as u32)?;
                        init.raw(offset);
                        init.instruction(&Instruction::I32Const(0));
                        init.instruction(&Instruction::I32Const(count as i32));
                        init.instruction(&Instruction::TableInit { elem_index, table });
                        init.instruction(&Instruction::ElemDrop(elem_index));
                        elements.passive(items)
                    } else {
                        elements.active(Some(table), &ConstExpr::raw(offset), items)
                    }
                }
            };
        }
        for (k, datum) in input.data.iter().enumerate() {
            match &datum.kind {
                DataKind::Passive => data.passive(datum.data.iter().copied()),
                DataKind::Active { memory_index, offset_expr } => {
                    let mem = remap.memory_index(*memory_index)?;
                    let offset = consts.bytes(&mut remap, offset_expr)?;
                    if convert {
                        let data_index = remap.data_index(k as u32)?;
                        init.raw(offset);
                        init.instruction(&Instruction::I32Const(0));
                        init.instruction(&Instruction::I32Const(datum.data.len() as i32));
                        init.instruction(&Instruction::MemoryInit { mem, data_index });
                        init.instruction(&Instruction::DataDrop(data_index));
                        data.passive(datum.data.iter().copied())
                    } else {
                        data.active(mem, &ConstExpr::raw(offset), datum.data.iter().copied())
                    }
                }
            };
        }
        if let Some(start) = input.start {
            init.instruction(&Instruction::Call(remap.function_index(start)?));
        }
    }
    init.instruction(&Instruction::End);
    if !elements.is_empty() {
        module.section(&elements);
    }
    if !data.is_empty() {
        module.section(&DataCountSection { count: data.len() });
    }

    let mut code = CodeSection::new();
    for (i, input) in inputs.iter().enumerate() {
        let mut remap = remap(plan, i);
        for body in &input.code {
            remap.parse_function_body(&mut code, body.clone())?;
        }
    }
    if init_function.is_some() {
        code.function(&init);
    }
    if !code.is_empty() {
        module.section(&code);
    }
    if !data.is_empty() {
        module.section(&data);
    }

    let counts = SPACES.map(|space| {
        plan.imported[space as usize]
            + inputs.iter().map(|x| x.count(space) - x.imported[space as usize]).sum::<u32>()
    });
    if let Some(names) = super::names::name_section(inputs, plan, init_function)? {
        module.section(&names);
    }
    module.section(&super::provenance::section(inputs, plan, counts, init_function));
    Ok(module.finish())
}

/// An element segment's items in output indices, and how many there are.
fn element_items<'a>(
    consts: &Consts,
    remap: &mut Remap<'_>,
    items: &ElementItems<'a>,
) -> Result<(Elements<'a>, u32), MergeError> {
    Ok(match items.clone() {
        ElementItems::Functions(reader) => {
            let mut list = Vec::new();
            for f in reader {
                list.push(remap.function_index(f?)?);
            }
            let n = list.len() as u32;
            (Elements::Functions(Cow::Owned(list)), n)
        }
        ElementItems::Expressions(ty, reader) => {
            let mut list = Vec::new();
            for e in reader {
                list.push(consts.expr(remap, &e?)?);
            }
            let n = list.len() as u32;
            (Elements::Expressions(remap.ref_type(ty)?, Cow::Owned(list)), n)
        }
    })
}
