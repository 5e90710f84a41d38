//! The [`Instr`] enum and its visitors, generated from the rows of [`crate::for_each_instr!`]:
//! nothing here names an instruction, so a new row cannot be forgotten by any of them.
#![allow(missing_docs)] // fields are named by role; see `isa.rs`

use crate::{DefinedFuncIdx, FuncIdx, Slot};

/// A field of an instruction, as the slot visitor sees it: only [`Slot`]s are frame slots.
trait Field {
    fn visit_slot(&mut self, _visit: &mut impl FnMut(&mut Slot)) {}
}
impl Field for Slot {
    fn visit_slot(&mut self, visit: &mut impl FnMut(&mut Slot)) {
        visit(self)
    }
}
impl Field for u8 {}
impl Field for u16 {}
impl Field for i16 {}
impl Field for u32 {}
impl Field for i32 {}
impl Field for u64 {}
impl Field for FuncIdx {}
impl Field for DefinedFuncIdx {}

/// The field with role `$role` among `$name $binding` pairs (the name is matched, the binding
/// returned), or `None`.
macro_rules! role {
    (result; result $x:ident $($rest:ident)*) => { Some($x) };
    (target; target $x:ident $($rest:ident)*) => { Some($x) };
    (mem; mem $x:ident $($rest:ident)*) => { Some($x) };
    ($role:ident; $name:ident $x:ident $($rest:ident)*) => { role!($role; $($rest)*) };
    ($role:ident;) => { None };
}

/// The memory of a cold access, on a 32-bit or a 64-bit memory (the accesses the hot-memory
/// choice counts).
macro_rules! cold_access {
    (load $($f:ident)*) => { role!(mem; $($f $f)*) };
    (store $($f:ident)*) => { role!(mem; $($f $f)*) };
    (simd_load $($f:ident)*) => { role!(mem; $($f $f)*) };
    (simd_store $($f:ident)*) => { role!(mem; $($f $f)*) };
    (simd_load_lane $($f:ident)*) => { role!(mem; $($f $f)*) };
    (simd_store_lane $($f:ident)*) => { role!(mem; $($f $f)*) };
    (mem64 $($f:ident)*) => { role!(mem; $($f $f)*) };
    ($kind:ident $($f:ident)*) => { None };
}

/// The `value` of an `Acc` store: the slot whose value it read from the accumulator and left
/// there (the only `Acc` rows with a `value` field are stores).
macro_rules! acc_kept {
    (acc $($f:ident)*) => { kept_value!($($f $f)*) };
    ($kind:ident $($f:ident)*) => { None };
}

/// The slot of a row's `value` field, among `name binding` pairs.
macro_rules! kept_value {
    (value $x:ident $($rest:ident)*) => { Some(*$x) };
    ($name:ident $x:ident $($rest:ident)*) => { kept_value!($($rest)*) };
    () => { None };
}

/// `$instr` in the hot form named by a `hot(Name)` marker if its `mem` is `$hot`, or unchanged
/// (only the cold accesses carry the marker, and each has a `mem` field).
macro_rules! hot_form {
    ($instr:ident, $hot:ident, [hot($Hot:ident) $($rest:tt)*] { $($f:ident),* }) => {
        if role!(mem; $($f $f)*) == Some($hot) { Self::$Hot { $($f),* } } else { $instr }
    };
    ($instr:ident, $hot:ident, [$m:ident $args:tt $($rest:tt)*] { $($f:ident),* }) => {
        hot_form!($instr, $hot, [$($rest)*] { $($f),* })
    };
    ($instr:ident, $hot:ident, [] { $($f:ident),* }) => {
        $instr
    };
}

/// `$instr` in the 64-bit-memory form named by a `mem64(Name)` marker, or unchanged.
macro_rules! mem64_form {
    ([mem64($W:ident) $($rest:tt)*] $V:ident { $($f:ident),* }) => { Self::$W { $($f),* } };
    ([$m:ident $args:tt $($rest:tt)*] $V:ident { $($f:ident),* }) => {
        mem64_form!([$($rest)*] $V { $($f),* })
    };
    ([] $V:ident { $($f:ident),* }) => { Self::$V { $($f),* } };
}

/// `$instr` in the form named by a `to_acc(Name)` marker (its result left in the accumulator
/// alone), or `None`.
macro_rules! to_acc_form {
    ([to_acc($T:ident) $($rest:tt)*] $V:ident { $($f:ident),* }) => { Some(Self::$T { $($f),* }) };
    ([$m:ident $args:tt $($rest:tt)*] $V:ident { $($f:ident),* }) => {
        to_acc_form!([$($rest)*] $V { $($f),* })
    };
    ([] $V:ident { $($f:ident),* }) => {{
        $(let _ = $f;)*
        None
    }};
}

/// The compare-and-branch form named by a `fuse(Holds, Fails)` marker, built from the
/// comparison's operands (`result, lhs, rhs` or, for `eqz`, `result, input` against 0).
macro_rules! fuse_form {
    ($neg:ident, $target:ident, [fuse($P:ident, $N:ident) $($rest:tt)*] $r:ident, $l:ident, $rr:ident) => {{
        let _ = $r;
        Some(if $neg { Self::$N { lhs: $l, rhs: $rr, target: $target } }
             else { Self::$P { lhs: $l, rhs: $rr, target: $target } })
    }};
    ($neg:ident, $target:ident, [fuse($P:ident, $N:ident) $($rest:tt)*] $r:ident, $i:ident) => {{
        let _ = $r;
        Some(if $neg { Self::$N { lhs: $i, rhs: 0, target: $target } }
             else { Self::$P { lhs: $i, rhs: 0, target: $target } })
    }};
    ($neg:ident, $target:ident, [$m:ident $args:tt $($rest:tt)*] $($f:ident),*) => {
        fuse_form!($neg, $target, [$($rest)*] $($f),*)
    };
    ($neg:ident, $target:ident, [] $($f:ident),*) => {{
        $(let _ = $f;)*
        None
    }};
}

/// The accumulator form named by an `acc(Name, ..)` marker if operand `$slot` is the one it
/// reads from the accumulator, or with `commutative` its right one (the operands then swap).
macro_rules! acc_form {
    ($slot:ident, [acc($A:ident, swapped($R:ident)) $($rest:tt)*] { $($f:ident),* }) => {
        acc_operand!($slot, $A, [swapped $R]; $($f $f)*)
    };
    ($slot:ident, [acc($A:ident, commutative, square($S:ident)) $($rest:tt)*] { $($f:ident),* }) => {
        acc_operand!($slot, $A, [commutative square $S]; $($f $f)*)
    };
    ($slot:ident, [acc($A:ident $(, $c:ident)?) $($rest:tt)*] { $($f:ident),* }) => {
        acc_operand!($slot, $A, [$($c)?]; $($f $f)*)
    };
    ($slot:ident, [$m:ident $args:tt $($rest:tt)*] { $($f:ident),* }) => {
        acc_form!($slot, [$($rest)*] { $($f),* })
    };
    ($slot:ident, [] { $($f:ident),* }) => {{
        $(let _ = $f;)*
        None
    }};
}

/// [`acc_form!`] by the row's fields (`name binding` pairs): the operand from the accumulator
/// is `input` (unary), `lhs` (binary, compare-and-branch), `addr` (loads), `value` (stores) or
/// `cond` (`select`);
/// `rhs` too with `commutative` or `swapped` (its own row), both with `square`.
macro_rules! acc_operand {
    ($slot:ident, $A:ident, []; result $r:ident input $i:ident) => {
        ($i == $slot).then_some(Self::$A { $r, $i })
    };
    ($slot:ident, $A:ident, []; result $r:ident lhs $l:ident rhs $rr:ident) => {
        ($l == $slot).then_some(Self::$A { $r, $l, $rr })
    };
    // `commutative`: its own swapped form.
    ($slot:ident, $A:ident, [commutative]; result $r:ident lhs $l:ident rhs $rr:ident) => {
        acc_operand!($slot, $A, [swapped $A]; result $r lhs $l rhs $rr)
    };
    // `swapped`: the right operand from the accumulator is the left one of the swapped
    // operation (`x - y` is `f64_sub_rev(y, x)`).
    ($slot:ident, $A:ident, [swapped $R:ident]; result $r:ident lhs $l:ident rhs $rr:ident) => {
        if $l == $slot {
            Some(Self::$A { $r, $l, $rr })
        } else if $rr == $slot {
            Some(Self::$R { $r, $l: $rr, $rr: $l })
        } else {
            None
        }
    };
    // `square`: both operands the same slot, read once from the accumulator.
    ($slot:ident, $A:ident, [commutative square $S:ident]; result $r:ident lhs $l:ident rhs $rr:ident) => {
        if $l == $slot && $rr == $slot {
            Some(Self::$S { $r, input: $l })
        } else {
            acc_operand!($slot, $A, [commutative]; result $r lhs $l rhs $rr)
        }
    };
    ($slot:ident, $A:ident, []; lhs $l:ident rhs $rr:ident target $t:ident) => {
        ($l == $slot).then_some(Self::$A { $l, $rr, $t })
    };
    ($slot:ident, $A:ident, [commutative]; lhs $l:ident rhs $rr:ident target $t:ident) => {
        acc_operand!($slot, $A, [swapped $A]; lhs $l rhs $rr target $t)
    };
    ($slot:ident, $A:ident, [swapped $R:ident]; lhs $l:ident rhs $rr:ident target $t:ident) => {
        if $l == $slot {
            Some(Self::$A { $l, $rr, $t })
        } else if $rr == $slot {
            Some(Self::$R { $l: $rr, $rr: $l, $t })
        } else {
            None
        }
    };
    ($slot:ident, $A:ident, []; result $r:ident addr $a:ident mem $m:ident offset $o:ident) => {
        ($a == $slot).then_some(Self::$A { $r, $a, $m, $o })
    };
    ($slot:ident, $A:ident, []; addr $a:ident value $v:ident mem $m:ident offset $o:ident) => {
        ($v == $slot).then_some(Self::$A { $a, $v, $m, $o })
    };
    ($slot:ident, $A:ident, []; index $i:ident len $l:ident) => {
        ($i == $slot).then_some(Self::$A { $i, $l })
    };
    ($slot:ident, $A:ident, []; result $r:ident cond $c:ident if_true $t:ident if_false $f:ident) => {
        ($c == $slot).then_some(Self::$A { $r, $c, $t, $f })
    };
}

/// The value of a superinstruction's field for a half's field: `field`, `field: name`, or
/// `field: _` (not kept: the half's handler does not read it, the default value stands in).
/// Exported for the interpreter, which builds the halves of a pair row the same way.
#[doc(hidden)]
#[macro_export]
macro_rules! pair_field {
    ($f:ident) => {
        $f.into()
    };
    ($f:ident, _) => {
        Default::default()
    };
    ($f:ident, $name:ident) => {
        $name.into()
    };
}

/// The two instructions a superinstruction (kind `pair`) stands for, built from its fields.
macro_rules! pair_halves {
    (pair($A:ident { $($af:ident $(: $an:tt)?),* }, $B:ident { $($bf:ident $(: $bn:tt)?),* })) => {
        Some((
            Self::$A { $($af: $crate::pair_field!($af $(, $an)?)),* },
            Self::$B { $($bf: $crate::pair_field!($bf $(, $bn)?)),* },
        ))
    };
    ($kind:ident $($args:tt)?) => {
        None
    };
}

macro_rules! define_instr {
    ($(
        $(#[$meta:meta])*
        $V:ident { $($f:ident: $T:ident),* } => $kind:ident $(($($arg:tt)*))? $(, $marker:ident $margs:tt)* ;
    )*) => {
        /// One interpreter instruction. See the crate docs for the frame model and `isa.rs` for
        /// the rows this is generated from.
        #[derive(Debug, Clone, Copy, PartialEq)]
        #[non_exhaustive]
        #[repr(u16)]
        pub enum Instr {
            $( $(#[$meta])* $V { $($f: $T),* }, )*
        }

        impl Instr {
            /// The number of instructions: every opcode (discriminant) is below it.
            pub const COUNT: usize = [$(stringify!($V)),*].len();

            /// The instruction's name.
            pub fn name(&self) -> &'static str {
                match self {
                    $( Self::$V { .. } => stringify!($V), )*
                }
            }

            /// Calls `visit` on every slot operand (read or written) of this instruction.
            #[allow(unused_variables)]
            pub fn for_each_slot_mut(&mut self, mut visit: impl FnMut(&mut Slot)) {
                match self {
                    $( Self::$V { $($f),* } => { $( Field::visit_slot($f, &mut visit); )* } )*
                }
            }

            /// The slot this instruction writes its single result to, if it has one.
            #[allow(unused_variables)]
            pub fn result_slot_mut(&mut self) -> Option<&mut Slot> {
                match self {
                    $( Self::$V { $($f),* } => role!(result; $($f $f)*), )*
                }
            }

            /// The slot an `Acc` store leaves in the accumulator: it read its `value` from there
            /// and changes neither accumulator, so the instruction after it may read that
            /// slot from the accumulator too (`mem[a] = x; s += x`).
            #[allow(unused_variables)]
            pub fn acc_kept(&self) -> Option<Slot> {
                match self {
                    $( Self::$V { $($f),* } => acc_kept!($kind $($f)*), )*
                }
            }

            /// The `target` field, if the row has one (`branch_target_mut` asks a table first).
            #[allow(unused_variables)]
            pub(crate) fn target_field_mut(&mut self) -> Option<&mut u32> {
                match self {
                    $( Self::$V { $($f),* } => role!(target; $($f $f)*), )*
                }
            }

            /// The `target` field's value, if the row has one (`branch_target` asks a table
            /// first).
            #[allow(unused_variables)]
            pub(crate) fn target_field(&self) -> Option<u32> {
                match *self {
                    $( Self::$V { $($f),* } => role!(target; $($f $f)*), )*
                }
            }

            /// The memory a load or store (not yet in its hot form) accesses.
            #[allow(unused_variables)]
            pub fn memory_access(&self) -> Option<u16> {
                match *self {
                    $( Self::$V { $($f),* } => cold_access!($kind $($f)*), )*
                }
            }

            /// This instruction with a load or store of memory `hot` turned into its hot form.
            #[allow(unused_variables)]
            pub fn into_hot(self, hot: u16) -> Self {
                match self {
                    $( Self::$V { $($f),* } => hot_form!(self, hot, [$($marker $margs)*] { $($f),* }), )*
                }
            }

            /// This access in its form for a 64-bit memory (i64 address, overflow-checked),
            /// or unchanged if it is not a 32-bit memory access.
            pub fn into_mem64(self) -> Self {
                match self {
                    $( Self::$V { $($f),* } => mem64_form!([$($marker $margs)*] $V { $($f),* }), )*
                }
            }

            /// The compare-and-branch form of this comparison: jump to `target` when the
            /// comparison holds, or when it fails if `negate` is set.
            pub fn fuse_branch(&self, negate: bool, target: u32) -> Option<Instr> {
                match *self {
                    $( Self::$V { $($f),* } => {
                        fuse_form!(negate, target, [$($marker $margs)*] $($f),*)
                    } )*
                }
            }

            /// [`Self::into_acc`] for a row with an `acc(..)` marker (`into_acc` asks a table
            /// first).
            pub(crate) fn acc_form(self, slot: Slot) -> Option<Instr> {
                match self {
                    $( Self::$V { $($f),* } => acc_form!(slot, [$($marker $margs)*] { $($f),* }), )*
                }
            }

            /// This producer in its form that leaves its result in the accumulator only, not in
            /// its `result` slot (`to_acc(..)` marker), if it has one. The caller checks that
            /// nothing reads that slot before it is written again (the slot stays in the
            /// instruction, for listings).
            pub fn into_acc_only(self) -> Option<Instr> {
                match self {
                    $( Self::$V { $($f),* } => to_acc_form!([$($marker $margs)*] $V { $($f),* }), )*
                }
            }

            /// The two instructions this superinstruction (a row of the `pair` group) does one
            /// after the other, or `None` if it is not one.
            #[allow(unused_variables, clippy::useless_conversion)]
            pub fn halves(&self) -> Option<(Instr, Instr)> {
                match *self {
                    $( Self::$V { $($f),* } => pair_halves!($kind $(($($arg)*))?), )*
                }
            }

            /// Writes the instruction's fields as `name=value`.
            pub(crate) fn fmt_fields(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $( Self::$V { $($f),* } => {
                        $( write!(out, concat!(" ", stringify!($f), "={}"), $f)?; )*
                    } )*
                }
                Ok(())
            }
        }
    };
}

crate::for_each_instr!(define_instr);
