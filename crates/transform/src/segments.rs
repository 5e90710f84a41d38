//! Data segments. Active segments of a module whose memories moved become passive, and a
//! synthesized start function initialises them in their original order with the lowered
//! `memory.init` (so each is checked against its own memory and a failing segment traps with
//! the earlier ones already written), drops them as instantiation would, then calls the
//! original start function.
//!
//! Instantiation order is kept: element segments are still applied by the engine before any
//! start function runs, data segments come next, the original start function last.

use crate::LowerError;
use crate::bulk::BulkOp;
use crate::layout::Place;
use crate::rewrite::Lowerer;
use crate::temps::Temps;
use wasm_encoder::reencode::Reencode;
use wasm_encoder::{DataSection, Function, InstructionSink};
use wasmparser::{Data, DataKind};

impl Lowerer<'_> {
    /// Whether active segments must move into the start function: some targets a memory
    /// that is not the lowered module's memory itself.
    pub fn converts_segments(&self, data: &[Data<'_>]) -> bool {
        data.iter().any(|d| match d.kind {
            DataKind::Active { memory_index, .. } => {
                !matches!(self.layout.places[memory_index as usize], Place::Direct)
            }
            DataKind::Passive => false,
        })
    }

    /// The data section: converted segments become passive, the rest keep their form.
    pub fn data_section(
        &mut self,
        data: &[Data<'_>],
        convert: bool,
    ) -> Result<DataSection, LowerError> {
        let mut section = DataSection::new();
        for segment in data {
            match &segment.kind {
                DataKind::Active { offset_expr, .. } if !convert => {
                    let offset = self.const_expr(offset_expr.clone())?;
                    section.active(0, &offset, segment.data.iter().copied());
                }
                _ => {
                    section.passive(segment.data.iter().copied());
                }
            }
        }
        Ok(section)
    }

    /// The body of the synthesized start function.
    pub fn init_body(
        &mut self,
        data: &[Data<'_>],
        start: Option<u32>,
    ) -> Result<Function, LowerError> {
        let (temps, locals) = Temps::declare_for_init();
        let mut out = Vec::new();
        for (index, segment) in data.iter().enumerate() {
            let DataKind::Active { memory_index, offset_expr } = &segment.kind else {
                continue;
            };
            let mut reader = offset_expr.get_operators_reader();
            while !reader.eof() {
                let op = reader.read()?;
                if !matches!(op, wasmparser::Operator::End) {
                    self.lower_op(&mut out, &temps, op)?;
                }
            }
            let len = segment.data.len() as u32;
            InstructionSink::new(&mut out).i32_const(0).i32_const(len as i32);
            let init = BulkOp::Init { mem: *memory_index, data: index as u32 };
            self.lower_bulk(&mut InstructionSink::new(&mut out), &temps, init)?;
            InstructionSink::new(&mut out).data_drop(index as u32);
        }
        if let Some(start) = start {
            let start = self.function_index(start)?;
            InstructionSink::new(&mut out).call(start);
        }
        InstructionSink::new(&mut out).end();
        let mut func = Function::new(locals);
        func.raw(out);
        Ok(func)
    }
}

/// Reads every data segment.
pub(crate) fn read_segments<'a>(
    reader: Option<wasmparser::DataSectionReader<'a>>,
) -> Result<Vec<Data<'a>>, LowerError> {
    match reader {
        Some(reader) => reader.into_iter().map(|d| d.map_err(LowerError::from)).collect(),
        None => Ok(Vec::new()),
    }
}
