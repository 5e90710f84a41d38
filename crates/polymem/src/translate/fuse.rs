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

use super::acc::{DROPPED, Pass, TARGET};
use crate::error::Error;
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
        .find(|&i| pair_at(code, i, &pass.marks, &pass.stored).is_some())
    else {
        fuse_before_targets(code, &pass.targets, |t| t);
        duplicate_jumped_branches(code, &mut pass.moved);
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
            Some(_) if next_fed.peek() == Some(&(read + 1)) && marks[read + 1] & TARGET == 0 => {
                pair_at(code, read, marks, &pass.stored)
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
    fuse_before_targets(code, &pass.targets, |t| at[t] as usize);
    duplicate_jumped_branches(code, &mut pass.moved);
}

/// Replaces each `Br` to a loop's back edge (a conditional branch to itself or before) with a
/// copy of that branch and a `Br` to the instruction after it (taken only when the copy falls through): a bytecode loop's case ends
/// with a jump to the back edge (vm's `Br` to `I32AddImmBrLtU`), and the copy goes straight to
/// the loop head, one taken jump (a load and an add on the path of `ip`) fewer per op. The
/// copy runs on the same values as the original would, a jump changes nothing else, and with
/// fuel or interruption on, a jump target starts with its check, so nothing is copied there.
/// `at` is scratch: old position to new. Jump-table entries stay `Br`s.
fn duplicate_jumped_branches(code: &mut Vec<Instr>, at: &mut Vec<u32>) {
    let len = code.len();
    let copies = |instr: Instr| {
        let Instr::Br { target } = instr else { return false };
        let t = target as usize;
        t + 1 < len
            && !matches!(code[t], Instr::Br { .. })
            && code[t].branch_target().is_some_and(|back| back as usize <= t)
    };
    // Most functions have none: look before counting the jump tables' entries.
    if !code.iter().any(|&instr| copies(instr)) {
        return;
    }
    at.clear();
    let (mut extra, mut entries) = (0u32, 0u32);
    for (i, &instr) in code.iter().enumerate() {
        at.push(i as u32 + extra);
        // A table's entries follow it (ask only an instruction before a `Br`: few are).
        if entries > 0 {
            entries -= 1;
        } else if let Some(n) = code.get(i + 1).and_then(|next| match next {
            Instr::Br { .. } => table_len(instr),
            _ => None,
        }) {
            entries = n;
        } else if copies(instr) {
            extra += 1;
        }
    }
    at.push(len as u32 + extra);
    if extra == 0 {
        return;
    }
    code.resize(len + extra as usize, Instr::Unreachable {});
    // From the back, so that every old position is read before its slot is overwritten: an
    // old position below `i` is not yet written, one above it has moved to `at[..]`.
    for i in (0..len).rev() {
        let new = at[i] as usize;
        match code[i] {
            // Only a `Br` takes two positions.
            Instr::Br { target } if at[i + 1] as usize - new == 2 => {
                let t = target as usize;
                code[new] = if t < i { code[t] } else { code[at[t] as usize] };
                code[new + 1] = Instr::Br { target: target + 1 };
            }
            instr => code[new] = instr,
        }
    }
    for instr in code.iter_mut() {
        if let Some(t) = instr.branch_target_mut() {
            *t = at[*t as usize];
        }
    }
}

/// The number of `Br` entries that follow a jump table (alone or the second half of a pair).
fn table_len(instr: Instr) -> Option<u32> {
    if let Instr::BrTable { len, .. } | Instr::BrTableAcc { len, .. } = instr {
        return Some(len);
    }
    instr.halves().and_then(|(_, second)| table_len(second))
}

/// The superinstruction doing `code[at]` then `code[at + 1]`, if the `pair` group has one,
/// also with the second half in its storing form where the accumulator pass dropped its store
/// (`marks`, `stored`): some pairs exist with that form only, and storing a value nobody reads
/// costs less than a dispatch.
///
/// Most instructions start no pair: that question, a table look-up, is answered in line.
#[inline]
fn pair_at(code: &[Instr], at: usize, marks: &[u8], stored: &[(u32, Instr)]) -> Option<Instr> {
    if !code[at].starts_pair() {
        return None;
    }
    fuse_at(code, at, marks, stored)
}

/// [`pair_at`] for an instruction that starts a pair.
#[inline(never)]
fn fuse_at(code: &[Instr], at: usize, marks: &[u8], stored: &[(u32, Instr)]) -> Option<Instr> {
    let first = code[at];
    if let Some(fused) = Instr::fuse_pair(first, code[at + 1]) {
        return Some(fused);
    }
    if marks[at + 1] & DROPPED == 0 {
        return None;
    }
    let k = stored.binary_search_by_key(&(at as u32 + 1), |&(p, _)| p).ok()?;
    Instr::fuse_pair(first, stored[k].1)
}

/// Checks that every branch target of the finished `code` (an instruction index) has the byte
/// offset the interpreter jumps by (`polymem_ir::target_offset`).
pub(super) fn check_offsets(code: &[Instr]) -> Result<(), Error> {
    match u32::try_from(code.len()).ok().and_then(polymem_ir::target_offset) {
        Some(_) => Ok(()),
        None => Err(Error::limit("function has too many instructions")),
    }
}

/// Fuses the pairs whose second half is a jump target (at `moved(t)` for each of `targets`)
/// and a conditional branch, keeping that branch in place for the jumps that land on it: the
/// pair's fall-through runs it once more, on the values the pair left, so it falls through
/// again (a branch writes nothing). The loop back edge `i += 1; if i < n goto head` of a loop
/// entered at its test is one (vm's dispatch loop: one handler fewer per bytecode op).
fn fuse_before_targets(code: &mut [Instr], targets: &[u32], moved: impl Fn(usize) -> usize) {
    for &t in targets {
        let t = moved(t as usize);
        if t == 0 || t >= code.len() {
            continue;
        }
        if let Some(fused) = fuse_keeping_second(code[t - 1], code[t]) {
            code[t - 1] = fused;
        }
    }
}

/// The pair doing `first` then the conditional branch `second`, which reads `first`'s result
/// from the accumulator in the pair, if the `pair` group has one.
fn fuse_keeping_second(first: Instr, mut second: Instr) -> Option<Instr> {
    if second.branch_target().is_none() || second.result_slot_mut().is_some() {
        return None;
    }
    let mut copy = first;
    let result = *copy.result_slot_mut()?;
    Instr::fuse_pair(first, second.into_acc(result)?)
}

#[cfg(test)]
mod tests {
    use crate::exec::acc::consumes;
    use polymem_ir::Instr;

    /// A pair whose second half is a jump target fuses and keeps that half after it: both the
    /// jump to the test and the fall-through of the pair, taken or not, give the same results.
    #[test]
    fn a_pair_before_a_jump_target_keeps_its_second_half() {
        use crate::{Engine, Instance, Module, Store};
        let wat = r#"(module (func (export "f") (param i32 i32) (result i32)
            (block $out
              (block $b
                (br_if $b (local.get 0))
                (local.set 1 (i32.add (local.get 1) (i32.const 1))))
              (br_if $out (i32.lt_u (local.get 1) (i32.const 10)))
              (return (i32.const -1)))
            (local.get 1)))"#;
        let engine = Engine::default();
        let module = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
        let listing = module.function_ir(0).unwrap().unwrap().to_string();
        let names: Vec<&str> =
            listing.lines().filter_map(|l| l.split_whitespace().nth(1)).collect();
        let at = names.iter().position(|&n| n == "I32AddImmBrLtUImm").expect(&listing);
        assert_eq!(names[at + 1], "BrI32LtUImm", "{listing}");
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let f = instance.get_typed_func::<(i32, i32), i32>(&store, "f").unwrap();
        // (skip the add?, counter) -> counter + 1 or counter if below 10, else -1.
        for (args, want) in [((0, 5), 6), ((0, 9), -1), ((1, 9), 9), ((1, 10), -1)] {
            assert_eq!(f.call(&mut store, args).unwrap(), want, "f{args:?}");
        }
    }

    /// A case's `br` to the loop's test becomes a copy of the test and a `Br` past it; a jump
    /// table's entry to the same test stays a `Br` (entries are read in place).
    #[test]
    fn a_jump_to_a_branch_runs_a_copy_of_it() {
        use crate::{Engine, Instance, Module, Store};
        let wat = r#"(module (func (export "f") (param $n i32) (result i32) (local $i i32) (local $s i32)
            (loop $head
              (block $next
                (block $odd
                  (block $even
                    (br_table $even $odd $next (i32.rem_u (local.get $i) (i32.const 3))))
                  (local.set $s (i32.add (local.get $s) (i32.const 3)))
                  (br $next))
                (local.set $s (i32.xor (i32.mul (local.get $s) (i32.const 5)) (local.get $i))))
              (br_if $head (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                                     (local.get $n))))
            (local.get $s)))"#;
        let engine = Engine::default();
        let module = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
        let listing = module.function_ir(0).unwrap().unwrap().to_string();
        let names: Vec<&str> =
            listing.lines().filter_map(|l| l.split_whitespace().nth(1)).collect();
        let copies = names.iter().filter(|&&n| n == "I32AddImmBrLtU").count();
        assert_eq!(copies, 2, "{listing}");
        let table = names.iter().position(|n| n.contains("BrTable")).expect(&listing);
        assert!(names[table + 1..=table + 3].iter().all(|&n| n == "Br"), "{listing}");
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let f = instance.get_typed_func::<i32, i32>(&store, "f").unwrap();
        for n in [0, 1, 2, 3, 7, 100] {
            let (mut i, mut s) = (0i32, 0i32);
            loop {
                match i % 3 {
                    0 => s += 3,
                    1 => s = s.wrapping_mul(5) ^ i,
                    _ => {}
                }
                i += 1;
                if i >= n {
                    break;
                }
            }
            assert_eq!(f.call(&mut store, n).unwrap(), s, "f({n})");
        }
    }

    /// `fuse_pairs` looks for pairs only where the accumulator pass made an `Acc` form: that
    /// holds only while every pair's second half is one.
    #[test]
    fn every_pair_ends_in_an_acc_form() {
        let pairs = Instr::pair_rows();
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
