//! Superinstructions: pairs of instructions that run one after the other often enough (the
//! dynamic pair counts of the bench workloads, `docs/perf-log.md`) to be worth one handler.
//! They are rows of the ISA table's `pair` group, each naming its two halves; the interpreter's
//! handler for one is generated from the halves' bodies, and [`Instr::fuse_pair`] recognizes
//! them.
//!
//! A pass over the finished code, after the accumulator pass (`acc.rs`), so that the halves are
//! the final forms: the second half reads the first one's result from the accumulator, and the
//! first stores it or not as that pass decided (a `to_acc` form). A pair fuses only when nothing
//! jumps to its second half; jumps to the first land on the fused instruction, which does both.

use super::acc::{Pass, TARGET};
use polymem_ir::Instr;

/// Replaces every pair of `code` that has a superinstruction with it, and moves the branch
/// targets to the shortened code. Reads the accumulator pass's results in `pass`: a pair's
/// second half is an `Acc` form (a test checks every row), so only the positions in
/// `pass.fed` can end one, and the jump targets in `pass.marks`.
pub(super) fn fuse_pairs(code: &mut Vec<Instr>, pass: &mut Pass) {
    // Most functions have none: find the first pair before anything else.
    let Some(first) = pass
        .fed
        .iter()
        .map(|&i| i as usize - 1)
        .find(|&i| Instr::fuse_pair(code[i], code[i + 1]).is_some())
    else {
        return;
    };
    let len = code.len();
    let marks = &pass.marks;
    // Old position → new position.
    let at = &mut pass.moved;
    at.clear();
    at.extend(0..first as u32);
    at.resize(len + 1, 0);
    let mut write = first;
    let mut read = first;
    // The next `Acc` form at or after `read + 1`, in `pass.fed`.
    let mut next_fed = pass.fed.iter().map(|&i| i as usize).peekable();
    while read < len {
        while next_fed.next_if(|&i| i <= read).is_some() {}
        let fused = match code.get(read + 1) {
            Some(&second)
                if next_fed.peek() == Some(&(read + 1)) && marks[read + 1] & TARGET == 0 =>
            {
                Instr::fuse_pair(code[read], second)
            }
            _ => None,
        };
        at[read] = write as u32;
        if let Some(fused) = fused {
            at[read + 1] = write as u32;
            code[write] = fused;
            read += 2;
        } else {
            code[write] = code[read];
            read += 1;
        }
        write += 1;
    }
    at[len] = write as u32;
    code.truncate(write);
    for instr in code.iter_mut() {
        if let Some(t) = instr.branch_target_mut() {
            *t = at[*t as usize];
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::exec::acc::consumes;
    use polymem_ir::{Instr, Slot};

    /// A field value for building a row to ask for its halves.
    trait Zero {
        fn zero() -> Self;
    }
    impl Zero for Slot {
        fn zero() -> Self {
            Slot(0)
        }
    }
    macro_rules! zero_ints { ($($t:ty),*) => { $(impl Zero for $t { fn zero() -> Self { 0 } })* }; }
    zero_ints!(u8, u16, u32, u64, i16, i32, i64);

    macro_rules! pair_second_halves {
        ($(
            $(#[$meta:meta])*
            $V:ident { $($f:ident: $T:ident),* } => $kind:ident $(($($arg:tt)*))? $(, $marker:ident $margs:tt)* ;
        )*) => {
            vec![$( check!($kind, $V { $($f: $T),* }), )*]
        };
    }
    macro_rules! check {
        (pair, $V:ident { $($f:ident: $T:ident),* }) => {
            Some(Instr::$V { $($f: <$T as Zero>::zero()),* })
        };
        ($kind:ident, $($rest:tt)*) => { None };
    }

    /// `fuse_pairs` looks for pairs only where the accumulator pass made an `Acc` form: that
    /// holds only while every pair's second half is one.
    #[test]
    fn every_pair_ends_in_an_acc_form() {
        let pairs: Vec<Option<Instr>> = polymem_ir::for_each_instr!(pair_second_halves);
        let pairs: Vec<Instr> = pairs.into_iter().flatten().collect();
        assert!(!pairs.is_empty());
        for pair in pairs {
            let (_, second) = pair.halves().expect("a pair row has halves");
            assert!(
                consumes(&second).is_some(),
                "{}: {} reads no accumulator",
                pair.name(),
                second.name()
            );
        }
    }
}
