// A dependency-free static file server for the browser lanes and the demo page.
//
// `startServer({ mounts, manifest })` listens on 127.0.0.1 (port 0 = a free one) and serves
// each mount (`{ "/": packageDir, "/spec/": specDir }`: URL prefix -> folder) read-only, with the
// MIME types browsers insist on (`application/wasm` for streaming compilation, `text/javascript`
// for module scripts). A page reports its results with `POST /__report/<key>` (JSON body);
// `server.report(key, ms)` resolves with that body, or rejects after `ms` so that a page that
// hangs cannot hang the lane. `GET /__manifest.json` returns `manifest` (the lane's list of suites
// and scripts, so pages need no directory listings). Nothing is served outside the mounts.
// `close()` stops the server and drops open connections: the lane calls it when it ends, and a
// lifetime limit (`maxLifetimeMs`) closes a forgotten server anyway.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".wat": "text/plain; charset=utf-8",
  ".wast": "text/plain; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

// Report bodies are small JSON documents; anything bigger is a bug in the page.
const MAX_REPORT_BYTES = 4 << 20;

export function mimeType(path) {
  return MIME[extname(path).toLowerCase()] ?? "application/octet-stream";
}

// The file a URL path names inside the mounts, or null (unknown prefix, or `..` escaping it).
function fileFor(mounts, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  // Longest prefix first, so "/spec/" wins over "/".
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  for (const prefix of prefixes) {
    if (!decoded.startsWith(prefix)) continue;
    const root = resolve(mounts[prefix]);
    const file = resolve(join(root, decoded.slice(prefix.length)));
    if (file !== root && !file.startsWith(root + sep)) return null;
    return file;
  }
  return null;
}

export async function startServer({
  mounts,
  manifest = {},
  port = 0,
  host = "127.0.0.1",
  maxLifetimeMs = 15 * 60 * 1000,
  log = () => {},
}) {
  const reports = new Map(); // key -> { resolve, body }
  const sockets = new Set();

  function deliver(key, body) {
    const entry = reports.get(key);
    if (entry?.resolve) entry.resolve(body);
    else reports.set(key, { body });
  }

  async function serveFile(req, res, path) {
    let file = fileFor(mounts, path);
    if (file === null) return send(res, 403, "text/plain", "forbidden\n");
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": mimeType(file),
        "content-length": body.length,
        // Every run must see the files as they are now (rebuilt lowerer, new spec data).
        "cache-control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      send(res, 404, "text/plain", `not found: ${path}\n`);
    }
  }

  function receiveReport(req, res, key) {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_REPORT_BYTES) {
        send(res, 413, "text/plain", "report too large\n");
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch (e) {
        body = { error: `the page sent a report that is not JSON: ${e.message}` };
      }
      deliver(key, body);
      send(res, 204);
    });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    log(`${req.method} ${url.pathname}`);
    if (req.method === "POST" && url.pathname.startsWith("/__report/")) {
      return receiveReport(req, res, url.pathname.slice("/__report/".length));
    }
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain", "method not allowed\n");
    if (url.pathname === "/__manifest.json") {
      return send(res, 200, MIME[".json"], JSON.stringify(manifest));
    }
    // The favicon request every browser makes is not worth a 404 line in the logs.
    if (url.pathname === "/favicon.ico") return send(res, 204);
    serveFile(req, res, url.pathname).catch((e) => send(res, 500, "text/plain", `${e}\n`));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, ok);
  });
  const address = server.address();
  const origin = `http://${host}:${address.port}`;

  let closed = false;
  // setTimeout treats Infinity as 1 ms: an unlimited server (the demo) gets no timer.
  const lifetime = Number.isFinite(maxLifetimeMs) ? setTimeout(() => close(), maxLifetimeMs) : null;
  lifetime?.unref();

  function close() {
    if (closed) return Promise.resolve();
    closed = true;
    clearTimeout(lifetime);
    for (const socket of sockets) socket.destroy();
    for (const entry of reports.values()) entry.reject?.(new Error("server closed"));
    return new Promise((ok) => server.close(() => ok()));
  }

  // Waits for the report a page posts under `key`.
  function report(key, ms) {
    const entry = reports.get(key);
    if (entry && "body" in entry) {
      reports.delete(key);
      return Promise.resolve(entry.body);
    }
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => {
        reports.delete(key);
        fail(new Error(`no report "${key}" from the page within ${Math.round(ms / 1000)} s`));
      }, ms);
      const settle = (fn) => (value) => {
        clearTimeout(timer);
        reports.delete(key);
        fn(value);
      };
      reports.set(key, { resolve: settle(ok), reject: settle(fail) });
    });
  }

  return { origin, port: address.port, report, close };
}

function send(res, status, type, body) {
  if (res.headersSent) return;
  res.writeHead(status, type ? { "content-type": type, "cache-control": "no-store" } : {});
  res.end(body);
}
