// The generated TypeScript declarations type-check a program that uses
// every method (types-check.ts) under --strict, and reject misuses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

test("the .d.ts types every method and result without any", () => {
  for (const kind of ["web", "node"]) {
    const dts = readFileSync(join(here, "..", "pkg", kind, "grill_wasm.d.ts"), "utf8");
    assert.doesNotMatch(dts, /\bany\b/, `${kind}: an \`any\` in the declarations`);
  }
  const tsc = join(here, "node_modules", "typescript", "bin", "tsc");
  const args = ["--strict", "--noEmit", "--target", "es2022", "--module", "es2022", "--moduleResolution", "bundler", "--lib", "esnext,dom", join(here, "types-check.ts")];
  try {
    execFileSync(process.execPath, [tsc, ...args], { encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});
