/** The answer engine's entry point: see engine.ts, and pipeline.ts for its stages. */
export { createAnswerEngine, screen } from "./engine.js";
