import { notYetImplemented } from "./stub.js";

notYetImplemented("knowledge:check", "validate knowledge/ and print a summary.");
