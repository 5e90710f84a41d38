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

// The forms of one workload, interleaved: each is compiled and instantiated, then every round
// calls each form once in turn (so a load spike from other processes hits all forms alike);
// the first `warmup` rounds (tier-up) are not timed; a form's time is its best timed call. Every
// call's result is kept so forms can be checked equal call by call (stateful kernels such as
// stream give a different value on each call, the same for every form).
function benchWorkload(forms, warmup, runs) {
  const states = forms.map((form) => {
    const state = { workload: form.workload, form: form.form };
    try {
      const module = new WebAssembly.Module(fromBase64(form.wasm));
      const kernel = new WebAssembly.Instance(module, {}).exports[form.export];
      if (typeof kernel !== "function") return { ...state, error: `no export ${form.export}` };
      return { ...state, kernel, arg: form.arg, ms: Infinity, results: [] };
    } catch (error) {
      return { ...state, unsupported: String(error.message || error) };
    }
  });
  for (let call = 0; call < warmup + runs; call++) {
    for (const s of states) {
      if (!s.kernel) continue;
      const start = now();
      const value = s.arg === null ? s.kernel() : s.kernel(s.arg);
      const elapsed = now() - start;
      s.results.push(String(value));
      if (call >= warmup) s.ms = Math.min(s.ms, elapsed);
    }
  }
  return states.map(({ kernel, arg, ...rest }) => rest);
}

function benchAll(payload) {
  const out = [];
  const names = [...new Set(payload.forms.map((f) => f.workload))];
  for (const name of names) {
    const forms = payload.forms.filter((f) => f.workload === name);
    out.push(...benchWorkload(forms, payload.warmup, payload.runs));
  }
  return JSON.stringify(out);
}
