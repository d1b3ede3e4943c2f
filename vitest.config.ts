import { defineConfig } from "vitest/config";

/** In CI, also write vitest's JSON report so .ci/run can print a plain `N passed, N failed` line. */
const ciReport = process.env.VITEST_JSON_REPORT;

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    reporters: ciReport ? ["default", ["json", { outputFile: ciReport }]] : ["default"],
  },
});
