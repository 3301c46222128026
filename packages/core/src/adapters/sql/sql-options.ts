import { createSchema, type SqlTables } from "./create-schema.js";

/** What every SQL adapter may be told: which tables to use. */
export type SqlAdapterOptions = {
  /** `createSchema(prefix)` or `openDatabase(…).tables`; twostep's own names when absent. */
  tables?: SqlTables;
};

const defaultTables: SqlTables = createSchema();

export const tablesOf = (options: SqlAdapterOptions = {}): SqlTables => options.tables ?? defaultTables;
