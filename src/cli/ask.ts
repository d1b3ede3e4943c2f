import { notYetImplemented } from "./stub.js";

notYetImplemented(
  "ask",
  'answer a question from the briefing: npm run ask -- "question" [--json | --jsonl].',
);
