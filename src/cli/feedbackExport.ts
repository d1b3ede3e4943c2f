/**
 * `npm run feedback:export [-- --vote up|down|wrong-citation]`: stored answer feedback as JSON
 * lines in the shared eval's question format, on stdout (see src/store/feedbackExport.ts).
 */
import { existsSync } from "node:fs";

import { z } from "zod";

import { loadConfigOrExit } from "../config.js";
import { FEEDBACK_VOTES } from "../store/feedback.js";
import { toJsonLines } from "../store/feedbackExport.js";
import { connectStore, storeTarget } from "../store/index.js";

const USAGE = `usage: npm run feedback:export [-- --vote ${FEEDBACK_VOTES.join("|")}]`;

const args = process.argv.slice(2);
const voteIndex = args.indexOf("--vote");
const voteArg = voteIndex >= 0 ? args[voteIndex + 1] : undefined;
const vote = z.enum(FEEDBACK_VOTES).optional().safeParse(voteArg);
const unexpected = args.filter((arg, index) => index !== voteIndex && index !== voteIndex + 1);
if (!vote.success || (voteIndex >= 0 && voteArg === undefined) || unexpected.length > 0) {
  process.stderr.write(`feedback:export: unexpected arguments ${JSON.stringify(args)}\n${USAGE}\n`);
  process.exit(2);
}

const config = loadConfigOrExit();
const target = storeTarget(config);
// Exporting must not create an empty database as a side effect of a typo in DATABASE_PATH.
if (target.dialect === "sqlite" && !existsSync(target.path)) {
  process.stderr.write(`feedback:export: no database at ${target.path}\n`);
  process.exit(1);
}

let store;
try {
  store = await connectStore(target);
} catch (error) {
  process.stderr.write(`feedback:export: ${(error as Error).message}\n`);
  process.exit(1);
}
try {
  const records = await store.feedback.exportAll();
  const selected = vote.data === undefined ? records : records.filter((record) => record.vote === vote.data);
  process.stdout.write(toJsonLines(selected));
  process.stderr.write(`feedback:export: ${selected.length} of ${records.length} votes\n`);
} finally {
  await store.close();
}
