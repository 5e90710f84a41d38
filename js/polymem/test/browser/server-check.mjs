// Checks of the lanes' static server (server.mjs) that the browsers would not notice when they
// go wrong: streaming compilation needs `application/wasm`, module scripts a JS type, nothing
// outside the mounts may be served (raw requests, because fetch normalizes `..` away), a
// report reaches the lane, and a missing one times out instead of hanging.

import { request } from "node:http";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "./server.mjs";

// A GET with the path sent exactly as written.
function rawGet(port, path) {
  return new Promise((ok, fail) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      res.resume();
      res.on("end", () => ok({ status: res.statusCode, type: res.headers["content-type"] }));
    });
    req.on("error", fail);
    req.end();
  });
}

export async function checkServer(log) {
  const dir = await mkdtemp(join(tmpdir(), "polymem-server-"));
  const checks = [];
  const check = (name, ok, detail) => {
    checks.push(ok);
    if (!ok) log(`    FAIL server: ${name} (${detail})`);
  };
  let server;
  try {
    await mkdir(join(dir, "site", "sub"), { recursive: true });
    await mkdir(join(dir, "data"));
    await writeFile(join(dir, "site", "m.wasm"), new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    await writeFile(join(dir, "site", "sub", "index.html"), "<!doctype html>");
    await writeFile(join(dir, "site", "a.js"), "export {};");
    await writeFile(join(dir, "data", "x.json"), "{}");
    await writeFile(join(dir, "secret.txt"), "outside every mount");
    server = await startServer({ mounts: { "/": join(dir, "site"), "/data/": join(dir, "data") }, manifest: { suites: {} } });

    const types = [
      ["/m.wasm", "application/wasm"],
      ["/a.js", "text/javascript; charset=utf-8"],
      ["/sub/", "text/html; charset=utf-8"],
      ["/data/x.json", "application/json; charset=utf-8"],
      ["/__manifest.json", "application/json; charset=utf-8"],
    ];
    for (const [path, type] of types) {
      const r = await rawGet(server.port, path);
      check(`GET ${path}`, r.status === 200 && r.type === type, `${r.status} ${r.type}`);
    }
    // Dot segments are resolved by URL parsing before any file lookup (these become /secret.txt,
    // which is not in the site folder); an encoded slash survives it and must be refused.
    for (const path of ["/../secret.txt", "/data/../../secret.txt", "/%2e%2e/secret.txt"]) {
      const r = await rawGet(server.port, path);
      check(`GET ${path} is not served`, r.status === 404, String(r.status));
    }
    for (const path of ["/data/..%2fsecret.txt", "/data/%2e%2e%2fsecret.txt", "/sub%2f..%2f..%2fsecret.txt"]) {
      const r = await rawGet(server.port, path);
      check(`GET ${path} is refused`, r.status === 403, String(r.status));
    }
    check("missing file", (await rawGet(server.port, "/nope.js")).status === 404, "not 404");

    const waiting = server.report("k.0", 5000);
    await fetch(`${server.origin}/__report/k.0`, { method: "POST", body: JSON.stringify({ type: "done" }) });
    check("report arrives", (await waiting).type === "done", "wrong body");
    const early = await fetch(`${server.origin}/__report/k.1`, { method: "POST", body: "not json" });
    const body = await server.report("k.1", 1000);
    check("a report sent before the lane waits, not JSON", early.status === 204 && typeof body.error === "string", JSON.stringify(body));
    const timedOut = await server.report("k.2", 50).then(() => false, (e) => /no report/.test(e.message));
    check("a missing report times out", timedOut, "no timeout");
  } catch (e) {
    check("the checks ran", false, e.message);
  } finally {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  }
  const passed = checks.filter(Boolean).length;
  return { passed, failed: checks.length - passed };
}
