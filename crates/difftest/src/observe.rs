//! What a run observes, in a form shared by all engines, and the plan of calls every engine
//! follows.

use crate::generate::Rng;
use wasmparser::{Parser, Payload, TypeRef, ValType};

/// A value with NaN payloads kept as bits (generated modules canonicalize NaNs) and references
/// reduced to what carries across engines: null or not, and which of the module's functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// An `i32`.
    I32(i32),
    /// An `i64`.
    I64(i64),
    /// An `f32`'s bits.
    F32(u32),
    /// An `f64`'s bits.
    F64(u64),
    /// A `v128`'s bits.
    V128(u128),
    /// A `funcref`: null, or the function's position among the module's exported functions
    /// (generated modules export every function; [`UNKNOWN_FUNC`] for one that is not).
    FuncRef(Option<u32>),
    /// An `externref`: whether it is null.
    ExternRef {
        /// Whether the reference is null.
        null: bool,
    },
}

/// The position given to a function reference that is none of the module's exports.
pub const UNKNOWN_FUNC: u32 = u32::MAX;

/// A trap, by kind, with the engines' different names for the same trap merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trap {
    /// `unreachable`.
    Unreachable,
    /// Out-of-bounds memory access.
    Memory,
    /// Out-of-bounds table access (`call_indirect` past the end included).
    Table,
    /// `call_indirect` of a null element.
    NullCall,
    /// `call_indirect` type mismatch.
    Signature,
    /// Integer divide by zero.
    DivideByZero,
    /// Integer overflow.
    Overflow,
    /// Invalid conversion to integer.
    Conversion,
    /// Call stack exhausted: depths differ between engines, so the comparison stops.
    Stack,
    /// Out of fuel: costs differ between engines, so the comparison stops.
    Fuel,
    /// Anything else, with the engine's message.
    Other(String),
}

impl Trap {
    /// Whether the engines may legitimately disagree from here on.
    pub fn ends_comparison(&self) -> bool {
        matches!(self, Self::Stack | Self::Fuel)
    }
}

/// Results or a trap.
pub type Outcome = Result<Vec<Value>, Trap>;

/// Everything one engine observed of one module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// Instantiation (the start function included).
    pub instantiate: Result<(), Trap>,
    /// Each planned call, in order, up to the first one that ends the comparison.
    pub calls: Vec<(String, Vec<Value>, Outcome)>,
    /// Exported memories after the calls: name, size in bytes, contents.
    pub memories: Vec<(String, Vec<u8>)>,
    /// Exported globals after the calls.
    pub globals: Vec<(String, Value)>,
    /// Exported tables after the calls: name, elements (the size is their number).
    pub tables: Vec<(String, Vec<Value>)>,
}

impl Observation {
    /// Whether a call (or the instantiation) ran out of fuel or stack.
    pub fn inconclusive(&self) -> bool {
        let instantiation = self.instantiate.as_ref().is_err_and(Trap::ends_comparison);
        instantiation
            || self.calls.iter().any(|(_, _, o)| o.as_ref().is_err_and(Trap::ends_comparison))
    }

    /// Calls that can be compared: those before the first one that ends the comparison.
    pub fn comparable_calls(&self) -> usize {
        let end =
            self.calls.iter().position(|(_, _, o)| o.as_ref().is_err_and(Trap::ends_comparison));
        end.unwrap_or(self.calls.len())
    }

    /// Compares with `other`: the number of calls compared, or what differs.
    pub fn agrees_with(&self, other: &Observation) -> Result<usize, String> {
        if self.inconclusive_instantiation() || other.inconclusive_instantiation() {
            return Ok(0);
        }
        if self.instantiate != other.instantiate {
            return Err("instantiation differs".into());
        }
        let n = self.comparable_calls().min(other.comparable_calls());
        for i in 0..n {
            if self.calls[i] != other.calls[i] {
                return Err(format!("call {i} (`{}`) differs", self.calls[i].0));
            }
        }
        // Final state is comparable only when every call was.
        let complete = n == self.calls.len() && n == other.calls.len();
        if complete && self.globals != other.globals {
            return Err("globals differ".into());
        }
        if complete && self.memories != other.memories {
            return Err("memories differ".into());
        }
        if complete && self.tables != other.tables {
            return Err("tables differ".into());
        }
        Ok(n)
    }

    /// Whether the instantiation (its start function) ran out of fuel or stack.
    pub(crate) fn inconclusive_instantiation(&self) -> bool {
        self.instantiate.as_ref().is_err_and(Trap::ends_comparison)
    }
}

/// An export of the module: its name and, for a function, its parameter and result types.
#[derive(Debug, Clone)]
pub(crate) enum Export {
    Func { name: String, params: Vec<ValType>, results: usize },
    Memory(String),
    Global(String),
    Table(String),
    Other,
}

/// The module's exports in order (empty if it does not parse).
pub(crate) fn exports(wasm: &[u8]) -> Vec<Export> {
    let (mut types, mut funcs, mut exports) = (Vec::new(), Vec::new(), Vec::new());
    for payload in Parser::new(0).parse_all(wasm) {
        let Ok(payload) = payload else { return Vec::new() };
        match payload {
            Payload::TypeSection(reader) => {
                for ty in reader.into_iter_err_on_gc_types() {
                    let Ok(ty) = ty else { return Vec::new() };
                    types.push((ty.params().to_vec(), ty.results().len()));
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    if let Ok(wasmparser::Import { ty: TypeRef::Func(t), .. }) = import {
                        funcs.push(t);
                    }
                }
            }
            Payload::FunctionSection(reader) => funcs.extend(reader.into_iter().flatten()),
            Payload::ExportSection(reader) => {
                for export in reader.into_iter().flatten() {
                    let name = export.name.to_string();
                    exports.push(match export.kind {
                        wasmparser::ExternalKind::Func => {
                            let Some(&t) = funcs.get(export.index as usize) else { continue };
                            let Some((params, results)) = types.get(t as usize).cloned() else {
                                continue;
                            };
                            Export::Func { name, params, results }
                        }
                        wasmparser::ExternalKind::Memory => Export::Memory(name),
                        wasmparser::ExternalKind::Global => Export::Global(name),
                        wasmparser::ExternalKind::Table => Export::Table(name),
                        _ => Export::Other,
                    });
                }
            }
            _ => {}
        }
    }
    exports
}

/// What every engine does with a module: the calls with their arguments, then what to read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    pub(crate) calls: Vec<(String, Vec<Value>, usize)>,
    pub(crate) memories: Vec<String>,
    pub(crate) globals: Vec<String>,
    pub(crate) tables: Vec<String>,
    /// Every exported function once: a function reference is observed as its position here.
    pub(crate) functions: Vec<String>,
}

/// Rounds of calls: each exported function is called this many times, with new arguments.
const ROUNDS: usize = 3;

/// The plan for `exports`: each function [`ROUNDS`] times with arguments drawn from `seed`
/// (small numbers and edge values, so that addresses land in bounds as often as not).
pub(crate) fn plan(exports: &[Export], seed: u64) -> Plan {
    let mut rng = Rng::new(seed ^ 0x5eed);
    let mut plan = Plan::default();
    for _ in 0..ROUNDS {
        for export in exports {
            if let Export::Func { name, params, results } = export {
                let args = params.iter().map(|&ty| arg(&mut rng, ty)).collect();
                plan.calls.push((name.clone(), args, *results));
            }
        }
    }
    for export in exports {
        match export {
            Export::Func { name, .. } => plan.functions.push(name.clone()),
            Export::Memory(name) => plan.memories.push(name.clone()),
            Export::Global(name) => plan.globals.push(name.clone()),
            Export::Table(name) => plan.tables.push(name.clone()),
            Export::Other => {}
        }
    }
    plan
}

fn arg(rng: &mut Rng, ty: ValType) -> Value {
    let r = rng.next_u64();
    let small = match r % 4 {
        0 => r >> 60,
        1 => (r >> 48) % 70_000,
        2 => r >> 2,
        _ => [0, 1, u64::MAX, 1 << 31, 1 << 63, 65536, 65535][(r >> 8) as usize % 7],
    };
    match ty {
        ValType::I32 => Value::I32(small as i32),
        ValType::I64 => Value::I64(small as i64),
        ValType::F32 => Value::F32((small as f32).to_bits()),
        ValType::F64 => Value::F64((small as f64).to_bits()),
        ValType::Ref(r) if r.is_func_ref() => Value::FuncRef(None),
        ValType::Ref(_) => Value::ExternRef { null: true },
        ValType::V128 => Value::V128(u128::from(r) << 64 | u128::from(small)),
    }
}
