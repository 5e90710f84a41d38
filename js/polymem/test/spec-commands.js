// The one definition of how a spec script's commands (a commands.json written by the
// polymem-transform tests or its dump_spec example) run in a JavaScript engine: the `spectest`
// host module, registration, value conversion, result matching, and the engine messages
// accepted for each spec trap text. Host-agnostic ESM (browsers, Node, Deno, Bun, the jsc
// shell); its users differ only in how a module command becomes an instance:
//   - test/spec-runner.js: the package's `instantiate` (native or lowered on the fly), in every lane;
//   - js/lowered-runner/run.mjs: `instantiateLowered` of src/lowered.js on pre-lowered files,
//     for crates/transform/tests/node_spec.rs and node_differential.rs on Node 20;
//   - js/binaryen-compare/compare.mjs (through run.mjs): Binaryen's lowerings of the same files.
//
// runSpecCommands(commands, { instantiate, log, clearOnModuleFailure, expectedFailure })
// resolves to `{ passed, failed, expected, byType }`.

// Each engine's message for each spec trap text. A trap passes when its message contains one of
// the texts listed for the spec text, for any engine family (the runner does not guess the
// engine). A spec text missing here fails, so that a new one gets its messages added.
export const TRAPS = {
  "out of bounds memory access": [
    "memory access out of bounds", // V8
    "index out of bounds", // SpiderMonkey
    "Out of bounds memory access", // JavaScriptCore
  ],
  "integer divide by zero": ["divide by zero", "integer divide by zero", "Division by zero"],
  "integer overflow": ["divide result unrepresentable", "float unrepresentable in integer range", "integer overflow", "Integer overflow", "Out of bounds Trunc operation"],
  "invalid conversion to integer": ["float unrepresentable in integer range", "invalid conversion to integer", "Out of bounds Trunc operation"],
  unreachable: ["unreachable", "unreachable executed", "Unreachable code should not be executed"],
  "out of bounds table access": ["table index is out of bounds", "table access out of bounds", "index out of bounds", "Out of bounds table access", "Out of bounds call_indirect"],
  "undefined element": ["table index is out of bounds", "index out of bounds", "Out of bounds call_indirect"],
  "indirect call type mismatch": ["function signature mismatch", "indirect call signature mismatch", "call_indirect to a signature that does not match"],
  // Engines check the signature first, and a null entry's never matches: V8 and JavaScriptCore
  // report an uninitialized element as a signature mismatch.
  "uninitialized element": ["null function", "function signature mismatch", "indirect call to null", "call_indirect to a null table entry", "call_indirect to a signature that does not match"],
};

// Traps while instantiating: natively run modules report the engine's own segment messages;
// lowered modules apply their segments in a start function and trap there like any access.
export const INSTANTIATION_TRAPS = {
  ...TRAPS,
  "out of bounds memory access": [
    ...TRAPS["out of bounds memory access"],
    "data segment is out of bounds", // V8
    "data segment", // SpiderMonkey: "data segment does not fit" / "... out of bounds"
    "Out of bounds data segment", "Invalid data segment initialization", // JavaScriptCore
  ],
  "out of bounds table access": [
    ...TRAPS["out of bounds table access"],
    "table initializer is out of bounds", "element segment", "Out of bounds element segment", "Element is trying to set an out of bounds table index",
  ],
};

// Stack exhaustion: V8 and JavaScriptCore throw RangeError, SpiderMonkey InternalError.
const isExhaustion = (e) => e instanceof RangeError || e?.name === "InternalError";
const isRuntimeError = (e) => e instanceof WebAssembly.RuntimeError;
const isLinkError = (e) => e instanceof WebAssembly.LinkError;

const f32 = new DataView(new ArrayBuffer(4));
const f64 = new DataView(new ArrayBuffer(8));
const f32FromBits = (bits) => (f32.setUint32(0, Number(bits)), f32.getFloat32(0));
const f64FromBits = (bits) => (f64.setBigUint64(0, BigInt(bits)), f64.getFloat64(0));
const f32Bits = (x) => (f32.setFloat32(0, x), f32.getUint32(0));
const f64Bits = (x) => (f64.setFloat64(0, x), f64.getBigUint64(0));

function spectest() {
  const noop = () => {};
  return {
    print: noop, print_i32: noop, print_i64: noop, print_f32: noop, print_f64: noop,
    print_i32_f32: noop, print_f64_f64: noop,
    global_i32: new WebAssembly.Global({ value: "i32" }, 666),
    global_i64: new WebAssembly.Global({ value: "i64" }, 666n),
    global_f32: new WebAssembly.Global({ value: "f32" }, 666.6),
    global_f64: new WebAssembly.Global({ value: "f64" }, 666.6),
    table: new WebAssembly.Table({ initial: 10, maximum: 20, element: "anyfunc" }),
    memory: new WebAssembly.Memory({ initial: 1, maximum: 2 }),
  };
}

/** `Name: message` of anything thrown (what FAIL lines show, and compare.mjs classifies). */
export function describe(e) {
  return `${e?.constructor?.name ?? typeof e}: ${e?.message ?? e}`;
}

/**
 * Runs `commands` (the array, or the object with a `commands` array, of a commands.json).
 * - `instantiate(cmd, imports)`: the exports of a module command's instance (or a promise of
 *   them); `imports` is the registry (`spectest` and every registered instance), where unknown
 *   module names resolve to an empty namespace so that a missing import is a LinkError.
 * - `log(line)`: receives each `FAIL line N type: why` (and expected-failure) line.
 * - `clearOnModuleFailure`: a module command that fails leaves no current (or named) module
 *   behind, so the commands after it fail instead of running against the previous module (for
 *   lowerings that may reject modules; the package's own runs never see a failing module).
 * - `expectedFailure(cmd)`: an entry `{ reason }` when the command is known to fail; it is then
 *   listed in `expected` (counted in neither `passed` nor `failed`) when it fails, and counts as
 *   failed when it passes, so that a fixed failure gets its entry removed.
 */
export async function runSpecCommands(commands, { instantiate, log = () => {}, clearOnModuleFailure = false, expectedFailure = () => undefined } = {}) {
  if (!Array.isArray(commands)) commands = commands?.commands;
  if (!Array.isArray(commands)) throw new TypeError("runSpecCommands: no commands");
  if (typeof instantiate !== "function") throw new TypeError("runSpecCommands: no instantiate(cmd, imports)");
  const registry = { spectest: spectest() };
  const imports = new Proxy(registry, {
    get: (target, key) => (typeof key === "string" && !(key in target) ? {} : target[key]),
  });
  const named = new Map();
  let current = null;
  // One object per externref number, so identity survives a round trip through the module.
  const externs = new Map();
  const externOf = (n) => {
    if (!externs.has(n)) externs.set(n, { extern: n });
    return externs.get(n);
  };

  function toJs(v) {
    switch (v.type) {
      case "i32": return Number(v.value) | 0;
      case "i64": return BigInt.asIntN(64, BigInt(v.value));
      case "f32": return f32FromBits(v.value);
      case "f64": return f64FromBits(v.value);
      case "externref": return v.value === null ? null : externOf(v.value);
      case "funcref": return null;
      default: throw new Error(`unsupported argument type ${v.type}`);
    }
  }

  function matches(expected, actual) {
    switch (expected.type) {
      case "i32": return typeof actual === "number" && actual >>> 0 === Number(expected.value);
      case "i64": return typeof actual === "bigint" && BigInt.asUintN(64, actual) === BigInt(expected.value);
      case "f32":
        if (expected.value.startsWith("nan") || Number.isNaN(f32FromBits(expected.value))) return Number.isNaN(actual);
        return typeof actual === "number" && f32Bits(actual) === Number(expected.value);
      case "f64":
        if (expected.value.startsWith("nan") || Number.isNaN(f64FromBits(expected.value))) return Number.isNaN(actual);
        return typeof actual === "number" && f64Bits(actual) === BigInt(expected.value);
      case "externref": return expected.value === null ? actual === null : actual === externOf(expected.value);
      case "funcref": return expected.value === null ? actual === null : typeof actual === "function";
      case "either": return expected.values.some((e) => matches(e, actual));
      default: return false;
    }
  }

  function instanceOf(name) {
    const target = name ? named.get(name) : current;
    if (!target) throw new Error(`no instance ${name ?? "(current)"}`);
    return target;
  }

  function perform(action) {
    const target = instanceOf(action.module);
    if (action.type === "get") return [target[action.field].value];
    const func = target[action.field];
    if (typeof func !== "function") throw new Error(`no exported function ${action.field}`);
    const result = func(...action.args.map(toJs));
    if (result === undefined) return [];
    return Array.isArray(result) ? result : [result];
  }

  // `traps`: the accepted messages per spec text, or null when any error of the kind passes.
  async function expectThrow(thunk, isKind, kindName, text, traps) {
    try {
      await thunk();
    } catch (e) {
      if (!isKind(e)) return `expected ${kindName} (${text}), got ${describe(e)}`;
      if (traps) {
        const accepted = traps[text];
        if (!accepted) return `no engine messages listed for the trap "${text}" (got "${e.message}")`;
        if (!accepted.some((m) => e.message.includes(m))) return `expected trap "${text}", got "${e.message}"`;
      }
      return null;
    }
    return `expected ${kindName} (${text}), but it succeeded`;
  }

  // A call JavaScript cannot make (a v128 in the signature) comes with a wrapper module
  // (crates/transform/tests/spec_json/v128.rs) importing the function from the instance under
  // test as `target`; its `run()` makes the call and checks every result in Wasm, returning 0
  // when all matched and i + 1 when result i did not.
  async function runWrapped(cmd) {
    const target = instanceOf(cmd.action.module);
    const wrapper = await instantiate({ ...cmd.wrapper, line: cmd.line }, { target });
    const call = () => wrapper.run();
    switch (cmd.type) {
      case "action":
        call();
        return null;
      case "assert_return": {
        const bad = call();
        return bad === 0 ? null : `result ${bad - 1}: expected ${JSON.stringify(cmd.expected[bad - 1])} (compared in Wasm)`;
      }
      case "assert_trap":
        return await expectThrow(call, isRuntimeError, "RuntimeError", cmd.text, TRAPS);
      case "assert_exhaustion":
        return await expectThrow(call, isExhaustion, "RangeError", cmd.text, null);
      default:
        return `unsupported wrapped command ${cmd.type}`;
    }
  }

  async function run(cmd) {
    if (cmd.wrapper) return await runWrapped(cmd);
    switch (cmd.type) {
      case "module":
        current = await instantiate(cmd, imports);
        if (cmd.name) named.set(cmd.name, current);
        return null;
      case "register":
        registry[cmd.as] = instanceOf(cmd.module);
        return null;
      case "action":
        perform(cmd.action);
        return null;
      case "assert_return": {
        const actual = perform(cmd.action);
        if (actual.length !== cmd.expected.length) return `expected ${cmd.expected.length} results, got ${actual.length}`;
        for (let i = 0; i < actual.length; i++) {
          if (!matches(cmd.expected[i], actual[i])) return `result ${i}: expected ${JSON.stringify(cmd.expected[i])}, got ${actual[i]}`;
        }
        return null;
      }
      case "assert_trap":
        return await expectThrow(() => perform(cmd.action), isRuntimeError, "RuntimeError", cmd.text, TRAPS);
      case "assert_exhaustion":
        return await expectThrow(() => perform(cmd.action), isExhaustion, "RangeError", cmd.text, null);
      case "assert_uninstantiable":
        return await expectThrow(() => instantiate(cmd, imports), isRuntimeError, "RuntimeError", cmd.text, INSTANTIATION_TRAPS);
      case "assert_unlinkable":
        return await expectThrow(() => instantiate(cmd, imports), isLinkError, "LinkError", cmd.text, null);
      default:
        return `unsupported command ${cmd.type}`;
    }
  }

  let passed = 0;
  let failed = 0;
  const expected = [];
  const byType = {};
  for (const cmd of commands) {
    let failure;
    try {
      failure = await run(cmd);
    } catch (e) {
      failure = `unexpected exception: ${describe(e)}`;
    }
    if (failure && clearOnModuleFailure && cmd.type === "module") {
      current = null;
      if (cmd.name) named.delete(cmd.name);
    }
    const listed = expectedFailure(cmd);
    if (listed && failure) {
      expected.push({ cmd, reason: listed.reason });
      log(`expected failure, line ${cmd.line} ${cmd.type}: ${failure}`);
      continue;
    }
    if (listed) failure = "listed as an expected failure, but it passed: remove the entry";
    byType[cmd.type] ??= { passed: 0, failed: 0 };
    byType[cmd.type][failure ? "failed" : "passed"]++;
    if (failure) {
      failed++;
      log(`FAIL line ${cmd.line} ${cmd.type}: ${failure}`);
    } else {
      passed++;
    }
  }
  return { passed, failed, expected, byType };
}
