//! Translation of one function body from Wasm operators to the register IR.
//!
//! Each operator is mapped in a single pass. The operand stack is modelled at translation time
//! ([`stack`]) so that `local.get` and constants cost no instruction of their own, results are
//! written straight into a `local.set` target where possible, and branches copy only the values
//! that are not already in place ([`control`]).

mod acc;
mod bulk;
mod checks;
mod control;
mod fuse;
mod operators;
mod ops;
mod stack;
mod visit;

use crate::error::Error;
use crate::exec::{Op, Runnable};
use crate::module::ModuleInner;
use crate::types::{FuncType, ValType};
use checks::Checks;
use control::{Control, Kind};
use polymem_ir::{CompiledFunc, FuncIdx, Instr, MAX_FRAME_SLOTS, Slot};
use stack::{Entry, Operand};
use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use visit::Validating;
use wasmparser::{BinaryReader, FuncValidator, FunctionBody, OperatorsReader, ValidatorResources};

/// The state of one function's translation.
pub(crate) struct Translator<'m> {
    module: &'m ModuleInner,
    code: Vec<Instr>,
    stack: Vec<Entry>,
    /// The end of the stack's cells (the first cell of the next position pushed).
    top_cell: u32,
    control: Vec<Control>,
    /// Parameters plus declared locals, in cells: the first temporary slot.
    num_locals: usize,
    /// The first cell of each local and the end, when a local is a `v128`; empty when every
    /// local takes one cell (local `i` is then slot `i`).
    local_cells: Vec<u32>,
    /// The result types.
    results: &'m [ValType],
    max_height: usize,
    reachable: bool,
    /// Nesting depth of blocks opened inside unreachable code.
    dead_depth: u32,
    /// The last instruction, if it wrote the value now on top of the stack into its home slot.
    last_result: Option<usize>,
    /// The last `i32.eqz` if it negates a comparison emitted right before it (see
    /// `take_compare` in [`control`]).
    eqz_of_compare: Option<usize>,
    /// Constants read by instructions, in the order first used; see [`Translator::const_slot`].
    consts: Vec<u64>,
    const_index: HashMap<u64, u16, BuildHasherDefault<ConstHasher>>,
    /// `v128` constants: the first of their two consecutive constant cells.
    const_v128_index: std::collections::HashMap<u128, u16>,
    /// Fuel and interrupt checks ([`checks`]).
    checks: Checks,
    /// The values of the `v128.const` operators (`Operand::V128` indexes them).
    v128_values: Vec<u128>,
    /// The targets of the `br_table` being translated (a buffer kept between them).
    br_targets: Vec<u32>,
    /// The number of loads and stores emitted per memory index.
    mem_accesses: Vec<u32>,
    /// The position of every load and store in `code` (accesses are never moved or removed).
    access_at: Vec<u32>,
    /// The buffers of the accumulator pass ([`acc`]).
    acc: acc::Pass,
}

/// The growable buffers of a translation, kept per thread between translations: translating
/// a module's functions one after the other then allocates only each function's results
/// (eager translation of the bench module: see `docs/perf-log.md`).
#[derive(Default)]
struct Buffers {
    code: Vec<Instr>,
    stack: Vec<Entry>,
    control: Vec<Control>,
    consts: Vec<u64>,
    const_index: HashMap<u64, u16, BuildHasherDefault<ConstHasher>>,
    br_targets: Vec<u32>,
    mem_accesses: Vec<u32>,
    access_at: Vec<u32>,
    acc: acc::Pass,
}

thread_local! {
    static BUFFERS: Cell<Buffers> = Cell::new(Buffers::default());
}

/// Buffers that grew past this many instructions are not kept, so that one huge function does
/// not pin its memory for the thread's lifetime.
const MAX_KEPT_CODE: usize = 1 << 16;

/// A hasher for constant cells: one multiply instead of SipHash (the keys are the function's
/// own constants; a collision costs a probe, nothing more).
#[derive(Default)]
struct ConstHasher(u64);

impl Hasher for ConstHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0 ^ value).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn finish(&self) -> u64 {
        // The multiply leaves the entropy in the high bits; fold it into the low ones too.
        self.0 ^ (self.0 >> 29)
    }
}

/// Translates defined function `func_index` whose body (locals and code) is `body`, found at
/// byte `offset` of the module.
///
/// With `validator`, each operator is validated just before it is translated, so that the body
/// is decoded once (eager translation). The outer error is then a decoding or validation error,
/// the inner one a translation error of a valid body (reported after validation, as when
/// validation runs first). Without a validator the body has been validated already.
pub(crate) fn translate(
    module: &ModuleInner,
    func_index: FuncIdx,
    body: &[u8],
    offset: usize,
    mut validator: Option<&mut FuncValidator<ValidatorResources>>,
) -> Result<Result<Runnable, Error>, Error> {
    let ty = module.func_type(func_index);
    let cells_of = |tys: &[ValType]| tys.iter().map(|t| t.cells()).sum::<usize>();
    let (num_params, num_results) = (cells_of(ty.params()), cells_of(ty.results()));
    let mut reader = BinaryReader::new(body, offset as u64);
    let mut declared: u64 = 0;
    let mut local_cells = Vec::new();
    let mut wide = ty.params().contains(&ValType::V128);
    let mut too_many = false;
    for _ in 0..reader.read_var_u32()? {
        let at = reader.original_position();
        let count = reader.read_var_u32()?;
        let t = reader.read()?;
        if let Some(v) = validator.as_deref_mut() {
            v.define_locals(at, count, t)?;
        }
        wide |= t == wasmparser::ValType::V128 && count > 0;
        let cells = if t == wasmparser::ValType::V128 { 2 } else { 1 };
        declared += u64::from(count) * cells;
        too_many |= declared >= MAX_FRAME_SLOTS as u64;
    }
    if let Some(v) = validator.as_deref() {
        reader.set_features(*v.features());
    }
    let num_locals = num_params as u64 + declared;
    if too_many || num_locals >= MAX_FRAME_SLOTS as u64 {
        if let Some(v) = validator {
            validate_rest(&mut reader, v)?;
        }
        return Ok(Err(Error::limit("function has more than 65535 locals")));
    }
    if wide {
        // Only functions with a `v128` local pay for the map from local index to cell.
        let mut at = 0u32;
        for t in ty.params() {
            local_cells.push(at);
            at += t.cells() as u32;
        }
        let locals = FunctionBody::new(BinaryReader::new(body, offset as u64));
        for local in locals.get_locals_reader()? {
            let (count, t) = local?;
            let cells = if t == wasmparser::ValType::V128 { 2 } else { 1 };
            for _ in 0..count {
                local_cells.push(at);
                at += cells;
            }
        }
        local_cells.push(at);
    }
    let bufs = BUFFERS.take();
    let mut t = Translator {
        module,
        code: bufs.code,
        stack: bufs.stack,
        top_cell: 0,
        control: bufs.control,
        num_locals: num_locals as usize,
        local_cells,
        results: ty.results(),
        max_height: 0,
        reachable: true,
        dead_depth: 0,
        last_result: None,
        eqz_of_compare: None,
        consts: bufs.consts,
        const_index: bufs.const_index,
        const_v128_index: std::collections::HashMap::new(),
        checks: {
            let config = module.engine.config();
            Checks::new(config.consume_fuel, config.interruptible)
        },
        v128_values: Vec::new(),
        br_targets: bufs.br_targets,
        mem_accesses: bufs.mem_accesses,
        access_at: bufs.access_at,
        acc: bufs.acc,
    };
    let compiled = match validator {
        Some(v) => t.validated_body(body, &reader, v, num_params, num_results, declared),
        None => t.body(reader, num_params, num_results, declared),
    };
    if t.code.capacity() <= MAX_KEPT_CODE {
        t.code.clear();
        t.stack.clear();
        t.control.clear();
        t.consts.clear();
        t.const_index.clear();
        t.mem_accesses.clear();
        t.access_at.clear();
        t.acc.reset(MAX_KEPT_CODE);
        BUFFERS.set(Buffers {
            code: t.code,
            stack: t.stack,
            control: t.control,
            consts: t.consts,
            const_index: t.const_index,
            br_targets: t.br_targets,
            mem_accesses: t.mem_accesses,
            access_at: t.access_at,
            acc: t.acc,
        });
    }
    compiled
}

/// Validates the operators left in `reader` (after a translation error), as
/// `FuncValidator::validate` does.
fn validate_rest(
    reader: &mut BinaryReader<'_>,
    v: &mut FuncValidator<ValidatorResources>,
) -> Result<(), Error> {
    while !reader.eof() {
        let at = reader.original_position();
        reader.visit_operator(&mut v.visitor(at))??;
    }
    reader.finish_expression(&v.visitor(reader.original_position()))?;
    Ok(())
}

impl Translator<'_> {
    /// Opens the function's own block.
    fn open_func(&mut self) {
        self.control.push(Control {
            kind: Kind::Func,
            ty: wasmparser::BlockType::Empty,
            height: 0,
            params: 0,
            results: self.results.len(),
            start: 0,
            fixups: control::NO_FIXUP,
            reachable_at_entry: true,
            branched_to: false,
            loops: 0,
        });
        self.start_region(true);
    }

    /// Translates the operators of a validated body after its locals; the outer error is
    /// always `Ok` (kept for the signature shared with [`Self::validated_body`]).
    fn body(
        &mut self,
        reader: BinaryReader<'_>,
        num_params: usize,
        num_results: usize,
        declared: u64,
    ) -> Result<Result<Runnable, Error>, Error> {
        self.open_func();
        let mut ops = OperatorsReader::new(reader);
        while !ops.eof() {
            if let Err(e) = ops.visit_operator(self)? {
                return Ok(Err(e));
            }
        }
        Ok(self.finish(num_params, num_results, declared))
    }

    /// Validates and translates the operators of `body` after its locals (`reader` stands
    /// after them), decoding each once (the common operators by `module::visit_operators`);
    /// errors as in [`translate`].
    fn validated_body(
        &mut self,
        body: &[u8],
        reader: &BinaryReader<'_>,
        validator: &mut FuncValidator<ValidatorResources>,
        num_params: usize,
        num_results: usize,
        declared: u64,
    ) -> Result<Result<Runnable, Error>, Error> {
        self.open_func();
        let features = *validator.features();
        let (at, base) = (reader.current_position(), reader.original_position());
        let base = base - at as u64;
        let mut visitor = Validating { translator: self, validator, offset: 0, failed: None };
        crate::module::visit_operators(&mut visitor, body, at, base, features)?;
        if let Some(e) = visitor.failed {
            return Ok(Err(e));
        }
        Ok(self.finish(num_params, num_results, declared))
    }

    /// The compiled function once every operator is translated.
    fn finish(
        &mut self,
        num_params: usize,
        num_results: usize,
        declared: u64,
    ) -> Result<Runnable, Error> {
        self.end_region();
        // A guard: execution can never run past the end of the code, even to a label placed there.
        self.code.push(Instr::Unreachable {});
        let frame = (self.num_locals + self.max_height.max(num_results)).max(num_params);
        let places = self.const_places(frame)?;
        let max_slots = frame + self.consts.len();
        let hot_mem = assign_hot_memory(&mut self.code, &self.mem_accesses, &self.access_at);
        // The temporaries, still numbered from the locals up (below the constants' marks).
        let temps = self.num_locals..usize::from(places.lowest_mark);
        acc::use_accumulators(&mut self.code, temps, &mut self.acc);
        fuse::fuse_pairs(&mut self.code, &mut self.acc);
        fuse::check_offsets(&self.code)?;
        // One walk gives each instruction its final slots and target offset.
        for instr in self.code.iter_mut() {
            places.finish(instr);
        }
        Ok(CompiledFunc {
            code: self.code.iter().map(|&instr| Op::new(instr)).collect(),
            hot_mem,
            num_params: num_params as u16,
            num_results: num_results as u16,
            num_locals: declared as u16,
            max_slots: u16::try_from(max_slots)
                .map_err(|_| Error::limit("function needs more than 65535 value slots"))?,
            consts: self.consts.as_slice().to_vec(),
            const_base: self.num_locals as u16,
        })
    }
}

/// The move of the constants and temporaries to their final slots ([`Translator::const_places`]).
#[derive(Clone, Copy)]
struct ConstPlaces {
    /// The provisional slot of the last constant (the first is [`CONST_MARK`]).
    lowest_mark: u16,
    /// The final slot of the first constant (the first temporary's provisional one).
    first_const: u16,
    /// The number of constant cells.
    n: u16,
}

impl ConstPlaces {
    /// Gives `instr` its final slots and turns its branch target, an instruction index, into
    /// the byte offset the interpreter jumps by (`polymem_ir::target_offset`; the caller
    /// checked that every index has one).
    #[inline]
    fn finish(self, instr: &mut Instr) {
        let Self { lowest_mark, first_const, n } = self;
        if n > 0 {
            instr.for_each_slot_mut(move |slot| {
                let s = slot.0;
                if s >= lowest_mark {
                    *slot = Slot(first_const + (CONST_MARK - s));
                } else if s >= first_const {
                    *slot = Slot(s + n);
                }
            });
        }
        if let Some(t) = instr.branch_target_mut() {
            *t = polymem_ir::target_offset(*t).unwrap_or(u32::MAX);
        }
    }
}

/// Picks the memory that `code` loads from and stores to most often (`counts` per memory
/// index, ties to the lower index) as the function's hot memory and turns its accesses (at
/// positions `accesses`) into the `*Hot` instructions.
fn assign_hot_memory(code: &mut [Instr], counts: &[u32], accesses: &[u32]) -> u16 {
    let Some(hot) = (0..counts.len()).max_by_key(|&m| (counts[m], std::cmp::Reverse(m))) else {
        return 0;
    };
    let hot = hot as u16;
    for &at in accesses {
        let instr = &mut code[at as usize];
        *instr = instr.into_hot(hot);
    }
    hot
}

/// Constant operands are first given provisional slots counting down from here; once the frame
/// size is known they move to the slots right after it.
const CONST_MARK: u16 = u16::MAX;
/// At most this many distinct constants get a slot; further ones are materialized as before.
const MAX_CONSTS: usize = 1024;

impl Translator<'_> {
    /// The slot holding constant `value`, shared by every use in the function; `None` when the
    /// function already has [`MAX_CONSTS`] of them.
    fn const_slot(&mut self, value: u64) -> Option<Slot> {
        if let Some(&k) = self.const_index.get(&value) {
            return Some(Slot(CONST_MARK - k));
        }
        if self.consts.len() >= MAX_CONSTS {
            return None;
        }
        let k = self.consts.len() as u16;
        self.consts.push(value);
        self.const_index.insert(value, k);
        Some(Slot(CONST_MARK - k))
    }

    /// The first of two consecutive constant slots holding `value` (low half first); `None`
    /// past [`MAX_CONSTS`].
    fn const_slot_v128(&mut self, value: u128) -> Option<Slot> {
        if let Some(&k) = self.const_v128_index.get(&value) {
            return Some(Slot(CONST_MARK - k));
        }
        if self.consts.len() + 2 > MAX_CONSTS {
            return None;
        }
        let k = self.consts.len() as u16;
        self.consts.extend([value as u64, (value >> 64) as u64]);
        self.const_v128_index.insert(value, k);
        Some(Slot(CONST_MARK - k))
    }

    /// Where the constants go: the slots right after the locals, every temporary moving up by
    /// their number (constants must lie below any call's base: a callee's frame overlaps the
    /// caller's slots from the base up). The instructions keep the provisional numbers until
    /// [`ConstPlaces::finish`], in the walk that gives them their handlers.
    fn const_places(&self, frame: usize) -> Result<ConstPlaces, Error> {
        let n = self.consts.len();
        let lowest_mark = (CONST_MARK as usize + 1) - n;
        if n > 0 && frame + n >= lowest_mark {
            return Err(Error::limit("function needs more than 65535 value slots"));
        }
        // Every value fits 16 bits (`base + n <= frame + n < lowest_mark <= CONST_MARK`, or no
        // constant: then the mark is past every slot and no slot moves).
        let lowest_mark = u16::try_from(lowest_mark).unwrap_or(u16::MAX);
        Ok(ConstPlaces { lowest_mark, first_const: self.num_locals as u16, n: n as u16 })
    }

    /// Appends an instruction.
    fn emit(&mut self, instr: Instr) {
        self.code.push(instr);
        self.last_result = None;
    }

    /// Appends an instruction that wrote the value now on top of the stack.
    fn emit_result(&mut self, instr: Instr) {
        self.code.push(instr);
        self.last_result = Some(self.code.len() - 1);
    }

    /// The first slot of local `index`.
    fn local_slot(&self, index: u32) -> Slot {
        match self.local_cells.get(index as usize) {
            Some(&cell) => Slot(cell as u16),
            None => Slot(index as u16),
        }
    }

    #[inline]
    fn local_get(&mut self, index: u32) -> Result<(), Error> {
        // The local's slot and width (two cells: a `v128`) with one look-up of `local_cells`;
        // past the locals, `local_slot`'s fallback.
        let i = index as usize;
        let (slot, wide) = match self.local_cells.get(i..i + 2) {
            Some(&[first, end]) => (Slot(first as u16), end - first == 2),
            _ => (Slot(index as u16), false),
        };
        self.push_value(Operand::Local(slot), wide)
    }

    fn local_set(&mut self, index: u32, tee: bool) {
        let x = self.local_slot(index);
        let top = self.stack.len() - 1;
        let wide = self.is_wide(top);
        match self.op(top) {
            Operand::Local(src) if src == x => {}
            operand => {
                let aliased = self.stack[..top].iter().any(|e| e.op == Operand::Local(x));
                let fusable = operand == Operand::Temp
                    && !aliased
                    && self.last_result == Some(self.code.len() - 1)
                    && self.code.last_mut().and_then(|i| i.result_slot_mut()).map(|s| *s)
                        == Some(self.home(top));
                if fusable {
                    if let Some(dst) = self.code.last_mut().and_then(|i| i.result_slot_mut()) {
                        *dst = x;
                    }
                    self.last_result = None;
                } else {
                    self.preserve_local(x);
                    match operand {
                        Operand::Temp => self.emit_copy(x, Operand::Local(self.home(top)), wide),
                        operand => self.emit_copy(x, operand, wide),
                    }
                }
            }
        }
        self.truncate(top);
        if tee {
            // Pushing a value that was just there cannot overflow.
            let _ = self.push_value(Operand::Local(x), wide);
        }
    }

    /// Block type arity: (params, results).
    fn block_arity(&self, ty: wasmparser::BlockType) -> (usize, usize) {
        match ty {
            wasmparser::BlockType::Empty => (0, 0),
            wasmparser::BlockType::Type(_) => (0, 1),
            wasmparser::BlockType::FuncType(t) => {
                let ty = &self.module.types[t as usize];
                (ty.params().len(), ty.results().len())
            }
        }
    }

    /// Pushes temporaries for the parameters (`results == false`) or results of block type
    /// `ty`.
    fn push_block_values(&mut self, ty: wasmparser::BlockType, results: bool) -> Result<(), Error> {
        match ty {
            wasmparser::BlockType::Empty => Ok(()),
            wasmparser::BlockType::Type(_) if !results => Ok(()),
            wasmparser::BlockType::Type(t) => {
                self.push_value(Operand::Temp, t == wasmparser::ValType::V128)
            }
            wasmparser::BlockType::FuncType(t) => {
                let module = self.module;
                let ty = &module.types[t as usize];
                self.push_types(if results { ty.results() } else { ty.params() })
            }
        }
    }

    /// Emits a tail call whose arguments are the top `params` values. The callee replaces this
    /// function and returns to its caller, so nothing after it runs.
    fn return_call(&mut self, instr: impl FnOnce(Slot) -> Instr, params: usize) {
        self.materialize_top(params);
        let base = self.home(self.stack.len() - params);
        self.emit(instr(base));
        self.reachable = false;
    }

    /// Emits a call of a function of type `ty` whose arguments are on top of the stack; pushes
    /// its results as temps.
    fn call(&mut self, instr: impl FnOnce(Slot) -> Instr, ty: &FuncType) -> Result<(), Error> {
        let params = ty.params().len();
        self.materialize_top(params);
        let base_pos = self.stack.len() - params;
        let base = self.home(base_pos);
        self.emit(instr(base));
        self.truncate(base_pos);
        self.push_types(ty.results())
    }
}
