//! One input module, read once into its sections (after validation), with the declared type of
//! every entity in each index space, imported ones first.

use wasmparser::{
    BinaryReaderError, Data, Element, Export, FunctionBody, Global, GlobalType, Import,
    KnownCustom, MemoryType, NameSectionReader, Parser, Payload, RecGroup, Table, TableType,
    TagType, TypeRef,
};

/// The five index spaces that imports and exports name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Space {
    Func = 0,
    Table = 1,
    Memory = 2,
    Global = 3,
    Tag = 4,
}

pub(crate) const SPACES: [Space; 5] =
    [Space::Func, Space::Table, Space::Memory, Space::Global, Space::Tag];

impl Space {
    pub(crate) fn of_import(ty: &TypeRef) -> Self {
        match ty {
            TypeRef::Func(_) | TypeRef::FuncExact(_) => Self::Func,
            TypeRef::Table(_) => Self::Table,
            TypeRef::Memory(_) => Self::Memory,
            TypeRef::Global(_) => Self::Global,
            TypeRef::Tag(_) => Self::Tag,
        }
    }

    pub(crate) fn of_export(kind: wasmparser::ExternalKind) -> Self {
        use wasmparser::ExternalKind as K;
        match kind {
            K::Func | K::FuncExact => Self::Func,
            K::Table => Self::Table,
            K::Memory => Self::Memory,
            K::Global => Self::Global,
            K::Tag => Self::Tag,
        }
    }

    pub(crate) fn noun(self) -> &'static str {
        ["function", "table", "memory", "global", "tag"][self as usize]
    }
}

/// An input's sections. Entity types are in the input's own index spaces.
#[derive(Default)]
pub(crate) struct Input<'a> {
    pub name: &'a str,
    pub types: Vec<RecGroup>,
    /// Types declared by the type section, counted (a recursion group holds several).
    pub type_count: u32,
    pub imports: Vec<Import<'a>>,
    /// Type index of every function, imported first.
    pub func_types: Vec<u32>,
    pub table_types: Vec<TableType>,
    pub memory_types: Vec<MemoryType>,
    pub global_types: Vec<GlobalType>,
    pub tag_types: Vec<TagType>,
    /// How many entities of each space are imported.
    pub imported: [u32; 5],
    pub tables: Vec<Table<'a>>,
    pub globals: Vec<Global<'a>>,
    pub exports: Vec<Export<'a>>,
    pub start: Option<u32>,
    pub elements: Vec<Element<'a>>,
    pub code: Vec<FunctionBody<'a>>,
    pub data: Vec<Data<'a>>,
    pub names: Option<NameSectionReader<'a>>,
}

impl<'a> Input<'a> {
    /// Reads a module that has already been validated.
    pub(crate) fn parse(name: &'a str, wasm: &'a [u8]) -> Result<Self, BinaryReaderError> {
        let mut input = Input { name, ..Input::default() };
        for payload in Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::TypeSection(reader) => {
                    for group in reader {
                        let group = group?;
                        input.type_count += group.types().len() as u32;
                        input.types.push(group);
                    }
                }
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        let import = import?;
                        input.declare(import.ty);
                        input.imported[Space::of_import(&import.ty) as usize] += 1;
                        input.imports.push(import);
                    }
                }
                Payload::FunctionSection(reader) => {
                    for ty in reader {
                        input.func_types.push(ty?);
                    }
                }
                Payload::TableSection(reader) => {
                    for table in reader {
                        let table = table?;
                        input.table_types.push(table.ty);
                        input.tables.push(table);
                    }
                }
                Payload::MemorySection(reader) => {
                    for memory in reader {
                        input.memory_types.push(memory?);
                    }
                }
                Payload::TagSection(reader) => {
                    for tag in reader {
                        input.tag_types.push(tag?);
                    }
                }
                Payload::GlobalSection(reader) => {
                    for global in reader {
                        let global = global?;
                        input.global_types.push(global.ty);
                        input.globals.push(global);
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader {
                        input.exports.push(export?);
                    }
                }
                Payload::StartSection { func, .. } => input.start = Some(func),
                Payload::ElementSection(reader) => {
                    for element in reader {
                        input.elements.push(element?);
                    }
                }
                Payload::CodeSectionEntry(body) => input.code.push(body),
                Payload::DataSection(reader) => {
                    for data in reader {
                        input.data.push(data?);
                    }
                }
                Payload::CustomSection(reader) => {
                    if let KnownCustom::Name(names) = reader.as_known() {
                        input.names = Some(names);
                    }
                }
                _ => {}
            }
        }
        Ok(input)
    }

    fn declare(&mut self, ty: TypeRef) {
        match ty {
            TypeRef::Func(t) | TypeRef::FuncExact(t) => self.func_types.push(t),
            TypeRef::Table(t) => self.table_types.push(t),
            TypeRef::Memory(t) => self.memory_types.push(t),
            TypeRef::Global(t) => self.global_types.push(t),
            TypeRef::Tag(t) => self.tag_types.push(t),
        }
    }

    /// Entities of `space`, imported and defined.
    pub(crate) fn count(&self, space: Space) -> u32 {
        (match space {
            Space::Func => self.func_types.len(),
            Space::Table => self.table_types.len(),
            Space::Memory => self.memory_types.len(),
            Space::Global => self.global_types.len(),
            Space::Tag => self.tag_types.len(),
        }) as u32
    }

    /// Whether instantiating this input does anything besides allocating: active segments or
    /// a start function.
    pub(crate) fn initializes(&self) -> bool {
        self.start.is_some()
            || self
                .elements
                .iter()
                .any(|e| matches!(e.kind, wasmparser::ElementKind::Active { .. }))
            || self.data.iter().any(|d| matches!(d.kind, wasmparser::DataKind::Active { .. }))
    }
}
