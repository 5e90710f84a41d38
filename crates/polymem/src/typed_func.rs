//! Statically typed calls: [`TypedFunc`] and the traits mapping Rust types to Wasm values.

use crate::error::Error;
use crate::func::Func;
use crate::store::AsContextMut;
use crate::types::ValType;
use crate::values::{ExternRef, V128, Val};
use std::fmt;
use std::marker::PhantomData;

/// The most values a parameter or result tuple may have.
const MAX_VALUES: usize = 16;

mod sealed {
    pub trait Sealed {}
}

/// A Rust type that is one WebAssembly value: `i32`, `i64`, `f32`, `f64`, [`V128`], `Option<Func>`
/// (`funcref`) or `Option<ExternRef>` (`externref`).
pub trait WasmTy: sealed::Sealed + Send + Sized + 'static {
    /// The value type.
    #[doc(hidden)]
    fn valtype() -> ValType;
    /// The value.
    #[doc(hidden)]
    fn into_val(self) -> Val;
    /// The Rust value, if `val` has this type.
    #[doc(hidden)]
    fn from_val(val: Val) -> Option<Self>;
}

macro_rules! impl_wasm_ty {
    ($($ty:ty => $valtype:ident, $into:expr, $from:pat => $out:expr;)*) => {$(
        impl sealed::Sealed for $ty {}
        impl WasmTy for $ty {
            fn valtype() -> ValType {
                ValType::$valtype
            }
            fn into_val(self) -> Val {
                ($into)(self)
            }
            fn from_val(val: Val) -> Option<Self> {
                match val {
                    $from => Some($out),
                    _ => None,
                }
            }
        }
    )*};
}

impl_wasm_ty! {
    i32 => I32, Val::I32, Val::I32(v) => v;
    i64 => I64, Val::I64, Val::I64(v) => v;
    f32 => F32, Val::f32, Val::F32(v) => f32::from_bits(v);
    f64 => F64, Val::f64, Val::F64(v) => f64::from_bits(v);
    V128 => V128, |v: V128| Val::V128(v.0), Val::V128(v) => V128(v);
    Option<Func> => FuncRef, Val::FuncRef, Val::FuncRef(v) => v;
    Option<ExternRef> => ExternRef, Val::ExternRef, Val::ExternRef(v) => v;
}

/// The parameters of a typed function: `()`, one [`WasmTy`], or a tuple of up to 16 of them.
pub trait WasmParams: Send + Sized + 'static {
    /// The number of values.
    #[doc(hidden)]
    const LEN: usize;
    /// The value types.
    #[doc(hidden)]
    fn types() -> Vec<ValType>;
    /// Writes the values into `out` (of length `LEN`).
    #[doc(hidden)]
    fn write_vals(self, out: &mut [Val]);
    /// The Rust values, if `vals` have the right types.
    #[doc(hidden)]
    fn from_vals(vals: &[Val]) -> Option<Self>;
}

/// The results of a typed function: the same types as [`WasmParams`].
pub trait WasmResults: WasmParams {}

impl<T: WasmParams> WasmResults for T {}

impl<A: WasmTy> WasmParams for A {
    const LEN: usize = 1;
    fn types() -> Vec<ValType> {
        vec![A::valtype()]
    }
    fn write_vals(self, out: &mut [Val]) {
        out[0] = self.into_val();
    }
    fn from_vals(vals: &[Val]) -> Option<Self> {
        match vals {
            [v] => A::from_val(*v),
            _ => None,
        }
    }
}

macro_rules! impl_wasm_params {
    ($n:literal $($arg:ident)*) => {
        #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments)]
        impl<$($arg: WasmTy),*> WasmParams for ($($arg,)*) {
            const LEN: usize = $n;
            fn types() -> Vec<ValType> {
                vec![$($arg::valtype()),*]
            }
            fn write_vals(self, out: &mut [Val]) {
                let ($($arg,)*) = self;
                let mut i = 0;
                $(out[i] = $arg.into_val(); i += 1;)*
            }
            fn from_vals(vals: &[Val]) -> Option<Self> {
                if vals.len() != $n {
                    return None;
                }
                let mut i = 0;
                $(let $arg = $arg::from_val(vals[i])?; i += 1;)*
                Some(($($arg,)*))
            }
        }
    };
}

impl_wasm_params!(0);
impl_wasm_params!(1 A1);
impl_wasm_params!(2 A1 A2);
impl_wasm_params!(3 A1 A2 A3);
impl_wasm_params!(4 A1 A2 A3 A4);
impl_wasm_params!(5 A1 A2 A3 A4 A5);
impl_wasm_params!(6 A1 A2 A3 A4 A5 A6);
impl_wasm_params!(7 A1 A2 A3 A4 A5 A6 A7);
impl_wasm_params!(8 A1 A2 A3 A4 A5 A6 A7 A8);
impl_wasm_params!(9 A1 A2 A3 A4 A5 A6 A7 A8 A9);
impl_wasm_params!(10 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10);
impl_wasm_params!(11 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11);
impl_wasm_params!(12 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12);
impl_wasm_params!(13 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13);
impl_wasm_params!(14 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14);
impl_wasm_params!(15 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14 A15);
impl_wasm_params!(16 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14 A15 A16);

/// A function whose signature was checked once (by [`Func::typed`]) to be `P -> R`.
pub struct TypedFunc<P, R> {
    func: Func,
    _signature: PhantomData<fn(P) -> R>,
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P, R> Copy for TypedFunc<P, R> {}

impl<P, R> fmt::Debug for TypedFunc<P, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedFunc").field("func", &self.func).finish()
    }
}

impl<P: WasmParams, R: WasmResults> TypedFunc<P, R> {
    /// Wraps a function whose type the caller has checked.
    pub(crate) fn new_unchecked(func: Func) -> Self {
        Self { func, _signature: PhantomData }
    }

    /// The untyped function.
    pub fn func(&self) -> Func {
        self.func
    }

    /// Calls the function.
    pub fn call(&self, mut store: impl AsContextMut, params: P) -> Result<R, Error> {
        let store = store.as_context_mut();
        let mut args = [Val::I32(0); MAX_VALUES];
        let args = &mut args[..P::LEN];
        params.write_vals(args);
        if let Some(i) = args.iter().position(|v| v.is_foreign(store.inner.id)) {
            return Err(Error::host(format!("parameter {i} is a reference of another store")));
        }
        let mut rets = [Val::I32(0); MAX_VALUES];
        let rets = &mut rets[..R::LEN];
        self.func.call_unchecked(store, args, rets)?;
        R::from_vals(rets)
            .ok_or_else(|| Error::host("the function returned values of the wrong types"))
    }
}
