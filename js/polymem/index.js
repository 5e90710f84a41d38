// polymem: run multi-memory WebAssembly modules in any JS host. Natively where the engine
// runs multi-memory (checked by probes that run real modules), lowered to one memory elsewhere
// (by the Rust transform built for wasm32, loaded only on that path). See README.md.

export { multiMemory, memory64, mixedMemories } from "./src/probe.js";
export { compile, instantiate, emscriptenHook } from "./src/instantiate.js";
export { lower, inspect, LowerError } from "./src/lower.js";
