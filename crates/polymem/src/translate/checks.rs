//! Fuel and interrupt checks, emitted only when the engine asks for them
//! ([`Config::consume_fuel`](crate::Config::consume_fuel),
//! [`Config::interruptible`](crate::Config::interruptible)); without them nothing here emits
//! an instruction, so the code is exactly what it would be without these features.
//!
//! Fuel is charged per *region*: a straight-line stretch of code that starts at the function
//! entry, a loop header, the end of a loop, or a label where branches join (the end of a block
//! or `if` that is branched to, the start of an `else`). Its first instruction is a
//! `ConsumeFuel` whose amount, patched when the next region starts, is the number of Wasm
//! operators translated in between.
//! Every loop iteration passes a loop header and every call a function entry, and both regions
//! hold at least one operator (the loop's back-edge, the function's `end`), so neither a loop
//! nor a recursion runs without paying. Interrupt checks go to function entries and loop
//! headers only: every unbounded execution passes one of them.

use super::Translator;
use polymem_ir::Instr;

/// Which checks a translation emits, and the region being counted.
#[derive(Debug, Default)]
pub(super) struct Checks {
    fuel: bool,
    interrupt: bool,
    /// The `ConsumeFuel` of the current region, patched with `ops` when the region ends.
    site: Option<usize>,
    /// Operators translated (reachable ones only) since the current region started.
    ops: u32,
}

impl Checks {
    pub(super) fn new(fuel: bool, interrupt: bool) -> Self {
        Self { fuel, interrupt, ..Self::default() }
    }
}

impl Translator<'_> {
    /// Counts one reachable operator against the current region.
    #[inline]
    pub(super) fn count_operator(&mut self) {
        self.checks.ops = self.checks.ops.saturating_add(1);
    }

    /// Starts a region at the current position: a function entry or loop header (`header`),
    /// or a label where branches join. Call it after the label is placed, so that the jumps
    /// to this position run the checks.
    pub(super) fn start_region(&mut self, header: bool) {
        if self.checks.fuel {
            self.end_region();
            self.checks.site = Some(self.code.len());
            self.emit(Instr::ConsumeFuel { amount: 0 });
        }
        if self.checks.interrupt && header {
            self.emit(Instr::CheckInterrupt {});
        }
    }

    /// Gives the current region's `ConsumeFuel` its amount.
    pub(super) fn end_region(&mut self) {
        if let Some(site) = self.checks.site.take() {
            self.code[site] = Instr::ConsumeFuel { amount: self.checks.ops };
        }
        self.checks.ops = 0;
    }
}
