//! The operator table: how each Wasm operator is translated.

use super::Translator;
use super::stack::Operand;
use crate::error::Error;
use crate::types::ValType;
use polymem_ir::{FuncIdx, Instr, Slot};
use wasmparser::{MemArg, MemArgTarget, Operator};

/// The immediate form of a binary operator (an `imm(Name, width, commutative)` marker).
#[derive(Clone, Copy)]
struct ImmForm {
    make: fn(Slot, Slot, i32) -> Instr,
    /// The constant is an i64: it fits when its value is in `i32`'s range.
    wide: bool,
    /// Also takes a constant on the left.
    commutative: bool,
}

/// The meaning of an `imm` marker's width (`i64`: wide) and commutativity words.
macro_rules! flag {
    (i32) => {
        false
    };
    (i64) => {
        true
    };
    (ordered) => {
        false
    };
    (commutative) => {
        true
    };
}

/// The `ImmForm` of a row's markers, if it has an `imm` marker.
macro_rules! imm_form {
    ([imm($Imm:ident, $w:ident, $c:ident) $($rest:tt)*]) => {
        Some(ImmForm {
            make: |result, lhs, rhs| Instr::$Imm { result, lhs, rhs },
            wide: flag!($w),
            commutative: flag!($c),
        })
    };
    ([$m:ident $args:tt $($rest:tt)*]) => { imm_form!([$($rest)*]) };
    ([]) => { None };
}

/// The translation of a row's Wasm operator, by its kind: `unary`, `binary`, `load`, `store`,
/// `wide128` and `binary_wide` rows translate the operator of the same name; other kinds are
/// not Wasm operators.
macro_rules! translate_row {
    ($t:ident, $op:ident, unary, $V:ident, $markers:tt) => {
        if let Operator::$V = $op {
            return Some($t.unary(|result, input| Instr::$V { result, input }));
        }
    };
    ($t:ident, $op:ident, binary, $V:ident, $markers:tt) => {
        if let Operator::$V = $op {
            return Some(
                $t.binary(|result, lhs, rhs| Instr::$V { result, lhs, rhs }, imm_form!($markers)),
            );
        }
    };
    ($t:ident, $op:ident, load, $V:ident, $markers:tt) => {
        if let Operator::$V { memarg } = $op {
            return Some($t.load(memarg, |result, addr, mem, offset| Instr::$V {
                result,
                addr,
                mem,
                offset,
            }));
        }
    };
    ($t:ident, $op:ident, store, $V:ident, $markers:tt) => {
        if let Operator::$V { memarg } = $op {
            return Some($t.store(memarg, |addr, value, mem, offset| Instr::$V {
                addr,
                value,
                mem,
                offset,
            }));
        }
    };
    ($t:ident, $op:ident, simd_unary, $V:ident, $markers:tt) => {
        if let Operator::$V = $op {
            return Some($t.simd::<1>(|r, s| Instr::$V { result: r, input: s[0] }));
        }
    };
    // A lane test has a scalar result: translated as any unary operator.
    ($t:ident, $op:ident, simd_test, $V:ident, $markers:tt) => {
        translate_row!($t, $op, unary, $V, $markers)
    };
    ($t:ident, $op:ident, simd_binary, $V:ident, $markers:tt) => {
        if let Operator::$V = $op {
            return Some($t.simd::<2>(|r, s| Instr::$V { result: r, lhs: s[0], rhs: s[1] }));
        }
    };
    ($t:ident, $op:ident, simd_ternary, $V:ident, $markers:tt) => {
        if let Operator::$V = $op {
            return Some($t.simd::<3>(|r, s| Instr::$V { result: r, a: s[0], b: s[1], c: s[2] }));
        }
    };
    ($t:ident, $op:ident, simd_extract, $V:ident, $markers:tt) => {
        if let Operator::$V { lane } = *$op {
            return Some($t.unary(|result, input| Instr::$V { result, input, lane }));
        }
    };
    ($t:ident, $op:ident, simd_replace, $V:ident, $markers:tt) => {
        if let Operator::$V { lane } = *$op {
            return Some($t.simd::<2>(|r, s| Instr::$V { result: r, lhs: s[0], rhs: s[1], lane }));
        }
    };
    ($t:ident, $op:ident, simd_load, $V:ident, $markers:tt) => {
        if let Operator::$V { memarg } = $op {
            return Some($t.load_v128(memarg, |result, addr, mem, offset| Instr::$V {
                result,
                addr,
                mem,
                offset,
            }));
        }
    };
    // A v128 store takes its operands as a scalar store does (the value slot names two cells).
    ($t:ident, $op:ident, simd_store, $V:ident, $markers:tt) => {
        translate_row!($t, $op, store, $V, $markers)
    };
    ($t:ident, $op:ident, simd_load_lane, $V:ident, $markers:tt) => {
        if let Operator::$V { memarg, lane } = $op {
            let lane = *lane;
            return Some($t.load_lane_v128(memarg, |result, addr, input, mem, offset| Instr::$V {
                result,
                addr,
                input,
                offset,
                mem,
                lane,
            }));
        }
    };
    ($t:ident, $op:ident, simd_store_lane, $V:ident, $markers:tt) => {
        if let Operator::$V { memarg, lane } = $op {
            let lane = *lane;
            return Some($t.store(memarg, |addr, value, mem, offset| Instr::$V {
                addr,
                value,
                offset,
                mem,
                lane,
            }));
        }
    };
    ($t:ident, $op:ident, wide128, $V:ident, $markers:tt) => {
        if let Operator::$V = $op {
            return Some($t.wide128(|results, lhs_lo, lhs_hi, rhs_lo, rhs_hi| Instr::$V {
                results,
                lhs_lo,
                lhs_hi,
                rhs_lo,
                rhs_hi,
            }));
        }
    };
    ($t:ident, $op:ident, binary_wide, $V:ident, $markers:tt) => {
        if let Operator::$V = $op {
            return Some($t.binary_wide(|results, lhs, rhs| Instr::$V { results, lhs, rhs }));
        }
    };
    ($t:ident, $op:ident, $kind:ident, $V:ident, $markers:tt) => {};
}

/// `Translator::table_operator`: the operators that the ISA table maps to one instruction.
macro_rules! define_table_operator {
    ($(
        $(#[$meta:meta])*
        $V:ident { $($f:ident: $T:ident),* } => $kind:ident $(($($arg:tt)*))? $(, $marker:ident $margs:tt)* ;
    )*) => {
        impl Translator<'_> {
            /// Translates `op` if a row of the ISA table stands for it.
            fn table_operator(&mut self, op: &Operator<'_>) -> Option<Result<(), Error>> {
                $( translate_row!(self, op, $kind, $V, [$($marker $margs)*]); )*
                None
            }
        }
    };
}
polymem_ir::for_each_instr!(define_table_operator);

fn mem_index(memarg: &MemArg) -> Result<u16, Error> {
    let MemArgTarget::Memory(mem) = memarg.target else {
        return Err(Error::unsupported("GC array memory operations"));
    };
    u16::try_from(mem).map_err(|_| Error::limit("memory index above 65535"))
}

fn small_index(index: u32) -> Result<u16, Error> {
    u16::try_from(index).map_err(|_| Error::limit("memory or table index above 65535"))
}

impl Translator<'_> {
    fn unary(&mut self, make: impl FnOnce(Slot, Slot) -> Instr) -> Result<(), Error> {
        let top = self.stack.len() - 1;
        let of_last_result = self.stack[top] == Operand::Temp
            && self.last_result.is_some()
            && self.last_result == self.code.len().checked_sub(1)
            && self.code.last_mut().and_then(|i| i.result_slot_mut()).map(|s| *s)
                == Some(self.home(top));
        let input = self.pop_slot();
        let result = self.push_temp()?;
        let instr = make(result, input);
        // An `i32.eqz` of the comparison just emitted: a branch on it takes both (`control`).
        let negates_compare = of_last_result
            && matches!(instr, Instr::I32Eqz { .. })
            && self.code.last().is_some_and(|c| c.fuse_branch(false, 0).is_some());
        self.emit_result(instr);
        self.eqz_of_compare = negates_compare.then(|| self.code.len() - 1);
        Ok(())
    }

    fn binary(
        &mut self,
        make: fn(Slot, Slot, Slot) -> Instr,
        imm: Option<ImmForm>,
    ) -> Result<(), Error> {
        let len = self.stack.len();
        if let Some(form) = imm {
            let as_imm = |op: Operand| match op {
                Operand::Const(c) if form.wide => i32::try_from(c as i64).ok(),
                Operand::Const(c) => Some(c as u32 as i32),
                _ => None,
            };
            let (a, b) = (self.stack[len - 2], self.stack[len - 1]);
            let pick = match (as_imm(a), as_imm(b)) {
                (_, Some(c)) => Some((len - 2, c)),
                (Some(c), None) if form.commutative => Some((len - 1, c)),
                _ => None,
            };
            if let Some((pos, c)) = pick {
                let lhs = self.slot_of(pos);
                self.truncate(len - 2);
                let result = self.push_temp()?;
                self.emit_result((form.make)(result, lhs, c));
                return Ok(());
            }
        }
        let rhs = self.pop_slot();
        let lhs = self.pop_slot();
        let result = self.push_temp()?;
        self.emit_result(make(result, lhs, rhs));
        Ok(())
    }

    /// `x - c` becomes `x + (-c)` when `-c` has an immediate form; `None` otherwise.
    fn sub_as_add(&mut self, wide: bool) -> Option<Result<(), Error>> {
        let len = self.stack.len();
        let rhs = match self.stack[len - 1] {
            Operand::Const(c) if wide => {
                (c as i64).checked_neg().and_then(|n| i32::try_from(n).ok())
            }
            Operand::Const(c) => Some((c as u32 as i32).wrapping_neg()),
            _ => None,
        }?;
        let lhs = self.slot_of(len - 2);
        self.truncate(len - 2);
        Some(self.push_temp().map(|result| {
            self.emit_result(if wide {
                Instr::I64AddImm { result, lhs, rhs }
            } else {
                Instr::I32AddImm { result, lhs, rhs }
            })
        }))
    }

    /// An operation on `n` operands (`v128`s or scalars) with a `v128` result.
    fn simd<const N: usize>(
        &mut self,
        make: impl FnOnce(Slot, [Slot; N]) -> Instr,
    ) -> Result<(), Error> {
        let mut slots = [Slot(0); N];
        for slot in slots.iter_mut().rev() {
            *slot = self.pop_slot();
        }
        let result = self.push_temp_v128()?;
        self.emit_result(make(result, slots));
        Ok(())
    }

    /// A load whose result is a `v128`.
    fn load_v128(
        &mut self,
        memarg: &MemArg,
        make: fn(Slot, Slot, u16, u32) -> Instr,
    ) -> Result<(), Error> {
        let mem = mem_index(memarg)?;
        let (addr, offset) = self.pop_address(memarg)?;
        let result = self.push_temp_v128()?;
        self.emit_result(self.for_memory(make(result, addr, mem, offset), mem));
        Ok(())
    }

    /// A load into one lane of a `v128` operand (above the address on the stack).
    fn load_lane_v128(
        &mut self,
        memarg: &MemArg,
        make: impl FnOnce(Slot, Slot, Slot, u16, u32) -> Instr,
    ) -> Result<(), Error> {
        let mem = mem_index(memarg)?;
        // As in `store`: the operand's slot is above the address's, which `AddrOffset64` reuses.
        let input = self.pop_slot();
        let (addr, offset) = self.pop_address(memarg)?;
        let result = self.push_temp_v128()?;
        self.emit_result(self.for_memory(make(result, addr, input, mem, offset), mem));
        Ok(())
    }

    /// Access `instr` of memory `mem`, in its `Mem64` form on a 64-bit memory: only those
    /// accesses pay for the overflow check of a 64-bit address.
    fn for_memory(&self, instr: Instr, mem: u16) -> Instr {
        if self.module.memories[mem as usize].is_64() { instr.into_mem64() } else { instr }
    }

    /// Pops an access's address: its slot and the offset for the access's 32-bit field. An
    /// offset above that (memory64 only) is added first by `AddrOffset64`, which traps where
    /// the sum overflows, so the access itself runs with offset 0 and no instruction grows.
    fn pop_address(&mut self, memarg: &MemArg) -> Result<(Slot, u32), Error> {
        let addr = self.pop_slot();
        match u32::try_from(memarg.offset) {
            Ok(offset) => Ok((addr, offset)),
            Err(_) => {
                let result = self.push_temp()?;
                self.emit_result(Instr::AddrOffset64 { result, addr, offset: memarg.offset });
                Ok((self.pop_slot(), 0))
            }
        }
    }

    fn load(
        &mut self,
        memarg: &MemArg,
        make: fn(Slot, Slot, u16, u32) -> Instr,
    ) -> Result<(), Error> {
        let mem = mem_index(memarg)?;
        let (addr, offset) = self.pop_address(memarg)?;
        let result = self.push_temp()?;
        self.emit_result(self.for_memory(make(result, addr, mem, offset), mem));
        Ok(())
    }

    fn store(
        &mut self,
        memarg: &MemArg,
        make: impl FnOnce(Slot, Slot, u16, u32) -> Instr,
    ) -> Result<(), Error> {
        let mem = mem_index(memarg)?;
        // The value's slot is above the address's: `AddrOffset64` (in the address's home)
        // leaves it alone.
        let value = self.pop_slot();
        let (addr, offset) = self.pop_address(memarg)?;
        self.emit(self.for_memory(make(addr, value, mem, offset), mem));
        Ok(())
    }

    /// A 128-bit operation on two `(low, high)` pairs: two results in consecutive home slots.
    fn wide128(&mut self, make: fn(Slot, Slot, Slot, Slot, Slot) -> Instr) -> Result<(), Error> {
        let (rhs_hi, rhs_lo) = (self.pop_slot(), self.pop_slot());
        let (lhs_hi, lhs_lo) = (self.pop_slot(), self.pop_slot());
        let results = self.push_temp()?;
        self.push_temp()?;
        self.emit(make(results, lhs_lo, lhs_hi, rhs_lo, rhs_hi));
        Ok(())
    }

    /// A widening multiplication: two results (low, high) in consecutive home slots.
    fn binary_wide(&mut self, make: fn(Slot, Slot, Slot) -> Instr) -> Result<(), Error> {
        let rhs = self.pop_slot();
        let lhs = self.pop_slot();
        let results = self.push_temp()?;
        self.push_temp()?;
        self.emit(make(results, lhs, rhs));
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
        use Operator as O;
        match op {
            O::Nop => {}
            O::Unreachable => {
                self.emit(Instr::Unreachable {});
                self.reachable = false;
            }
            O::Block { blockty } => self.block(blockty),
            O::Loop { blockty } => self.loop_(blockty),
            O::If { blockty } => self.if_(blockty),
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
                let func = FuncIdx(function_index);
                let module = self.module;
                let ty = module.func_type(func);
                match module.defined(func) {
                    Some(defined) => self.call(|base| Instr::CallInternal { base, defined }, ty)?,
                    None => self.call(|base| Instr::Call { base, func }, ty)?,
                }
            }
            O::CallIndirect { type_index, table_index } => {
                let module = self.module;
                let ty = &module.types[type_index as usize];
                let index = self.pop_slot();
                self.call(
                    |base| Instr::CallIndirect { base, index, table: table_index, ty: type_index },
                    ty,
                )?;
            }
            O::ReturnCall { function_index } => {
                let func = FuncIdx(function_index);
                let p = self.module.func_type(func).params().len();
                match self.module.defined(func) {
                    Some(defined) => {
                        self.return_call(|base| Instr::ReturnCallInternal { base, defined }, p)
                    }
                    None => self.return_call(|base| Instr::ReturnCall { base, func }, p),
                }
            }
            O::ReturnCallIndirect { type_index, table_index } => {
                let p = self.module.types[type_index as usize].params().len();
                let index = self.pop_slot();
                self.return_call(
                    |base| Instr::ReturnCallIndirect {
                        base,
                        index,
                        table: table_index,
                        ty: type_index,
                    },
                    p,
                );
            }
            O::Drop => {
                self.pop_operand();
            }
            O::Select | O::TypedSelect { .. } => {
                let cond = self.pop_slot();
                let wide = self.is_wide(self.stack.len() - 1);
                let b = self.pop_slot();
                let a = self.pop_slot();
                if wide {
                    let result = self.push_temp_v128()?;
                    self.emit_result(Instr::SelectV128 { result, cond, if_true: a, if_false: b });
                } else {
                    let result = self.push_temp()?;
                    self.emit_result(Instr::Select { result, cond, if_true: a, if_false: b });
                }
            }
            O::LocalGet { local_index } => self.local_get(local_index)?,
            O::LocalSet { local_index } => self.local_set(local_index, false),
            O::LocalTee { local_index } => self.local_set(local_index, true),
            O::GlobalGet { global_index } => {
                let global = global_index;
                if self.module.globals[global as usize].content() == ValType::V128 {
                    let result = self.push_temp_v128()?;
                    self.emit_result(Instr::GlobalGetV128 { result, global });
                } else {
                    let result = self.push_temp()?;
                    self.emit_result(Instr::GlobalGet { result, global });
                }
            }
            O::GlobalSet { global_index } => {
                let wide = self.is_wide(self.stack.len() - 1);
                let value = self.pop_slot();
                self.emit(if wide {
                    Instr::GlobalSetV128 { value, global: global_index }
                } else {
                    Instr::GlobalSet { value, global: global_index }
                });
            }
            O::MemorySize { mem } => {
                let page_log2 =
                    self.module.memories[mem as usize].page_size().trailing_zeros() as u8;
                let mem = small_index(mem)?;
                let result = self.push_temp()?;
                self.emit_result(Instr::MemorySize { result, mem, page_log2 });
            }
            O::MemoryGrow { mem } => {
                let mem = small_index(mem)?;
                let delta = self.pop_slot();
                let result = self.push_temp()?;
                self.emit_result(Instr::MemoryGrow { result, delta, mem });
            }
            O::MemoryFill { mem } => {
                let mem = small_index(mem)?;
                let (dst_addr, value, len) = self.pop3();
                self.emit(Instr::MemoryFill { mem, dst_addr, value, len });
            }
            O::MemoryCopy { dst_mem, src_mem } => {
                let (dst_mem, src_mem) = (small_index(dst_mem)?, small_index(src_mem)?);
                let (dst_addr, src_addr, len) = self.pop3();
                self.emit(Instr::MemoryCopy { dst_mem, src_mem, dst_addr, src_addr, len });
            }
            O::MemoryInit { data_index, mem } => {
                let mem = small_index(mem)?;
                let (dst_addr, src_offset, len) = self.pop3();
                self.emit(Instr::MemoryInit { mem, dst_addr, src_offset, len, data: data_index });
            }
            O::DataDrop { data_index } => self.emit(Instr::DataDrop { data: data_index }),
            O::TableGet { table } => {
                let index = self.pop_slot();
                let result = self.push_temp()?;
                self.emit_result(Instr::TableGet { result, index, table });
            }
            O::TableSet { table } => {
                let value = self.pop_slot();
                let index = self.pop_slot();
                self.emit(Instr::TableSet { index, value, table });
            }
            O::TableSize { table } => {
                let result = self.push_temp()?;
                self.emit_result(Instr::TableSize { result, table });
            }
            O::TableGrow { table } => {
                let delta = self.pop_slot();
                let init = self.pop_slot();
                let result = self.push_temp()?;
                self.emit_result(Instr::TableGrow { result, init, delta, table });
            }
            O::TableFill { table } => {
                let (dst_index, value, len) = self.pop3();
                self.emit(Instr::TableFill { dst_index, value, len, table });
            }
            O::TableCopy { dst_table, src_table } => {
                let (dst_table, src_table) = (small_index(dst_table)?, small_index(src_table)?);
                let (dst_index, src_index, len) = self.pop3();
                self.emit(Instr::TableCopy { dst_index, src_index, len, dst_table, src_table });
            }
            O::TableInit { elem_index, table } => {
                let table = small_index(table)?;
                let (dst_index, src_offset, len) = self.pop3();
                self.emit(Instr::TableInit { dst_index, src_offset, len, table, elem: elem_index });
            }
            O::ElemDrop { elem_index } => self.emit(Instr::ElemDrop { elem: elem_index }),
            O::RefNull { .. } => self.push(Operand::Const(0))?,
            O::RefIsNull => self.unary(|result, input| Instr::I64Eqz { result, input })?,
            O::RefFunc { function_index } => {
                let result = self.push_temp()?;
                self.emit_result(Instr::RefFunc { result, func: FuncIdx(function_index) });
            }
            O::I32Const { value } => self.push(Operand::Const(value as u32 as u64))?,
            O::I64Const { value } => self.push(Operand::Const(value as u64))?,
            O::F32Const { value } => self.push(Operand::Const(value.bits() as u64))?,
            O::F64Const { value } => self.push(Operand::Const(value.bits()))?,
            O::V128Const { value } => self.push(Operand::V128(value.i128() as u128))?,
            O::I8x16Shuffle { lanes } => {
                let lanes = self.const_slot_v128(u128::from_le_bytes(lanes)).ok_or_else(|| {
                    Error::limit("function has more than 1024 constants and shuffles")
                })?;
                self.simd::<2>(|result, s| Instr::I8x16Shuffle {
                    result,
                    lhs: s[0],
                    rhs: s[1],
                    lanes,
                })?;
            }
            // Same bits in the same cell: nothing to do.
            O::I32ReinterpretF32
            | O::F32ReinterpretI32
            | O::I64ReinterpretF64
            | O::F64ReinterpretI64
            | O::I64ExtendI32U => {}
            other => {
                let sub = match other {
                    O::I32Sub => Some(false),
                    O::I64Sub => Some(true),
                    _ => None,
                };
                match sub
                    .and_then(|wide| self.sub_as_add(wide))
                    .or_else(|| self.table_operator(&other))
                {
                    Some(done) => done?,
                    None => return Err(Error::unsupported(format!("operator {other:?}"))),
                }
            }
        }
        Ok(false)
    }
}
