//! A readable listing of a [`CompiledFunc`], used by `inspect --ir` and in tests: one line per
//! instruction, its name and its fields by role (`I32Add result=s2 lhs=s0 rhs=s1`).

use crate::{CompiledFunc, Instr};
use std::fmt;

impl fmt::Display for Instr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())?;
        self.fmt_fields(f)
    }
}

impl fmt::Display for CompiledFunc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "params={} results={} locals={} slots={} hot_mem={}",
            self.num_params, self.num_results, self.num_locals, self.max_slots, self.hot_mem
        )?;
        for (i, value) in self.consts.iter().enumerate() {
            writeln!(f, "const s{} = {value:#x}", self.const_base as usize + i)?;
        }
        let width = self.code.len().to_string().len();
        for (at, instr) in self.code.iter().enumerate() {
            let mut instr = *instr;
            if let Some(target) = instr.branch_target_mut() {
                *target = crate::target_index(*target);
            }
            writeln!(f, "{at:>width$}: {instr}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::{Instr, Slot};

    #[test]
    fn instr_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Instr>(), 16);
    }

    #[test]
    fn listing_numbers_each_instruction() {
        let f = crate::CompiledFunc {
            code: vec![
                Instr::Const32 { result: Slot(0), value: 7 },
                Instr::Return1 { value: Slot(0) },
            ],
            num_params: 0,
            num_results: 1,
            num_locals: 0,
            max_slots: 1,
            consts: vec![],
            const_base: 1,
            hot_mem: 0,
        };
        assert_eq!(
            f.to_string(),
            "params=0 results=1 locals=0 slots=1 hot_mem=0\n0: Const32 result=s0 value=7\n1: Return1 value=s0\n"
        );
    }

    #[test]
    fn visitors_follow_the_roles() {
        let mut add = Instr::I32AddImm { result: Slot(3), lhs: Slot(1), rhs: -1 };
        let mut slots = Vec::new();
        add.for_each_slot_mut(|s| slots.push(s.0));
        assert_eq!(slots, [3, 1]);
        assert_eq!(add.result_slot_mut().copied(), Some(Slot(3)));
        assert_eq!(add.branch_target_mut(), None);
        let lt = Instr::I32LtS { result: Slot(2), lhs: Slot(0), rhs: Slot(1) };
        let fused = Instr::BrI32GeS { lhs: Slot(0), rhs: Slot(1), target: 9 };
        assert_eq!(lt.fuse_branch(true, 9), Some(fused));
        let load = Instr::I32Load { result: Slot(0), addr: Slot(1), mem: 1, offset: 4 };
        assert_eq!(load.memory_access(), Some(1));
        assert_eq!(load.into_hot(0), load);
        let hot = Instr::I32LoadHot { result: Slot(0), addr: Slot(1), mem: 1, offset: 4 };
        assert_eq!(load.into_hot(1), hot);
        assert_eq!(hot.memory_access(), None);
    }

    #[test]
    fn a_pair_fuses_when_the_second_half_reads_the_first_and_the_fields_fit() {
        let add = Instr::I32AddImm { result: Slot(3), lhs: Slot(3), rhs: 1 };
        let test = Instr::BrI32LtUAcc { lhs: Slot(3), rhs: Slot(0), target: 7 };
        let fused = Instr::I32AddImmBrLtU {
            result: Slot(3),
            lhs: Slot(3),
            step: 1,
            rhs: Slot(0),
            target: 7,
        };
        assert_eq!(Instr::fuse_pair(add, test), Some(fused));
        assert_eq!(fused.halves(), Some((add, test)));
        // The second half reads another slot, or the step needs more than 16 bits: no pair.
        let other = Instr::BrI32LtUAcc { lhs: Slot(4), rhs: Slot(0), target: 7 };
        assert_eq!(Instr::fuse_pair(add, other), None);
        let far = Instr::I32AddImm { result: Slot(3), lhs: Slot(3), rhs: 1 << 20 };
        assert_eq!(Instr::fuse_pair(far, test), None);
        // A field the fused handler does not read (a hot access's `mem`) is not kept.
        let shl = Instr::I32ShlImmToAcc { result: Slot(5), lhs: Slot(1), rhs: 2 };
        let load = Instr::I32LoadHotAcc { result: Slot(6), addr: Slot(5), mem: 2, offset: 8 };
        let fused = Instr::fuse_pair(shl, load).unwrap();
        assert_eq!(fused.name(), "I32ShlImmToAccLoadHot");
        assert_eq!(fused.halves().map(|(a, _)| a), Some(shl));
        assert_eq!(Instr::I32AddImm { result: Slot(0), lhs: Slot(0), rhs: 0 }.halves(), None);
    }
}
