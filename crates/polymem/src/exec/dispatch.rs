//! How control passes from one handler to the next.
//!
//! Every handler has the signature [`Handler`]: the executor, the instruction pointer (at the
//! handler's own instruction), the frame pointer, the integer accumulator `acc`, the base of
//! the function's hot memory and the float accumulator `facc`. The accumulators hold the result
//! of the instruction that ran just before (every scalar producer leaves its result there
//! besides writing its slot), so that an `Acc` form reads its first operand from a register
//! instead of the frame (`docs/perf-log.md`). The memory views and the hot memory's length are
//! read from the executor (`Executor::mems`, `Executor::hot`): a bound check compares with
//! memory as cheaply as with a register (`cmp len, ea` either way), and the base, which the
//! access itself needs, stays in a register.
//!
//! With `cfg(polymem_tail_calls)` (set by the build script for optimizing builds on targets
//! where LLVM reliably turns sibling calls into jumps) a handler ends by calling the next
//! handler in tail position: each handler ends in its own indirect jump, and the hot state
//! stays in argument registers. Otherwise `dispatch!` saves the state in the executor and
//! returns to the loop in [`execute`], which costs a call and a return per instruction but no
//! stack depth.

use super::Executor;
use polymem_ir::{CODE_STRIDE, CompiledFunc, Instr};

/// What a handler hands back to its caller.
#[must_use]
pub(super) enum Next {
    /// The activation ended; `Executor::outcome` says how.
    Stop,
    /// Portable dispatch: continue at `Executor::resume`.
    #[cfg(not(polymem_tail_calls))]
    Continue,
}

/// An instruction handler: `(vm, ip, fp, acc, hot_base, facc)`. Six registers: when dispatch
/// read a table, LLVM folded the table's load into the tail call's `jmp` only for calls passing
/// at most six (`X86tcret_6regs`); with the handler's address read from `ip` (and `ip` advanced
/// before the jump) the `jmp` takes a register either way.
pub(super) type Handler = fn(&mut Executor, *const Op, *mut u64, u64, *mut u8, f64) -> Next;

/// One instruction as the interpreter runs it: the address of its handler, then the
/// instruction. Dispatch reads the handler with one load at `ip`; looking it up by opcode took
/// two dependent loads (the opcode, then the table entry), one more per instruction run
/// (`docs/perf-log.md`, session 13). Padded to 8 bytes before the instruction on every target,
/// so the size is the IR's [`CODE_STRIDE`], by which branch targets are counted.
#[repr(C, align(8))]
#[derive(Clone, Copy, Debug)]
pub(crate) struct Op {
    handler: Handler,
    /// The instruction itself.
    pub(crate) instr: Instr,
}

const _: () = assert!(std::mem::size_of::<Op>() == CODE_STRIDE as usize);

/// A translated function as the interpreter runs it: each instruction with its handler.
pub(crate) type Runnable = CompiledFunc<Op>;

impl Op {
    /// `instr` with its handler.
    #[inline]
    pub(crate) fn new(instr: Instr) -> Self {
        Self { handler: super::ops::HANDLERS[instr.opcode()], instr }
    }
}

/// The opcode of `Br`.
const BR: usize = Instr::Br { target: 0 }.opcode();

/// The target of the `Br` that is entry `k` of the table at `entries` (a `br_table`'s), or
/// `None` if that entry is something else. Both reads address `entries` plus one offset: when
/// the entry's address is a value of its own, LLVM materializes it with two more additions
/// on the path from the index to the next instruction (`docs/perf-log.md`, session 11).
///
/// # Safety
/// `entries.add(k)` points at a live instruction.
#[inline(always)]
pub(super) unsafe fn br_entry_target(entries: *const Op, k: usize) -> Option<u32> {
    let at = k * std::mem::size_of::<Op>() + std::mem::offset_of!(Op, instr);
    let base = entries.cast::<u8>();
    // SAFETY: `Instr` is `repr(u16)`: each variant is laid out as a `repr(C)` struct of the
    // discriminant and its fields, so an instruction starts with its opcode and `Br`'s
    // `target` is the `u32` at offset 4; `at` is the instruction's offset in entry `k`, for
    // which the caller vouches.
    let (op, target) =
        unsafe { (base.add(at).cast::<u16>().read(), base.add(at + 4).cast::<u32>().read()) };
    (op as usize == BR).then_some(target)
}

/// The handler of the instruction at `ip`.
#[inline(always)]
pub(super) fn handler(ip: *const Op) -> Handler {
    // SAFETY: `ip` points at a live instruction of the running function.
    unsafe { (*ip).handler }
}

/// Continues with the instruction at `$ip`, frame `$fp`, accumulators `$acc`/`$facc` and the
/// hot memory's base (the loop takes it from `Executor::hot`).
#[cfg(polymem_tail_calls)]
macro_rules! dispatch {
    ($vm:expr, $ip:expr, $fp:expr, $acc:expr, $hot_base:expr, $facc:expr) => {{
        let ip: *const $crate::exec::Op = $ip;
        #[cfg(debug_assertions)]
        $crate::exec::dispatch::check_jumped(&*$vm, ip);
        return $crate::exec::dispatch::handler(ip)($vm, ip, $fp, $acc, $hot_base, $facc);
    }};
}

/// Continues with the instruction at `$ip`, frame `$fp`, accumulators `$acc`/`$facc` and the
/// hot memory's base (the loop takes it from `Executor::hot`).
#[cfg(not(polymem_tail_calls))]
macro_rules! dispatch {
    ($vm:expr, $ip:expr, $fp:expr, $acc:expr, $hot_base:expr, $facc:expr) => {{
        let vm: &mut $crate::exec::Executor = $vm;
        vm.resume = ($ip, $fp, $acc, $facc);
        return $crate::exec::dispatch::Next::Continue;
    }};
}

/// An address in the current host stack frame of the caller.
#[cfg(all(polymem_tail_calls, debug_assertions))]
#[inline(never)]
fn stack_address() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// How far the host stack may sink below `execute` while handlers run: a handler that called
/// the next one instead of jumping to it leaves a frame per instruction and soon exceeds this.
#[cfg(all(polymem_tail_calls, debug_assertions))]
const STACK_SLACK: usize = 64 * 1024;

/// Debug builds with tail calls: panics if the host stack grew since `execute` started, which
/// means a handler did not jump to the next one (the optimizer kept a call).
#[cfg(all(polymem_tail_calls, debug_assertions))]
#[inline(never)]
pub(super) fn check_jumped(vm: &Executor, ip: *const Op) {
    let depth = vm.stack_mark.saturating_sub(stack_address());
    if depth > STACK_SLACK {
        // SAFETY: `ip` points at the live instruction about to run.
        let instr = unsafe { (*ip).instr };
        panic!("host stack grew by {depth} bytes in threaded dispatch, before {instr:?}");
    }
}

/// Runs from `ip` until a handler stops.
pub(super) fn execute(vm: &mut Executor, ip: *const Op, fp: *mut u64) {
    #[cfg(polymem_tail_calls)]
    {
        #[cfg(debug_assertions)]
        {
            vm.stack_mark = stack_address();
        }
        let Next::Stop = handler(ip)(vm, ip, fp, 0, vm.hot.base, 0.0);
    }
    #[cfg(not(polymem_tail_calls))]
    {
        #[cfg(feature = "pair-stats")]
        let mut pairs = pair_stats::Pairs::new(ip);
        let (mut ip, mut fp, mut acc, mut facc) = (ip, fp, 0, 0.0);
        while let Next::Continue = handler(ip)(vm, ip, fp, acc, vm.hot.base, facc) {
            (ip, fp, acc, facc) = vm.resume;
            #[cfg(feature = "pair-stats")]
            pairs.next(ip);
        }
    }
}

/// The `pair-stats` feature: how often each IR instruction runs right after another.
#[cfg(feature = "pair-stats")]
pub(crate) mod pair_stats {
    use super::Op;
    use std::collections::HashMap;
    use std::sync::Mutex;

    type Counts = HashMap<(&'static str, &'static str), u64>;

    /// The pairs counted so far by every activation of the process.
    static COUNTS: Mutex<Option<Counts>> = Mutex::new(None);

    /// The counts of one activation, added to [`COUNTS`] when it ends.
    pub(super) struct Pairs {
        prev: &'static str,
        counts: Counts,
    }

    /// The name of the instruction at `ip`.
    fn name(ip: *const Op) -> &'static str {
        // SAFETY: the dispatch loop passes the live instruction about to run.
        unsafe { (*ip).instr.name() }
    }

    impl Pairs {
        pub(super) fn new(ip: *const Op) -> Self {
            Self { prev: name(ip), counts: Counts::new() }
        }

        pub(super) fn next(&mut self, ip: *const Op) {
            let name = name(ip);
            *self.counts.entry((self.prev, name)).or_default() += 1;
            self.prev = name;
        }
    }

    impl Drop for Pairs {
        fn drop(&mut self) {
            let mut all = COUNTS.lock().unwrap_or_else(|e| e.into_inner());
            let all = all.get_or_insert_with(Counts::new);
            for (&pair, &n) in &self.counts {
                *all.entry(pair).or_default() += n;
            }
        }
    }

    /// Every counted pair `(first, second, count)`, most frequent first; the counts restart.
    pub fn take_pair_counts() -> Vec<(&'static str, &'static str, u64)> {
        let counts = COUNTS.lock().unwrap_or_else(|e| e.into_inner()).take().unwrap_or_default();
        let mut pairs: Vec<_> = counts.into_iter().map(|((a, b), n)| (a, b, n)).collect();
        pairs.sort_by(|x, y| y.2.cmp(&x.2).then(x.0.cmp(y.0)).then(x.1.cmp(y.1)));
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::{Op, br_entry_target};
    use polymem_ir::{Instr, Slot};

    #[test]
    fn a_br_table_entry_reads_the_target_of_a_br_alone() {
        let br = Op::new(Instr::Br { target: 0x1234_5678 });
        let other = Op::new(Instr::BrIfNez { cond: Slot(3), target: 7 });
        // SAFETY: both point at live instructions.
        unsafe {
            assert_eq!(br_entry_target(&br, 0), Some(0x1234_5678));
            assert_eq!(br_entry_target(&other, 0), None);
            let table = [other, br];
            assert_eq!(br_entry_target(table.as_ptr(), 1), Some(0x1234_5678));
        }
    }
}
