//! The translator as a [`VisitOperator`]: a decoder calls its method per operator, which calls
//! the operator's function in [`super::operators`] (no `Operator` value is built, nothing
//! matches on one).
//!
//! [`Validating`] pairs the translator with wasmparser's function validator for eager
//! translation: each method validates the operator, then translates it, so a body is decoded
//! once, by `module::visit_operators` (the common operators decoded there, the rest by
//! wasmparser). Lazy translation (bodies validated earlier) visits the translator alone through
//! wasmparser's `visit_operator`; `Module::new` validates those bodies in `module/validate.rs`.

use super::Translator;
use super::operators;
use crate::error::Error;
use crate::module::Visit;
use wasmparser::{
    BinaryReaderError, FrameKind, FrameStack, FuncValidator, ValidatorResources, VisitOperator,
    VisitSimdOperator,
};

/// What an operator does in unreachable code, where only the nesting of blocks is tracked.
#[derive(Clone, Copy)]
pub(super) enum Dead {
    Open,
    Else,
    End,
    Skip,
}

/// The [`Dead`] role of an operator by its name.
macro_rules! dead {
    (Block) => {
        Dead::Open
    };
    (Loop) => {
        Dead::Open
    };
    (If) => {
        Dead::Open
    };
    (Else) => {
        Dead::Else
    };
    (End) => {
        Dead::End
    };
    // Any other operator is skipped (the validator has checked it).
    ($op:ident) => {
        Dead::Skip
    };
}

impl Translator<'_> {
    /// Handles an operator in unreachable code.
    fn dead(&mut self, role: Dead) -> Result<(), Error> {
        match role {
            Dead::Open => self.open_dead(),
            Dead::Else => drop(self.dead_else_or_end(true)),
            Dead::End => drop(self.dead_else_or_end(false)),
            Dead::Skip => {}
        }
        Ok(())
    }
}

/// A method per operator: unreachable code aside, count it (fuel) and translate it.
macro_rules! define_visit {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
        $(
            #[inline]
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> Self::Output {
                if !self.reachable {
                    return self.dead(dead!($op));
                }
                self.count_operator();
                operators::$op(self $($(, $arg)*)?)
            }
        )*
    };
}

impl<'a> VisitOperator<'a> for Translator<'_> {
    type Output = Result<(), Error>;

    fn simd_visitor(&mut self) -> Option<&mut dyn VisitSimdOperator<'a, Output = Self::Output>> {
        Some(self)
    }

    wasmparser::for_each_visit_operator!(define_visit);
}

impl<'a> VisitSimdOperator<'a> for Translator<'_> {
    wasmparser::for_each_visit_simd_operator!(define_visit);
}

/// The translator behind wasmparser's validator: validation errors end the visit (the outer
/// error of `translate`); the first translation error is kept in `failed` while the rest of
/// the body is still validated, as a translation error is reported only for a valid module.
pub(super) struct Validating<'t, 'm, 'v> {
    pub(super) translator: &'t mut Translator<'m>,
    pub(super) validator: &'v mut FuncValidator<ValidatorResources>,
    /// The offset of the operator being visited (for validation errors).
    pub(super) offset: u64,
    pub(super) failed: Option<Error>,
}

/// A method per operator: validate, then translate unless translation failed already.
macro_rules! define_validating_visit {
    ($validator:ident, $trait:ident; $( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
        $(
            #[inline]
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> Self::Output {
                self.validator.$validator(self.offset).$visit($($($arg.clone()),*)?)?;
                if self.failed.is_none()
                    && let Err(e) = $trait::$visit(&mut *self.translator $($(, $arg)*)?)
                {
                    self.failed = Some(e);
                }
                Ok(())
            }
        )*
    };
}

macro_rules! define_validating_visit_core {
    ($($ops:tt)*) => { define_validating_visit!(visitor, VisitOperator; $($ops)*); };
}

macro_rules! define_validating_visit_simd {
    ($($ops:tt)*) => { define_validating_visit!(simd_visitor, VisitSimdOperator; $($ops)*); };
}

#[allow(clippy::clone_on_copy)]
impl<'a> VisitOperator<'a> for Validating<'_, '_, '_> {
    type Output = Result<(), BinaryReaderError>;

    fn simd_visitor(&mut self) -> Option<&mut dyn VisitSimdOperator<'a, Output = Self::Output>> {
        Some(self)
    }

    wasmparser::for_each_visit_operator!(define_validating_visit_core);
}

#[allow(clippy::clone_on_copy)]
impl<'a> VisitSimdOperator<'a> for Validating<'_, '_, '_> {
    wasmparser::for_each_visit_simd_operator!(define_validating_visit_simd);
}

impl Visit<'_> for Validating<'_, '_, '_> {
    fn set_offset(&mut self, offset: u64) {
        self.offset = offset;
    }
}

/// The reader asks for the innermost block (to decode `else`/`end` and to stop at the end of
/// the body): the validator's.
impl FrameStack for Validating<'_, '_, '_> {
    fn current_frame(&self) -> Option<FrameKind> {
        self.validator.get_control_frame(0).map(|frame| frame.kind)
    }
}
