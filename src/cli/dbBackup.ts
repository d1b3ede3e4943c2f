import { notYetImplemented } from "./stub.js";

notYetImplemented(
  "db:backup",
  "write a consistent online backup of the database: npm run db:backup -- <file>.",
);
