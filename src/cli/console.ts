/** `npm run console` (and `npm start` without a token): the offline console on stdin/stdout. */
import { createApp } from "../app.js";
import { loadConfigOrExit } from "../config.js";
import { localFiles } from "../library/attachments.js";
import { DOWNLOAD_MAX_BYTES } from "../library/download.js";
import { ConsoleMessenger, runConsole } from "../console/session.js";

const config = loadConfigOrExit();
const messenger = new ConsoleMessenger();

let app;
try {
  app = await createApp(config, { messenger, attachments: localFiles(DOWNLOAD_MAX_BYTES) });
} catch (error) {
  process.stderr.write(`console: could not start: ${(error as Error).message}\n`);
  process.exit(1);
}

await runConsole({
  app,
  messenger,
  input: process.stdin,
  output: process.stdout,
  interactive: process.stdin.isTTY,
});
