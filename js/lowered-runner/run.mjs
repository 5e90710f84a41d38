// Runs a directory of lowered spec-test modules: `node run.mjs <dir>` reads <dir>/commands.json
// (written by crates/transform/tests/node_spec.rs), executes every command against the
// lowered .wasm files and prints `FAIL ...` lines and a final `SUMMARY {"passed":N,"failed":M}`.
// `runCommands(dir, options)` does the same for importers (js/binaryen-compare/compare.mjs)
// and returns the counts instead of printing them.

import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { instantiateLoweredSync } from "../polymem/src/lowered.js";

// Options: `log(line)` receives the FAIL lines (default: console.log); with
// `clearOnModuleFailure`, a module command that fails leaves no current module behind, so the
// commands after it fail instead of running against the previous module (used when comparing
// lowerings that may reject modules; the node tests never see a failing module command).
export function runCommands(dir, { log = console.log, clearOnModuleFailure = false } = {}) {
  const { commands } = JSON.parse(readFileSync(join(dir, "commands.json"), "utf8"));

  const spectest = {
    print: () => {},
    print_i32: () => {},
    print_i64: () => {},
    print_f32: () => {},
    print_f64: () => {},
    print_i32_f32: () => {},
    print_f64_f64: () => {},
    global_i32: new WebAssembly.Global({ value: "i32" }, 666),
    global_i64: new WebAssembly.Global({ value: "i64" }, 666n),
    global_f32: new WebAssembly.Global({ value: "f32" }, 666.6),
    global_f64: new WebAssembly.Global({ value: "f64" }, 666.6),
    table: new WebAssembly.Table({ initial: 10, maximum: 20, element: "anyfunc" }),
    memory: new WebAssembly.Memory({ initial: 1, maximum: 2 }),
  };
  const registry = { spectest };
  // Unknown module names resolve to an empty namespace so that a missing import is a LinkError.
  const imports = new Proxy(registry, {
    get: (target, key) => (typeof key === "string" && !(key in target) ? {} : target[key]),
  });
  const named = new Map();
  let current = null;
  const externs = new Map();

  // V8's message for each spec trap text (any RuntimeError is accepted for texts not listed).
  const TRAPS = {
    "out of bounds memory access": ["memory access out of bounds"],
    "integer divide by zero": ["divide by zero"],
    "integer overflow": ["divide result unrepresentable", "float unrepresentable in integer range"],
    "invalid conversion to integer": ["float unrepresentable in integer range"],
    unreachable: ["unreachable"],
    "out of bounds table access": ["table index is out of bounds", "table access out of bounds"],
    "undefined element": ["table index is out of bounds"],
    "indirect call type mismatch": ["null function or function signature mismatch"],
    "uninitialized element": ["null function or function signature mismatch"],
  };

  // At instantiation V8 reports its own data/element segment messages for modules it runs
  // unchanged (those with at most one memory); lowered modules trap inside the start function.
  const INSTANTIATION_TRAPS = {
    "out of bounds memory access": ["memory access out of bounds", "data segment is out of bounds"],
    "out of bounds table access": ["table index is out of bounds", "table initializer is out of bounds"],
  };

  function f32FromBits(bits) {
    const view = new DataView(new ArrayBuffer(4));
    view.setUint32(0, Number(bits));
    return view.getFloat32(0);
  }
  function f64FromBits(bits) {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, BigInt(bits));
    return view.getFloat64(0);
  }
  function f32Bits(x) {
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, x);
    return view.getUint32(0);
  }
  function f64Bits(x) {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    return view.getBigUint64(0);
  }
  function externOf(n) {
    if (!externs.has(n)) externs.set(n, { extern: n });
    return externs.get(n);
  }

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
      case "i32": return typeof actual === "number" && (actual >>> 0) === Number(expected.value);
      case "i64": return typeof actual === "bigint" && BigInt.asUintN(64, actual) === BigInt(expected.value);
      case "f32":
        if (expected.value.startsWith("nan")) return Number.isNaN(actual);
        if (Number.isNaN(f32FromBits(expected.value))) return Number.isNaN(actual);
        return typeof actual === "number" && f32Bits(actual) === Number(expected.value);
      case "f64":
        if (expected.value.startsWith("nan")) return Number.isNaN(actual);
        if (Number.isNaN(f64FromBits(expected.value))) return Number.isNaN(actual);
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

  function instantiate(cmd) {
    if (cmd.error) throw new Error(`lowering failed: ${cmd.error}`);
    const module = new WebAssembly.Module(readFileSync(join(dir, cmd.file)));
    return instantiateLoweredSync(module, imports).exports;
  }

  function expectThrow(thunk, kind, text, traps = TRAPS) {
    try {
      thunk();
    } catch (e) {
      if (!(e instanceof kind)) return `expected ${kind.name} (${text}), got ${e}`;
      const accepted = kind === WebAssembly.RuntimeError ? traps[text] : undefined;
      if (accepted && !accepted.some((m) => e.message.includes(m))) {
        return `expected trap "${text}", got "${e.message}"`;
      }
      return null;
    }
    return `expected ${kind.name} (${text}), but it succeeded`;
  }

  function run(cmd) {
    switch (cmd.type) {
      case "module": {
        current = instantiate(cmd);
        if (cmd.name) named.set(cmd.name, current);
        return null;
      }
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
          if (!matches(cmd.expected[i], actual[i])) {
            return `result ${i}: expected ${JSON.stringify(cmd.expected[i])}, got ${actual[i]}`;
          }
        }
        return null;
      }
      case "assert_trap":
        return expectThrow(() => perform(cmd.action), WebAssembly.RuntimeError, cmd.text);
      case "assert_exhaustion":
        return expectThrow(() => perform(cmd.action), RangeError, cmd.text);
      case "assert_uninstantiable":
        return expectThrow(() => instantiate(cmd), WebAssembly.RuntimeError, cmd.text, INSTANTIATION_TRAPS);
      case "assert_unlinkable":
        return expectThrow(() => instantiate(cmd), WebAssembly.LinkError, cmd.text);
      default:
        return `unsupported command ${cmd.type}`;
    }
  }

  let passed = 0;
  let failed = 0;
  const byType = {};
  for (const cmd of commands) {
    let failure;
    try {
      failure = run(cmd);
    } catch (e) {
      failure = `unexpected exception: ${e}`;
    }
    byType[cmd.type] ??= { passed: 0, failed: 0 };
    byType[cmd.type][failure ? "failed" : "passed"]++;
    if (failure) {
      failed++;
      log(`FAIL line ${cmd.line} ${cmd.type}: ${failure}`);
      if (clearOnModuleFailure && cmd.type === "module") {
        current = null;
        if (cmd.name) named.delete(cmd.name);
      }
    } else {
      passed++;
    }
  }
  return { passed, failed, byType };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: node run.mjs <dir>");
    process.exit(2);
  }
  const { passed, failed, byType } = runCommands(dir);
  console.log(`TYPES ${JSON.stringify(byType)}`);
  console.log(`SUMMARY ${JSON.stringify({ passed, failed })}`);
}
