//! The types of values and of the things a module imports and exports.

use std::fmt;
use std::sync::Arc;

/// The type of a WebAssembly value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit float.
    F32,
    /// 64-bit float.
    F64,
    /// 128-bit vector.
    V128,
    /// Nullable function reference.
    FuncRef,
    /// Nullable external reference.
    ExternRef,
}

impl ValType {
    /// Whether this is a reference type.
    pub fn is_ref(self) -> bool {
        matches!(self, Self::FuncRef | Self::ExternRef)
    }

    /// How many 64-bit frame cells a value of this type takes: two for `v128` (low half first),
    /// one for every other type.
    pub(crate) fn cells(self) -> usize {
        if self == Self::V128 { 2 } else { 1 }
    }

    pub(crate) fn from_wasmparser(ty: wasmparser::ValType) -> Option<Self> {
        use wasmparser::ValType as V;
        Some(match ty {
            V::I32 => Self::I32,
            V::I64 => Self::I64,
            V::F32 => Self::F32,
            V::F64 => Self::F64,
            V::V128 => Self::V128,
            V::Ref(r) => RefType::from_wasmparser(r)?.into(),
        })
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::I32 => "i32",
            Self::I64 => "i64",
            Self::F32 => "f32",
            Self::F64 => "f64",
            Self::V128 => "v128",
            Self::FuncRef => "funcref",
            Self::ExternRef => "externref",
        })
    }
}

/// The type of a reference: the element type of tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefType {
    /// `funcref`
    FuncRef,
    /// `externref`
    ExternRef,
}

impl RefType {
    pub(crate) fn from_wasmparser(ty: wasmparser::RefType) -> Option<Self> {
        if ty == wasmparser::RefType::FUNCREF {
            Some(Self::FuncRef)
        } else if ty == wasmparser::RefType::EXTERNREF {
            Some(Self::ExternRef)
        } else {
            None
        }
    }
}

impl From<RefType> for ValType {
    fn from(ty: RefType) -> Self {
        match ty {
            RefType::FuncRef => ValType::FuncRef,
            RefType::ExternRef => ValType::ExternRef,
        }
    }
}

/// A function signature.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct FuncType {
    params_results: Arc<[ValType]>,
    num_params: usize,
}

impl FuncType {
    /// A signature from parameter and result types.
    pub fn new(
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> Self {
        let mut all: Vec<ValType> = params.into_iter().collect();
        let num_params = all.len();
        all.extend(results);
        Self { params_results: all.into(), num_params }
    }

    /// The parameter types.
    pub fn params(&self) -> &[ValType] {
        &self.params_results[..self.num_params]
    }

    /// The result types.
    pub fn results(&self) -> &[ValType] {
        &self.params_results[self.num_params..]
    }
}

impl fmt::Debug for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(func")?;
        for (group, tys) in [("param", self.params()), ("result", self.results())] {
            if !tys.is_empty() {
                write!(f, " ({group}")?;
                for ty in tys {
                    write!(f, " {ty}")?;
                }
                f.write_str(")")?;
            }
        }
        f.write_str(")")
    }
}

/// The type of a linear memory: limits in pages and the address type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MemoryType {
    minimum: u64,
    maximum: Option<u64>,
    memory64: bool,
    page_size_log2: u8,
}

impl MemoryType {
    /// A 32-bit memory with the given limits in 64 KiB pages.
    pub fn new(minimum: u32, maximum: Option<u32>) -> Self {
        Self {
            minimum: minimum.into(),
            maximum: maximum.map(u64::from),
            memory64: false,
            page_size_log2: 16,
        }
    }

    /// A 64-bit memory (memory64) with the given limits in pages.
    pub fn new64(minimum: u64, maximum: Option<u64>) -> Self {
        Self { minimum, maximum, memory64: true, page_size_log2: 16 }
    }

    /// This type with pages of `1 << log2` bytes (custom page sizes: `log2` is 0 or 16; limits
    /// stay in pages). [`Memory::new`](crate::Memory::new) rejects other sizes.
    ///
    /// ```
    /// use polymem::MemoryType;
    /// let bytes = MemoryType::new(100, Some(200)).with_page_size_log2(0);
    /// assert_eq!((bytes.page_size(), bytes.absolute_max_pages()), (1, 1 << 32));
    /// ```
    pub fn with_page_size_log2(self, log2: u8) -> Self {
        Self { page_size_log2: log2, ..self }
    }

    /// The minimum size in pages.
    pub fn minimum(&self) -> u64 {
        self.minimum
    }

    /// The maximum size in pages, if any.
    pub fn maximum(&self) -> Option<u64> {
        self.maximum
    }

    /// Whether addresses are 64-bit.
    pub fn is_64(&self) -> bool {
        self.memory64
    }

    /// The page size in bytes (65536 unless custom page sizes are used).
    pub fn page_size(&self) -> u64 {
        1u64.checked_shl(self.page_size_log2.into()).unwrap_or(0)
    }

    /// The largest number of pages the address type allows: 2^32 bytes' worth for a 32-bit
    /// memory, 2^64 bytes' worth for a 64-bit one (2^48 pages of 64 KiB), except that a page
    /// count is a u64 (2^64 - 1 pages of 1 byte).
    pub fn absolute_max_pages(&self) -> u64 {
        if self.memory64 {
            match self.page_size_log2 {
                0 => u64::MAX,
                log2 => 1 << (64 - log2.min(63) as u32),
            }
        } else {
            1 << (32 - self.page_size_log2.min(32) as u32)
        }
    }

    pub(crate) fn from_wasmparser(ty: &wasmparser::MemoryType) -> Self {
        Self {
            minimum: ty.initial,
            maximum: ty.maximum,
            memory64: ty.memory64,
            page_size_log2: ty.page_size_log2.map_or(16, |p| p as u8),
        }
    }

    /// Whether a memory of this type can be imported where `wanted` is declared (import subtyping).
    pub fn matches(&self, wanted: &MemoryType) -> bool {
        self.memory64 == wanted.memory64
            && self.page_size_log2 == wanted.page_size_log2
            && limits_match(self.minimum, self.maximum, wanted.minimum, wanted.maximum)
    }
}

/// Import subtyping of limits: at least as large a minimum, at most as large a maximum.
pub(crate) fn limits_match(
    min: u64,
    max: Option<u64>,
    want_min: u64,
    want_max: Option<u64>,
) -> bool {
    min >= want_min
        && match (max, want_max) {
            (_, None) => true,
            (Some(max), Some(want_max)) => max <= want_max,
            (None, Some(_)) => false,
        }
}

/// The type of a table: element type, limits in elements and the index type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TableType {
    element: RefType,
    minimum: u64,
    maximum: Option<u64>,
    table64: bool,
}

impl TableType {
    /// A table type with 32-bit indices.
    pub fn new(element: RefType, minimum: u32, maximum: Option<u32>) -> Self {
        Self { element, minimum: minimum.into(), maximum: maximum.map(u64::from), table64: false }
    }

    /// A table type with 64-bit indices (table64, part of memory64).
    pub fn new64(element: RefType, minimum: u64, maximum: Option<u64>) -> Self {
        Self { element, minimum, maximum, table64: true }
    }

    /// Whether indices are 64-bit.
    pub fn is_64(&self) -> bool {
        self.table64
    }

    /// The element type.
    pub fn element(&self) -> RefType {
        self.element
    }

    /// The minimum number of elements.
    pub fn minimum(&self) -> u64 {
        self.minimum
    }

    /// The maximum number of elements, if any.
    pub fn maximum(&self) -> Option<u64> {
        self.maximum
    }

    pub(crate) fn from_wasmparser(ty: &wasmparser::TableType) -> Option<Self> {
        Some(Self {
            element: RefType::from_wasmparser(ty.element_type)?,
            minimum: ty.initial,
            maximum: ty.maximum,
            table64: ty.table64,
        })
    }

    /// Whether a table of this type can be imported where `wanted` is declared.
    pub fn matches(&self, wanted: &TableType) -> bool {
        self.element == wanted.element
            && self.table64 == wanted.table64
            && limits_match(self.minimum, self.maximum, wanted.minimum, wanted.maximum)
    }
}

/// Whether a global can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mutability {
    /// Immutable.
    Const,
    /// Mutable.
    Var,
}

/// The type of a global.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GlobalType {
    content: ValType,
    mutability: Mutability,
}

impl GlobalType {
    /// A global type.
    pub fn new(content: ValType, mutability: Mutability) -> Self {
        Self { content, mutability }
    }

    /// The value type.
    pub fn content(&self) -> ValType {
        self.content
    }

    /// Whether it is mutable.
    pub fn mutability(&self) -> Mutability {
        self.mutability
    }
}

/// The type of an import or export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternType {
    /// A function.
    Func(FuncType),
    /// A table.
    Table(TableType),
    /// A memory.
    Memory(MemoryType),
    /// A global.
    Global(GlobalType),
}

/// One import of a module.
#[derive(Debug, Clone)]
pub struct ImportType<'m> {
    pub(crate) module: &'m str,
    pub(crate) name: &'m str,
    pub(crate) ty: ExternType,
}

impl ImportType<'_> {
    /// The module name.
    pub fn module(&self) -> &str {
        self.module
    }
    /// The field name.
    pub fn name(&self) -> &str {
        self.name
    }
    /// The expected type.
    pub fn ty(&self) -> &ExternType {
        &self.ty
    }
}

/// One export of a module.
#[derive(Debug, Clone)]
pub struct ExportType<'m> {
    pub(crate) name: &'m str,
    pub(crate) ty: ExternType,
}

impl ExportType<'_> {
    /// The export name.
    pub fn name(&self) -> &str {
        self.name
    }
    /// The exported item's type.
    pub fn ty(&self) -> &ExternType {
        &self.ty
    }
}
