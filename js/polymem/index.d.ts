// Types of the `polymem` package (hand-written; see README.md for the semantics).

/** Where a module comes from. A string is a URL (relative ones resolve against the page, or are file paths outside browsers). */
export type Source =
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | Response
  | Promise<Response>
  | URL
  | string;

export interface Options {
  /** "auto" (default): native when `multiMemory()` passes, else lowered. "native" and "lowered" force a path. */
  mode?: "auto" | "native" | "lowered";
  /** The module lowered ahead of time (`polymem lower`): used instead of lowering in the page when the lowered path is taken. */
  lowered?: Uint8Array | ArrayBuffer | Response | Promise<Response> | URL | string;
  /** polymem-lower.wasm as bytes, a compiled module or a URL (default: next to the package's index.js). */
  lowerer?: Uint8Array | ArrayBuffer | WebAssembly.Module | URL | string;
}

export interface Compiled {
  module: WebAssembly.Module;
  /** Whether `module` is the lowered (single-memory) module rather than the original. */
  lowered: boolean;
}

export interface Instantiated extends Compiled {
  /** A real instance on the native path; `{ exports }` with exactly the original module's exports on the lowered path. */
  instance: WebAssembly.Instance | { exports: WebAssembly.Exports };
}

/** Whether the engine runs modules with several memories (load/store, memory.copy, data, grow and size on memory 1). Cached. */
export function multiMemory(): Promise<boolean>;
/** Whether the engine runs a 64-bit memory. Cached. */
export function memory64(): Promise<boolean>;
/** Whether the engine runs a 32-bit and a 64-bit memory in one module. Cached. */
export function mixedMemories(): Promise<boolean>;

/** The native module, or the lowered one (see Options.mode). For wasm-bindgen: `init({ module_or_path: (await compile(url)).module })`. */
export function compile(source: Source, options?: Options): Promise<Compiled>;
/** Compiles (see `compile`) and instantiates with `imports`. */
export function instantiate(source: Source, imports?: WebAssembly.Imports, options?: Options): Promise<Instantiated>;

export interface EmscriptenHookOptions extends Options {
  /** Receives instantiation errors (default: the promise rejects unhandled). */
  onError?: (error: unknown) => void;
  /** Sees the result before Emscripten does (for example to log `lowered`). */
  onInstance?: (result: Instantiated) => void;
}
/** A `Module.instantiateWasm` for Emscripten glue: `Module.instantiateWasm = emscriptenHook("app.wasm")`. */
export function emscriptenHook(
  source: Source,
  options?: EmscriptenHookOptions,
): (imports: WebAssembly.Imports, receiveInstance: (instance: Instantiated["instance"], module: WebAssembly.Module) => void) => {};

export interface LowerOptions extends Pick<Options, "lowerer"> {
  /** `[module, name]` memory imports that will be bound to memories a lowered instance keeps in place (its exported memory 0): they are bridged and checked against that memory's logical size; a single-memory module importing one is lowered too. `instantiate` sets this itself. */
  bridgeImports?: [string, string][];
  /** `false`: keep the declared maximum of the exported memory kept in place unreserved. Default `true`: the private memories above it get constant bases (faster), and `memory.buffer` is at least that maximum (its `grow` still takes Emscripten's byteLength-based requests exactly). */
  reserveMax?: boolean;
  /** The largest declared maximum, in pages, that `reserveMax` reserves (default 16384, 1 GiB: the reserve is part of the initial memory, and iOS Safari is reported to refuse 2 GiB memories); a larger maximum keeps moving bases above it. */
  reserveCap?: number;
}
/** Lowers a module to at most one memory (the Rust `lower_memories`, run as wasm). Throws LowerError. */
export function lower(bytes: Uint8Array | ArrayBuffer, options?: LowerOptions): Promise<Uint8Array>;
/** Validates a module and describes it. Throws LowerError when it is not valid. */
export function inspect(bytes: Uint8Array | ArrayBuffer, options?: Pick<Options, "lowerer">): Promise<ModuleInfo>;

/** Why `lower`/`inspect` refused a module. */
export class LowerError extends Error {
  /** "invalid" (not a valid module), "unsupported" (cannot be lowered faithfully; the message names the memory), "internal". */
  kind: "invalid" | "unsupported" | "internal" | "bad-call";
}

export interface DataInfo {
  segments: number;
  bytes: number;
}

export interface MemoryInfo {
  index: number;
  address: "i32" | "i64";
  /** Pages. */
  min: number;
  max: number | null;
  shared: boolean;
  /** Bytes per page (65536 unless custom page sizes are used). */
  page_size: number;
  /** [module, name] when imported. */
  import: [string, string] | null;
  exports: string[];
  /** Active data segments initializing this memory. */
  data: DataInfo;
  /** Instructions naming this memory. */
  instructions: number;
}

export interface ExternInfo {
  /** Imports only. */
  module?: string;
  name: string;
  kind: "function" | "table" | "memory" | "global" | "tag";
  /** Exports only: the entity's index in its index space. */
  index?: number;
}

export interface ModuleInfo {
  memories: MemoryInfo[];
  imports: ExternInfo[];
  exports: ExternInfo[];
  passive_data: DataInfo;
  /** Imported functions come first in the function index space. */
  functions: { imported: number; defined: number };
}
