import { notYetImplemented } from "./stub.js";

notYetImplemented("console", "read slash commands from stdin and print their replies as text.");
