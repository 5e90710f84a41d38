//! A readable listing of a [`CompiledFunc`], used by `inspect --ir` and in tests.

use crate::CompiledFunc;
use std::fmt;

impl fmt::Display for CompiledFunc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "params={} results={} locals={} slots={} hot_mem={}",
            self.num_params, self.num_results, self.num_locals, self.max_slots, self.hot_mem
        )?;
        for (i, value) in self.consts.iter().enumerate() {
            writeln!(f, "const Slot({}) = {value:#x}", self.const_base as usize + i)?;
        }
        let width = self.code.len().to_string().len();
        for (at, instr) in self.code.iter().enumerate() {
            writeln!(f, "{at:>width$}: {instr:?}")?;
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
            code: vec![Instr::Const32 { dst: Slot(0), value: 7 }, Instr::Return1 { src: Slot(0) }],
            num_params: 0,
            num_results: 1,
            num_locals: 0,
            max_slots: 1,
            consts: vec![],
            const_base: 1,
            hot_mem: 0,
        };
        let text = f.to_string();
        assert!(text.contains("0: Const32"), "{text}");
        assert!(text.contains("1: Return1"), "{text}");
    }
}
