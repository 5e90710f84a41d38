// Drives demo/index.html in a browser lane like a user would: tick "force lowering" (on
// browsers with multi-memory), load the bundled example, run `main`, read the result, and save
// a screenshot. Checks (one command each): the probes are shown, the module lists its three
// memories, the run took the lowered path, `main` returned the checksum that
// examples/multi-memory.wat defines, and the download link gives a valid one-memory module.

// `main` of examples/multi-memory.wat upper-cases its text and returns the sum of the bytes
// weighted by their 1-based position; the expected value is computed here from the text in the
// .wat file, independently of any engine.
export function expectedChecksum(wat) {
  const match = /\(data \(memory \$input\) \(i32\.const 0\) "([^"]*)"\)/.exec(wat);
  if (!match) throw new Error("examples/multi-memory.wat: no data segment for $input found");
  let sum = 0;
  [...match[1]].forEach((ch, i) => {
    const upper = ch >= "a" && ch <= "z" ? ch.toUpperCase() : ch;
    sum = (sum + (i + 1) * upper.charCodeAt(0)) | 0;
  });
  return sum;
}

async function waitFor(browser, expression, what, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await browser.evaluate(expression);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`demo page: timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

export async function checkDemo({ browser, url, forceLowering, wat, screenshot, log }) {
  const checks = [];
  const check = (name, ok, detail) => {
    checks.push(ok);
    log(`  demo ${ok ? "ok" : "FAIL"}: ${name}${detail ? ` (${detail})` : ""}`);
  };
  try {
    await browser.goto(url);
    await waitFor(browser, `document.body.dataset.ready === "true"`, "the probes");
    const probes = await browser.evaluate(
      `["multiMemory", "memory64", "mixedMemories"].map((n) => n + " " + document.getElementById("probe-" + n).textContent).join(", ")`,
    );
    check("probes shown", /^multiMemory (yes|no), memory64 (yes|no), mixedMemories (yes|no)$/.test(probes), probes);

    if (forceLowering) await browser.click("#force-lowering");
    await browser.click("#load-example");
    const loaded = await waitFor(
      browser,
      `["loaded", "error"].includes(document.body.dataset.module) && document.body.dataset.module`,
      "the example to load",
    );
    const memories = await browser.evaluate(`document.querySelectorAll("#memories tbody tr").length`);
    check("example loaded with 3 memories", loaded === "loaded" && memories === 3, `${loaded}, ${memories} memories`);

    await browser.evaluate(`(() => { const s = document.getElementById("export"); s.value = "main";
      s.dispatchEvent(new Event("change")); return s.value; })()`);
    await browser.click("#run");
    const outcome = await waitFor(
      browser,
      `(() => { const r = document.getElementById("result");
        return ["ok", "trap", "error"].includes(r.dataset.state) &&
          { state: r.dataset.state, values: r.dataset.values ?? null, text: r.textContent,
            path: document.getElementById("path").textContent }; })()`,
      "the run's result",
    );
    const expected = String(expectedChecksum(wat));
    check("main() result", outcome.state === "ok" && outcome.values === JSON.stringify([expected]),
      `${outcome.text.trim()}; expected ${expected}`);
    check("lowered path", outcome.path === "lowered", outcome.path);
    const download = await browser.evaluate(
      `(() => { const a = document.getElementById("download"); return !a.hidden && a.href.startsWith("blob:") && a.download; })()`,
    );
    check("lowered module offered for download", Boolean(download), download || "no link");
    // What the link gives is a valid module with one memory, as the package's inspect() sees it.
    const offered = await browser.evaluate(`(async () => {
      const bytes = new Uint8Array(await (await fetch(document.getElementById("download").href)).arrayBuffer());
      const { inspect } = await import(new URL("../index.js", location.href).href);
      return { valid: WebAssembly.validate(bytes), memories: (await inspect(bytes)).memories.length };
    })()`);
    check("the download is a valid one-memory module", offered.valid && offered.memories === 1, JSON.stringify(offered));
  } catch (e) {
    check("the page ran", false, e.message);
  }
  try {
    // Let the page paint its last state first: WebKitGTK's WebDriver screenshot otherwise
    // can show a frame from before the run.
    await browser.evaluate(`new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => ok(true), 300))))`);
    await browser.screenshot(screenshot);
    log(`  demo screenshot: ${screenshot}`);
  } catch (e) {
    check("screenshot", false, e.message);
  }
  const passed = checks.filter(Boolean).length;
  return { passed, failed: checks.length - passed };
}
