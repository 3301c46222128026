import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { createSchema } from "./create-schema.js";
import { accountLockFunctionNames, checkCodeFunctionName, recordRightCodeFunctionName, totpVerifyFunctionName, verifyFunctionName } from "./table-prefix.js";

/**
 * Every name the committed migrations give an object (tables, indexes, named constraints, the
 * check functions), mapped to its name under `tablePrefix`. Derived from the Drizzle schema
 * itself, so the rendered SQL and `createSchema(tablePrefix)` can't disagree about a name.
 */
export function prefixedNames(tablePrefix: string): ReadonlyMap<string, string> {
  const plain = tablesOf(createSchema());
  const prefixed = tablesOf(createSchema(tablePrefix));
  const names = new Map<string, string>([
    [verifyFunctionName(""), verifyFunctionName(tablePrefix)],
    [totpVerifyFunctionName(""), totpVerifyFunctionName(tablePrefix)],
    [checkCodeFunctionName(""), checkCodeFunctionName(tablePrefix)],
    [recordRightCodeFunctionName(""), recordRightCodeFunctionName(tablePrefix)],
    ...accountLockFunctionNames("").map((name, i): [string, string] => [name, accountLockFunctionNames(tablePrefix)[i]!]),
  ]);
  plain.forEach((table, i) => {
    const from = namesOf(table);
    const to = namesOf(prefixed[i]!);
    from.forEach((name, j) => names.set(name, to[j]!));
  });
  return names;
}

function tablesOf(schema: ReturnType<typeof createSchema>): PgTable[] {
  const { tablePrefix: _prefix, ...tables } = schema;
  return Object.values(tables);
}

/** The table's own name, then its index and constraint names, in a fixed order. */
function namesOf(table: PgTable): string[] {
  const config = getTableConfig(table);
  const names: (string | undefined)[] = [
    config.name,
    ...config.indexes.map((i) => i.config.name),
    ...config.foreignKeys.map((fk) => fk.getName()),
    ...config.primaryKeys.map((pk) => pk.getName()),
    ...config.uniqueConstraints.map((u) => u.getName()),
    ...config.columns.filter((c) => c.isUnique).map((c) => c.uniqueName),
  ];
  // Every name is given or derived by Drizzle; an unnamed one would leave the pairs out of step.
  return names.map((name) => {
    if (!name) throw new Error(`twostep table ${config.name} has an unnamed index or constraint`);
    return name;
  });
}
