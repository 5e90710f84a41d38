//! The memory and table operators besides loads and stores: size, grow, bulk operations and
//! segments (one function per operator, named as wasmparser names it; see [`super::operators`]).
#![allow(non_snake_case)]

use super::Translator;
use super::ops::small_index;
use crate::error::Error;
use polymem_ir::Instr;

#[inline]
pub(super) fn MemorySize(t: &mut Translator<'_>, mem: u32) -> Result<(), Error> {
    let page_log2 = t.module.memories[mem as usize].page_size().trailing_zeros() as u8;
    let mem = small_index(mem)?;
    let result = t.push_temp()?;
    t.emit_result(Instr::MemorySize { result, mem, page_log2 });
    Ok(())
}

#[inline]
pub(super) fn MemoryGrow(t: &mut Translator<'_>, mem: u32) -> Result<(), Error> {
    let mem = small_index(mem)?;
    let delta = t.pop_slot();
    let result = t.push_temp()?;
    t.emit_result(Instr::MemoryGrow { result, delta, mem });
    Ok(())
}

#[inline]
pub(super) fn MemoryFill(t: &mut Translator<'_>, mem: u32) -> Result<(), Error> {
    let mem = small_index(mem)?;
    let (dst_addr, value, len) = t.pop3();
    t.emit(Instr::MemoryFill { mem, dst_addr, value, len });
    Ok(())
}

#[inline]
pub(super) fn MemoryCopy(t: &mut Translator<'_>, dst_mem: u32, src_mem: u32) -> Result<(), Error> {
    let (dst_mem, src_mem) = (small_index(dst_mem)?, small_index(src_mem)?);
    let (dst_addr, src_addr, len) = t.pop3();
    t.emit(Instr::MemoryCopy { dst_mem, src_mem, dst_addr, src_addr, len });
    Ok(())
}

#[inline]
pub(super) fn MemoryInit(t: &mut Translator<'_>, data_index: u32, mem: u32) -> Result<(), Error> {
    let mem = small_index(mem)?;
    let (dst_addr, src_offset, len) = t.pop3();
    t.emit(Instr::MemoryInit { mem, dst_addr, src_offset, len, data: data_index });
    Ok(())
}

#[inline]
pub(super) fn DataDrop(t: &mut Translator<'_>, data_index: u32) -> Result<(), Error> {
    t.emit(Instr::DataDrop { data: data_index });
    Ok(())
}

#[inline]
pub(super) fn TableGet(t: &mut Translator<'_>, table: u32) -> Result<(), Error> {
    let index = t.pop_slot();
    let result = t.push_temp()?;
    t.emit_result(Instr::TableGet { result, index, table });
    Ok(())
}

#[inline]
pub(super) fn TableSet(t: &mut Translator<'_>, table: u32) -> Result<(), Error> {
    let value = t.pop_slot();
    let index = t.pop_slot();
    t.emit(Instr::TableSet { index, value, table });
    Ok(())
}

#[inline]
pub(super) fn TableSize(t: &mut Translator<'_>, table: u32) -> Result<(), Error> {
    let result = t.push_temp()?;
    t.emit_result(Instr::TableSize { result, table });
    Ok(())
}

#[inline]
pub(super) fn TableGrow(t: &mut Translator<'_>, table: u32) -> Result<(), Error> {
    let delta = t.pop_slot();
    let init = t.pop_slot();
    let result = t.push_temp()?;
    t.emit_result(Instr::TableGrow { result, init, delta, table });
    Ok(())
}

#[inline]
pub(super) fn TableFill(t: &mut Translator<'_>, table: u32) -> Result<(), Error> {
    let (dst_index, value, len) = t.pop3();
    t.emit(Instr::TableFill { dst_index, value, len, table });
    Ok(())
}

#[inline]
pub(super) fn TableCopy(
    t: &mut Translator<'_>,
    dst_table: u32,
    src_table: u32,
) -> Result<(), Error> {
    let (dst_table, src_table) = (small_index(dst_table)?, small_index(src_table)?);
    let (dst_index, src_index, len) = t.pop3();
    t.emit(Instr::TableCopy { dst_index, src_index, len, dst_table, src_table });
    Ok(())
}

#[inline]
pub(super) fn TableInit(t: &mut Translator<'_>, elem_index: u32, table: u32) -> Result<(), Error> {
    let table = small_index(table)?;
    let (dst_index, src_offset, len) = t.pop3();
    t.emit(Instr::TableInit { dst_index, src_offset, len, table, elem: elem_index });
    Ok(())
}

#[inline]
pub(super) fn ElemDrop(t: &mut Translator<'_>, elem_index: u32) -> Result<(), Error> {
    t.emit(Instr::ElemDrop { elem: elem_index });
    Ok(())
}
