//! Typed host closures: conversion of `Fn(A1, .., An) -> R` and `Fn(Caller, A1, .., An) -> R` to
//! the store's dynamic [`HostFn`] form, for `n` up to 12.

use super::Caller;
use crate::error::Error;
use crate::store::HostFn;
use crate::typed_func::{WasmResults, WasmTy};
use crate::types::{FuncType, ValType};
use crate::values::Val;
use std::sync::Arc;

/// A closure usable as a host function with [`Func::wrap`](crate::Func::wrap) and
/// [`Linker::func_wrap`](crate::Linker::func_wrap). `Params` is the tuple of its parameter types
/// (with a leading [`Caller`] if it takes one) and `Results` its return type.
pub trait IntoFunc<T, Params, Results>: Send + Sync + 'static {
    /// The signature and the dynamic form of the closure.
    #[doc(hidden)]
    fn into_host(self) -> (FuncType, HostFn<T>);
}

/// What a typed host closure may return: nothing, one value, a tuple of values, or a `Result` of
/// those (an `Err` becomes the error of the call).
pub trait WasmRet {
    /// The result types.
    #[doc(hidden)]
    fn result_types() -> Vec<ValType>;

    /// Writes the results into `out` (of length `result_types().len()`).
    #[doc(hidden)]
    fn write_results(self, out: &mut [Val]) -> Result<(), Error>;
}

impl<R: WasmResults> WasmRet for R {
    fn result_types() -> Vec<ValType> {
        R::types()
    }

    fn write_results(self, out: &mut [Val]) -> Result<(), Error> {
        self.write_vals(out);
        Ok(())
    }
}

impl<R: WasmResults> WasmRet for Result<R, Error> {
    fn result_types() -> Vec<ValType> {
        R::types()
    }

    fn write_results(self, out: &mut [Val]) -> Result<(), Error> {
        self?.write_vals(out);
        Ok(())
    }
}

/// Parameter `i` as an `A`. Callers check parameters against the signature before calling a
/// host function, so a mismatch here is an engine bug; it still fails cleanly.
fn param<A: WasmTy>(params: &[Val], i: usize) -> Result<A, Error> {
    params
        .get(i)
        .and_then(|&v| A::from_val(v))
        .ok_or_else(|| Error::host(format!("host function parameter {i} has the wrong type")))
}

macro_rules! impl_into_func {
    ($($arg:ident)*) => {
        #[allow(non_snake_case, unused_mut, unused_variables, unused_assignments)]
        impl<T, F, $($arg,)* R> IntoFunc<T, ($($arg,)*), R> for F
        where
            F: Fn($($arg),*) -> R + Send + Sync + 'static,
            $($arg: WasmTy,)*
            R: WasmRet,
        {
            fn into_host(self) -> (FuncType, HostFn<T>) {
                let ty = FuncType::new([$($arg::valtype()),*], R::result_types());
                let host = move |_: Caller<'_, T>, params: &[Val], results: &mut [Val]| {
                    let mut i = 0;
                    $(let $arg = param::<$arg>(params, i)?; i += 1;)*
                    (self)($($arg),*).write_results(results)
                };
                (ty, Arc::new(host))
            }
        }

        #[allow(non_snake_case, unused_mut, unused_variables, unused_assignments)]
        impl<T, F, $($arg,)* R> IntoFunc<T, (Caller<'_, T>, $($arg,)*), R> for F
        where
            F: Fn(Caller<'_, T>, $($arg),*) -> R + Send + Sync + 'static,
            $($arg: WasmTy,)*
            R: WasmRet,
        {
            fn into_host(self) -> (FuncType, HostFn<T>) {
                let ty = FuncType::new([$($arg::valtype()),*], R::result_types());
                let host = move |caller: Caller<'_, T>, params: &[Val], results: &mut [Val]| {
                    let mut i = 0;
                    $(let $arg = param::<$arg>(params, i)?; i += 1;)*
                    (self)(caller, $($arg),*).write_results(results)
                };
                (ty, Arc::new(host))
            }
        }
    };
}

impl_into_func!();
impl_into_func!(A1);
impl_into_func!(A1 A2);
impl_into_func!(A1 A2 A3);
impl_into_func!(A1 A2 A3 A4);
impl_into_func!(A1 A2 A3 A4 A5);
impl_into_func!(A1 A2 A3 A4 A5 A6);
impl_into_func!(A1 A2 A3 A4 A5 A6 A7);
impl_into_func!(A1 A2 A3 A4 A5 A6 A7 A8);
impl_into_func!(A1 A2 A3 A4 A5 A6 A7 A8 A9);
impl_into_func!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10);
impl_into_func!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11);
impl_into_func!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12);
