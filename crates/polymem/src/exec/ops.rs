//! The handlers: one function per instruction, and the table `HANDLERS` that maps opcodes to
//! them. Both come from the ISA table (`polymem_ir::for_each_instr!`): every row of a generated
//! kind (`unary`, `binary`, `branch`, `load`, ...) gets its handler from that kind's body below,
//! calling the row's named operation (`exec/numeric.rs`); the `special` rows' handlers are
//! written out at the end (`specials!`). A row without a handler does not compile.
//!
//! Each body reads and writes frame slots with `get!`/`set!` and continues with the next
//! instruction unless it jumps (`jump!`), switches frames (`resume!`) or traps.

use super::dispatch::{Handler, Next};
use super::numeric::*;
use super::simd::*;
use super::{Executor, MemView, Op};
use crate::error::{Error, TrapCode};
use polymem_ir::{Instr, Slot};

/// Defines the handler `$V`: destructures the instruction at `ip` into `$f`, runs `$body` and
/// continues with the next instruction.
macro_rules! handler {
    ($V:ident { $($f:ident),* } => $body:expr) => {
        #[allow(non_snake_case, unused_mut, unused_variables, unused_assignments, unreachable_code)]
        #[allow(clippy::useless_conversion)]
        fn $V(
            vm: &mut Executor,
            ip: *const Op,
            mut fp: *mut u64,
            mut acc: u64,
            mut hot_base: *mut u8,
            mut facc: f64,
        ) -> Next {
            // SAFETY: `HANDLERS` maps the opcode of `$V` to this handler alone, so the
            // instruction at `ip` is a `$V`.
            let Instr::$V { $($f),* } = (unsafe { (*ip).instr }) else {
                unsafe { std::hint::unreachable_unchecked() }
            };
            // SAFETY: every function ends in a return, a branch or the final `Unreachable`
            // guard, so the next instruction exists.
            let mut next: *const Op = unsafe { ip.add(1) };
            handler_macros!(vm, next, fp, acc, hot_base, facc);
            $body;
            dispatch!(vm, next, fp, acc, hot_base, facc)
        }
    };
}

/// The helpers every body may use, bound to the handler's state. Defined per handler so that
/// they see its locals.
macro_rules! handler_macros {
    ($vm:ident, $next:ident, $fp:ident, $acc:ident, $hb:ident, $facc:ident) => {
        #[allow(unused_macros)]
        macro_rules! vm { () => { &mut *$vm }; }
        #[allow(unused_macros)]
        macro_rules! fp { () => { $fp }; }
        #[allow(unused_macros)]
        macro_rules! next { () => { $next }; }
        /// The view of memory `$mem` of the running instance, read from the executor (cold
        /// accesses only: the hot memory's view is in registers).
        #[allow(unused_macros)]
        macro_rules! view {
            // SAFETY: the validator checked the memory index against the module, and `mems`
            // holds one view per memory of the running instance.
            ($mem:expr) => { unsafe { *$vm.mems.as_ptr().add($mem as usize) } };
        }
        /// The hot memory's view: its base in a register, its length in the executor.
        #[allow(unused_macros)]
        macro_rules! hot_view { () => { MemView { base: $hb, len: $vm.hot.len } }; }
        #[allow(unused_macros)]
        macro_rules! get {
            ($s:expr) => {{
                let s: Slot = $s;
                // SAFETY: the translator keeps every slot below the frame's `max_slots`, and
                // the frame was reserved with at least that many cells.
                unsafe { *$fp.add(s.0 as usize) }
            }};
        }
        #[allow(unused_macros)]
        macro_rules! set {
            ($s:expr, $v:expr) => {{
                let v: u64 = $v;
                let s: Slot = $s;
                // SAFETY: see `get!`.
                unsafe { *$fp.add(s.0 as usize) = v }
            }};
        }
        /// Reads a value of the type the context asks for: a `v128` from two cells.
        #[allow(unused_macros)]
        macro_rules! fetch {
            ($s:expr) => {{
                let s: Slot = $s;
                // SAFETY: see `get!`; a `v128` slot is followed by its second cell, which the
                // translator also keeps below `max_slots`.
                unsafe { Cells::read($fp.add(s.0 as usize)) }
            }};
        }
        /// Writes a value of any type: a `v128` to two cells.
        #[allow(unused_macros)]
        macro_rules! put {
            ($s:expr, $v:expr) => {{
                let s: Slot = $s;
                let v = $v;
                // SAFETY: as in `fetch!`.
                unsafe { Cells::write(v, $fp.add(s.0 as usize)) }
            }};
        }
        /// The first operand of an `Acc` form, from the accumulator of its type's class.
        #[allow(unused_macros)]
        macro_rules! from_acc { () => { FromAcc::from_acc($acc, $facc) }; }
        /// Leaves a result in the accumulator of its type's class.
        #[allow(unused_macros)]
        macro_rules! set_acc { ($v:expr) => { ($acc, $facc) = IntoAcc::into_acc($v, $acc, $facc) }; }
        #[allow(unused_macros)]
        macro_rules! trap { ($code:ident) => { return $vm.trap(TrapCode::$code) }; }
        #[allow(unused_macros)]
        macro_rules! try_trap {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(code) => return $vm.trap(code),
                }
            };
        }
        /// Continues at branch target `$target`. The empty `asm!` keeps a conditional branch a
        /// branch: LLVM would otherwise select the next `ip` with a `cmov`, and every following
        /// fetch would wait for the comparison's operands instead of being predicted (measured:
        /// mandelbrot 2x slower).
        #[allow(unused_macros)]
        macro_rules! jump {
            ($target:expr) => {{
                branch_barrier();
                // SAFETY: branch targets are byte offsets of instructions inside the running
                // function's code (`polymem_ir::target_offset`).
                $next = unsafe { $vm.code.byte_add($target as usize) }
            }};
        }
        /// Continues in `$f`, a function of the handlers' signature, at this instruction: the
        /// general path of a call or return handler whose fast path calls nothing (so that it
        /// needs no stack frame). With tail calls this is a jump. The accumulators and the hot
        /// base are not passed (a call or return drops and reloads them): keeping them live
        /// until the jump would leave the fast path too few scratch registers.
        #[allow(unused_macros)]
        macro_rules! tail {
            ($f:expr) => {{
                // SAFETY: `next` has not moved yet: it is this instruction's successor.
                let ip = unsafe { $next.sub(1) };
                return $f($vm, ip, $fp, 0, std::ptr::null_mut(), 0.0);
            }};
        }
        /// Continues at the `(ip, fp)` a call or return produced, or stops on a null `ip`. The
        /// accumulators are dropped (no instruction after a call reads them, see
        /// `translate/acc.rs`), so they need not be kept across the call.
        #[allow(unused_macros)]
        macro_rules! resume {
            ($resume:expr) => {{
                let (ip, fp): (*const Op, *mut u64) = $resume;
                if ip.is_null() {
                    return Next::Stop;
                }
                $next = ip;
                $fp = fp;
                ($acc, $facc) = (0, 0.0);
                $hb = $vm.hot.base;
            }};
        }
        #[allow(unused_macros)]
        macro_rules! reload_mems {
            () => {{
                $hb = $vm.hot.base;
            }};
        }
    };
}

/// The handler of a row, by its kind; `special` rows have theirs written in `specials!`.
macro_rules! kind_handler {
    (special; $V:ident $m:tt) => {};
    // A superinstruction: the bodies of its two halves (rows of the table, whose kinds
    // `kind_of!` finds by name), one after the other on the halves' fields as the row maps them.
    // The first half leaves its result in the accumulator, which the second (an `Acc` form)
    // reads; the first must not jump.
    (pair($A:ident { $($af:ident $(: $an:tt)?),* }, $B:ident { $($bf:ident $(: $bn:tt)?),* });
        $V:ident [handler $($f:ident)*]) => {
        handler!($V { $($f),* } => {
            kind_of!($A, kind_handler!($A [inline(Instr::$A { $($af: polymem_ir::pair_field!($af $(, $an)?)),* })]));
            kind_of!($B, kind_handler!($B [inline(Instr::$B { $($bf: polymem_ir::pair_field!($bf $(, $bn)?)),* })]));
        });
    };
    // Scalar operations: the first operand from the frame, or in the `Acc` forms (`acc(..)`)
    // from the accumulator; every result goes to its slot and to the accumulator.
    (unary($op:ident); $V:ident $m:tt) => { kind_handler!(@unary($op), frame, slot; $V $m); };
    (binary($op:ident); $V:ident $m:tt) => { kind_handler!(@binary($op), frame, slot; $V $m); };
    (binary_imm($op:ident); $V:ident $m:tt) => { kind_handler!(@binary_imm($op), frame, slot; $V $m); };
    (branch($op:ident); $V:ident $m:tt) => { kind_handler!(@branch($op), frame; $V $m); };
    (branch_imm($op:ident); $V:ident $m:tt) => { kind_handler!(@branch_imm($op), frame; $V $m); };
    (table($op:ident); $V:ident $m:tt) => { kind_handler!(@table($op), frame, slot; $V $m); };
    (select($op:ident); $V:ident $m:tt) => { kind_handler!(@select($op), frame, slot; $V $m); };
    // Accesses whose address (loads) or value (stores) comes from the accumulator.
    (acc(hot(load $args:tt)); $V:ident $m:tt) => { kind_handler!(@load $args, hot, false, acc, slot; $V $m); };
    (acc(mem64(load $args:tt)); $V:ident $m:tt) => { kind_handler!(@load $args, cold, true, acc, slot; $V $m); };
    (acc(mem64_hot(load $args:tt)); $V:ident $m:tt) => { kind_handler!(@load $args, hot, true, acc, slot; $V $m); };
    (acc(hot(store $args:tt)); $V:ident $m:tt) => { kind_handler!(@store $args, hot, false, acc; $V $m); };
    (acc(mem64(store $args:tt)); $V:ident $m:tt) => { kind_handler!(@store $args, cold, true, acc; $V $m); };
    (acc(mem64_hot(store $args:tt)); $V:ident $m:tt) => { kind_handler!(@store $args, hot, true, acc; $V $m); };
    (acc(load $args:tt); $V:ident $m:tt) => { kind_handler!(@load $args, cold, false, acc, slot; $V $m); };
    (acc(store $args:tt); $V:ident $m:tt) => { kind_handler!(@store $args, cold, false, acc; $V $m); };
    (acc(branch($op:ident)); $V:ident $m:tt) => { kind_handler!(@branch($op), acc; $V $m); };
    (acc(branch_imm($op:ident)); $V:ident $m:tt) => { kind_handler!(@branch_imm($op), acc; $V $m); };
    (acc($kind:ident($op:ident)); $V:ident $m:tt) => { kind_handler!(@$kind($op), acc, slot; $V $m); };
    // Producers whose result is read from the accumulator alone (`to_acc(..)`): the same bodies
    // without the store to the result slot.
    (to_acc(acc(hot($kind:ident $args:tt))); $V:ident $m:tt) => { kind_handler!(@$kind $args, hot, false, acc, none; $V $m); };
    (to_acc(acc(mem64_hot($kind:ident $args:tt))); $V:ident $m:tt) => { kind_handler!(@$kind $args, hot, true, acc, none; $V $m); };
    (to_acc(hot($kind:ident $args:tt)); $V:ident $m:tt) => { kind_handler!(@$kind $args, hot, false, frame, none; $V $m); };
    (to_acc(mem64_hot($kind:ident $args:tt)); $V:ident $m:tt) => { kind_handler!(@$kind $args, hot, true, frame, none; $V $m); };
    (to_acc(acc(load $args:tt)); $V:ident $m:tt) => { kind_handler!(@load $args, cold, false, acc, none; $V $m); };
    (to_acc(acc(mem64(load $args:tt))); $V:ident $m:tt) => { kind_handler!(@load $args, cold, true, acc, none; $V $m); };
    (to_acc(load $args:tt); $V:ident $m:tt) => { kind_handler!(@load $args, cold, false, frame, none; $V $m); };
    (to_acc(mem64(load $args:tt)); $V:ident $m:tt) => { kind_handler!(@load $args, cold, true, frame, none; $V $m); };
    (to_acc(acc($kind:ident($op:ident))); $V:ident $m:tt) => { kind_handler!(@$kind($op), acc, none; $V $m); };
    (to_acc($kind:ident($op:ident)); $V:ident $m:tt) => { kind_handler!(@$kind($op), frame, none; $V $m); };
    (@unary($op:ident), $from:ident, $to:ident; $V:ident $m:tt) => {
        body!($m $V { result, input } => {
            let v = try_trap!($op(first!($from, input)).checked());
            result!($to, result, v);
            set_acc!(v)
        });
    };
    (@binary($op:ident), $from:ident, $to:ident; $V:ident $m:tt) => {
        body!($m $V { result, lhs, rhs } => {
            let (x, y) = (first!($from, lhs), FromCell::from_cell(get!(rhs)));
            let v = try_trap!($op(x, y).checked());
            result!($to, result, v);
            set_acc!(v)
        });
    };
    (@binary_imm($op:ident), $from:ident, $to:ident; $V:ident $m:tt) => {
        body!($m $V { result, lhs, rhs } => {
            let (x, y) = (first!($from, lhs), FromImm::from_imm(rhs));
            let v = try_trap!($op(x, y).checked());
            result!($to, result, v);
            set_acc!(v)
        });
    };
    (@branch($op:ident), $from:ident; $V:ident $m:tt) => {
        body!($m $V { lhs, rhs, target } => {
            if $op(first!($from, lhs), FromCell::from_cell(get!(rhs))) {
                jump!(target);
            }
        });
    };
    (@branch_imm($op:ident), $from:ident; $V:ident $m:tt) => {
        body!($m $V { lhs, rhs, target } => {
            if $op(first!($from, lhs), FromImm::from_imm(rhs)) {
                jump!(target);
            }
        });
    };
    // A jump table: the entries are the `Br` instructions that follow (read in place: one
    // opcode comparison and the target, no lookup over every row).
    (@table($op:ident), $from:ident, $to:ident; $V:ident $m:tt) => {
        body!($m $V { index, len } => {
            let k = $op(first!($from, index), len);
            // SAFETY: the translator emits `len` entries after the table.
            let Some(target) = (unsafe { super::dispatch::br_entry_target(next!(), k) }) else {
                trap!(Unreachable)
            };
            jump!(target)
        });
    };
    // A cell chosen by an `i32` condition (first operand); it also goes to `acc`.
    (@select($op:ident), $from:ident, $to:ident; $V:ident $m:tt) => {
        body!($m $V { result, cond, if_true, if_false } => {
            let (t, f) = (value_barrier(get!(if_true)), value_barrier(get!(if_false)));
            let v: u64 = $op(first!($from, cond), t, f);
            result!($to, result, v);
            set_acc!(v)
        });
    };
    (wide128($op:ident); $V:ident $m:tt) => {
        body!($m $V { results, lhs_lo, lhs_hi, rhs_lo, rhs_hi } => {
            // Every operand is read before a result is written: they may share slots.
            let (lo, hi) = $op(get!(lhs_lo), get!(lhs_hi), get!(rhs_lo), get!(rhs_hi));
            set!(results, lo);
            set!(Slot(results.0 + 1), hi)
        });
    };
    (binary_wide($op:ident); $V:ident $m:tt) => {
        body!($m $V { results, lhs, rhs } => {
            let (lo, hi) = $op(FromCell::from_cell(get!(lhs)), FromCell::from_cell(get!(rhs)));
            set!(results, lo);
            set!(Slot(results.0 + 1), hi)
        });
    };
    (simd_unary($op:ident); $V:ident $m:tt) => {
        body!($m $V { result, input } => put!(result, $op(fetch!(input))));
    };
    // A lane test writes a scalar result; `put!` writes one cell or two by the result's type.
    (simd_test($op:ident); $V:ident $m:tt) => {
        kind_handler!(simd_unary($op); $V $m);
    };
    (simd_binary($op:ident); $V:ident $m:tt) => {
        body!($m $V { result, lhs, rhs } => put!(result, $op(fetch!(lhs), fetch!(rhs))));
    };
    (simd_ternary($op:ident); $V:ident $m:tt) => {
        body!($m $V { result, a, b, c } => put!(result, $op(fetch!(a), fetch!(b), fetch!(c))));
    };
    (simd_shuffle($op:ident); $V:ident $m:tt) => {
        body!($m $V { result, lhs, rhs, lanes } => {
            put!(result, $op(fetch!(lhs), fetch!(rhs), fetch!(lanes)))
        });
    };
    (simd_extract($op:ident); $V:ident $m:tt) => {
        body!($m $V { result, input, lane } => put!(result, $op(fetch!(input), lane)));
    };
    (simd_replace($op:ident); $V:ident $m:tt) => {
        body!($m $V { result, lhs, rhs, lane } => put!(result, $op(fetch!(lhs), fetch!(rhs), lane)));
    };
    // Memory accesses: the four forms of each access row (`isa.rs`) share one body per kind,
    // given the view (the indexed one or the hot memory's registers) and the address type.
    (hot(load $args:tt); $V:ident $m:tt) => { kind_handler!(@load $args, hot, false, frame, slot; $V $m); };
    (mem64(load $args:tt); $V:ident $m:tt) => { kind_handler!(@load $args, cold, true, frame, slot; $V $m); };
    (mem64_hot(load $args:tt); $V:ident $m:tt) => { kind_handler!(@load $args, hot, true, frame, slot; $V $m); };
    (hot($kind:ident $args:tt); $V:ident $m:tt) => { kind_handler!(@$kind $args, hot, false, frame; $V $m); };
    (mem64($kind:ident $args:tt); $V:ident $m:tt) => { kind_handler!(@$kind $args, cold, true, frame; $V $m); };
    (mem64_hot($kind:ident $args:tt); $V:ident $m:tt) => { kind_handler!(@$kind $args, hot, true, frame; $V $m); };
    (load $args:tt; $V:ident $m:tt) => { kind_handler!(@load $args, cold, false, frame, slot; $V $m); };
    (store $args:tt; $V:ident $m:tt) => { kind_handler!(@store $args, cold, false, frame; $V $m); };
    (simd_load $args:tt; $V:ident $m:tt) => { kind_handler!(@simd_load $args, cold, false, frame; $V $m); };
    (simd_store $args:tt; $V:ident $m:tt) => { kind_handler!(@simd_store $args, cold, false, frame; $V $m); };
    (simd_load_lane $args:tt; $V:ident $m:tt) => { kind_handler!(@simd_load_lane $args, cold, false, frame; $V $m); };
    (simd_store_lane $args:tt; $V:ident $m:tt) => { kind_handler!(@simd_store_lane $args, cold, false, frame; $V $m); };
    (@load($T:ty => $U:ty), $view:ident, $mem64:literal, $from:ident, $to:ident; $V:ident $m:tt) => {
        body!($m $V { result, addr, mem, offset } => {
            let a: u64 = first!($from, addr);
            match load::<$T, $mem64>(access_view!($view, mem), a, offset) {
                Some(v) => {
                    let v: $U = LoadAs::load_as(v);
                    result!($to, result, v);
                    set_acc!(v)
                }
                None => trap!(MemoryOutOfBounds),
            }
        });
    };
    (@store($T:ty), $view:ident, $mem64:literal, $from:ident; $V:ident $m:tt) => {
        body!($m $V { addr, value, mem, offset } => {
            let v: <$T as StoreOf>::Operand = first!($from, value);
            if !store::<$T, $mem64>(access_view!($view, mem), get!(addr), offset, StoreOf::store_of(v)) {
                trap!(MemoryOutOfBounds);
            }
        });
    };
    (@simd_load($n:literal, $op:ident), $view:ident, $mem64:literal, frame; $V:ident $m:tt) => {
        body!($m $V { result, addr, mem, offset } => {
            match load::<[u8; $n], $mem64>(access_view!($view, mem), get!(addr), offset) {
                Some(v) => put!(result, $op(v)),
                None => trap!(MemoryOutOfBounds),
            }
        });
    };
    (@simd_store($op:ident), $view:ident, $mem64:literal, frame; $V:ident $m:tt) => {
        body!($m $V { addr, value, mem, offset } => {
            let bytes = $op(fetch!(value));
            if !store::<_, $mem64>(access_view!($view, mem), get!(addr), offset, bytes) {
                trap!(MemoryOutOfBounds);
            }
        });
    };
    (@simd_load_lane($n:literal, $op:ident), $view:ident, $mem64:literal, frame; $V:ident $m:tt) => {
        body!($m $V { result, addr, input, offset, mem, lane } => {
            match load::<[u8; $n], $mem64>(access_view!($view, mem), get!(addr), offset) {
                Some(v) => put!(result, $op(fetch!(input), v, lane)),
                None => trap!(MemoryOutOfBounds),
            }
        });
    };
    (@simd_store_lane($n:literal, $op:ident), $view:ident, $mem64:literal, frame; $V:ident $m:tt) => {
        body!($m $V { addr, value, offset, mem, lane } => {
            let bytes: [u8; $n] = $op(fetch!(value), lane);
            if !store::<_, $mem64>(access_view!($view, mem), get!(addr), offset, bytes) {
                trap!(MemoryOutOfBounds);
            }
        });
    };
}

/// The body of a row of kind `$kind` in mode `$m`: its own handler (`[handler ..]`), or (`[inline(instr)]`)
/// a block running it on `instr` in the handler of a superinstruction.
macro_rules! body {
    ([handler $($x:ident)*] $V:ident { $($f:ident),* } => $body:expr) => {
        handler!($V { $($f),* } => $body);
    };
    ([inline($instr:expr)] $V:ident { $($f:ident),* } => $body:expr) => {{
        let Instr::$V { $($f),* } = ($instr) else { unreachable!() };
        $body;
    }};
}

/// Defines `kind_of!(Row, callback!(args))`, which calls `callback!(kind; args)` with the kind of
/// the row named `Row`: how a superinstruction's handler finds its halves' bodies. (`$d` is a
/// `$`, for the metavariables of the macro it defines.)
macro_rules! define_kind_lookup {
    (@ ($d:tt) $(
        $(#[$meta:meta])*
        $V:ident { $($f:ident: $T:ident),* } => $kind:ident $(($($arg:tt)*))? $(, $marker:ident $margs:tt)* ;
    )*) => {
        macro_rules! kind_of {
            $( ($V, $d cb:ident!($d($d args:tt)*)) => { $d cb!($kind $(($($arg)*))?; $d($d args)*) }; )*
        }
    };
    ($($rows:tt)*) => {
        define_kind_lookup! { @ ($) $($rows)* }
    };
}
polymem_ir::for_each_instr!(define_kind_lookup);

/// The first operand of a scalar operation: from frame slot `$slot`, or from the accumulator.
macro_rules! first {
    (frame, $slot:ident) => {
        FromCell::from_cell(get!($slot))
    };
    (acc, $slot:ident) => {
        from_acc!()
    };
}

/// Where a producer's result goes besides the accumulator: its slot, or nowhere (the `to_acc`
/// forms, chosen when only the next instruction reads it, from the accumulator).
macro_rules! result {
    (slot, $slot:ident, $v:ident) => {
        set!($slot, $v.into_cell())
    };
    (none, $slot:ident, $v:ident) => {
        let _ = $slot;
    };
}

/// The view an access of a `cold` row reads (memory `$mem`'s, indexed) or of a `hot` row (the
/// function's hot memory, in registers).
macro_rules! access_view {
    (cold, $mem:ident) => {
        view!($mem)
    };
    (hot, $mem:ident) => {
        hot_view!()
    };
}

/// Generates the handlers of every row and the table `HANDLERS`, one entry per opcode.
macro_rules! define_handlers {
    ($(
        $(#[$meta:meta])*
        $V:ident { $($f:ident: $T:ident),* } => $kind:ident $(($($arg:tt)*))? $(, $marker:ident $margs:tt)* ;
    )*) => {
        $( kind_handler!($kind $(($($arg)*))?; $V [handler $($f)*]); )*

        /// The handler of every opcode.
        pub(super) static HANDLERS: [Handler; Instr::COUNT] = {
            let mut table: [Handler; Instr::COUNT] = [Unreachable; Instr::COUNT];
            $(
                // SAFETY: every field type of `Instr` is a plain integer or slot, valid as zero.
                table[Instr::$V { $($f: unsafe { std::mem::zeroed() }),* }.opcode()] = $V;
            )*
            table
        };
    };
}
polymem_ir::for_each_instr!(define_handlers);

/// A value that loads and stores move to and from memory, little-endian.
pub(super) trait Access: Sized {
    const SIZE: u64;
    /// Reads the value at `p`.
    ///
    /// # Safety
    ///
    /// `p..p + SIZE` must be readable.
    unsafe fn read(p: *const u8) -> Self;
    /// Writes the value at `p`.
    ///
    /// # Safety
    ///
    /// `p..p + SIZE` must be writable.
    unsafe fn write(self, p: *mut u8);
}
macro_rules! access {
    ($($t:ty),*) => {$(
        impl Access for $t {
            const SIZE: u64 = size_of::<$t>() as u64;
            // Byte arrays, not `read_unaligned`/`write_unaligned`: their debug checks take the
            // address of a local, and a handler with an escaping local cannot jump on.
            #[inline(always)]
            unsafe fn read(p: *const u8) -> Self {
                // SAFETY: guaranteed by the caller; a byte array has alignment 1.
                <$t>::from_le_bytes(unsafe { *(p as *const [u8; size_of::<$t>()]) })
            }
            #[inline(always)]
            unsafe fn write(self, p: *mut u8) {
                // SAFETY: as in `read`.
                unsafe { *(p as *mut [u8; size_of::<$t>()]) = self.to_le_bytes() }
            }
        }
    )*};
}
access!(u8, i8, u16, i16, u32, i32, u64, f64);

/// The bytes of a SIMD access (converted by its operation in `exec/simd.rs`).
impl<const N: usize> Access for [u8; N] {
    const SIZE: u64 = N as u64;
    #[inline(always)]
    unsafe fn read(p: *const u8) -> Self {
        // SAFETY: guaranteed by the caller; a byte array has alignment 1.
        unsafe { *(p as *const [u8; N]) }
    }
    #[inline(always)]
    unsafe fn write(self, p: *mut u8) {
        // SAFETY: as in `read`.
        unsafe { *(p as *mut [u8; N]) = self }
    }
}

/// A value in frame cells: one cell, or two for a `v128` (low half first).
pub(super) trait Cells {
    /// Reads the value at `p`.
    ///
    /// # Safety
    ///
    /// The value's cells at `p` must be readable.
    unsafe fn read(p: *const u64) -> Self;
    /// Writes the value at `p`.
    ///
    /// # Safety
    ///
    /// The value's cells at `p` must be writable.
    unsafe fn write(self, p: *mut u64);
}
impl<T: FromCell + IntoCell> Cells for T {
    #[inline(always)]
    unsafe fn read(p: *const u64) -> Self {
        // SAFETY: guaranteed by the caller.
        T::from_cell(unsafe { *p })
    }
    #[inline(always)]
    unsafe fn write(self, p: *mut u64) {
        // SAFETY: guaranteed by the caller.
        unsafe { *p = self.into_cell() }
    }
}
impl Cells for u128 {
    #[inline(always)]
    unsafe fn read(p: *const u64) -> Self {
        // One 16-byte move (a vector register when the operation runs in one), not two
        // 8-byte halves joined by shifts.
        // SAFETY: guaranteed by the caller: both cells are readable; `[u8; 16]` has alignment 1.
        u128::from_le_bytes(unsafe { *(p as *const [u8; 16]) })
    }
    #[inline(always)]
    unsafe fn write(self, p: *mut u64) {
        // SAFETY: guaranteed by the caller: both cells are writable; `[u8; 16]` has alignment 1.
        unsafe { *(p as *mut [u8; 16]) = self.to_le_bytes() }
    }
}

/// The effective address of a `T` access at `addr + offset` if it lies inside `len` bytes.
///
/// On a 32-bit memory (`MEM64` false) the address is the low half of the cell and
/// `addr + offset + size` stays below 2^33: one comparison, no overflow to test. On a 64-bit
/// memory the address is the whole cell (`offset` is below 2^32: larger ones went through
/// `AddrOffset64`), and the checked add catches a sum that wraps around. The barrier keeps that
/// check a branch of its own (`jb`): merged with the bound check into flags (`setb`/`seta`/`or`),
/// it took a spilled register and cost 5 instructions per access instead of 1 (callgrind, load
/// loop on a 64-bit memory: 60.3M against 56.3M). Separate forms keep that one instruction off
/// 32-bit accesses (load loop: 56.4M with one shared body, 55.4M without memory64).
#[inline(always)]
fn effective_address<T: Access, const MEM64: bool>(
    len: usize,
    addr: u64,
    offset: u32,
) -> Option<usize> {
    if MEM64 {
        let Some(end) = addr.checked_add(offset as u64 + T::SIZE) else {
            branch_barrier();
            return None;
        };
        if end > len as u64 {
            return None;
        }
        Some((end - T::SIZE) as usize)
    } else {
        let ea = addr as u32 as u64 + offset as u64;
        if ea + T::SIZE > len as u64 {
            return None;
        }
        Some(ea as usize)
    }
}

/// Loads a `T` from `view` at `addr + offset`, or `None` when out of bounds. One body for every
/// load, whichever memory the view comes from (an indexed view or the hot memory's registers)
/// and whatever its address type.
#[inline(always)]
fn load<T: Access, const MEM64: bool>(view: MemView, addr: u64, offset: u32) -> Option<T> {
    let ea = effective_address::<T, MEM64>(view.len, addr, offset)?;
    // SAFETY: `ea + size <= len` and the view is the live buffer of that memory.
    Some(unsafe { T::read(view.base.add(ea)) })
}

/// Stores `value` to `view` at `addr + offset`; `false` when out of bounds.
#[inline(always)]
fn store<T: Access, const MEM64: bool>(view: MemView, addr: u64, offset: u32, value: T) -> bool {
    let Some(ea) = effective_address::<T, MEM64>(view.len, addr, offset) else { return false };
    // SAFETY: as in `load`.
    unsafe { value.write(view.base.add(ea)) };
    true
}

/// An optimization barrier for the taken side of a branch: it cannot be speculated, so the branch
/// is not turned into a conditional move.
#[inline(always)]
fn branch_barrier() {
    // SAFETY: an empty assembly block with no operands does nothing.
    #[cfg(polymem_tail_calls)]
    unsafe {
        std::arch::asm!("", options(nomem, nostack, preserves_flags))
    };
}

/// An optimization barrier for a value just loaded: the load stays where it is. `select`
/// reads both of its values so that the choice is a conditional move between registers;
/// without this LLVM chooses between the two slots' addresses and loads after the choice, on
/// the condition's path.
#[inline(always)]
#[cfg_attr(not(polymem_tail_calls), allow(unused_mut))]
fn value_barrier(mut v: u64) -> u64 {
    // SAFETY: an empty assembly block that takes and gives back one register does nothing.
    #[cfg(polymem_tail_calls)]
    unsafe {
        std::arch::asm!("/* {0} */", inout(reg) v, options(pure, nomem, nostack, preserves_flags))
    };
    v
}

/// The handlers of the `special` rows.
macro_rules! specials {
    ($( $V:ident { $($f:ident),* } => $body:expr; )*) => { $( handler!($V { $($f),* } => $body); )* };
}

specials! {
    Unreachable {} => trap!(Unreachable);
    Trap { code } => {
        return vm!().stop(Error::trap(TrapCode::from_u8(code).unwrap_or(TrapCode::Unreachable)))
    };
    ConsumeFuel { amount } => {
        if !vm!().consume_fuel(amount as u64) {
            trap!(OutOfFuel);
        }
    };
    CheckInterrupt {} => {
        let vm = vm!();
        if vm.interrupt_requested() {
            return vm.interrupted();
        }
    };
    Br { target } => jump!(target);
    BrIfNez { cond, target } => {
        if get!(cond) as u32 != 0 {
            jump!(target);
        }
    };
    BrIfEqz { cond, target } => {
        if get!(cond) as u32 == 0 {
            jump!(target);
        }
    };
    Return0 {} => match vm!().try_pop_frame() {
        Some(to) => resume!(to),
        None => tail!(return_general),
    };
    Return1 { value } => {
        let v = get!(value);
        set!(Slot(0), v);
        match vm!().try_pop_frame() {
            Some(to) => resume!(to),
            None => tail!(return_general),
        }
    };
    ReturnSpan { values, len } => {
        // SAFETY: source and destination lie in the frame; `copy` allows overlap.
        unsafe { std::ptr::copy(fp!().add(values.0 as usize), fp!(), len as usize) };
        resume!(vm!().pop_frame())
    };
    Call { base, func } => resume!(vm!().call_module_func(func, base, next!(), fp!()));
    CallInternal { base, defined } => {
        // The fast path reads `base` and `defined` itself, after writing the return frame.
        match vm!().try_call_internal(next!(), fp!()) {
            Some(to) => resume!(to),
            None => tail!(call_internal_general),
        }
    };
    CallIndirect { base, index, table, ty } => {
        // The fast path reads the fields itself, after writing the return frame.
        match vm!().try_call_indirect(next!(), fp!()) {
            Some(to) => resume!(to),
            None => tail!(call_indirect_general),
        }
    };
    ReturnCall { base, func } => resume!(vm!().return_call_module_func(func, base, fp!()));
    ReturnCallInternal { base, defined } => {
        resume!(vm!().return_call_internal(defined, base, fp!()))
    };
    ReturnCallIndirect { base, index, table, ty } => {
        resume!(vm!().return_call_indirect(get!(index), table, ty, base, fp!()))
    };
    // `leaves(acc)` rows: the cell, whatever its type, also goes to `acc` (class `Int`: an
    // `f64` read from there would be in the wrong register and keeps reading the frame).
    Copy { result, input } => {
        let v = get!(input);
        set!(result, v);
        set_acc!(v)
    };
    CopyV128 { result, input } => {
        let v: u128 = fetch!(input);
        put!(result, v)
    };
    CopySpan { to, from, len } => {
        // SAFETY: both ranges lie in the frame; `copy` allows overlap.
        unsafe { std::ptr::copy(fp!().add(from.0 as usize), fp!().add(to.0 as usize), len as usize) };
    };
    SelectV128 { result, cond, if_true, if_false } => {
        let v: u128 = if get!(cond) as u32 != 0 { fetch!(if_true) } else { fetch!(if_false) };
        put!(result, v)
    };
    Const32 { result, value } => set!(result, value as u64);
    Const64 { result, value } => set!(result, value);
    AddrOffset64 { result, addr, offset } => match get!(addr).checked_add(offset) {
        Some(ea) => set!(result, ea),
        None => trap!(MemoryOutOfBounds),
    };
    GlobalGet { result, global } => {
        let v = vm!().global(global).value;
        set!(result, v);
        set_acc!(v)
    };
    GlobalSet { value, global } => vm!().global(global).value = get!(value);
    GlobalGetV128 { result, global } => {
        let g = vm!().global(global);
        put!(result, u128::from(g.value) | u128::from(g.high) << 64)
    };
    GlobalSetV128 { value, global } => {
        let v: u128 = fetch!(value);
        let g = vm!().global(global);
        (g.value, g.high) = (v as u64, (v >> 64) as u64);
    };
    MemorySize { result, mem, page_log2 } => {
        set!(result, (vm!().mems[mem as usize].len >> page_log2) as u64)
    };
    MemoryGrow { result, delta, mem } => {
        set!(result, vm!().memory_grow(mem, get!(delta)));
        reload_mems!()
    };
    MemoryFill { mem, dst_addr, value, len } => {
        try_trap!(vm!().memory_fill(mem, get!(dst_addr), get!(value), get!(len)))
    };
    MemoryCopy { dst_mem, src_mem, dst_addr, src_addr, len } => {
        try_trap!(vm!().memory_copy(dst_mem, src_mem, get!(dst_addr), get!(src_addr), get!(len)))
    };
    MemoryInit { mem, dst_addr, src_offset, len, data } => {
        try_trap!(vm!().memory_init(mem, data, get!(dst_addr), get!(src_offset), get!(len)))
    };
    DataDrop { data } => vm!().data_drop(data);
    TableGet { result, index, table } => {
        set!(result, try_trap!(vm!().table_get(table, get!(index))))
    };
    TableSet { index, value, table } => {
        try_trap!(vm!().table_set(table, get!(index), get!(value)))
    };
    TableSize { result, table } => set!(result, vm!().table_size(table));
    TableGrow { result, init, delta, table } => {
        set!(result, vm!().table_grow(table, get!(delta), get!(init)))
    };
    TableFill { dst_index, value, len, table } => {
        try_trap!(vm!().table_fill(table, get!(dst_index), get!(value), get!(len)))
    };
    TableCopy { dst_index, src_index, len, dst_table, src_table } => {
        let (dst, src, len) = (get!(dst_index), get!(src_index), get!(len));
        try_trap!(vm!().table_copy(dst_table, src_table, dst, src, len))
    };
    TableInit { dst_index, src_offset, len, table, elem } => {
        try_trap!(vm!().table_init(table, elem, get!(dst_index), get!(src_offset), get!(len)))
    };
    ElemDrop { elem } => vm!().elem_drop(elem);
    RefFunc { result, func } => {
        let vm = vm!();
        let index = vm.inner().instances[vm.instance as usize].funcs[func.0 as usize];
        set!(result, index as u64 + 1)
    };
}

/// A general path a fast path hands over to with `tail!`: a function of the `Handler` signature whose
/// accumulators and hot base `tail!` drops, with the running executor, the handler's own `ip`
/// and the frame pointer under the names given.
macro_rules! general_path {
    ($(#[$doc:meta])* fn $name:ident($vm:ident, $ip:ident, $fp:ident) $body:block) => {
        $(#[$doc])*
        #[inline(never)]
        fn $name(
            $vm: &mut Executor,
            $ip: *const Op,
            $fp: *mut u64,
            _acc: u64,
            _hot_base: *mut u8,
            _facc: f64,
        ) -> Next $body
    };
}

general_path! {
    /// The general path of `CallInternal` (see `Executor::try_call_internal`): a callee still to
    /// translate, a stack or call stack to grow, a large frame to initialise, or a trap.
    fn call_internal_general(vm, ip, fp) {
        // SAFETY: only the `CallInternal` handler continues here, with its own `ip`.
        let Instr::CallInternal { base, defined } = (unsafe { (*ip).instr }) else {
            unsafe { std::hint::unreachable_unchecked() }
        };
        // SAFETY: a call is never the last instruction of a function (see `handler!`).
        let (next, fp) = vm.call_internal(defined, base, unsafe { ip.add(1) }, fp);
        resume_at(vm, next, fp)
    }
}

general_path! {
    /// The general path of `CallIndirect` (see `Executor::try_call_indirect`): a host function,
    /// another instance's function, a trap, or what `call_internal_general` handles.
    fn call_indirect_general(vm, ip, fp) {
        // SAFETY: only the `CallIndirect` handler continues here, with its own `ip`.
        let Instr::CallIndirect { base, index, table, ty } = (unsafe { (*ip).instr }) else {
            unsafe { std::hint::unreachable_unchecked() }
        };
        // SAFETY: `index` is a slot of the running frame; a call is never the last instruction
        // of a function (see `handler!`).
        let (index, ret_ip) = unsafe { (*fp.add(index.0 as usize), ip.add(1)) };
        let (next, fp) = vm.call_indirect(index, table, ty, base, ret_ip, fp);
        resume_at(vm, next, fp)
    }
}

general_path! {
    /// The general path of `Return0`/`Return1` (see `Executor::try_pop_frame`): the caller runs in
    /// another instance, or the activation's entry function returns.
    fn return_general(vm, _ip, _fp) {
        let (next, fp) = vm.pop_frame();
        resume_at(vm, next, fp)
    }
}

/// Continues at `(next, fp)` as `resume!` does, or stops on a null `next`.
#[inline(always)]
fn resume_at(vm: &mut Executor, next: *const Op, fp: *mut u64) -> Next {
    if next.is_null() {
        return Next::Stop;
    }
    // The portable loop takes the base from `Executor::hot` itself.
    #[cfg_attr(not(polymem_tail_calls), allow(unused_variables))]
    let hot_base = vm.hot.base;
    dispatch!(vm, next, fp, 0, hot_base, 0.0)
}
