// The demo page: this browser's probes, a module's memories (`inspect`), lowering in the page
// when the browser needs it or when asked (`lower`), running an export (`instantiate`) and
// downloading the lowered module. The browser lanes drive it through the element ids and the
// data-* attributes set here (body[data-ready], body[data-module], #result[data-state],
// #result[data-values], #path).

import { multiMemory, memory64, mixedMemories, inspect, lower, instantiate } from "../index.js";
import { exportedFunctionTypes } from "./signatures.js";

const $ = (selector) => document.querySelector(selector);

// The loaded module and what was derived from it; `instance` is reused between runs so that a
// second export sees the state the first one left (reset when the module or the mode changes).
const state = { name: null, bytes: null, info: null, types: null, lowered: null, instance: null };

async function showProbes() {
  const probes = { multiMemory, memory64, mixedMemories };
  for (const [name, probe] of Object.entries(probes)) {
    const cell = $(`#probe-${name}`);
    let ok;
    try {
      ok = await probe();
    } catch (e) {
      cell.textContent = `error: ${e.message}`;
      cell.className = "no";
      continue;
    }
    cell.textContent = ok ? "yes" : "no";
    cell.className = ok ? "yes" : "no";
  }
}

function showError(where, error) {
  const box = $(where);
  box.hidden = false;
  box.textContent = String(error?.message ?? error);
}

function limits(memory) {
  return { min: String(memory.min), max: memory.max == null ? "none" : String(memory.max) };
}

function renderMemories(info) {
  const body = $("#memories tbody");
  body.replaceChildren();
  for (const m of info.memories) {
    const row = document.createElement("tr");
    const { min, max } = limits(m);
    const cells = [
      String(m.index),
      m.address + (m.shared ? " shared" : ""),
      min,
      max,
      m.import ? `${m.import[0]}.${m.import[1]}` : "-",
      m.exports.length ? m.exports.join(", ") : "-",
      `${m.data.segments} (${m.data.bytes} bytes)`,
      String(m.instructions),
    ];
    for (const text of cells) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.append(cell);
    }
    body.append(row);
  }
  $("#memories").hidden = info.memories.length === 0;
}

function renderExports() {
  const select = $("#export");
  select.replaceChildren();
  for (const [name, type] of state.types) {
    const option = document.createElement("option");
    option.value = name;
    option.textContent = `${name}(${type.params.join(", ")}) -> ${type.results.join(", ") || "()"}`;
    select.append(option);
  }
  select.disabled = state.types.size === 0;
  $("#run").disabled = state.types.size === 0;
  renderArgs();
}

function renderArgs() {
  const type = state.types?.get($("#export").value);
  const box = $("#args");
  box.replaceChildren();
  (type?.params ?? []).forEach((param, i) => {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.name = `arg${i}`;
    input.placeholder = param === "ref" || param.endsWith("ref") ? "null" : "0";
    input.dataset.type = param;
    label.append(`${param} `, input);
    box.append(label);
  });
}

// A typed argument from its text; a clear error for anything the type cannot hold.
function parseArg(text, type, position) {
  const t = text.trim() || (type.endsWith("ref") ? "null" : "0");
  const fail = () => {
    throw new Error(`argument ${position + 1} (${type}): cannot read "${text}"`);
  };
  switch (type) {
    case "i32": {
      const n = Number(t);
      if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 32) fail();
      return n | 0;
    }
    case "i64": {
      try {
        return BigInt.asIntN(64, BigInt(t));
      } catch {
        return fail();
      }
    }
    case "f32":
    case "f64": {
      const n = t.toLowerCase() === "nan" ? NaN : Number(t);
      if (Number.isNaN(n) && t.toLowerCase() !== "nan") fail();
      return n;
    }
    case "ref":
    case "funcref":
    case "externref":
      if (t !== "null") fail();
      return null;
    default:
      throw new Error(`argument ${position + 1}: the demo cannot pass a ${type}`);
  }
}

function formatValue(value, type) {
  if (type === "i32") return `${value} (0x${(value >>> 0).toString(16)})`;
  if (type === "i64") return `${value} (0x${BigInt.asUintN(64, value).toString(16)})`;
  return String(value);
}

// Imports the page can provide: memories with the declared limits and functions that log
// their calls; anything else is left out, so instantiation reports a LinkError naming it.
function demoImports(info) {
  const imports = {};
  const log = (module, name) => (...args) => {
    $("#result").textContent += `${module}.${name}(${args.join(", ")})\n`;
  };
  for (const { module, name, kind } of info.imports) {
    imports[module] ??= {};
    if (kind === "function") imports[module][name] = log(module, name);
    if (kind === "memory") {
      const m = info.memories.find((mem) => mem.import?.[0] === module && mem.import?.[1] === name);
      const descriptor = { initial: m.min, ...(m.max == null ? {} : { maximum: m.max }) };
      if (m.address === "i64") descriptor.address = "i64";
      imports[module][name] = new WebAssembly.Memory(descriptor);
    }
  }
  return imports;
}

// Browsers coarsen performance.now() (Firefox to 1 ms here), so small times are "under 1 ms".
function took(ms) {
  return ms < 1 ? "under 1 ms" : `${ms.toFixed(1)} ms`;
}

async function needsLowering() {
  return $("#force-lowering").checked || !(await multiMemory());
}

// Lowers the module in the page when the browser needs it or when asked, and offers the result.
async function prepareLowering() {
  state.lowered = null;
  state.instance = null;
  const link = $("#download");
  if (link.href) URL.revokeObjectURL(link.href);
  link.hidden = true;
  $("#path").textContent = "-";
  if (!state.bytes) return;
  if (!(await needsLowering())) {
    $("#lowering").textContent = "Runs natively: no lowering needed (tick the box to lower anyway).";
    return;
  }
  $("#lowering").textContent = "lowering…";
  const started = performance.now();
  try {
    state.lowered = await lower(state.bytes);
  } catch (e) {
    $("#lowering").textContent = "";
    showError("#module-error", `lowering failed: ${e.message}`);
    return;
  }
  const ms = performance.now() - started;
  const why = $("#force-lowering").checked ? "as asked" : "this browser has no multi-memory";
  $("#lowering").textContent =
    `Lowered in the page (${why}) in ${took(ms)}: ${state.bytes.length} -> ${state.lowered.length} bytes, one memory.`;
  link.href = URL.createObjectURL(new Blob([state.lowered], { type: "application/wasm" }));
  link.download = state.name.replace(/\.wasm$/i, "") + ".lowered.wasm";
  link.hidden = false;
}

async function load(name, bytes) {
  Object.assign(state, { name, bytes, info: null, types: null, lowered: null, instance: null });
  document.body.dataset.module = "loading";
  $("#module-error").hidden = true;
  $("#result").textContent = "";
  delete $("#result").dataset.state;
  $("#module-name").textContent = `${name}: ${bytes.length} bytes`;
  try {
    state.info = await inspect(bytes);
    state.types = exportedFunctionTypes(bytes);
  } catch (e) {
    state.types = new Map();
    renderExports();
    $("#memories").hidden = true;
    showError("#module-error", e);
    document.body.dataset.module = "error";
    return;
  }
  renderMemories(state.info);
  renderExports();
  await prepareLowering();
  document.body.dataset.module = "loaded";
}

async function run() {
  const result = $("#result");
  const name = $("#export").value;
  const type = state.types.get(name);
  result.textContent = "";
  result.dataset.state = "running";
  try {
    const inputs = [...$("#args").querySelectorAll("input")];
    const args = inputs.map((input, i) => parseArg(input.value, input.dataset.type, i));
    if (!state.instance) {
      const options = $("#force-lowering").checked ? { mode: "lowered" } : { mode: "auto" };
      if (state.lowered) options.lowered = state.lowered;
      state.instance = await instantiate(state.bytes, demoImports(state.info), options);
    }
    $("#path").textContent = state.instance.lowered ? "lowered" : "native";
    const value = state.instance.instance.exports[name](...args);
    const values = type.results.length === 1 ? [value] : (value ?? []);
    result.textContent += values.length
      ? values.map((v, i) => `${type.results[i]} ${formatValue(v, type.results[i])}`).join("\n")
      : "(no results)";
    result.dataset.values = JSON.stringify(values.map(String));
    result.dataset.state = "ok";
  } catch (e) {
    // A trap is a result worth showing, not a page error.
    const kind = e instanceof WebAssembly.RuntimeError ? "trap" : "error";
    result.textContent += `${kind}: ${e?.constructor?.name ?? "Error"}: ${e?.message ?? e}`;
    result.dataset.state = kind;
  }
}

function readFile(file) {
  document.body.dataset.module = "loading";
  file.arrayBuffer().then(
    (buffer) => load(file.name, new Uint8Array(buffer)),
    (e) => showError("#module-error", `${file.name}: ${e.message}`),
  );
}

$("#file").addEventListener("change", (event) => {
  if (event.target.files[0]) readFile(event.target.files[0]);
});
const drop = $("#drop");
drop.addEventListener("dragover", (event) => {
  event.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  const file = event.dataTransfer.files[0];
  if (file) readFile(file);
});
$("#load-example").addEventListener("click", async () => {
  document.body.dataset.module = "loading";
  try {
    const response = await fetch(new URL("./example.wasm", import.meta.url));
    if (!response.ok) throw new Error(`example.wasm: ${response.status} ${response.statusText}`);
    await load("example.wasm", new Uint8Array(await response.arrayBuffer()));
  } catch (e) {
    showError("#module-error", e);
    document.body.dataset.module = "error";
  }
});
$("#export").addEventListener("change", renderArgs);
$("#force-lowering").addEventListener("change", () => prepareLowering());
$("#run-form").addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});

showProbes().then(() => {
  document.body.dataset.ready = "true";
});
