// One small page-driving interface over three automation stacks, so that the lanes run the same
// steps everywhere:
//
//   const browser = await launchChromium(opts) | launchFirefox(opts) | launchWebKit(opts);
//   browser.version                         "Chromium 156.0…", "Firefox 153.8.0", "WebKitGTK 2.50.6"
//   await browser.goto(url)
//   await browser.evaluate(expression)      the value of a JS expression in the page (JSON-able;
//                                           an expression that is a promise is awaited)
//   await browser.click(selector)           a real click on the first element matching selector
//   await browser.screenshot(file)          PNG of the page
//   await browser.close()
//
// Chromium: Playwright (CDP) on Debian's binary; Firefox: Puppeteer over WebDriver BiDi on
// Debian's ESR; WebKitGTK: W3C WebDriver spoken directly over HTTP to WebKitWebDriver, which
// starts MiniBrowser in automation mode (it has no headless mode: it needs an X display, so the
// driver runs under xvfb-run). No driver ever downloads a browser.

import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createServer } from "node:net";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

// Page console errors and uncaught exceptions go to the lane's log: they explain failures.
function relayConsole(page, log, eventName) {
  page.on(eventName, (message) => {
    const type = typeof message.type === "function" ? message.type() : message.type;
    if (type === "error" || type === "warning" || type === "warn") log(`  [page ${type}] ${message.text()}`);
  });
  page.on("pageerror", (error) => log(`  [page error] ${error?.message ?? error}`));
}

export async function launchChromium({ executablePath, log }) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  relayConsole(page, log, "console");
  return {
    version: `Chromium ${browser.version()}`,
    goto: (url) => page.goto(url),
    evaluate: (expression) => page.evaluate(expression),
    click: (selector) => page.click(selector),
    screenshot: (file) => page.screenshot({ path: file, fullPage: true }),
    close: () => browser.close(),
  };
}

export async function launchFirefox({ executablePath, log }) {
  const { default: puppeteer } = await import("puppeteer-core");
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath,
    headless: true,
    // Firefox otherwise phones home for updates, telemetry and remote settings at startup.
    extraPrefsFirefox: {
      "app.update.enabled": false,
      "toolkit.telemetry.enabled": false,
      "datareporting.policy.dataSubmissionEnabled": false,
      "services.settings.server": "http://127.0.0.1:9/",
    },
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  relayConsole(page, log, "console");
  const version = (await browser.version()).replace(/^firefox\//i, "");
  return {
    version: `Firefox ${version}`,
    goto: (url) => page.goto(url),
    evaluate: (expression) => page.evaluate(expression),
    click: (selector) => page.click(selector),
    screenshot: (file) => page.screenshot({ path: file, fullPage: true }),
    close: () => browser.close(),
  };
}

// A port nobody listens on right now (WebKitWebDriver wants a number, not 0).
async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

async function sleep(ms) {
  await new Promise((ok) => setTimeout(ok, ms));
}

export async function launchWebKit({ driverPath, browserPath, useXvfb, log }) {
  const port = await freePort();
  const command = useXvfb ? "xvfb-run" : driverPath;
  const args = useXvfb ? ["-a", driverPath, `--port=${port}`] : [`--port=${port}`];
  // Its own process group, so that close() ends xvfb-run, Xvfb, the driver and MiniBrowser.
  const child = spawn(command, args, { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  // A binary that cannot start is an "error" event (unhandled, it would end the whole run).
  child.once("error", (e) => {
    stderr += `${command}: ${e.message}`;
  });
  const exited = new Promise((ok) => child.once("exit", (code) => ok(code)));
  const kill = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  };

  const base = `http://127.0.0.1:${port}`;
  async function webdriver(method, path, body) {
    const response = await fetch(base + path, {
      // Longer than the session's script timeout, so a dead driver cannot hang the lane.
      signal: AbortSignal.timeout(180_000),
      method,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const reply = await response.json();
    if (reply.value?.error) {
      throw new Error(`WebDriver ${method} ${path}: ${reply.value.error}: ${reply.value.message}`);
    }
    return reply.value;
  }

  try {
    // The driver is ready when /status answers; give up after 20 s.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ready = await fetch(`${base}/status`).then((r) => r.json()).catch(() => null);
      if (ready?.value?.ready) break;
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`WebKitWebDriver did not start: ${stderr.trim() || "no output"}`);
      }
      await sleep(100);
    }
    const session = await webdriver("POST", "/session", {
      capabilities: {
        alwaysMatch: {
          browserName: "MiniBrowser",
          "webkitgtk:browserOptions": { binary: browserPath, args: ["--automation"] },
          timeouts: { script: 120_000, pageLoad: 60_000 },
        },
      },
    });
    const id = session.sessionId;
    const at = (path) => `/session/${id}${path}`;
    await webdriver("POST", at("/window/rect"), { width: 1100, height: 1000 }).catch(() => {});
    return {
      version: `WebKitGTK ${session.capabilities.browserVersion}`,
      goto: (url) => webdriver("POST", at("/url"), { url }),
      // Async script: the expression may be a promise; errors come back as messages.
      evaluate: async (expression) => {
        const reply = await webdriver("POST", at("/execute/async"), {
          script: `const done = arguments[arguments.length - 1];
            Promise.resolve().then(() => (${expression}))
              .then((value) => done({ value }), (e) => done({ error: String(e) }));`,
          args: [],
        });
        if (reply?.error) throw new Error(reply.error);
        return reply?.value;
      },
      click: async (selector) => {
        const element = await webdriver("POST", at("/element"), { using: "css selector", value: selector });
        const elementId = Object.values(element)[0];
        await webdriver("POST", at(`/element/${elementId}/click`), {});
      },
      screenshot: async (file) => {
        await writeFile(file, Buffer.from(await webdriver("GET", at("/screenshot")), "base64"));
      },
      close: async () => {
        await webdriver("DELETE", at("")).catch((e) => log(`  closing the WebKit session: ${e.message}`));
        kill();
        await Promise.race([exited, sleep(5000)]);
      },
    };
  } catch (e) {
    kill();
    throw e;
  }
}
