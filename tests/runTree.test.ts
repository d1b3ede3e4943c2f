import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { runTree } from "../scripts/runTree.js";

const root = mkdtempSync(join(tmpdir(), "briefbot-runtree-"));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const name = (): string => runTree(root, ["src"]).name;

describe("the transpiled tree npm start runs", () => {
  it("is named by the sources and by the assets the code reads at run time", () => {
    mkdirSync(join(root, "src", "knowledge", "resources"), { recursive: true });
    writeFileSync(join(root, "src", "main.ts"), "export const x = 1;\n");
    writeFileSync(join(root, "src", "knowledge", "resources", "decision-model.json"), '{"threshold":0.5}\n');
    const first = name();
    expect(name()).toBe(first);

    // A retrained model changes no TypeScript, and still names another tree.
    writeFileSync(join(root, "src", "knowledge", "resources", "decision-model.json"), '{"threshold":0.6}\n');
    const retrained = name();
    expect(retrained).not.toBe(first);

    // So does a new migration.
    mkdirSync(join(root, "src", "store", "migrations"), { recursive: true });
    cpSync(join(root, "src", "main.ts"), join(root, "src", "store", "migrations", "009-new.sql"));
    expect(name()).not.toBe(retrained);
  });
});
