// Engine-neutral timing core, evaluated as a plain script in every JS engine of the benchmark
// (Node, jsc, a Chromium page): no imports, no Node or DOM APIs. `run.mjs` prepends a payload
// `const PAYLOAD = {...}` (each form's module bytes in base64) and appends `benchAll(PAYLOAD)`.
// Only the kernel calls are timed: compilation, instantiation and the start function are not.

function now() {
  // jsc has preciseTime() (seconds) and no performance object.
  if (typeof performance !== "undefined") return performance.now();
  return preciseTime() * 1000;
}

function fromBase64(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const values = new Uint8Array(128);
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, "");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let count = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    bits = (bits << 6) | values[clean.charCodeAt(i)];
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[o++] = (bits >> count) & 0xff;
    }
  }
  return out;
}

// One form of one workload: compile, instantiate, `warmup` calls (tier-up), then the best of
// `runs` calls. Every call's result is kept so forms can be checked equal call by call
// (stateful kernels such as stream give a different value on each call, the same for every form).
function benchForm(form, warmup, runs) {
  let module;
  try {
    module = new WebAssembly.Module(fromBase64(form.wasm));
  } catch (error) {
    return { unsupported: String(error.message || error) };
  }
  const { exports } = new WebAssembly.Instance(module, {});
  const kernel = exports[form.export];
  if (typeof kernel !== "function") return { error: `no export ${form.export}` };
  const results = [];
  let best = Infinity;
  for (let call = 0; call < warmup + runs; call++) {
    const start = now();
    const value = form.arg === null ? kernel() : kernel(form.arg);
    const elapsed = now() - start;
    results.push(String(value));
    if (call >= warmup) best = Math.min(best, elapsed);
  }
  return { ms: best, results };
}

function benchAll(payload) {
  const out = [];
  for (const form of payload.forms) {
    const r = benchForm(form, payload.warmup, payload.runs);
    out.push({ workload: form.workload, form: form.form, ...r });
  }
  return JSON.stringify(out);
}
