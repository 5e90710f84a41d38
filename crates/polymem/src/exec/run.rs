//! The dispatch loop: one `match` over [`Instr`] with the hot state (code, ip, frame pointer)
//! in locals. This is the operator table of the interpreter, so it is long by nature.

use super::numeric::*;
use super::{Executor, Frame, br_table_target};
use crate::error::{Error, TrapCode};
use polymem_ir::{CompiledFunc, Instr, Slot};

impl<T> Executor<'_, T> {
    /// Runs `entry`, whose arguments are in the cells at index 0, until it returns.
    // The `Not*` float branches negate a comparison on purpose: they must jump on NaN.
    #[allow(clippy::neg_cmp_op_on_partial_ord)]
    pub(super) fn run(&mut self, entry: *const CompiledFunc) -> Result<(), Error> {
        let mut func = entry;
        // SAFETY: `entry` points into an `Arc<CompiledFunc>` kept by the instance's module.
        self.init_frame(unsafe { &*func }, 0);
        let mut fp_idx: usize = 0;
        // SAFETY: as above; the code vector is never mutated after translation.
        let mut code: *const Instr = unsafe { (*func).code.as_ptr() };
        let mut ip: *const Instr = code;
        let mut fp: *mut u64 = self.stack.as_mut_ptr();
        // The running instance's memory views; reloaded wherever `refresh_memories` may run
        // (calls, returns, `memory.grow`).
        let mut mems: *const super::MemView = self.mems.as_ptr();

        macro_rules! get {
            ($s:expr) => {{
                let s: Slot = $s;
                // SAFETY: the translator keeps every slot below the frame's `max_slots`, and
                // `reserve` made the stack at least `fp + max_slots` cells long.
                unsafe { *fp.add(s.0 as usize) }
            }};
        }
        macro_rules! set {
            ($s:expr, $v:expr) => {{
                let v: u64 = $v;
                let s: Slot = $s;
                // SAFETY: see `get!`.
                unsafe { *fp.add(s.0 as usize) = v }
            }};
        }
        macro_rules! trap {
            ($code:ident) => {
                return Err(Error::trap(TrapCode::$code))
            };
        }
        macro_rules! try_trap {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(code) => return Err(Error::trap(code)),
                }
            };
        }
        macro_rules! i32_bin {
            ($d:expr, $a:expr, $b:expr, |$x:ident, $y:ident| $e:expr) => {{
                let $x = get!($a) as u32;
                let $y = get!($b) as u32;
                set!($d, ($e) as u32 as u64)
            }};
        }
        macro_rules! i32_imm {
            ($d:expr, $a:expr, $imm:expr, |$x:ident, $y:ident| $e:expr) => {{
                let $x = get!($a) as u32;
                let $y = $imm as u32;
                set!($d, ($e) as u32 as u64)
            }};
        }
        macro_rules! i64_bin {
            ($d:expr, $a:expr, $b:expr, |$x:ident, $y:ident| $e:expr) => {{
                let $x = get!($a);
                let $y = get!($b);
                set!($d, ($e) as u64)
            }};
        }
        macro_rules! i64_imm {
            ($d:expr, $a:expr, $imm:expr, |$x:ident, $y:ident| $e:expr) => {{
                let $x = get!($a);
                let $y = $imm as i64 as u64;
                set!($d, ($e) as u64)
            }};
        }
        macro_rules! f32_bin {
            ($d:expr, $a:expr, $b:expr, |$x:ident, $y:ident| $e:expr) => {{
                let $x = f32::from_bits(get!($a) as u32);
                let $y = f32::from_bits(get!($b) as u32);
                set!($d, f32::to_bits($e) as u64)
            }};
        }
        macro_rules! f64_bin {
            ($d:expr, $a:expr, $b:expr, |$x:ident, $y:ident| $e:expr) => {{
                let $x = f64::from_bits(get!($a));
                let $y = f64::from_bits(get!($b));
                set!($d, f64::to_bits($e))
            }};
        }
        macro_rules! f32_cmp {
            ($d:expr, $a:expr, $b:expr, |$x:ident, $y:ident| $e:expr) => {{
                let $x = f32::from_bits(get!($a) as u32);
                let $y = f32::from_bits(get!($b) as u32);
                set!($d, ($e) as u64)
            }};
        }
        macro_rules! f64_cmp {
            ($d:expr, $a:expr, $b:expr, |$x:ident, $y:ident| $e:expr) => {{
                let $x = f64::from_bits(get!($a));
                let $y = f64::from_bits(get!($b));
                set!($d, ($e) as u64)
            }};
        }
        macro_rules! un {
            ($d:expr, $s:expr, |$x:ident: $t:ty| $e:expr) => {{
                let $x = get!($s) as $t;
                set!($d, $e)
            }};
        }
        macro_rules! f32_un {
            ($d:expr, $s:expr, |$x:ident| $e:expr) => {{
                let $x = f32::from_bits(get!($s) as u32);
                set!($d, f32::to_bits($e) as u64)
            }};
        }
        macro_rules! f64_un {
            ($d:expr, $s:expr, |$x:ident| $e:expr) => {{
                let $x = f64::from_bits(get!($s));
                set!($d, f64::to_bits($e))
            }};
        }
        macro_rules! load {
            ($dst:expr, $addr:expr, $mem:expr, $off:expr, $ty:ty, |$v:ident| $conv:expr) => {{
                // SAFETY: the validator checked the memory index against the module, and `mems`
                // holds one view per memory of the running instance.
                let view = unsafe { *mems.add($mem as usize) };
                let ea = (get!($addr) as u32 as u64) + $off as u64;
                if ea + size_of::<$ty>() as u64 > view.len as u64 {
                    trap!(MemoryOutOfBounds);
                }
                // SAFETY: `ea + size <= len` and the view is the live buffer of that memory.
                let raw = unsafe { (view.base.add(ea as usize) as *const $ty).read_unaligned() };
                let $v = <$ty>::from_le(raw);
                set!($dst, $conv)
            }};
        }
        macro_rules! store {
            ($addr:expr, $value:expr, $mem:expr, $off:expr, $ty:ty) => {{
                // SAFETY: the validator checked the memory index against the module, and `mems`
                // holds one view per memory of the running instance.
                let view = unsafe { *mems.add($mem as usize) };
                let ea = (get!($addr) as u32 as u64) + $off as u64;
                if ea + size_of::<$ty>() as u64 > view.len as u64 {
                    trap!(MemoryOutOfBounds);
                }
                let v = (get!($value) as $ty).to_le();
                // SAFETY: `ea + size <= len` and the view is the live buffer of that memory.
                unsafe { (view.base.add(ea as usize) as *mut $ty).write_unaligned(v) }
            }};
        }
        macro_rules! jump {
            ($target:expr) => {
                // SAFETY: branch targets are indices inside the current function's code.
                unsafe { code.add($target as usize) }
            };
        }
        // Resumes `frame`, or finishes the activation when none is left.
        macro_rules! do_return {
            () => {{
                match self.frames.pop() {
                    None => return Ok(()),
                    Some(frame) => {
                        func = frame.func;
                        ip = frame.ip;
                        fp_idx = frame.fp;
                        // SAFETY: frames hold pointers into live `Arc<CompiledFunc>`s.
                        code = unsafe { (*func).code.as_ptr() };
                        if frame.instance != self.instance {
                            self.instance = frame.instance;
                            self.refresh_memories();
                            mems = self.mems.as_ptr();
                        }
                        // SAFETY: `fp_idx` is within the stack, which only ever grows.
                        fp = unsafe { self.stack.as_mut_ptr().add(fp_idx) };
                    }
                }
            }};
        }
        macro_rules! do_call {
            ($callee:expr, $base:expr) => {{
                let new_fp = fp_idx + $base.0 as usize;
                let ret = Frame { func, ip, fp: fp_idx, instance: self.instance };
                if let Some(callee) = self.enter($callee, new_fp, ret)? {
                    func = callee;
                    fp_idx = new_fp;
                    // SAFETY: `enter` returns a pointer into a live `Arc<CompiledFunc>`.
                    code = unsafe { (*func).code.as_ptr() };
                    ip = code;
                }
                // SAFETY: `fp_idx` is within the stack, which `enter` may have grown.
                fp = unsafe { self.stack.as_mut_ptr().add(fp_idx) };
                // A host callee or another instance refreshed the views.
                mems = self.mems.as_ptr();
            }};
        }

        loop {
            // SAFETY: every function ends in a return, branch or the final `Unreachable` guard,
            // and branch targets are inside the code, so `ip` stays in bounds. Matching through
            // a reference loads only the fields an arm uses instead of copying the instruction.
            let instr: &Instr = unsafe { &*ip };
            // SAFETY: see above; at most one past the instruction just read.
            ip = unsafe { ip.add(1) };
            use Instr as I;
            match *instr {
                I::Unreachable => trap!(Unreachable),
                I::Trap { code } => {
                    return Err(Error::trap(
                        TrapCode::from_u8(code).unwrap_or(TrapCode::Unreachable),
                    ));
                }
                I::Br { target } => ip = jump!(target),
                I::BrIfNez { cond, target } => {
                    if get!(cond) as u32 != 0 {
                        ip = jump!(target);
                    }
                }
                I::BrIfEqz { cond, target } => {
                    if get!(cond) as u32 == 0 {
                        ip = jump!(target);
                    }
                }
                I::BrTable { index, len } => {
                    let k = (get!(index) as u32).min(len - 1) as usize;
                    // SAFETY: the `len` entries follow the BrTable instruction.
                    let entry = try_trap!(br_table_target(unsafe { &*ip.add(k) }));
                    ip = jump!(entry);
                }
                I::Return0 => do_return!(),
                I::Return1 { src } => {
                    let v = get!(src);
                    set!(Slot(0), v);
                    do_return!();
                }
                I::ReturnSpan { src, len } => {
                    // SAFETY: source and destination lie in the frame; `copy` allows overlap.
                    unsafe { std::ptr::copy(fp.add(src.0 as usize), fp, len as usize) };
                    do_return!();
                }
                I::Call { base, func: f } => {
                    let callee =
                        self.store.inner.instances[self.instance as usize].funcs[f as usize];
                    do_call!(callee, base);
                }
                I::CallInternal { base, defined } => {
                    let new_fp = fp_idx + base.0 as usize;
                    let ret = Frame { func, ip, fp: fp_idx, instance: self.instance };
                    func = self.enter_internal(defined, new_fp, ret)?;
                    fp_idx = new_fp;
                    // SAFETY: `enter_internal` returns a pointer into a live `Arc<CompiledFunc>`.
                    code = unsafe { (*func).code.as_ptr() };
                    ip = code;
                    // SAFETY: `fp_idx` is within the stack, which `enter_internal` may have grown.
                    fp = unsafe { self.stack.as_mut_ptr().add(fp_idx) };
                }
                I::CallIndirect { base, index, table, ty } => {
                    let callee = self.indirect_callee(get!(index) as u32, table, ty)?;
                    do_call!(callee, base);
                }
                I::Copy { dst, src } => set!(dst, get!(src)),
                I::CopySpan { dst, src, len } => {
                    // SAFETY: both ranges lie in the frame; `copy` allows overlap.
                    unsafe {
                        std::ptr::copy(fp.add(src.0 as usize), fp.add(dst.0 as usize), len as usize)
                    };
                }
                I::Select { dst, cond, a, b } => {
                    set!(dst, if get!(cond) as u32 != 0 { get!(a) } else { get!(b) })
                }
                I::Const32 { dst, value } => set!(dst, value as u64),
                I::Const64 { dst, value } => set!(dst, value),
                I::GlobalGet { dst, global } => set!(dst, self.global(global).value),
                I::GlobalSet { src, global } => self.global(global).value = get!(src),
                I::MemorySize { dst, mem } => set!(dst, (self.mems[mem as usize].len >> 16) as u64),
                I::MemoryGrow { dst, delta, mem } => {
                    set!(dst, self.memory_grow(mem, get!(delta)));
                    mems = self.mems.as_ptr();
                }
                I::MemoryFill { mem, dst, value, len } => {
                    try_trap!(self.memory_fill(mem, get!(dst), get!(value), get!(len)))
                }
                I::MemoryCopy { dst_mem, src_mem, dst, src, len } => {
                    try_trap!(self.memory_copy(dst_mem, src_mem, get!(dst), get!(src), get!(len)))
                }
                I::MemoryInit { mem, dst, src, len, data } => {
                    try_trap!(self.memory_init(mem, data, get!(dst), get!(src), get!(len)))
                }
                I::DataDrop { data } => self.data_drop(data),
                I::TableGet { dst, index, table } => {
                    set!(dst, try_trap!(self.table_get(table, get!(index))))
                }
                I::TableSet { index, value, table } => {
                    try_trap!(self.table_set(table, get!(index), get!(value)))
                }
                I::TableSize { dst, table } => set!(dst, self.table_size(table)),
                I::TableGrow { dst, init, delta, table } => {
                    set!(dst, self.table_grow(table, get!(delta), get!(init)))
                }
                I::TableFill { dst, value, len, table } => {
                    try_trap!(self.table_fill(table, get!(dst), get!(value), get!(len)))
                }
                I::TableCopy { dst, src, len, dst_table, src_table } => {
                    try_trap!(self.table_copy(
                        dst_table,
                        src_table,
                        get!(dst),
                        get!(src),
                        get!(len)
                    ))
                }
                I::TableInit { dst, src, len, table, elem } => {
                    try_trap!(self.table_init(table, elem, get!(dst), get!(src), get!(len)))
                }
                I::ElemDrop { elem } => self.elem_drop(elem),
                I::RefFunc { dst, func: f } => {
                    let index =
                        self.store.inner.instances[self.instance as usize].funcs[f as usize];
                    set!(dst, index as u64 + 1)
                }
                I::I32Load { dst, addr, mem, offset } => {
                    load!(dst, addr, mem, offset, u32, |v| v as u64)
                }
                I::I64Load { dst, addr, mem, offset } => load!(dst, addr, mem, offset, u64, |v| v),
                I::F32Load { dst, addr, mem, offset } => {
                    load!(dst, addr, mem, offset, u32, |v| v as u64)
                }
                I::F64Load { dst, addr, mem, offset } => load!(dst, addr, mem, offset, u64, |v| v),
                I::I32Load8S { dst, addr, mem, offset } => {
                    load!(dst, addr, mem, offset, i8, |v| v as i32 as u32 as u64)
                }
                I::I32Load8U { dst, addr, mem, offset } => {
                    load!(dst, addr, mem, offset, u8, |v| v as u64)
                }
                I::I32Load16S { dst, addr, mem, offset } => {
                    load!(dst, addr, mem, offset, i16, |v| v as i32 as u32 as u64)
                }
                I::I32Load16U { dst, addr, mem, offset } => {
                    load!(dst, addr, mem, offset, u16, |v| v as u64)
                }
                I::I64Load8S { dst, addr, mem, offset } => {
                    load!(dst, addr, mem, offset, i8, |v| v as i64 as u64)
                }
                I::I64Load8U { dst, addr, mem, offset } => {
                    load!(dst, addr, mem, offset, u8, |v| v as u64)
                }
                I::I64Load16S { dst, addr, mem, offset } => {
                    load!(dst, addr, mem, offset, i16, |v| v as i64 as u64)
                }
                I::I64Load16U { dst, addr, mem, offset } => {
                    load!(dst, addr, mem, offset, u16, |v| v as u64)
                }
                I::I64Load32S { dst, addr, mem, offset } => {
                    load!(dst, addr, mem, offset, i32, |v| v as i64 as u64)
                }
                I::I64Load32U { dst, addr, mem, offset } => {
                    load!(dst, addr, mem, offset, u32, |v| v as u64)
                }
                I::I32Store { addr, value, mem, offset } => store!(addr, value, mem, offset, u32),
                I::I64Store { addr, value, mem, offset } => store!(addr, value, mem, offset, u64),
                I::F32Store { addr, value, mem, offset } => store!(addr, value, mem, offset, u32),
                I::F64Store { addr, value, mem, offset } => store!(addr, value, mem, offset, u64),
                I::I32Store8 { addr, value, mem, offset } => store!(addr, value, mem, offset, u8),
                I::I32Store16 { addr, value, mem, offset } => store!(addr, value, mem, offset, u16),
                I::I64Store8 { addr, value, mem, offset } => store!(addr, value, mem, offset, u8),
                I::I64Store16 { addr, value, mem, offset } => store!(addr, value, mem, offset, u16),
                I::I64Store32 { addr, value, mem, offset } => store!(addr, value, mem, offset, u32),
                // i32 unary
                I::I32Clz { dst, src } => un!(dst, src, |x: u32| x.leading_zeros() as u64),
                I::I32Ctz { dst, src } => un!(dst, src, |x: u32| x.trailing_zeros() as u64),
                I::I32Popcnt { dst, src } => un!(dst, src, |x: u32| x.count_ones() as u64),
                I::I32Eqz { dst, src } => un!(dst, src, |x: u32| (x == 0) as u64),
                I::I32Extend8S { dst, src } => un!(dst, src, |x: u32| x as i8 as i32 as u32 as u64),
                I::I32Extend16S { dst, src } => {
                    un!(dst, src, |x: u32| x as i16 as i32 as u32 as u64)
                }
                // i64 unary
                I::I64Clz { dst, src } => un!(dst, src, |x: u64| x.leading_zeros() as u64),
                I::I64Ctz { dst, src } => un!(dst, src, |x: u64| x.trailing_zeros() as u64),
                I::I64Popcnt { dst, src } => un!(dst, src, |x: u64| x.count_ones() as u64),
                I::I64Eqz { dst, src } => un!(dst, src, |x: u64| (x == 0) as u64),
                I::I64Extend8S { dst, src } => un!(dst, src, |x: u64| x as i8 as i64 as u64),
                I::I64Extend16S { dst, src } => un!(dst, src, |x: u64| x as i16 as i64 as u64),
                I::I64Extend32S { dst, src } => un!(dst, src, |x: u64| x as i32 as i64 as u64),
                // float unary: abs and neg work on bits so that NaN payloads survive
                I::F32Abs { dst, src } => un!(dst, src, |x: u32| (x & 0x7fff_ffff) as u64),
                I::F32Neg { dst, src } => un!(dst, src, |x: u32| (x ^ 0x8000_0000) as u64),
                I::F32Ceil { dst, src } => f32_un!(dst, src, |x| quiet_nan(x, x.ceil())),
                I::F32Floor { dst, src } => f32_un!(dst, src, |x| quiet_nan(x, x.floor())),
                I::F32Trunc { dst, src } => f32_un!(dst, src, |x| quiet_nan(x, x.trunc())),
                I::F32Nearest { dst, src } => {
                    f32_un!(dst, src, |x| quiet_nan(x, x.round_ties_even()))
                }
                I::F32Sqrt { dst, src } => f32_un!(dst, src, |x| quiet_nan(x, x.sqrt())),
                I::F64Abs { dst, src } => un!(dst, src, |x: u64| x & 0x7fff_ffff_ffff_ffff),
                I::F64Neg { dst, src } => un!(dst, src, |x: u64| x ^ 0x8000_0000_0000_0000),
                I::F64Ceil { dst, src } => f64_un!(dst, src, |x| quiet_nan(x, x.ceil())),
                I::F64Floor { dst, src } => f64_un!(dst, src, |x| quiet_nan(x, x.floor())),
                I::F64Trunc { dst, src } => f64_un!(dst, src, |x| quiet_nan(x, x.trunc())),
                I::F64Nearest { dst, src } => {
                    f64_un!(dst, src, |x| quiet_nan(x, x.round_ties_even()))
                }
                I::F64Sqrt { dst, src } => f64_un!(dst, src, |x| quiet_nan(x, x.sqrt())),
                // conversions
                I::I32WrapI64 { dst, src } => un!(dst, src, |x: u64| x as u32 as u64),
                I::I64ExtendI32S { dst, src } => {
                    un!(dst, src, |x: u64| x as u32 as i32 as i64 as u64)
                }
                I::I64ExtendI32U { dst, src } => un!(dst, src, |x: u64| x as u32 as u64),
                I::I32TruncF32S { dst, src } => {
                    set!(
                        dst,
                        try_trap!(i32_trunc_f32_s(f32::from_bits(get!(src) as u32))) as u32 as u64
                    )
                }
                I::I32TruncF32U { dst, src } => {
                    set!(dst, try_trap!(i32_trunc_f32_u(f32::from_bits(get!(src) as u32))) as u64)
                }
                I::I32TruncF64S { dst, src } => {
                    set!(dst, try_trap!(i32_trunc_f64_s(f64::from_bits(get!(src)))) as u32 as u64)
                }
                I::I32TruncF64U { dst, src } => {
                    set!(dst, try_trap!(i32_trunc_f64_u(f64::from_bits(get!(src)))) as u64)
                }
                I::I64TruncF32S { dst, src } => {
                    set!(dst, try_trap!(i64_trunc_f32_s(f32::from_bits(get!(src) as u32))) as u64)
                }
                I::I64TruncF32U { dst, src } => {
                    set!(dst, try_trap!(i64_trunc_f32_u(f32::from_bits(get!(src) as u32))))
                }
                I::I64TruncF64S { dst, src } => {
                    set!(dst, try_trap!(i64_trunc_f64_s(f64::from_bits(get!(src)))) as u64)
                }
                I::I64TruncF64U { dst, src } => {
                    set!(dst, try_trap!(i64_trunc_f64_u(f64::from_bits(get!(src)))))
                }
                I::I32TruncSatF32S { dst, src } => {
                    un!(dst, src, |x: u32| f32::from_bits(x) as i32 as u32 as u64)
                }
                I::I32TruncSatF32U { dst, src } => {
                    un!(dst, src, |x: u32| f32::from_bits(x) as u32 as u64)
                }
                I::I32TruncSatF64S { dst, src } => {
                    un!(dst, src, |x: u64| f64::from_bits(x) as i32 as u32 as u64)
                }
                I::I32TruncSatF64U { dst, src } => {
                    un!(dst, src, |x: u64| f64::from_bits(x) as u32 as u64)
                }
                I::I64TruncSatF32S { dst, src } => {
                    un!(dst, src, |x: u32| f32::from_bits(x) as i64 as u64)
                }
                I::I64TruncSatF32U { dst, src } => un!(dst, src, |x: u32| f32::from_bits(x) as u64),
                I::I64TruncSatF64S { dst, src } => {
                    un!(dst, src, |x: u64| f64::from_bits(x) as i64 as u64)
                }
                I::I64TruncSatF64U { dst, src } => un!(dst, src, |x: u64| f64::from_bits(x) as u64),
                I::F32ConvertI32S { dst, src } => {
                    un!(dst, src, |x: u32| (x as i32 as f32).to_bits() as u64)
                }
                I::F32ConvertI32U { dst, src } => {
                    un!(dst, src, |x: u32| (x as f32).to_bits() as u64)
                }
                I::F32ConvertI64S { dst, src } => {
                    un!(dst, src, |x: u64| (x as i64 as f32).to_bits() as u64)
                }
                I::F32ConvertI64U { dst, src } => {
                    un!(dst, src, |x: u64| (x as f32).to_bits() as u64)
                }
                I::F32DemoteF64 { dst, src } => {
                    un!(dst, src, |x: u64| (f64::from_bits(x) as f32).to_bits() as u64)
                }
                I::F64ConvertI32S { dst, src } => {
                    un!(dst, src, |x: u32| (x as i32 as f64).to_bits())
                }
                I::F64ConvertI32U { dst, src } => un!(dst, src, |x: u32| (x as f64).to_bits()),
                I::F64ConvertI64S { dst, src } => {
                    un!(dst, src, |x: u64| (x as i64 as f64).to_bits())
                }
                I::F64ConvertI64U { dst, src } => un!(dst, src, |x: u64| (x as f64).to_bits()),
                I::F64PromoteF32 { dst, src } => {
                    un!(dst, src, |x: u32| (f32::from_bits(x) as f64).to_bits())
                }
                // i32 binary
                I::I32Add { dst, a, b } => i32_bin!(dst, a, b, |x, y| x.wrapping_add(y)),
                I::I32Sub { dst, a, b } => i32_bin!(dst, a, b, |x, y| x.wrapping_sub(y)),
                I::I32Mul { dst, a, b } => i32_bin!(dst, a, b, |x, y| x.wrapping_mul(y)),
                I::I32DivS { dst, a, b } => {
                    i32_bin!(dst, a, b, |x, y| try_trap!(i32_div_s(x as i32, y as i32)))
                }
                I::I32DivU { dst, a, b } => i32_bin!(dst, a, b, |x, y| try_trap!(i32_div_u(x, y))),
                I::I32RemS { dst, a, b } => {
                    i32_bin!(dst, a, b, |x, y| try_trap!(i32_rem_s(x as i32, y as i32)))
                }
                I::I32RemU { dst, a, b } => i32_bin!(dst, a, b, |x, y| try_trap!(i32_rem_u(x, y))),
                I::I32And { dst, a, b } => i32_bin!(dst, a, b, |x, y| x & y),
                I::I32Or { dst, a, b } => i32_bin!(dst, a, b, |x, y| x | y),
                I::I32Xor { dst, a, b } => i32_bin!(dst, a, b, |x, y| x ^ y),
                I::I32Shl { dst, a, b } => i32_bin!(dst, a, b, |x, y| x.wrapping_shl(y)),
                I::I32ShrS { dst, a, b } => i32_bin!(dst, a, b, |x, y| (x as i32).wrapping_shr(y)),
                I::I32ShrU { dst, a, b } => i32_bin!(dst, a, b, |x, y| x.wrapping_shr(y)),
                I::I32Rotl { dst, a, b } => i32_bin!(dst, a, b, |x, y| x.rotate_left(y % 32)),
                I::I32Rotr { dst, a, b } => i32_bin!(dst, a, b, |x, y| x.rotate_right(y % 32)),
                I::I32Eq { dst, a, b } => i32_bin!(dst, a, b, |x, y| x == y),
                I::I32Ne { dst, a, b } => i32_bin!(dst, a, b, |x, y| x != y),
                I::I32LtS { dst, a, b } => i32_bin!(dst, a, b, |x, y| (x as i32) < (y as i32)),
                I::I32LtU { dst, a, b } => i32_bin!(dst, a, b, |x, y| x < y),
                I::I32GtS { dst, a, b } => i32_bin!(dst, a, b, |x, y| (x as i32) > (y as i32)),
                I::I32GtU { dst, a, b } => i32_bin!(dst, a, b, |x, y| x > y),
                I::I32LeS { dst, a, b } => i32_bin!(dst, a, b, |x, y| (x as i32) <= (y as i32)),
                I::I32LeU { dst, a, b } => i32_bin!(dst, a, b, |x, y| x <= y),
                I::I32GeS { dst, a, b } => i32_bin!(dst, a, b, |x, y| (x as i32) >= (y as i32)),
                I::I32GeU { dst, a, b } => i32_bin!(dst, a, b, |x, y| x >= y),
                // i64 binary
                I::I64Add { dst, a, b } => i64_bin!(dst, a, b, |x, y| x.wrapping_add(y)),
                I::I64Sub { dst, a, b } => i64_bin!(dst, a, b, |x, y| x.wrapping_sub(y)),
                I::I64Mul { dst, a, b } => i64_bin!(dst, a, b, |x, y| x.wrapping_mul(y)),
                I::I64DivS { dst, a, b } => {
                    i64_bin!(dst, a, b, |x, y| try_trap!(i64_div_s(x as i64, y as i64)))
                }
                I::I64DivU { dst, a, b } => i64_bin!(dst, a, b, |x, y| try_trap!(i64_div_u(x, y))),
                I::I64RemS { dst, a, b } => {
                    i64_bin!(dst, a, b, |x, y| try_trap!(i64_rem_s(x as i64, y as i64)))
                }
                I::I64RemU { dst, a, b } => i64_bin!(dst, a, b, |x, y| try_trap!(i64_rem_u(x, y))),
                I::I64And { dst, a, b } => i64_bin!(dst, a, b, |x, y| x & y),
                I::I64Or { dst, a, b } => i64_bin!(dst, a, b, |x, y| x | y),
                I::I64Xor { dst, a, b } => i64_bin!(dst, a, b, |x, y| x ^ y),
                I::I64Shl { dst, a, b } => i64_bin!(dst, a, b, |x, y| x.wrapping_shl(y as u32)),
                I::I64ShrS { dst, a, b } => {
                    i64_bin!(dst, a, b, |x, y| (x as i64).wrapping_shr(y as u32))
                }
                I::I64ShrU { dst, a, b } => i64_bin!(dst, a, b, |x, y| x.wrapping_shr(y as u32)),
                I::I64Rotl { dst, a, b } => {
                    i64_bin!(dst, a, b, |x, y| x.rotate_left((y % 64) as u32))
                }
                I::I64Rotr { dst, a, b } => {
                    i64_bin!(dst, a, b, |x, y| x.rotate_right((y % 64) as u32))
                }
                I::I64Eq { dst, a, b } => i64_bin!(dst, a, b, |x, y| x == y),
                I::I64Ne { dst, a, b } => i64_bin!(dst, a, b, |x, y| x != y),
                I::I64LtS { dst, a, b } => i64_bin!(dst, a, b, |x, y| (x as i64) < (y as i64)),
                I::I64LtU { dst, a, b } => i64_bin!(dst, a, b, |x, y| x < y),
                I::I64GtS { dst, a, b } => i64_bin!(dst, a, b, |x, y| (x as i64) > (y as i64)),
                I::I64GtU { dst, a, b } => i64_bin!(dst, a, b, |x, y| x > y),
                I::I64LeS { dst, a, b } => i64_bin!(dst, a, b, |x, y| (x as i64) <= (y as i64)),
                I::I64LeU { dst, a, b } => i64_bin!(dst, a, b, |x, y| x <= y),
                I::I64GeS { dst, a, b } => i64_bin!(dst, a, b, |x, y| (x as i64) >= (y as i64)),
                I::I64GeU { dst, a, b } => i64_bin!(dst, a, b, |x, y| x >= y),
                // float binary
                I::F32Add { dst, a, b } => f32_bin!(dst, a, b, |x, y| x + y),
                I::F32Sub { dst, a, b } => f32_bin!(dst, a, b, |x, y| x - y),
                I::F32Mul { dst, a, b } => f32_bin!(dst, a, b, |x, y| x * y),
                I::F32Div { dst, a, b } => f32_bin!(dst, a, b, |x, y| x / y),
                I::F32Min { dst, a, b } => f32_bin!(dst, a, b, |x, y| f32_min(x, y)),
                I::F32Max { dst, a, b } => f32_bin!(dst, a, b, |x, y| f32_max(x, y)),
                I::F32Copysign { dst, a, b } => f32_bin!(dst, a, b, |x, y| x.copysign(y)),
                I::F32Eq { dst, a, b } => f32_cmp!(dst, a, b, |x, y| x == y),
                I::F32Ne { dst, a, b } => f32_cmp!(dst, a, b, |x, y| x != y),
                I::F32Lt { dst, a, b } => f32_cmp!(dst, a, b, |x, y| x < y),
                I::F32Gt { dst, a, b } => f32_cmp!(dst, a, b, |x, y| x > y),
                I::F32Le { dst, a, b } => f32_cmp!(dst, a, b, |x, y| x <= y),
                I::F32Ge { dst, a, b } => f32_cmp!(dst, a, b, |x, y| x >= y),
                I::F64Add { dst, a, b } => f64_bin!(dst, a, b, |x, y| x + y),
                I::F64Sub { dst, a, b } => f64_bin!(dst, a, b, |x, y| x - y),
                I::F64Mul { dst, a, b } => f64_bin!(dst, a, b, |x, y| x * y),
                I::F64Div { dst, a, b } => f64_bin!(dst, a, b, |x, y| x / y),
                I::F64Min { dst, a, b } => f64_bin!(dst, a, b, |x, y| f64_min(x, y)),
                I::F64Max { dst, a, b } => f64_bin!(dst, a, b, |x, y| f64_max(x, y)),
                I::F64Copysign { dst, a, b } => f64_bin!(dst, a, b, |x, y| x.copysign(y)),
                I::F64Eq { dst, a, b } => f64_cmp!(dst, a, b, |x, y| x == y),
                I::F64Ne { dst, a, b } => f64_cmp!(dst, a, b, |x, y| x != y),
                I::F64Lt { dst, a, b } => f64_cmp!(dst, a, b, |x, y| x < y),
                I::F64Gt { dst, a, b } => f64_cmp!(dst, a, b, |x, y| x > y),
                I::F64Le { dst, a, b } => f64_cmp!(dst, a, b, |x, y| x <= y),
                I::F64Ge { dst, a, b } => f64_cmp!(dst, a, b, |x, y| x >= y),
                // compare-and-branch
                I::BrF32Eq { a, b, target } => {
                    let (x, y) = (f32::from_bits(get!(a) as u32), f32::from_bits(get!(b) as u32));
                    if x == y {
                        ip = jump!(target);
                    }
                }
                I::BrF32Ne { a, b, target } => {
                    let (x, y) = (f32::from_bits(get!(a) as u32), f32::from_bits(get!(b) as u32));
                    if x != y {
                        ip = jump!(target);
                    }
                }
                I::BrF32Lt { a, b, target } => {
                    let (x, y) = (f32::from_bits(get!(a) as u32), f32::from_bits(get!(b) as u32));
                    if x < y {
                        ip = jump!(target);
                    }
                }
                I::BrF32Gt { a, b, target } => {
                    let (x, y) = (f32::from_bits(get!(a) as u32), f32::from_bits(get!(b) as u32));
                    if x > y {
                        ip = jump!(target);
                    }
                }
                I::BrF32Le { a, b, target } => {
                    let (x, y) = (f32::from_bits(get!(a) as u32), f32::from_bits(get!(b) as u32));
                    if x <= y {
                        ip = jump!(target);
                    }
                }
                I::BrF32Ge { a, b, target } => {
                    let (x, y) = (f32::from_bits(get!(a) as u32), f32::from_bits(get!(b) as u32));
                    if x >= y {
                        ip = jump!(target);
                    }
                }
                I::BrF32NotLt { a, b, target } => {
                    let (x, y) = (f32::from_bits(get!(a) as u32), f32::from_bits(get!(b) as u32));
                    if !(x < y) {
                        ip = jump!(target);
                    }
                }
                I::BrF32NotGt { a, b, target } => {
                    let (x, y) = (f32::from_bits(get!(a) as u32), f32::from_bits(get!(b) as u32));
                    if !(x > y) {
                        ip = jump!(target);
                    }
                }
                I::BrF32NotLe { a, b, target } => {
                    let (x, y) = (f32::from_bits(get!(a) as u32), f32::from_bits(get!(b) as u32));
                    if !(x <= y) {
                        ip = jump!(target);
                    }
                }
                I::BrF32NotGe { a, b, target } => {
                    let (x, y) = (f32::from_bits(get!(a) as u32), f32::from_bits(get!(b) as u32));
                    if !(x >= y) {
                        ip = jump!(target);
                    }
                }
                I::BrF64Eq { a, b, target } => {
                    let (x, y) = (f64::from_bits(get!(a)), f64::from_bits(get!(b)));
                    if x == y {
                        ip = jump!(target);
                    }
                }
                I::BrF64Ne { a, b, target } => {
                    let (x, y) = (f64::from_bits(get!(a)), f64::from_bits(get!(b)));
                    if x != y {
                        ip = jump!(target);
                    }
                }
                I::BrF64Lt { a, b, target } => {
                    let (x, y) = (f64::from_bits(get!(a)), f64::from_bits(get!(b)));
                    if x < y {
                        ip = jump!(target);
                    }
                }
                I::BrF64Gt { a, b, target } => {
                    let (x, y) = (f64::from_bits(get!(a)), f64::from_bits(get!(b)));
                    if x > y {
                        ip = jump!(target);
                    }
                }
                I::BrF64Le { a, b, target } => {
                    let (x, y) = (f64::from_bits(get!(a)), f64::from_bits(get!(b)));
                    if x <= y {
                        ip = jump!(target);
                    }
                }
                I::BrF64Ge { a, b, target } => {
                    let (x, y) = (f64::from_bits(get!(a)), f64::from_bits(get!(b)));
                    if x >= y {
                        ip = jump!(target);
                    }
                }
                I::BrF64NotLt { a, b, target } => {
                    let (x, y) = (f64::from_bits(get!(a)), f64::from_bits(get!(b)));
                    if !(x < y) {
                        ip = jump!(target);
                    }
                }
                I::BrF64NotGt { a, b, target } => {
                    let (x, y) = (f64::from_bits(get!(a)), f64::from_bits(get!(b)));
                    if !(x > y) {
                        ip = jump!(target);
                    }
                }
                I::BrF64NotLe { a, b, target } => {
                    let (x, y) = (f64::from_bits(get!(a)), f64::from_bits(get!(b)));
                    if !(x <= y) {
                        ip = jump!(target);
                    }
                }
                I::BrF64NotGe { a, b, target } => {
                    let (x, y) = (f64::from_bits(get!(a)), f64::from_bits(get!(b)));
                    if !(x >= y) {
                        ip = jump!(target);
                    }
                }
                I::BrI32Eq { a, b, target } => {
                    let (x, y) = (get!(a) as u32, get!(b) as u32);
                    if x == y {
                        ip = jump!(target);
                    }
                }
                I::BrI32EqImm { a, imm, target } => {
                    let (x, y) = (get!(a) as u32, imm as u32);
                    if x == y {
                        ip = jump!(target);
                    }
                }
                I::BrI32Ne { a, b, target } => {
                    let (x, y) = (get!(a) as u32, get!(b) as u32);
                    if x != y {
                        ip = jump!(target);
                    }
                }
                I::BrI32NeImm { a, imm, target } => {
                    let (x, y) = (get!(a) as u32, imm as u32);
                    if x != y {
                        ip = jump!(target);
                    }
                }
                I::BrI32LtS { a, b, target } => {
                    let (x, y) = (get!(a) as u32, get!(b) as u32);
                    if (x as i32) < (y as i32) {
                        ip = jump!(target);
                    }
                }
                I::BrI32LtSImm { a, imm, target } => {
                    let (x, y) = (get!(a) as u32, imm as u32);
                    if (x as i32) < (y as i32) {
                        ip = jump!(target);
                    }
                }
                I::BrI32LtU { a, b, target } => {
                    let (x, y) = (get!(a) as u32, get!(b) as u32);
                    if x < y {
                        ip = jump!(target);
                    }
                }
                I::BrI32LtUImm { a, imm, target } => {
                    let (x, y) = (get!(a) as u32, imm as u32);
                    if x < y {
                        ip = jump!(target);
                    }
                }
                I::BrI32GtS { a, b, target } => {
                    let (x, y) = (get!(a) as u32, get!(b) as u32);
                    if (x as i32) > (y as i32) {
                        ip = jump!(target);
                    }
                }
                I::BrI32GtSImm { a, imm, target } => {
                    let (x, y) = (get!(a) as u32, imm as u32);
                    if (x as i32) > (y as i32) {
                        ip = jump!(target);
                    }
                }
                I::BrI32GtU { a, b, target } => {
                    let (x, y) = (get!(a) as u32, get!(b) as u32);
                    if x > y {
                        ip = jump!(target);
                    }
                }
                I::BrI32GtUImm { a, imm, target } => {
                    let (x, y) = (get!(a) as u32, imm as u32);
                    if x > y {
                        ip = jump!(target);
                    }
                }
                I::BrI32LeS { a, b, target } => {
                    let (x, y) = (get!(a) as u32, get!(b) as u32);
                    if (x as i32) <= (y as i32) {
                        ip = jump!(target);
                    }
                }
                I::BrI32LeSImm { a, imm, target } => {
                    let (x, y) = (get!(a) as u32, imm as u32);
                    if (x as i32) <= (y as i32) {
                        ip = jump!(target);
                    }
                }
                I::BrI32LeU { a, b, target } => {
                    let (x, y) = (get!(a) as u32, get!(b) as u32);
                    if x <= y {
                        ip = jump!(target);
                    }
                }
                I::BrI32LeUImm { a, imm, target } => {
                    let (x, y) = (get!(a) as u32, imm as u32);
                    if x <= y {
                        ip = jump!(target);
                    }
                }
                I::BrI32GeS { a, b, target } => {
                    let (x, y) = (get!(a) as u32, get!(b) as u32);
                    if (x as i32) >= (y as i32) {
                        ip = jump!(target);
                    }
                }
                I::BrI32GeSImm { a, imm, target } => {
                    let (x, y) = (get!(a) as u32, imm as u32);
                    if (x as i32) >= (y as i32) {
                        ip = jump!(target);
                    }
                }
                I::BrI32GeU { a, b, target } => {
                    let (x, y) = (get!(a) as u32, get!(b) as u32);
                    if x >= y {
                        ip = jump!(target);
                    }
                }
                I::BrI32GeUImm { a, imm, target } => {
                    let (x, y) = (get!(a) as u32, imm as u32);
                    if x >= y {
                        ip = jump!(target);
                    }
                }
                I::BrI64Eq { a, b, target } => {
                    let (x, y) = (get!(a), get!(b));
                    if x == y {
                        ip = jump!(target);
                    }
                }
                I::BrI64EqImm { a, imm, target } => {
                    let (x, y) = (get!(a), imm as i64 as u64);
                    if x == y {
                        ip = jump!(target);
                    }
                }
                I::BrI64Ne { a, b, target } => {
                    let (x, y) = (get!(a), get!(b));
                    if x != y {
                        ip = jump!(target);
                    }
                }
                I::BrI64NeImm { a, imm, target } => {
                    let (x, y) = (get!(a), imm as i64 as u64);
                    if x != y {
                        ip = jump!(target);
                    }
                }
                I::BrI64LtS { a, b, target } => {
                    let (x, y) = (get!(a), get!(b));
                    if (x as i64) < (y as i64) {
                        ip = jump!(target);
                    }
                }
                I::BrI64LtSImm { a, imm, target } => {
                    let (x, y) = (get!(a), imm as i64 as u64);
                    if (x as i64) < (y as i64) {
                        ip = jump!(target);
                    }
                }
                I::BrI64LtU { a, b, target } => {
                    let (x, y) = (get!(a), get!(b));
                    if x < y {
                        ip = jump!(target);
                    }
                }
                I::BrI64LtUImm { a, imm, target } => {
                    let (x, y) = (get!(a), imm as i64 as u64);
                    if x < y {
                        ip = jump!(target);
                    }
                }
                I::BrI64GtS { a, b, target } => {
                    let (x, y) = (get!(a), get!(b));
                    if (x as i64) > (y as i64) {
                        ip = jump!(target);
                    }
                }
                I::BrI64GtSImm { a, imm, target } => {
                    let (x, y) = (get!(a), imm as i64 as u64);
                    if (x as i64) > (y as i64) {
                        ip = jump!(target);
                    }
                }
                I::BrI64GtU { a, b, target } => {
                    let (x, y) = (get!(a), get!(b));
                    if x > y {
                        ip = jump!(target);
                    }
                }
                I::BrI64GtUImm { a, imm, target } => {
                    let (x, y) = (get!(a), imm as i64 as u64);
                    if x > y {
                        ip = jump!(target);
                    }
                }
                I::BrI64LeS { a, b, target } => {
                    let (x, y) = (get!(a), get!(b));
                    if (x as i64) <= (y as i64) {
                        ip = jump!(target);
                    }
                }
                I::BrI64LeSImm { a, imm, target } => {
                    let (x, y) = (get!(a), imm as i64 as u64);
                    if (x as i64) <= (y as i64) {
                        ip = jump!(target);
                    }
                }
                I::BrI64LeU { a, b, target } => {
                    let (x, y) = (get!(a), get!(b));
                    if x <= y {
                        ip = jump!(target);
                    }
                }
                I::BrI64LeUImm { a, imm, target } => {
                    let (x, y) = (get!(a), imm as i64 as u64);
                    if x <= y {
                        ip = jump!(target);
                    }
                }
                I::BrI64GeS { a, b, target } => {
                    let (x, y) = (get!(a), get!(b));
                    if (x as i64) >= (y as i64) {
                        ip = jump!(target);
                    }
                }
                I::BrI64GeSImm { a, imm, target } => {
                    let (x, y) = (get!(a), imm as i64 as u64);
                    if (x as i64) >= (y as i64) {
                        ip = jump!(target);
                    }
                }
                I::BrI64GeU { a, b, target } => {
                    let (x, y) = (get!(a), get!(b));
                    if x >= y {
                        ip = jump!(target);
                    }
                }
                I::BrI64GeUImm { a, imm, target } => {
                    let (x, y) = (get!(a), imm as i64 as u64);
                    if x >= y {
                        ip = jump!(target);
                    }
                }
                // immediates
                I::I32AddImm { dst, a, imm } => i32_imm!(dst, a, imm, |x, y| x.wrapping_add(y)),
                I::I32MulImm { dst, a, imm } => i32_imm!(dst, a, imm, |x, y| x.wrapping_mul(y)),
                I::I32AndImm { dst, a, imm } => i32_imm!(dst, a, imm, |x, y| x & y),
                I::I32OrImm { dst, a, imm } => i32_imm!(dst, a, imm, |x, y| x | y),
                I::I32XorImm { dst, a, imm } => i32_imm!(dst, a, imm, |x, y| x ^ y),
                I::I32ShlImm { dst, a, imm } => i32_imm!(dst, a, imm, |x, y| x.wrapping_shl(y)),
                I::I32ShrSImm { dst, a, imm } => {
                    i32_imm!(dst, a, imm, |x, y| (x as i32).wrapping_shr(y))
                }
                I::I32ShrUImm { dst, a, imm } => i32_imm!(dst, a, imm, |x, y| x.wrapping_shr(y)),
                I::I32RotlImm { dst, a, imm } => {
                    i32_imm!(dst, a, imm, |x, y| x.rotate_left(y % 32))
                }
                I::I32RotrImm { dst, a, imm } => {
                    i32_imm!(dst, a, imm, |x, y| x.rotate_right(y % 32))
                }
                I::I32EqImm { dst, a, imm } => i32_imm!(dst, a, imm, |x, y| x == y),
                I::I32NeImm { dst, a, imm } => i32_imm!(dst, a, imm, |x, y| x != y),
                I::I32LtSImm { dst, a, imm } => {
                    i32_imm!(dst, a, imm, |x, y| (x as i32) < (y as i32))
                }
                I::I32LtUImm { dst, a, imm } => i32_imm!(dst, a, imm, |x, y| x < y),
                I::I32GtSImm { dst, a, imm } => {
                    i32_imm!(dst, a, imm, |x, y| (x as i32) > (y as i32))
                }
                I::I32GtUImm { dst, a, imm } => i32_imm!(dst, a, imm, |x, y| x > y),
                I::I32LeSImm { dst, a, imm } => {
                    i32_imm!(dst, a, imm, |x, y| (x as i32) <= (y as i32))
                }
                I::I32LeUImm { dst, a, imm } => i32_imm!(dst, a, imm, |x, y| x <= y),
                I::I32GeSImm { dst, a, imm } => {
                    i32_imm!(dst, a, imm, |x, y| (x as i32) >= (y as i32))
                }
                I::I32GeUImm { dst, a, imm } => i32_imm!(dst, a, imm, |x, y| x >= y),
                I::I64AddImm { dst, a, imm } => i64_imm!(dst, a, imm, |x, y| x.wrapping_add(y)),
                I::I64MulImm { dst, a, imm } => i64_imm!(dst, a, imm, |x, y| x.wrapping_mul(y)),
                I::I64AndImm { dst, a, imm } => i64_imm!(dst, a, imm, |x, y| x & y),
                I::I64OrImm { dst, a, imm } => i64_imm!(dst, a, imm, |x, y| x | y),
                I::I64XorImm { dst, a, imm } => i64_imm!(dst, a, imm, |x, y| x ^ y),
                I::I64ShlImm { dst, a, imm } => {
                    i64_imm!(dst, a, imm, |x, y| x.wrapping_shl(y as u32))
                }
                I::I64ShrSImm { dst, a, imm } => {
                    i64_imm!(dst, a, imm, |x, y| (x as i64).wrapping_shr(y as u32))
                }
                I::I64ShrUImm { dst, a, imm } => {
                    i64_imm!(dst, a, imm, |x, y| x.wrapping_shr(y as u32))
                }
                I::I64RotlImm { dst, a, imm } => {
                    i64_imm!(dst, a, imm, |x, y| x.rotate_left((y % 64) as u32))
                }
                I::I64RotrImm { dst, a, imm } => {
                    i64_imm!(dst, a, imm, |x, y| x.rotate_right((y % 64) as u32))
                }
                I::I64EqImm { dst, a, imm } => i64_imm!(dst, a, imm, |x, y| x == y),
                I::I64NeImm { dst, a, imm } => i64_imm!(dst, a, imm, |x, y| x != y),
                I::I64LtSImm { dst, a, imm } => {
                    i64_imm!(dst, a, imm, |x, y| (x as i64) < (y as i64))
                }
                I::I64LtUImm { dst, a, imm } => i64_imm!(dst, a, imm, |x, y| x < y),
                I::I64GtSImm { dst, a, imm } => {
                    i64_imm!(dst, a, imm, |x, y| (x as i64) > (y as i64))
                }
                I::I64GtUImm { dst, a, imm } => i64_imm!(dst, a, imm, |x, y| x > y),
                I::I64LeSImm { dst, a, imm } => {
                    i64_imm!(dst, a, imm, |x, y| (x as i64) <= (y as i64))
                }
                I::I64LeUImm { dst, a, imm } => i64_imm!(dst, a, imm, |x, y| x <= y),
                I::I64GeSImm { dst, a, imm } => {
                    i64_imm!(dst, a, imm, |x, y| (x as i64) >= (y as i64))
                }
                I::I64GeUImm { dst, a, imm } => i64_imm!(dst, a, imm, |x, y| x >= y),
                #[allow(unreachable_patterns)]
                other => {
                    return Err(Error::unsupported(format!("instruction {other:?}")));
                }
            }
        }
    }
}
