//! The host side of `polymem:bridge`, in Rust on polymem's embedding API: what
//! `js/polymem/src/lowered.js` does for JavaScript engines.
//!
//! A module lowered by `polymem_transform::lower_memories` carries a `polymem.memory-layout`
//! custom section, read with [`polymem_transform::Layout`]. When it says the module *bridges*
//! memories (imported or exported memories that must stay separate host memories), the module
//! imports the combined memory and the functions `size`, `grow`, `read`, `write`, `fill` and
//! `copy` from module `polymem:bridge`. [`instantiate`] then
//!
//! 1. resolves each imported bridged memory through the linker (checking its limits by
//!    instantiating a one-import probe module, so link errors are the engine's own) or creates
//!    it when it is not imported,
//! 2. creates the combined memory and the bridge functions and instantiates the module against
//!    the linker plus these definitions (the caller's linker is not changed),
//! 3. returns, next to the instance, the bridged memories the original module exported: they are
//!    part of its exports as far as the embedder is concerned (`register`, later imports).
//!
//! A module that keeps an exported memory *in place* (at byte 0 of its combined memory, which it
//! exports under that memory's names) is registered: when another lowered module imports that
//! memory, its bridge uses the memory's logical size and growth (the module's
//! `polymem.size`/`polymem.grow` exports) instead of the combined memory's.
//!
//! As in `js/polymem/src/lowered.js`, loads and stores only stage bytes between the bridged
//! memory and the combined memory's scratch area and report out-of-bounds accesses with a
//! flag; the trap itself happens in WebAssembly, so it keeps its kind.

use polymem::{
    AsContextMut, Caller, Error, ErrorKind, Extern, Func, Instance, Linker, Memory, MemoryType,
    Module, Val, ValType,
};
pub use polymem_transform::{LAYOUT_SECTION, Layout, LayoutMemory};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// Bytes in a WebAssembly page.
const PAGE: u64 = 65536;

/// The layout document of a (possibly lowered) module, `None` when it has no layout section.
/// An `Err` when the module does not parse or the document is not a layout of this version.
pub fn read_layout(bytes: &[u8]) -> Result<Option<Layout>, String> {
    Layout::from_module(bytes).map_err(|e| e.to_string())
}

/// Whether [`instantiate`] must see the module: it bridges memories or keeps one in place.
pub fn needs_host(layout: &Layout) -> bool {
    layout.bridged() || layout.in_place.is_some()
}

/// The logical size and growth of a memory kept in place by a lowered instance.
#[derive(Debug, Clone, Copy)]
struct Owner {
    /// `() -> i32` pages.
    size: Func,
    /// `(i32 delta) -> i32` old pages or -1.
    grow: Func,
    max: Option<u64>,
}

/// In-place memories by handle (handles name their store, so stores never mix).
fn owners() -> &'static Mutex<HashMap<Memory, Owner>> {
    static OWNERS: std::sync::OnceLock<Mutex<HashMap<Memory, Owner>>> = std::sync::OnceLock::new();
    OWNERS.get_or_init(Default::default)
}

fn owner_of(memory: Memory) -> Option<Owner> {
    owners().lock().ok()?.get(&memory).copied()
}

/// Records `instance`'s in-place memory, if its layout keeps one.
fn register_in_place(
    store: &mut polymem::Store<impl Sized>,
    layout: &Layout,
    instance: Instance,
) -> Result<(), Error> {
    let Some(in_place) = &layout.in_place else { return Ok(()) };
    let missing = |what: &str| Error::host(format!("lowered module lacks its {what} export"));
    let info = layout.memories.get(in_place.memory as usize).ok_or_else(|| missing("memory"))?;
    let name = info.exports.first().ok_or_else(|| missing("memory"))?;
    let memory = instance.get_memory(&*store, name).ok_or_else(|| missing(name))?;
    let size = instance.get_func(&*store, &in_place.size_export);
    let grow = instance.get_func(&*store, &in_place.grow_export);
    let (Some(size), Some(grow)) = (size, grow) else { return Err(missing("polymem.size/grow")) };
    if let Ok(mut owners) = owners().lock() {
        owners.insert(memory, Owner { size, grow, max: info.max });
    }
    Ok(())
}

/// The memory imports `(module, name)` of `bytes` that `linker` binds to memories kept in place
/// by lowered instances (instantiated through [`instantiate`]): a lowering must bridge them
/// (`polymem_transform::LowerOptions::bridge_imports`), or the importer would see the whole
/// combined memory. A module that does not parse has none (its compilation reports why).
pub fn in_place_imports<T>(
    store: &mut polymem::Store<T>,
    linker: &Linker<T>,
    bytes: &[u8],
) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        let Ok(wasmparser::Payload::ImportSection(reader)) = payload else { continue };
        for import in reader.into_imports().flatten() {
            if !matches!(import.ty, wasmparser::TypeRef::Memory(_)) {
                continue;
            }
            if let Some(Extern::Memory(memory)) =
                linker.get(&mut *store, import.module, import.name)
                && owner_of(memory).is_some()
            {
                found.push((import.module.to_string(), import.name.to_string()));
            }
        }
    }
    found
}

/// Calls an owner's `() -> i32` or `(i32) -> i32` helper.
fn call_i32(store: impl AsContextMut, func: Func, args: &[Val]) -> Result<i32, Error> {
    let mut result = [Val::I32(0)];
    func.call(store, args, &mut result)?;
    result[0].i32().ok_or_else(|| Error::host("polymem helper returned a non-i32".to_string()))
}

/// A memory a bridged memory resolves to, and its owner when it is kept in place.
#[derive(Debug, Clone, Copy)]
struct HostMemory {
    memory: Memory,
    owner: Option<Owner>,
}

impl HostMemory {
    /// Bytes in bounds: the logical size of an in-place memory, else the whole memory.
    fn len<T>(&self, caller: &mut Caller<'_, T>) -> Result<usize, Error> {
        match self.owner {
            Some(owner) => Ok(call_i32(&mut *caller, owner.size, &[])? as u32 as usize * 65536),
            None => Ok(self.memory.data_size(&*caller)),
        }
    }
}

/// Instantiates `module` (whose layout is `layout`) against `linker` plus, when the layout
/// bridges memories, the `polymem:bridge` items; `linker` itself is left as it was. Returns the
/// instance and the extra exports the bridge is responsible for (the bridged memories the
/// original module exported, by name), to be treated as exports of the instance.
pub fn instantiate<T: 'static>(
    mut store: impl AsContextMut<Data = T>,
    linker: &Linker<T>,
    module: &Module,
    layout: &Layout,
) -> Result<(Instance, Vec<(String, Extern)>), Error> {
    let store = store.as_context_mut();
    let Some(bridge) = &layout.bridge else {
        let instance = linker.instantiate(&mut *store, module)?;
        register_in_place(store, layout, instance)?;
        return Ok((instance, Vec::new()));
    };
    let mut slots: BTreeMap<u32, HostMemory> = BTreeMap::new();
    let mut exports = Vec::new();
    for m in &layout.memories {
        let Some(id) = m.bridge_id else { continue };
        let memory = match &m.import {
            Some(import) => resolve_import(store, linker, m, import)?,
            None => HostMemory { memory: new_memory(&mut *store, m.min, m.max)?, owner: None },
        };
        slots.insert(id, memory);
        for name in &m.exports {
            exports.push((name.clone(), Extern::Memory(memory.memory)));
        }
    }
    // Ids are dense from 0 in the layouts the transform writes; a gap is a hole that fails calls.
    let len = slots.keys().next_back().map_or(0, |&id| id as usize + 1);
    let mut memories = vec![None; len];
    for (id, memory) in slots {
        memories[id as usize] = Some(memory);
    }
    let combined = new_memory(&mut *store, layout.memory.min, layout.memory.max)?;
    let host = Arc::new(Bridge { memories, combined, module: bridge.module.clone() });

    let mut linker = linker.clone();
    linker.allow_shadowing(true);
    linker.define(&host.module, "combined", combined)?;
    host.define(&mut linker)?;
    let instance = linker.instantiate(&mut *store, module)?;
    register_in_place(store, layout, instance)?;
    Ok((instance, exports))
}

/// A link error with the engine's error kind.
fn link_error(message: String) -> Error {
    Error::new(ErrorKind::Link(message))
}

/// The memory an imported bridged memory resolves to, checked against its declared limits.
fn resolve_import<T>(
    store: &mut polymem::Store<T>,
    linker: &Linker<T>,
    m: &LayoutMemory,
    (module, name): &(String, String),
) -> Result<HostMemory, Error> {
    let what = format!("memory import {module:?} {name:?} (memory {})", m.index);
    let Some(item) = linker.get(&mut *store, module, name) else {
        return Err(link_error(format!(
            "{what}: unknown import: `{module}`.`{name}` has not been defined"
        )));
    };
    let Extern::Memory(memory) = item else {
        return Err(link_error(format!(
            "{what}: incompatible import type: expected a memory, found {:?}",
            item.ty(&*store)
        )));
    };
    let Some(owner) = owner_of(memory) else {
        check_memory_type(store, memory, m.min, m.max, &what)?;
        return Ok(HostMemory { memory, owner: None });
    };
    // Another lowered instance keeps this memory in place: its limits are the logical ones.
    let size = u64::from(call_i32(&mut *store, owner.size, &[])? as u32);
    let fits = size >= m.min && m.max.is_none_or(|max| owner.max.is_some_and(|own| own <= max));
    if !fits {
        return Err(link_error(format!(
            "{what}: incompatible import type: memory of {size} pages, maximum {:?}, imported \
             with limits {}..{:?}",
            owner.max, m.min, m.max
        )));
    }
    Ok(HostMemory { memory, owner: Some(owner) })
}

/// Fails with the engine's own link error unless `memory` can be imported as a memory with
/// limits `min`..`max`: instantiates a module with that one import.
fn check_memory_type<T>(
    store: &mut polymem::Store<T>,
    memory: Memory,
    min: u64,
    max: Option<u64>,
    what: &str,
) -> Result<(), Error> {
    let mut limits = Vec::new();
    match max {
        None => {
            limits.push(0);
            leb(&mut limits, min);
        }
        Some(max) => {
            limits.push(1);
            leb(&mut limits, min);
            leb(&mut limits, max);
        }
    }
    let mut section = vec![1, 1, b'm', 1, b'm', 2];
    section.extend(limits);
    let mut bytes = b"\0asm\x01\0\0\0\x02".to_vec();
    leb(&mut bytes, section.len() as u64);
    bytes.extend(section);
    let probe = Module::new(store.engine(), &bytes)?;
    match Instance::new(&mut *store, &probe, &[Extern::Memory(memory)]) {
        Ok(_) => Ok(()),
        Err(e) => match e.kind() {
            ErrorKind::Link(message) => Err(link_error(format!("{what}: {message}"))),
            _ => Err(e),
        },
    }
}

fn leb(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn new_memory(store: impl AsContextMut, min: u64, max: Option<u64>) -> Result<Memory, Error> {
    let pages = |n: u64| u32::try_from(n).map_err(|_| Error::host(format!("{n} pages")));
    let ty = MemoryType::new(pages(min)?, max.map(pages).transpose()?);
    Memory::new(store, ty)
}

/// The memories bridge calls reach.
struct Bridge {
    /// By bridge id.
    memories: Vec<Option<HostMemory>>,
    combined: Memory,
    /// The bridge's import module name.
    module: String,
}

/// Signature of a bridge function: its parameter count (all i32) and whether it returns an i32.
type Signature = (usize, bool);

impl Bridge {
    /// The bridged memory `id`.
    fn memory(&self, id: i32) -> Result<HostMemory, Error> {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.memories.get(i).copied().flatten())
            .ok_or_else(|| Error::host(format!("{}: no bridged memory {id}", self.module)))
    }

    /// The bridged memory `id`, or the combined memory for -1.
    fn memory_or_combined(&self, id: i32) -> Result<Memory, Error> {
        if id == -1 { Ok(self.combined) } else { self.memory(id).map(|m| m.memory) }
    }

    /// Defines the bridge functions in `linker`.
    fn define<T: 'static>(self: &Arc<Self>, linker: &mut Linker<T>) -> Result<(), Error> {
        type Body<T> = fn(&Bridge, &mut Caller<'_, T>, &[u32]) -> Result<Option<i32>, Error>;
        let functions: [(&str, Signature, Body<T>); 6] = [
            ("size", (1, true), Self::size),
            ("grow", (2, true), Self::grow),
            ("read", (5, true), Self::read),
            ("write", (5, true), Self::write),
            ("fill", (4, false), Self::fill),
            ("copy", (5, false), Self::copy),
        ];
        for (name, (params, result), body) in functions {
            let ty = polymem::FuncType::new(
                std::iter::repeat_n(ValType::I32, params),
                result.then_some(ValType::I32),
            );
            let bridge = Arc::clone(self);
            let module = self.module.clone();
            linker.func_new(&self.module, name, ty, move |mut caller, args, results| {
                let args: Vec<u32> = args
                    .iter()
                    .map(|a| a.i32().map(|v| v as u32))
                    .collect::<Option<_>>()
                    .ok_or_else(|| Error::host(format!("{module}.{name}: bad argument")))?;
                if let Some(value) = body(&bridge, &mut caller, &args)?
                    && let Some(slot) = results.first_mut()
                {
                    *slot = Val::I32(value);
                }
                Ok(())
            })?;
        }
        Ok(())
    }

    /// `size(id) -> pages`.
    fn size<T>(&self, caller: &mut Caller<'_, T>, args: &[u32]) -> Result<Option<i32>, Error> {
        let memory = self.memory(args[0] as i32)?;
        Ok(Some((memory.len(caller)? as u64 / PAGE) as i32))
    }

    /// `grow(id, delta) -> old pages | -1`.
    fn grow<T>(&self, caller: &mut Caller<'_, T>, args: &[u32]) -> Result<Option<i32>, Error> {
        let memory = self.memory(args[0] as i32)?;
        if let Some(owner) = memory.owner {
            return call_i32(&mut *caller, owner.grow, &[Val::I32(args[1] as i32)]).map(Some);
        }
        let grown = memory.memory.grow(&mut *caller, u64::from(args[1]));
        Ok(Some(grown.map_or(-1, |old| old as i32)))
    }

    /// `read(id, addr, offset, scratch, n) -> oob`: bridged memory to scratch.
    fn read<T>(&self, caller: &mut Caller<'_, T>, args: &[u32]) -> Result<Option<i32>, Error> {
        let from = self.memory(args[0] as i32)?;
        let at = u64::from(args[1]) + u64::from(args[2]);
        let (scratch, n) = (args[3] as usize, args[4] as usize);
        if at + n as u64 > from.len(caller)? as u64 {
            return Ok(Some(1));
        }
        let staged = from.memory.data(&*caller)[at as usize..at as usize + n].to_vec();
        put(self.combined.data_mut(&mut *caller), scratch, &staged);
        Ok(Some(0))
    }

    /// `write(id, addr, offset, scratch, n) -> oob`: scratch to bridged memory.
    fn write<T>(&self, caller: &mut Caller<'_, T>, args: &[u32]) -> Result<Option<i32>, Error> {
        let to = self.memory(args[0] as i32)?;
        let at = u64::from(args[1]) + u64::from(args[2]);
        let (scratch, n) = (args[3] as usize, args[4] as usize);
        if at + n as u64 > to.len(caller)? as u64 {
            return Ok(Some(1));
        }
        let staged = get(self.combined.data(&*caller), scratch, n);
        put(to.memory.data_mut(&mut *caller), at as usize, &staged);
        Ok(Some(0))
    }

    /// `fill(id, addr, value, n)`; the module checked the range (clamped like
    /// `TypedArray.prototype.fill`).
    fn fill<T>(&self, caller: &mut Caller<'_, T>, args: &[u32]) -> Result<Option<i32>, Error> {
        let to = self.memory(args[0] as i32)?;
        let bytes = to.memory.data_mut(&mut *caller);
        let start = (args[1] as usize).min(bytes.len());
        let end = (args[1] as usize).saturating_add(args[3] as usize).min(bytes.len());
        bytes[start..end].fill(args[2] as u8);
        Ok(None)
    }

    /// `copy(dst_id, dst, src_id, src, n)`; id -1 is the combined memory. The module checked
    /// both ranges; a memmove when both are the same memory.
    fn copy<T>(&self, caller: &mut Caller<'_, T>, args: &[u32]) -> Result<Option<i32>, Error> {
        let to = self.memory_or_combined(args[0] as i32)?;
        let from = self.memory_or_combined(args[2] as i32)?;
        let (dst, src, n) = (args[1] as usize, args[3] as usize, args[4] as usize);
        let staged = get(from.data(&*caller), src, n);
        let bytes = to.data_mut(&mut *caller);
        if to == from {
            // `copyWithin`: clamped to the memory.
            put(bytes, dst, &staged);
        } else if dst.saturating_add(staged.len()) > bytes.len() {
            // `TypedArray.prototype.set` throws a RangeError.
            return Err(Error::host(format!("{}.copy: offset is out of bounds", self.module)));
        } else {
            bytes[dst..dst + staged.len()].copy_from_slice(&staged);
        }
        Ok(None)
    }
}

/// Up to `n` bytes of `data` at `at` (fewer at the end: a clamped `subarray`).
fn get(data: &[u8], at: usize, n: usize) -> Vec<u8> {
    let start = at.min(data.len());
    let end = at.saturating_add(n).min(data.len());
    data[start..end].to_vec()
}

/// Writes `bytes` at `at`, dropping what falls past the end (typed-array element stores).
fn put(data: &mut [u8], at: usize, bytes: &[u8]) {
    let start = at.min(data.len());
    let end = at.saturating_add(bytes.len()).min(data.len());
    data[start..end].copy_from_slice(&bytes[..end - start]);
}
