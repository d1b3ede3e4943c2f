import { notYetImplemented } from "./stub.js";

notYetImplemented("feedback:export", "write stored answer feedback as JSON lines.");
