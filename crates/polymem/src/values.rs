//! Runtime values and their 64-bit cell encoding.

use crate::func::Func;
use crate::store::{AsContext, AsContextMut, Stored};
use crate::types::{RefType, ValType};
use std::any::Any;

/// A WebAssembly value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Val {
    /// `i32`
    I32(i32),
    /// `i64`
    I64(i64),
    /// `f32`, as its bit pattern (NaN payloads are preserved).
    F32(u32),
    /// `f64`, as its bit pattern.
    F64(u64),
    /// `v128`
    V128(u128),
    /// `funcref`
    FuncRef(Option<Func>),
    /// `externref`
    ExternRef(Option<ExternRef>),
}

/// A `v128` as a Rust value, for [`TypedFunc`](crate::TypedFunc) signatures: lane 0 in the
/// least significant bits (the little-endian order of the value's bytes in memory).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct V128(pub u128);

/// Writes `vals` into consecutive cells from the start of `cells` (a `v128` takes two).
pub(crate) fn write_cells(vals: &[Val], cells: &mut [u64]) {
    let mut at = 0;
    for val in vals {
        let (parts, n) = val.to_cells();
        cells[at..at + n].copy_from_slice(&parts[..n]);
        at += n;
    }
}

/// Reads values of types `tys` from consecutive cells into `out`.
pub(crate) fn read_cells(tys: &[ValType], cells: &[u64], store: u32, out: &mut [Val]) {
    let mut at = 0;
    for (out, &ty) in out.iter_mut().zip(tys) {
        *out = match ty {
            ValType::V128 => Val::V128(cells[at] as u128 | (cells[at + 1] as u128) << 64),
            _ => Val::from_cell(ty, cells[at], store),
        };
        at += ty.cells();
    }
}

/// An opaque host reference, created with [`ExternRef::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExternRef(pub(crate) Stored);

impl ExternRef {
    /// A new reference to host data `value`, owned by the store until the store is dropped.
    pub fn new<T: Any + Send + Sync>(mut store: impl AsContextMut, value: T) -> Self {
        let inner = &mut store.as_context_mut().inner;
        inner.externrefs.push(Box::new(value));
        Self(inner.stored(inner.externrefs.len() - 1))
    }

    /// The host data this reference points to; downcast it with `downcast_ref`.
    ///
    /// # Panics
    ///
    /// If the reference belongs to another store.
    pub fn data<'a, S: AsContext + 'a>(&self, store: &'a S) -> &'a (dyn Any + Send + Sync) {
        let inner = &store.as_context().inner;
        &*inner.externrefs[inner.check(self.0)]
    }
}

impl Val {
    /// An `f32` value.
    pub fn f32(v: f32) -> Self {
        Self::F32(v.to_bits())
    }

    /// An `f64` value.
    pub fn f64(v: f64) -> Self {
        Self::F64(v.to_bits())
    }

    /// The type of this value.
    pub fn ty(&self) -> ValType {
        match self {
            Self::I32(_) => ValType::I32,
            Self::I64(_) => ValType::I64,
            Self::F32(_) => ValType::F32,
            Self::F64(_) => ValType::F64,
            Self::V128(_) => ValType::V128,
            Self::FuncRef(_) => ValType::FuncRef,
            Self::ExternRef(_) => ValType::ExternRef,
        }
    }

    /// The null reference of a reference type.
    pub fn null(ty: RefType) -> Self {
        match ty {
            RefType::FuncRef => Self::FuncRef(None),
            RefType::ExternRef => Self::ExternRef(None),
        }
    }

    /// The `i32`, if it is one.
    pub fn i32(&self) -> Option<i32> {
        if let Self::I32(v) = self { Some(*v) } else { None }
    }

    /// The `i64`, if it is one.
    pub fn i64(&self) -> Option<i64> {
        if let Self::I64(v) = self { Some(*v) } else { None }
    }

    /// The `f32`, if it is one.
    pub fn as_f32(&self) -> Option<f32> {
        if let Self::F32(v) = self { Some(f32::from_bits(*v)) } else { None }
    }

    /// The `f64`, if it is one.
    pub fn as_f64(&self) -> Option<f64> {
        if let Self::F64(v) = self { Some(f64::from_bits(*v)) } else { None }
    }

    /// The default (zero or null) value of a type.
    pub fn default_for(ty: ValType) -> Self {
        match ty {
            ValType::I32 => Self::I32(0),
            ValType::I64 => Self::I64(0),
            ValType::F32 => Self::F32(0),
            ValType::F64 => Self::F64(0),
            ValType::V128 => Self::V128(0),
            ValType::FuncRef => Self::FuncRef(None),
            ValType::ExternRef => Self::ExternRef(None),
        }
    }

    /// The value's cell (a `v128`'s low half). The caller has checked that handles belong to
    /// the store `store_id`.
    pub(crate) fn to_cell(self) -> u64 {
        match self {
            Self::I32(v) => v as u32 as u64,
            Self::I64(v) => v as u64,
            Self::F32(v) => v as u64,
            Self::F64(v) => v,
            Self::V128(v) => v as u64,
            Self::FuncRef(f) => f.map_or(0, |f| f.0.index as u64 + 1),
            Self::ExternRef(r) => r.map_or(0, |r| r.0.index as u64 + 1),
        }
    }

    /// The value's cells: one, or two for a `v128` (low half first).
    pub(crate) fn to_cells(self) -> ([u64; 2], usize) {
        match self {
            Self::V128(v) => ([v as u64, (v >> 64) as u64], 2),
            other => ([other.to_cell(), 0], 1),
        }
    }

    /// The value of a cell of type `ty` in store `store` (for a `v128`, its low half).
    pub(crate) fn from_cell(ty: ValType, cell: u64, store: u32) -> Self {
        let stored = |cell: u64| Stored { store, index: (cell - 1) as u32 };
        match ty {
            ValType::I32 => Self::I32(cell as u32 as i32),
            ValType::I64 => Self::I64(cell as i64),
            ValType::F32 => Self::F32(cell as u32),
            ValType::F64 => Self::F64(cell),
            ValType::V128 => Self::V128(u128::from(cell)),
            ValType::FuncRef => Self::FuncRef((cell != 0).then(|| Func(stored(cell)))),
            ValType::ExternRef => Self::ExternRef((cell != 0).then(|| ExternRef(stored(cell)))),
        }
    }

    /// Whether a handle inside this value belongs to another store.
    pub(crate) fn is_foreign(&self, store: u32) -> bool {
        match self {
            Self::FuncRef(Some(f)) => f.0.store != store,
            Self::ExternRef(Some(r)) => r.0.store != store,
            _ => false,
        }
    }
}

impl From<i32> for Val {
    fn from(v: i32) -> Self {
        Self::I32(v)
    }
}

impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Self::I64(v)
    }
}

impl From<f32> for Val {
    fn from(v: f32) -> Self {
        Self::f32(v)
    }
}

impl From<f64> for Val {
    fn from(v: f64) -> Self {
        Self::f64(v)
    }
}
