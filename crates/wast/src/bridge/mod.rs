//! The host side of `polymem:bridge`, in Rust on polymem's embedding API: what
//! `js/polymem/src/lowered.js` does for JavaScript engines.
//!
//! A module lowered by `polymem_transform::lower_memories` carries a `polymem.memory-layout`
//! custom section (JSON, documented in the crate docs of polymem-transform). When it says the
//! module *bridges* memories (imported or exported memories that must stay separate host
//! memories), the module imports the combined memory and the functions `size`, `grow`, `read`,
//! `write`, `fill` and `copy` from module `polymem:bridge`. [`instantiate`] then
//!
//! 1. resolves each imported bridged memory through the linker (checking its limits by
//!    instantiating a one-import probe module, so link errors are the engine's own) or creates
//!    it when it is not imported,
//! 2. creates the combined memory and the bridge functions and instantiates the module against
//!    the linker plus these definitions (the caller's linker is not changed),
//! 3. returns, next to the instance, the bridged memories the original module exported: they are
//!    part of its exports as far as the embedder is concerned (`register`, later imports).
//!
//! As in `js/polymem/src/lowered.js`, loads and stores only stage bytes between the bridged memory and the
//! combined memory's scratch area and report out-of-bounds accesses with a flag; the trap itself
//! happens in WebAssembly, so it keeps its kind.

use polymem::{
    AsContextMut, Caller, Error, ErrorKind, Extern, Instance, Linker, Memory, MemoryType, Module,
    Val, ValType,
};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Name of the custom section describing where each original memory lives.
pub const LAYOUT_SECTION: &str = "polymem.memory-layout";
/// The import module of the bridge functions and the combined memory.
pub const BRIDGE_MODULE: &str = "polymem:bridge";
/// Bytes in a WebAssembly page.
const PAGE: u64 = 65536;

/// The parts of the layout document the host needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Whether the module imports `polymem:bridge` (the document has a `bridge` member).
    pub bridged: bool,
    /// Minimum pages of the lowered module's memory.
    pub min: u64,
    /// Maximum pages of the lowered module's memory.
    pub max: Option<u64>,
    /// Every original memory, in index order.
    pub memories: Vec<LayoutMemory>,
}

/// One original memory of a lowered module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutMemory {
    /// Its index in the original module.
    pub index: u32,
    /// Minimum pages.
    pub min: u64,
    /// Maximum pages.
    pub max: Option<u64>,
    /// `(module, name)` when the original module imported it.
    pub import: Option<(String, String)>,
    /// Names the original module exported it as.
    pub exports: Vec<String>,
    /// The id bridge calls use for it, when it is bridged.
    pub bridge_id: Option<u32>,
}

/// The layout document of a (possibly lowered) module, `None` when it has no layout section.
/// An `Err` when the module does not parse or the document is not the documented JSON.
pub fn read_layout(bytes: &[u8]) -> Result<Option<Layout>, String> {
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| format!("the module does not parse: {e}"))?;
        if let wasmparser::Payload::CustomSection(section) = payload
            && section.name() == LAYOUT_SECTION
        {
            let text = std::str::from_utf8(section.data())
                .map_err(|e| format!("{LAYOUT_SECTION} is not UTF-8: {e}"))?;
            return parse_layout(text)
                .map(Some)
                .map_err(|e| format!("{LAYOUT_SECTION} is not a layout document: {e}"));
        }
    }
    Ok(None)
}

fn parse_layout(text: &str) -> Result<Layout, String> {
    let doc = json::parse(text)?;
    let memory = doc.get("memory")?;
    let mut memories = Vec::new();
    for m in doc.get("memories")?.array()? {
        let import = match m.get("import")? {
            json::Value::Null => None,
            import => match import.array()? {
                [module, name] => Some((module.string()?.to_string(), name.string()?.to_string())),
                _ => return Err("a memory's `import` is not [module, name]".to_string()),
            },
        };
        let bridge_id = match m.get("place")?.string()? {
            "bridged" => Some(
                u32::try_from(m.get("bridge_id")?.number()?)
                    .map_err(|_| "`bridge_id` out of range".to_string())?,
            ),
            _ => None,
        };
        memories.push(LayoutMemory {
            index: u32::try_from(m.get("index")?.number()?)
                .map_err(|_| "`index` out of range".to_string())?,
            min: m.get("min")?.number()?,
            max: m.get("max")?.optional_number()?,
            import,
            exports: m
                .get("exports")?
                .array()?
                .iter()
                .map(|e| e.string().map(str::to_string))
                .collect::<Result<_, _>>()?,
            bridge_id,
        });
    }
    Ok(Layout {
        bridged: doc.member("bridge").is_some(),
        min: memory.get("min")?.number()?,
        max: memory.get("max")?.optional_number()?,
        memories,
    })
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
    if !layout.bridged {
        return linker.instantiate(&mut *store, module).map(|i| (i, Vec::new()));
    }
    let mut slots: BTreeMap<u32, Memory> = BTreeMap::new();
    let mut exports = Vec::new();
    for m in &layout.memories {
        let Some(id) = m.bridge_id else { continue };
        let memory = match &m.import {
            Some(import) => resolve_import(store, linker, m, import)?,
            None => new_memory(&mut *store, m.min, m.max)?,
        };
        slots.insert(id, memory);
        for name in &m.exports {
            exports.push((name.clone(), Extern::Memory(memory)));
        }
    }
    // Ids are dense from 0 in the layouts the transform writes; a gap is a hole that fails calls.
    let len = slots.keys().next_back().map_or(0, |&id| id as usize + 1);
    let mut memories = vec![None; len];
    for (id, memory) in slots {
        memories[id as usize] = Some(memory);
    }
    let combined = new_memory(&mut *store, layout.min, layout.max)?;
    let bridge = Arc::new(Bridge { memories, combined });

    let mut linker = linker.clone();
    linker.allow_shadowing(true);
    linker.define(BRIDGE_MODULE, "combined", combined)?;
    bridge.define(&mut linker)?;
    let instance = linker.instantiate(&mut *store, module)?;
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
) -> Result<Memory, Error> {
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
    check_memory_type(store, memory, m.min, m.max, &what)?;
    Ok(memory)
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
    memories: Vec<Option<Memory>>,
    combined: Memory,
}

/// Signature of a bridge function: its parameter count (all i32) and whether it returns an i32.
type Signature = (usize, bool);

impl Bridge {
    /// The bridged memory `id`.
    fn memory(&self, id: i32) -> Result<Memory, Error> {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.memories.get(i).copied().flatten())
            .ok_or_else(|| Error::host(format!("{BRIDGE_MODULE}: no bridged memory {id}")))
    }

    /// The bridged memory `id`, or the combined memory for -1.
    fn memory_or_combined(&self, id: i32) -> Result<Memory, Error> {
        if id == -1 { Ok(self.combined) } else { self.memory(id) }
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
            linker.func_new(BRIDGE_MODULE, name, ty, move |mut caller, args, results| {
                let args: Vec<u32> = args
                    .iter()
                    .map(|a| a.i32().map(|v| v as u32))
                    .collect::<Option<_>>()
                    .ok_or_else(|| Error::host(format!("{BRIDGE_MODULE}.{name}: bad argument")))?;
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
        Ok(Some((memory.data_size(&*caller) as u64 / PAGE) as i32))
    }

    /// `grow(id, delta) -> old pages | -1`.
    fn grow<T>(&self, caller: &mut Caller<'_, T>, args: &[u32]) -> Result<Option<i32>, Error> {
        let memory = self.memory(args[0] as i32)?;
        Ok(Some(memory.grow(&mut *caller, u64::from(args[1])).map_or(-1, |old| old as i32)))
    }

    /// `read(id, addr, offset, scratch, n) -> oob`: bridged memory to scratch.
    fn read<T>(&self, caller: &mut Caller<'_, T>, args: &[u32]) -> Result<Option<i32>, Error> {
        let from = self.memory(args[0] as i32)?;
        let at = u64::from(args[1]) + u64::from(args[2]);
        let (scratch, n) = (args[3] as usize, args[4] as usize);
        let data = from.data(&*caller);
        if at + n as u64 > data.len() as u64 {
            return Ok(Some(1));
        }
        let staged = data[at as usize..at as usize + n].to_vec();
        put(self.combined.data_mut(&mut *caller), scratch, &staged);
        Ok(Some(0))
    }

    /// `write(id, addr, offset, scratch, n) -> oob`: scratch to bridged memory.
    fn write<T>(&self, caller: &mut Caller<'_, T>, args: &[u32]) -> Result<Option<i32>, Error> {
        let to = self.memory(args[0] as i32)?;
        let at = u64::from(args[1]) + u64::from(args[2]);
        let (scratch, n) = (args[3] as usize, args[4] as usize);
        if at + n as u64 > to.data_size(&*caller) as u64 {
            return Ok(Some(1));
        }
        let staged = get(self.combined.data(&*caller), scratch, n);
        put(to.data_mut(&mut *caller), at as usize, &staged);
        Ok(Some(0))
    }

    /// `fill(id, addr, value, n)`; the module checked the range (clamped like
    /// `TypedArray.prototype.fill`).
    fn fill<T>(&self, caller: &mut Caller<'_, T>, args: &[u32]) -> Result<Option<i32>, Error> {
        let to = self.memory(args[0] as i32)?;
        let bytes = to.data_mut(&mut *caller);
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
            return Err(Error::host(format!("{BRIDGE_MODULE}.copy: offset is out of bounds")));
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

mod json;
