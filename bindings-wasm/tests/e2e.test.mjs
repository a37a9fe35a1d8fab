// End-to-end test of the browser extension's popup in real headless
// Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
//
// 1. the popup page served on localhost: type a query with a typo, the right
//    question is first, open it, its answer (HTML) and follow-ups render,
//    and it keeps working offline; screenshots in target/e2e/;
// 2. the same popup loaded as the real unpacked Manifest V3 extension, under
//    its content-security-policy (wasm-unsafe-eval).
//
// Needs bindings-wasm/build.sh to have run (it copies pkg/web into the
// extension) and `npm ci` in this folder.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const extension = realpathSync(join(root, "examples", "browser-extension"));
const shots = join(root, "target", "e2e");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const TYPO_QUERY = "elasticsaerch reindex";
const EXPECTED = "anticipated-followups/how-do-you-handle-a-reindexing-scenario-with-zero-downtime";

let server;
const profiles = [];

/** A browser context with a fresh user data dir. */
async function launch(extraArgs = []) {
  const profile = mkdtempSync(join(tmpdir(), "grill-e2e-"));
  profiles.push(profile);
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...ARGS, ...extraArgs],
    viewport: { width: 460, height: 600 },
  });
}

/** Collects console errors and uncaught exceptions of a page. */
function watchErrors(page) {
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}

/** Types the typo query like a person, opens the first result, checks what renders. */
async function searchAndOpen(page) {
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 20_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.ready), "true", await page.textContent("#status"));
  await page.click("#query");
  await page.keyboard.type(TYPO_QUERY, { delay: 15 });
  const first = page.locator("#results li:first-child button[data-id]");
  await page.waitForFunction(
    (q) => document.querySelector("#query").value === q && document.querySelector("#results button[data-id]"),
    TYPO_QUERY,
  );
  assert.equal(await first.getAttribute("data-id"), EXPECTED);
  assert.match(await first.locator(".q").textContent(), /reindexing scenario with zero downtime/);
  assert.ok((await first.locator("mark").count()) > 0, "the matched word is highlighted");
  const resultsShot = join(shots, "results.png");
  await page.screenshot({ path: resultsShot });

  await first.click();
  await page.waitForSelector("#detail:not([hidden])");
  assert.equal(await page.getAttribute("#detail", "data-id"), EXPECTED);
  assert.equal(await page.textContent("#detail-question"), "How do you handle a reindexing scenario with zero downtime?");
  // The answer is rendered HTML, not Markdown source.
  assert.match(await page.textContent("#answer pre code"), /Step 4: Atomic alias switch/);
  assert.match(await page.textContent("#answer strong"), /Key Points/);
  assert.ok((await page.locator("#answer li").count()) >= 3);
  assert.doesNotMatch(await page.innerHTML("#answer"), /\*\*Key Points/);
  // The likely follow-ups render, each opening another question.
  const followUps = page.locator("#followups button[data-id]");
  assert.ok((await followUps.count()) >= 3, "follow-ups listed");
  const next = await followUps.first().getAttribute("data-id");
  assert.notEqual(next, EXPECTED);
  return { followUps, next };
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install chromium`);
  assert.ok(
    existsSync(join(extension, "grill", "grill_wasm_bg.wasm")),
    "examples/browser-extension/grill/ is missing: run bindings-wasm/build.sh",
  );
  mkdirSync(shots, { recursive: true });
  server = await serve(extension);
});

after(async () => {
  await server?.close();
  for (const p of profiles) rmSync(p, { recursive: true, force: true });
});

test("popup on localhost: typo search, answer and follow-ups, offline", async () => {
  const context = await launch();
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    const requested = [];
    page.on("request", (r) => requested.push(r.url()));
    await page.goto(`${server.url}/popup.html`);
    const { followUps, next } = await searchAndOpen(page);
    const shot = join(shots, "popup.png");
    await page.screenshot({ path: shot, fullPage: true });

    // No network beyond the popup's own files, and none needed any more.
    assert.ok(requested.every((u) => u.startsWith(server.url)), requested.join("\n"));
    await context.setOffline(true);
    await followUps.first().click();
    await page.waitForFunction((id) => document.querySelector("#detail").dataset.id === id, next);
    await page.click("#back");
    await page.fill("#query", "");
    await page.keyboard.type("kafka exactly once", { delay: 5 });
    await page.waitForFunction(() => document.querySelectorAll("#results button[data-id]").length > 0);
    assert.deepEqual(errors, []);
    console.log(`# screenshots: ${shot}, ${join(shots, "results.png")}`);
  } finally {
    await context.close();
  }
});

/** The id Chromium gives an unpacked extension: from the SHA-256 of its path. */
function unpackedExtensionId(path) {
  const hex = createHash("sha256").update(path).digest("hex").slice(0, 32);
  return [...hex].map((c) => String.fromCharCode("a".charCodeAt(0) + parseInt(c, 16))).join("");
}

test("the real Manifest V3 extension loads under its CSP", async () => {
  const context = await launch([`--disable-extensions-except=${extension}`, `--load-extension=${extension}`]);
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    const url = `chrome-extension://${unpackedExtensionId(extension)}/popup.html`;
    await page.goto(url);
    assert.equal(page.url(), url);
    await searchAndOpen(page);
    await page.screenshot({ path: join(shots, "extension.png"), fullPage: true });
    assert.deepEqual(errors, []);
    // The popup ran its WebAssembly under the manifest's CSP, which does
    // apply: an inline script is refused ('wasm-unsafe-eval' allows wasm only).
    const inline = await page.evaluate(
      () =>
        new Promise((resolve) => {
          document.addEventListener("securitypolicyviolation", (e) => resolve(e.effectiveDirective));
          const script = document.createElement("script");
          script.textContent = "window.inlineRan = true";
          document.head.append(script);
          setTimeout(() => resolve(window.inlineRan ? "ran" : "no violation"), 2000);
        }),
    );
    assert.equal(inline, "script-src-elem");
  } finally {
    await context.close();
  }
});
