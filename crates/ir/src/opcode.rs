//! Opcodes as constants, and tables indexed by them that answer the translator's most frequent
//! questions without the match over every row: most instructions are not branches, so
//! [`Instr::branch_target_mut`] looks in a table first (a pass over a function's code asks every
//! instruction), and [`Instr::into_acc`] (asked for every instruction after a producer) too.

use crate::{Instr, Slot};

/// `true` for a row with a `target` field.
macro_rules! has_target {
    (target $($rest:ident)*) => { true };
    ($f:ident $($rest:ident)*) => { has_target!($($rest)*) };
    () => { false };
}

/// `true` for a row with an `acc(..)` marker.
macro_rules! has_acc {
    ([acc $args:tt $($rest:tt)*]) => { true };
    ([$m:ident $args:tt $($rest:tt)*]) => { has_acc!([$($rest)*]) };
    ([]) => { false };
}

macro_rules! define_opcodes {
    ($(
        $(#[$meta:meta])*
        $V:ident { $($f:ident: $T:ident),* } => $kind:ident $(($($arg:tt)*))? $(, $marker:ident $margs:tt)* ;
    )*) => {
        /// Every instruction's opcode as a constant (the variants of [`Instr`] in the same order:
        /// the same rows).
        #[derive(Clone, Copy)]
        #[repr(u16)]
        pub(crate) enum Opcode {
            $( $V, )*
        }

        /// Every [`Opcode`], by opcode.
        pub(crate) const OPS: [Opcode; Instr::COUNT] = [$( Opcode::$V, )*];

        /// Per opcode: the instruction has a branch target.
        const HAS_TARGET: [bool; Instr::COUNT] = [$( has_target!($($f)*), )*];

        /// Per opcode: the instruction has an accumulator form.
        const HAS_ACC: [bool; Instr::COUNT] = [$( has_acc!([$($marker $margs)*]), )*];

        impl Instr {
            /// This instruction's opcode: its discriminant, below [`Instr::COUNT`] (the index of
            /// tables by opcode; a generated match, which LLVM folds into the load of the
            /// discriminant, and `const`, so that tables are built at compile time).
            #[inline]
            pub const fn opcode(&self) -> usize {
                match self {
                    $( Self::$V { .. } => Opcode::$V as usize, )*
                }
            }
        }
    };
}

crate::for_each_instr!(define_opcodes);

impl Instr {
    /// The branch target of a jump instruction, for patching forward branches.
    #[inline]
    pub fn branch_target_mut(&mut self) -> Option<&mut u32> {
        if !HAS_TARGET[self.opcode()] {
            return None;
        }
        self.target_field_mut()
    }

    /// This instruction in its accumulator form (`acc(..)` marker) reading `slot` from the
    /// accumulator, if `slot` is the operand that form reads there (`input`, `lhs`, a load's
    /// `addr`, a store's `value`; for a commutative operator also `rhs`: the operands swap). The
    /// caller checks that the instruction just before left `slot`'s value in the accumulator.
    #[inline]
    pub fn into_acc(self, slot: Slot) -> Option<Instr> {
        if !HAS_ACC[self.opcode()] {
            return None;
        }
        self.acc_form(slot)
    }

    /// The branch target of a jump instruction.
    #[inline]
    pub fn branch_target(&self) -> Option<u32> {
        if !HAS_TARGET[self.opcode()] {
            return None;
        }
        self.target_field()
    }
}
