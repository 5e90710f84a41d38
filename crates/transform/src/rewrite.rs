//! The rewrite itself: a [`Reencode`] implementation that renumbers functions around the added
//! imports, plus the assembly of the lowered module section by section.

use crate::LowerError;
use crate::access::Access;
use crate::bulk::{BulkOp, grow_helper, grow64_wrapper};
use crate::elide::{self, Check};
use crate::layout::{MemoryLayout, Place, Slot};
use crate::temps::Temps;
use std::collections::HashMap;
use wasm_encoder::reencode::{Error, Reencode};
use wasm_encoder::{Encode, Function, InstructionSink, ValType};
use wasmparser::types::TypesRef;
use wasmparser::{FunctionBody, Operator};

/// Function indices of the `polymem:bridge` imports (all zero when nothing is bridged).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct HostFuncs {
    pub size: u32,
    pub grow: u32,
    pub read: u32,
    pub write: u32,
    pub fill: u32,
    pub copy: u32,
}

/// Names and types of the bridge's function imports, in import order.
pub(crate) const BRIDGE_FUNCS: [(&str, &[ValType], &[ValType]); 6] = {
    use ValType::I32;
    [
        ("size", &[I32], &[I32]),
        ("grow", &[I32, I32], &[I32]),
        ("read", &[I32, I32, I32, I32, I32], &[I32]),
        ("write", &[I32, I32, I32, I32, I32], &[I32]),
        ("fill", &[I32, I32, I32, I32], &[]),
        ("copy", &[I32, I32, I32, I32, I32], &[]),
    ]
};
/// The largest function body JavaScript engines accept (the JS API's implementation limits):
/// a lowered function past it is reported as such, not as an invalid module.
const MAX_FUNCTION_BYTES: usize = 7_654_321;

/// The import module name of the bridge.
pub(crate) const BRIDGE_MODULE: &str = "polymem:bridge";

/// The state of one lowering.
#[derive(Debug)]
pub(crate) struct Lowerer<'l> {
    pub layout: &'l MemoryLayout,
    pub host: HostFuncs,
    /// Added function imports (the bridge), shifting every defined function.
    pub host_funcs: u32,
    /// Per memory: the index of its grow helper (meaningful for stored memories).
    pub grow_helpers: Vec<u32>,
    /// Per 64-bit memory: the index of its i64 wrapper around the grow helper.
    pub grow64_helpers: Vec<Option<u32>>,
    /// The in-place memory's size helper (exported with its grow helper).
    pub size_helper: Option<u32>,
    /// How explicit checks look (see `Lowerer::limit_check` and `Lowerer::shared_check` in `checks`).
    pub form: crate::CheckForm,
    /// Whether the access being rewritten is inside a loop.
    pub in_loop: bool,
    /// Index of the first shared check helper (after the start function, if synthesized).
    pub first_check: u32,
    /// The shared check helpers in index order: memory and extent.
    pub check_helpers: Vec<(u32, u64)>,
    /// Index of each shared check helper by memory and extent.
    pub check_index: HashMap<(u32, u64), u32>,
    /// Index of the first limit global (after the slot globals and the scratch global).
    pub first_limit: u32,
    /// The limit globals of the branchless checks in index order: memory and extent.
    pub limits: Vec<(u32, u64)>,
    /// Index of each limit global by memory and extent.
    pub limit_index: HashMap<(u32, u64), u32>,
    /// The label of the trap block around the body being rewritten, from the access being
    /// rewritten (`CheckForm::BrIf`; `None` when the body cannot be wrapped).
    pub trap_label: Option<u32>,
    /// Some access of the body being rewritten branches to the trap block.
    pub trap_used: bool,
    /// The local that the instruction just before the access being rewritten pushed
    /// (`local.get`): a load's address is then that local's value, which a check can read
    /// again instead of copying it to a scratch local first.
    pub pushed_local: Option<u32>,
    /// Set while re-encoding an instruction whose memory immediate was already rewritten.
    patched: bool,
}

impl Reencode for Lowerer<'_> {
    type Error = LowerError;

    fn function_index(&mut self, func: u32) -> Result<u32, Error<LowerError>> {
        Ok(if func >= self.layout.imported_funcs { func + self.host_funcs } else { func })
    }

    /// Memory names survive only for the memory that stays the lowered memory 0.
    fn parse_custom_name_subsection(
        &mut self,
        names: &mut wasm_encoder::NameSection,
        section: wasmparser::Name<'_>,
    ) -> Result<(), Error<LowerError>> {
        let wasmparser::Name::Memory(map) = section else {
            return wasm_encoder::reencode::utils::parse_custom_name_subsection(
                self, names, section,
            );
        };
        let mut kept = wasm_encoder::NameMap::new();
        for naming in map {
            let naming = naming?;
            let in_place = self.layout.in_place == Some(naming.index);
            if in_place
                || matches!(self.layout.places.get(naming.index as usize), Some(Place::Direct))
            {
                kept.append(0, naming.name);
            }
        }
        names.memories(&kept);
        Ok(())
    }

    fn memory_index(&mut self, memory: u32) -> Result<u32, Error<LowerError>> {
        if self.patched {
            return Ok(0);
        }
        Err(Error::UserError(LowerError::unsupported(
            Some(memory),
            "it is used by an instruction the lowering does not handle (atomics, or a \
             proposal beyond Wasm 3.0 memories)",
        )))
    }
}

impl<'l> Lowerer<'l> {
    pub fn new(layout: &'l MemoryLayout, defined_funcs: u32, form: crate::CheckForm) -> Self {
        let host_funcs = if layout.bridged { BRIDGE_FUNCS.len() as u32 } else { 0 };
        let first = layout.imported_funcs;
        let host = if layout.bridged {
            HostFuncs {
                size: first,
                grow: first + 1,
                read: first + 2,
                write: first + 3,
                fill: first + 4,
                copy: first + 5,
            }
        } else {
            HostFuncs::default()
        };
        let first_helper = first + host_funcs + defined_funcs;
        let count = layout.memories.len() as u32;
        let grow_helpers = (0..count).map(|m| first_helper + m).collect();
        let mut next = first_helper + count;
        let grow64_helpers = layout
            .memories
            .iter()
            .map(|info| {
                next += u32::from(info.is64);
                info.is64.then_some(next - 1)
            })
            .collect();
        let size_helper = layout.in_place.map(|_| next);
        next += u32::from(size_helper.is_some());
        let first_limit = layout.free_global;
        Self {
            layout,
            host,
            host_funcs,
            grow_helpers,
            grow64_helpers,
            size_helper,
            form,
            in_loop: false,
            // Set by `assemble` once it knows whether a start function is synthesized.
            first_check: next,
            check_helpers: Vec::new(),
            check_index: HashMap::new(),
            first_limit,
            limits: Vec::new(),
            limit_index: HashMap::new(),
            trap_label: None,
            pushed_local: None,
            trap_used: false,
            patched: false,
        }
    }

    /// Index of the synthesized start function, after the grow helpers, their wrappers and
    /// the size helper.
    pub fn init_function(&self) -> u32 {
        let wrappers = self.grow64_helpers.iter().flatten().count() as u32;
        let size = u32::from(self.size_helper.is_some());
        self.grow_helpers.last().map_or(0, |&last| last + 1 + wrappers + size)
    }

    /// Writes `op` (whose memory immediates, if any, are already rewritten).
    pub(crate) fn emit(&mut self, out: &mut Vec<u8>, op: &Operator<'_>) -> Result<(), LowerError> {
        self.patched = true;
        let instruction = self.instruction(op.clone());
        self.patched = false;
        instruction?.encode(out);
        Ok(())
    }

    /// Re-encodes `op`, rewriting it if it touches a memory.
    pub(crate) fn lower_op(
        &mut self,
        out: &mut Vec<u8>,
        t: &Temps,
        op: Operator<'_>,
    ) -> Result<(), LowerError> {
        self.lower_checked(out, t, op, None)
    }

    /// [`Self::lower_op`] with the check an access was planned (see `elide`).
    fn lower_checked(
        &mut self,
        out: &mut Vec<u8>,
        t: &Temps,
        op: Operator<'_>,
        check: Option<Check>,
    ) -> Result<(), LowerError> {
        if let Some(access) = Access::of(&op) {
            return self.lower_access(out, t, access, op, check);
        }
        if let Some(bulk) = BulkOp::of(&op) {
            return self.lower_bulk(&mut InstructionSink::new(out), t, bulk);
        }
        let instruction = self.instruction(op)?;
        instruction.encode(out);
        Ok(())
    }

    /// Rewrites one function body; `params` is its parameter count, `results` the block type
    /// of its results (`None`: several, so the body cannot be wrapped in a trap block).
    pub fn lower_body(
        &mut self,
        body: &FunctionBody<'_>,
        params: u32,
        results: Option<wasm_encoder::BlockType>,
    ) -> Result<Function, LowerError> {
        let mut locals = Vec::new();
        let mut count = params;
        for local in body.get_locals_reader()? {
            let (n, ty) = local?;
            count += n;
            locals.push((n, self.val_type(ty)?));
        }
        // Instructions the lowering does not rewrite are copied byte for byte
        // (`copying::reencodes`): `rewritten` holds the index and byte range (in `bytes`)
        // of each of the others.
        let (bytes, start) = (body.as_bytes(), body.range().start);
        let (functions_move, mut rewritten) = (self.host_funcs != 0, Vec::new());
        let mut ops = Vec::with_capacity(bytes.len() / 2);
        let mut reader = body.get_operators_reader()?;
        let mut copied = (reader.original_position() - start) as usize;
        while !reader.eof() {
            let at = (reader.original_position() - start) as usize;
            let op = reader.read()?;
            if crate::copying::reencodes(&op, functions_move) {
                rewritten.push((ops.len(), at, (reader.original_position() - start) as usize));
            }
            ops.push(op);
        }
        let temps = Temps::at(count);
        // Accesses whose address is provably below their memory's minimum size (`ranges`).
        let bounds = crate::ranges::address_bounds(&ops, params, count);
        let checks = elide::plan(
            &ops,
            |m| {
                matches!(self.layout.places[m as usize], Place::Internal(_))
                    && !self.layout.memories[m as usize].is64
            },
            |i| {
                let (Some(hi), Some(a)) = (bounds[i], Access::of(&ops[i])) else { return false };
                let min = self.layout.memories[a.memory as usize].min * crate::layout::PAGE;
                u64::from(hi) + a.offset + a.width <= min
            },
        );
        let in_loop = match self.form {
            crate::CheckForm::HelpersOutsideLoops => in_loops(&ops),
            _ => Vec::new(),
        };
        let depths = match (self.form, results) {
            (crate::CheckForm::BrIf, Some(_)) => crate::checks::depths(&ops),
            _ => Vec::new(),
        };
        self.trap_used = false;
        let mut out = Vec::with_capacity(bytes.len() * 2);
        let mut highest = None;
        for (i, at, end) in rewritten {
            out.extend_from_slice(&bytes[copied..at]);
            self.in_loop = in_loop.get(i).copied().unwrap_or(false);
            self.trap_label = depths.get(i).map(|d| d + 1);
            self.pushed_local = match i.checked_sub(1).map(|p| &ops[p]) {
                Some(Operator::LocalGet { local_index }) => Some(*local_index),
                _ => None,
            };
            let op = std::mem::replace(&mut ops[i], Operator::Nop);
            let from = out.len();
            self.lower_checked(&mut out, &temps, op, checks[i])?;
            highest = highest.max(crate::temps::highest_local(&out[from..], count));
            copied = end;
        }
        out.extend_from_slice(&bytes[copied..]);
        // Only the scratch locals the rewritten instructions use are declared.
        locals.extend(Temps::declarations(count, highest));
        self.trap_label = None;
        if let (true, Some(results)) = (self.trap_used, results) {
            out = crate::checks::wrap_in_trap_block(out, results);
        }
        if out.len() > MAX_FUNCTION_BYTES {
            return Err(LowerError::unsupported(
                None,
                format!(
                    "the function at byte {:#x} of the input ({} bytes of code) has {} bytes of \
                     code once lowered, more than the {MAX_FUNCTION_BYTES} bytes a function may \
                     have in JavaScript engines (JS API limits)",
                    body.range().start,
                    bytes.len(),
                    out.len()
                ),
            ));
        }
        let mut func = Function::new(locals);
        func.raw(out);
        Ok(func)
    }

    /// The grow helper of every memory, in memory order, then the i64 wrappers of the 64-bit
    /// memories' helpers.
    pub fn helper_bodies(&self) -> Vec<Function> {
        let mut bodies: Vec<Function> = (0..self.layout.memories.len() as u32)
            .map(|m| match &self.layout.places[m as usize] {
                Place::Internal(slot) => {
                    let limits: Vec<(u32, u64)> = (self.limits.iter().enumerate())
                        .filter(|(_, (of, _))| *of == m)
                        .map(|(i, &(_, extent))| (self.first_limit + i as u32, extent))
                        .collect();
                    grow_helper(self.layout, m, slot, &limits)
                }
                // Never called: direct and bridged memories grow natively or through the host.
                _ => {
                    let mut f = Function::new([]);
                    f.instructions().i32_const(-1).end();
                    f
                }
            })
            .collect();
        for (m, wrapper) in self.grow64_helpers.iter().enumerate() {
            if wrapper.is_some() {
                bodies.push(grow64_wrapper(self.grow_helpers[m]));
            }
        }
        if let Some(m) = self.layout.in_place {
            // `() -> i32`: the in-place memory's size in pages, for hosts.
            let mut f = Function::new([]);
            match &self.layout.places[m as usize] {
                Place::Internal(Slot { globals: Some(g), fixed_size: false, .. }) => {
                    f.instructions().global_get(g + 1).end();
                }
                _ => {
                    f.instructions().i32_const(self.layout.memories[m as usize].min as i32).end();
                }
            }
            bodies.push(f);
        }
        bodies
    }
}

/// For each operator of a body, whether it is inside a `loop`.
fn in_loops(ops: &[Operator<'_>]) -> Vec<bool> {
    // One entry per open block: whether it is a loop.
    let mut blocks = Vec::new();
    let mut loops = 0u32;
    ops.iter()
        .map(|op| {
            let inside = loops > 0;
            match op {
                Operator::Loop { .. } => {
                    blocks.push(true);
                    loops += 1;
                }
                Operator::Block { .. }
                | Operator::If { .. }
                | Operator::Try { .. }
                | Operator::TryTable { .. } => blocks.push(false),
                Operator::End | Operator::Delegate { .. } if blocks.pop() == Some(true) => {
                    loops -= 1;
                }
                _ => {}
            }
            inside
        })
        .collect()
}

/// Parameter count of every defined function.
pub(crate) fn param_counts(types: TypesRef<'_>, imported_funcs: u32) -> Vec<u32> {
    (imported_funcs..types.function_count())
        .map(|f| types[types.core_function_at(f)].unwrap_func().params().len() as u32)
        .collect()
}
