import { notYetImplemented } from "../src/cli/stub.js";

notYetImplemented("bench", "run benchmarks: npm run bench -- [answers|discord|store|daily|quiz].");
