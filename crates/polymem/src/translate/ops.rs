//! The operator table: how each Wasm operator is translated.

use super::Translator;
use super::stack::Operand;
use crate::error::Error;
use polymem_ir::{Instr, Slot};
use wasmparser::{MemArg, MemArgTarget, Operator};

/// Immediate forms exist for these; `commutative` ones also take a constant on the left.
#[derive(Clone, Copy)]
struct ImmForm {
    make: fn(Slot, Slot, i32) -> Instr,
    commutative: bool,
}

fn mem_index(memarg: &MemArg) -> Result<(u16, u32), Error> {
    let MemArgTarget::Memory(mem) = memarg.target else {
        return Err(Error::unsupported("GC array memory operations"));
    };
    let mem = u16::try_from(mem).map_err(|_| Error::limit("memory index above 65535"))?;
    let offset = u32::try_from(memarg.offset)
        .map_err(|_| Error::unsupported("memory offsets above 4 GiB (memory64)"))?;
    Ok((mem, offset))
}

fn small_index(index: u32) -> Result<u16, Error> {
    u16::try_from(index).map_err(|_| Error::limit("memory or table index above 65535"))
}

impl Translator<'_> {
    fn unary(&mut self, make: fn(Slot, Slot) -> Instr) -> Result<(), Error> {
        let src = self.pop_slot();
        let dst = self.push_temp()?;
        self.emit_result(make(dst, src));
        Ok(())
    }

    fn binary(
        &mut self,
        make: fn(Slot, Slot, Slot) -> Instr,
        imm: Option<ImmForm>,
        is64: bool,
    ) -> Result<(), Error> {
        let len = self.stack.len();
        let as_imm = |op: Operand| match op {
            Operand::Const(c) if is64 => i32::try_from(c as i64).ok(),
            Operand::Const(c) => Some(c as u32 as i32),
            _ => None,
        };
        if let Some(form) = imm {
            let (a, b) = (self.stack[len - 2], self.stack[len - 1]);
            let pick = match (as_imm(a), as_imm(b)) {
                (_, Some(c)) => Some((len - 2, c)),
                (Some(c), None) if form.commutative => Some((len - 1, c)),
                _ => None,
            };
            if let Some((pos, c)) = pick {
                let src = self.slot_of(pos);
                self.stack.truncate(len - 2);
                let dst = self.push_temp()?;
                self.emit_result((form.make)(dst, src, c));
                return Ok(());
            }
        }
        let b = self.pop_slot();
        let a = self.pop_slot();
        let dst = self.push_temp()?;
        self.emit_result(make(dst, a, b));
        Ok(())
    }

    /// `x - c` becomes `x + (-c)` when `-c` has an immediate form.
    fn sub(&mut self, is64: bool) -> Result<(), Error> {
        let len = self.stack.len();
        let negated = match self.stack[len - 1] {
            Operand::Const(c) if is64 => {
                (c as i64).checked_neg().and_then(|n| i32::try_from(n).ok())
            }
            Operand::Const(c) => Some((c as u32 as i32).wrapping_neg()),
            _ => None,
        };
        if let Some(imm) = negated {
            let a = self.slot_of(len - 2);
            self.stack.truncate(len - 2);
            let dst = self.push_temp()?;
            let instr = if is64 {
                Instr::I64AddImm { dst, a, imm }
            } else {
                Instr::I32AddImm { dst, a, imm }
            };
            self.emit_result(instr);
            return Ok(());
        }
        let b = self.pop_slot();
        let a = self.pop_slot();
        let dst = self.push_temp()?;
        self.emit_result(if is64 {
            Instr::I64Sub { dst, a, b }
        } else {
            Instr::I32Sub { dst, a, b }
        });
        Ok(())
    }

    fn load(
        &mut self,
        memarg: &MemArg,
        make: fn(Slot, Slot, u16, u32) -> Instr,
    ) -> Result<(), Error> {
        let (mem, offset) = mem_index(memarg)?;
        let addr = self.pop_slot();
        let dst = self.push_temp()?;
        self.emit_result(make(dst, addr, mem, offset));
        Ok(())
    }

    fn store(
        &mut self,
        memarg: &MemArg,
        make: fn(Slot, Slot, u16, u32) -> Instr,
    ) -> Result<(), Error> {
        let (mem, offset) = mem_index(memarg)?;
        let value = self.pop_slot();
        let addr = self.pop_slot();
        self.emit(make(addr, value, mem, offset));
        Ok(())
    }

    /// Pops three operands (the usual `dst, src/value, len` of bulk operations).
    fn pop3(&mut self) -> (Slot, Slot, Slot) {
        let c = self.pop_slot();
        let b = self.pop_slot();
        let a = self.pop_slot();
        (a, b, c)
    }

    /// Translates one operator. Returns `true` after the function's final `end`.
    pub(super) fn operator(&mut self, op: Operator<'_>) -> Result<bool, Error> {
        if !self.reachable {
            match op {
                Operator::Block { .. } | Operator::Loop { .. } | Operator::If { .. } => {
                    self.open_dead()
                }
                Operator::Else => return Ok(self.dead_else_or_end(true)),
                Operator::End => return Ok(self.dead_else_or_end(false)),
                _ => {}
            }
            return Ok(false);
        }
        self.count_operator();
        macro_rules! un {
            ($name:ident) => {
                self.unary(|dst, src| Instr::$name { dst, src })?
            };
        }
        macro_rules! load {
            ($m:expr, $name:ident) => {
                self.load(&$m, |dst, addr, mem, offset| Instr::$name { dst, addr, mem, offset })?
            };
        }
        macro_rules! store {
            ($m:expr, $name:ident) => {
                self.store(&$m, |addr, value, mem, offset| Instr::$name {
                    addr,
                    value,
                    mem,
                    offset,
                })?
            };
        }
        use Operator as O;
        match op {
            O::Nop => {}
            O::Unreachable => {
                self.emit(Instr::Unreachable);
                self.reachable = false;
            }
            O::Block { blockty } => {
                let (p, r) = self.block_arity(blockty);
                self.block(p, r);
            }
            O::Loop { blockty } => {
                let (p, r) = self.block_arity(blockty);
                self.loop_(p, r);
            }
            O::If { blockty } => {
                let (p, r) = self.block_arity(blockty);
                self.if_(p, r);
            }
            O::Else => self.else_(),
            O::End => return Ok(self.end()),
            O::Br { relative_depth } => self.br(relative_depth),
            O::BrIf { relative_depth } => self.br_if(relative_depth),
            O::BrTable { targets } => {
                let mut all = targets.targets().collect::<Result<Vec<u32>, _>>()?;
                all.push(targets.default());
                self.br_table(&all)?;
            }
            O::Return => self.emit_return(),
            O::Call { function_index } => {
                let ty = self.module.func_type(function_index);
                let (p, r) = (ty.params().len(), ty.results().len());
                match function_index.checked_sub(self.module.num_imported_funcs) {
                    Some(defined) => {
                        self.call(|base| Instr::CallInternal { base, defined }, p, r)?
                    }
                    None => self.call(|base| Instr::Call { base, func: function_index }, p, r)?,
                }
            }
            O::CallIndirect { type_index, table_index } => {
                let ty = &self.module.types[type_index as usize];
                let (p, r) = (ty.params().len(), ty.results().len());
                let index = self.pop_slot();
                self.call(
                    |base| Instr::CallIndirect { base, index, table: table_index, ty: type_index },
                    p,
                    r,
                )?;
            }
            O::Drop => {
                self.pop_operand();
            }
            O::Select | O::TypedSelect { .. } => {
                let cond = self.pop_slot();
                let b = self.pop_slot();
                let a = self.pop_slot();
                let dst = self.push_temp()?;
                self.emit_result(Instr::Select { dst, cond, a, b });
            }
            O::LocalGet { local_index } => {
                self.push(Operand::Local(Self::local_slot(local_index)))?
            }
            O::LocalSet { local_index } => self.local_set(local_index, false),
            O::LocalTee { local_index } => self.local_set(local_index, true),
            O::GlobalGet { global_index } => {
                let dst = self.push_temp()?;
                self.emit_result(Instr::GlobalGet { dst, global: global_index });
            }
            O::GlobalSet { global_index } => {
                let src = self.pop_slot();
                self.emit(Instr::GlobalSet { src, global: global_index });
            }
            O::I32Load { memarg } => load!(memarg, I32Load),
            O::I64Load { memarg } => load!(memarg, I64Load),
            O::F32Load { memarg } => load!(memarg, F32Load),
            O::F64Load { memarg } => load!(memarg, F64Load),
            O::I32Load8S { memarg } => load!(memarg, I32Load8S),
            O::I32Load8U { memarg } => load!(memarg, I32Load8U),
            O::I32Load16S { memarg } => load!(memarg, I32Load16S),
            O::I32Load16U { memarg } => load!(memarg, I32Load16U),
            O::I64Load8S { memarg } => load!(memarg, I64Load8S),
            O::I64Load8U { memarg } => load!(memarg, I64Load8U),
            O::I64Load16S { memarg } => load!(memarg, I64Load16S),
            O::I64Load16U { memarg } => load!(memarg, I64Load16U),
            O::I64Load32S { memarg } => load!(memarg, I64Load32S),
            O::I64Load32U { memarg } => load!(memarg, I64Load32U),
            O::I32Store { memarg } => store!(memarg, I32Store),
            O::I64Store { memarg } => store!(memarg, I64Store),
            O::F32Store { memarg } => store!(memarg, F32Store),
            O::F64Store { memarg } => store!(memarg, F64Store),
            O::I32Store8 { memarg } => store!(memarg, I32Store8),
            O::I32Store16 { memarg } => store!(memarg, I32Store16),
            O::I64Store8 { memarg } => store!(memarg, I64Store8),
            O::I64Store16 { memarg } => store!(memarg, I64Store16),
            O::I64Store32 { memarg } => store!(memarg, I64Store32),
            O::MemorySize { mem } => {
                let mem = small_index(mem)?;
                let dst = self.push_temp()?;
                self.emit_result(Instr::MemorySize { dst, mem });
            }
            O::MemoryGrow { mem } => {
                let mem = small_index(mem)?;
                let delta = self.pop_slot();
                let dst = self.push_temp()?;
                self.emit_result(Instr::MemoryGrow { dst, delta, mem });
            }
            O::MemoryFill { mem } => {
                let mem = small_index(mem)?;
                let (dst, value, len) = self.pop3();
                self.emit(Instr::MemoryFill { mem, dst, value, len });
            }
            O::MemoryCopy { dst_mem, src_mem } => {
                let (dst_mem, src_mem) = (small_index(dst_mem)?, small_index(src_mem)?);
                let (dst, src, len) = self.pop3();
                self.emit(Instr::MemoryCopy { dst_mem, src_mem, dst, src, len });
            }
            O::MemoryInit { data_index, mem } => {
                let mem = small_index(mem)?;
                let (dst, src, len) = self.pop3();
                self.emit(Instr::MemoryInit { mem, dst, src, len, data: data_index });
            }
            O::DataDrop { data_index } => self.emit(Instr::DataDrop { data: data_index }),
            O::TableGet { table } => {
                let index = self.pop_slot();
                let dst = self.push_temp()?;
                self.emit_result(Instr::TableGet { dst, index, table });
            }
            O::TableSet { table } => {
                let value = self.pop_slot();
                let index = self.pop_slot();
                self.emit(Instr::TableSet { index, value, table });
            }
            O::TableSize { table } => {
                let dst = self.push_temp()?;
                self.emit_result(Instr::TableSize { dst, table });
            }
            O::TableGrow { table } => {
                let delta = self.pop_slot();
                let init = self.pop_slot();
                let dst = self.push_temp()?;
                self.emit_result(Instr::TableGrow { dst, init, delta, table });
            }
            O::TableFill { table } => {
                let (dst, value, len) = self.pop3();
                self.emit(Instr::TableFill { dst, value, len, table });
            }
            O::TableCopy { dst_table, src_table } => {
                let (dst_table, src_table) = (small_index(dst_table)?, small_index(src_table)?);
                let (dst, src, len) = self.pop3();
                self.emit(Instr::TableCopy { dst, src, len, dst_table, src_table });
            }
            O::TableInit { elem_index, table } => {
                let table = small_index(table)?;
                let (dst, src, len) = self.pop3();
                self.emit(Instr::TableInit { dst, src, len, table, elem: elem_index });
            }
            O::ElemDrop { elem_index } => self.emit(Instr::ElemDrop { elem: elem_index }),
            O::RefNull { .. } => self.push(Operand::Const(0))?,
            O::RefIsNull => un!(I64Eqz),
            O::RefFunc { function_index } => {
                let dst = self.push_temp()?;
                self.emit_result(Instr::RefFunc { dst, func: function_index });
            }
            O::I32Const { value } => self.push(Operand::Const(value as u32 as u64))?,
            O::I64Const { value } => self.push(Operand::Const(value as u64))?,
            O::F32Const { value } => self.push(Operand::Const(value.bits() as u64))?,
            O::F64Const { value } => self.push(Operand::Const(value.bits()))?,
            // Same bits in the same cell: nothing to do.
            O::I32ReinterpretF32
            | O::F32ReinterpretI32
            | O::I64ReinterpretF64
            | O::F64ReinterpretI64
            | O::I64ExtendI32U => {}
            other => return self.numeric(other).map(|()| false),
        }
        Ok(false)
    }

    /// Arithmetic, comparisons and conversions.
    fn numeric(&mut self, op: Operator<'_>) -> Result<(), Error> {
        macro_rules! un {
            ($($name:ident)*) => {
                match op {
                    $(Operator::$name => return self.unary(|dst, src| Instr::$name { dst, src }),)*
                    _ => {}
                }
            };
        }
        macro_rules! bin {
            ($($name:ident)*) => {
                match op {
                    $(Operator::$name => return self.binary(|dst, a, b| Instr::$name { dst, a, b }, None, false),)*
                    _ => {}
                }
            };
        }
        macro_rules! bin_imm {
            ($is64:expr; $($name:ident $imm:ident $comm:expr),*) => {
                match op {
                    $(Operator::$name => return self.binary(
                        |dst, a, b| Instr::$name { dst, a, b },
                        Some(ImmForm { make: |dst, a, imm| Instr::$imm { dst, a, imm }, commutative: $comm }),
                        $is64,
                    ),)*
                    _ => {}
                }
            };
        }
        un!(I32Clz I32Ctz I32Popcnt I32Eqz I32Extend8S I32Extend16S
            I64Clz I64Ctz I64Popcnt I64Eqz I64Extend8S I64Extend16S I64Extend32S
            F32Abs F32Neg F32Ceil F32Floor F32Trunc F32Nearest F32Sqrt
            F64Abs F64Neg F64Ceil F64Floor F64Trunc F64Nearest F64Sqrt
            I32WrapI64 I32TruncF32S I32TruncF32U I32TruncF64S I32TruncF64U I64ExtendI32S
            I64TruncF32S I64TruncF32U I64TruncF64S I64TruncF64U F32ConvertI32S F32ConvertI32U
            F32ConvertI64S F32ConvertI64U F32DemoteF64 F64ConvertI32S F64ConvertI32U
            F64ConvertI64S F64ConvertI64U F64PromoteF32
            I32TruncSatF32S I32TruncSatF32U I32TruncSatF64S I32TruncSatF64U
            I64TruncSatF32S I64TruncSatF32U I64TruncSatF64S I64TruncSatF64U);
        bin_imm!(false; I32Add I32AddImm true, I32Mul I32MulImm true, I32And I32AndImm true,
            I32Or I32OrImm true, I32Xor I32XorImm true, I32Shl I32ShlImm false,
            I32ShrS I32ShrSImm false, I32ShrU I32ShrUImm false, I32Rotl I32RotlImm false,
            I32Rotr I32RotrImm false, I32Eq I32EqImm true, I32Ne I32NeImm true,
            I32LtS I32LtSImm false, I32LtU I32LtUImm false, I32GtS I32GtSImm false,
            I32GtU I32GtUImm false, I32LeS I32LeSImm false, I32LeU I32LeUImm false,
            I32GeS I32GeSImm false, I32GeU I32GeUImm false);
        bin_imm!(true; I64Add I64AddImm true, I64Mul I64MulImm true, I64And I64AndImm true,
            I64Or I64OrImm true, I64Xor I64XorImm true, I64Shl I64ShlImm false,
            I64ShrS I64ShrSImm false, I64ShrU I64ShrUImm false, I64Rotl I64RotlImm false,
            I64Rotr I64RotrImm false, I64Eq I64EqImm true, I64Ne I64NeImm true,
            I64LtS I64LtSImm false, I64LtU I64LtUImm false, I64GtS I64GtSImm false,
            I64GtU I64GtUImm false, I64LeS I64LeSImm false, I64LeU I64LeUImm false,
            I64GeS I64GeSImm false, I64GeU I64GeUImm false);
        if matches!(op, Operator::I32Sub | Operator::I64Sub) {
            return self.sub(matches!(op, Operator::I64Sub));
        }
        bin!(I32DivS I32DivU I32RemS I32RemU I64DivS I64DivU I64RemS I64RemU
            F32Add F32Sub F32Mul F32Div F32Min F32Max F32Copysign F32Eq F32Ne F32Lt F32Gt F32Le F32Ge
            F64Add F64Sub F64Mul F64Div F64Min F64Max F64Copysign F64Eq F64Ne F64Lt F64Gt F64Le F64Ge);
        Err(Error::unsupported(format!("operator {op:?}")))
    }
}
