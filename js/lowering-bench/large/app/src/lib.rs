//! The app half of the large benchmark module: WebAssembly text in, a checksum out. It parses
//! the text (`wat`), lowers the module to one memory (`polymem-transform`), runs its `run`
//! export on wasmi, and feeds the lowered bytes and the
//! result through the plugin's CRC-32 (imports of module `plugin`, resolved by the fixture
//! linker, which makes the plugin's memory this module's private memory 1).
//!
//! The point is its size and shape, not this computation: a real Rust program whose memory 0
//! is exported (as every wasm-bindgen or Emscripten program's is) plus a private memory 1.

use polymem_transform::{LowerOptions, lower_memories};
use wasmi::{Engine, Linker, Module, Store};

#[link(wasm_import_module = "plugin")]
unsafe extern "C" {
    fn plugin_reset();
    fn plugin_push(byte: u32) -> u32;
    fn plugin_crc() -> u32;
}

/// Buffers handed to the host by address: the host writes the input and reads the output.
static mut INPUT: Vec<u8> = Vec::new();

/// Reserves `len` bytes for the input text and returns their address.
#[unsafe(no_mangle)]
pub extern "C" fn input(len: usize) -> *mut u8 {
    // SAFETY: wasm32-unknown-unknown without threads: one exported call at a time.
    let input = unsafe { &mut *core::ptr::addr_of_mut!(INPUT) };
    input.clear();
    input.resize(len, 0);
    input.as_mut_ptr()
}

/// Runs the text written with `input`; returns the plugin's CRC of the lowered module and the
/// result of `run`, or 0 on any error.
#[unsafe(no_mangle)]
pub extern "C" fn run_text() -> u32 {
    // SAFETY: as in `input`.
    let text = unsafe { &*core::ptr::addr_of!(INPUT) };
    run(text).unwrap_or(0)
}

fn run(text: &[u8]) -> Option<u32> {
    let text = core::str::from_utf8(text).ok()?;
    let wasm = wat::parse_str(text).ok()?;
    let lowered = lower_memories(&wasm, &LowerOptions::default()).ok()?;
    let engine = Engine::default();
    let module = Module::new(&engine, &lowered[..]).ok()?;
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate_and_start(&mut store, &module).ok()?;
    let run = instance.get_typed_func::<(), i32>(&store, "run").ok()?;
    let result = run.call(&mut store, ()).ok()?;
    // SAFETY: the plugin's functions take and return integers only.
    unsafe {
        plugin_reset();
        for &byte in lowered.iter().chain(&result.to_le_bytes()) {
            plugin_push(u32::from(byte));
        }
        Some(plugin_crc())
    }
}
