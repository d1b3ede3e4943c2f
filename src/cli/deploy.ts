import { notYetImplemented } from "./stub.js";

notYetImplemented("deploy", "register the slash commands with Discord: npm run deploy -- [--guild ID].");
