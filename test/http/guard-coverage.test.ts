// Threat: someone adds a server action or a protected page and forgets the session check, and
// only the proxy (which is not a guard) stands in front of it. Over HTTP the proxy hides such a
// gap (pending-guards.test.ts shows it can't be walked around), so this reads the source: every
// exported action and protected page must call its guard as its very first statement.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { WEB_APP_DIR } from "../support/web-app";

const root = WEB_APP_DIR;
// Actions use the *OrEnded checks (src/server/actions/action-viewer.ts): the same session check,
// answering "session ended" in the form instead of redirecting.
// Required enrollment uses pendingViewerOrJustUpgraded ((auth)/verify/action-answer.ts): the
// pending check, except in the one render that answers the action which just made the session full
// (so the backup codes its form holds stay on screen); any other full-session load is redirected.
type Guard =
  | "requireFullViewer"
  | "requirePendingViewer"
  | "pendingViewerOrJustUpgraded"
  | "fullViewerOrEnded"
  | "pendingViewerOrEnded"
  | "getViewer"
  | "public";

/** Who may call each action file; a new file must be added here (the test fails until it is). */
const ACTION_FILES: Record<string, Guard> = {
  "phone.ts": "fullViewerOrEnded",
  "two-factor.ts": "fullViewerOrEnded",
  "backup-codes.ts": "fullViewerOrEnded",
  "second-factor.ts": "pendingViewerOrEnded",
  "authenticators.ts": "fullViewerOrEnded",
  "password.ts": "fullViewerOrEnded",
  "sessions.ts": "fullViewerOrEnded",
  "trusted-devices.ts": "fullViewerOrEnded",
  // Sign-out works for any session (or none); it reads the session to drop a pending code.
  "sign-out.ts": "getViewer",
  // The password step: nobody is signed in yet.
  "sign-in.ts": "public",
  "sign-up.ts": "public",
  // Forgot password: nobody is signed in; the link is the credential.
  "password-reset.ts": "public",
};

const PROTECTED_ENTRY_POINTS: Record<string, Guard> = {
  "src/app/dashboard/page.tsx": "requireFullViewer",
  "src/app/settings/security/page.tsx": "requireFullViewer",
  "src/app/(auth)/verify/page.tsx": "requirePendingViewer",
  "src/app/(auth)/verify/backup/page.tsx": "requirePendingViewer",
  "src/app/(auth)/verify/app/page.tsx": "requirePendingViewer",
  "src/app/(auth)/verify/other/page.tsx": "requirePendingViewer",
  "src/app/(auth)/verify/enroll/page.tsx": "pendingViewerOrJustUpgraded",
  "src/app/api/me/route.ts": "getViewer",
};

/** Exported async functions of a module, with the call made by their first statement (if any). */
function exportedFunctions(file: string): { name: string; firstCall: string | null }[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: { name: string; firstCall: string | null }[] = [];
  source.forEachChild((node) => {
    if (!ts.isFunctionDeclaration(node) || !node.body) return;
    const modifiers = ts.getModifiers(node) ?? [];
    if (!modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
    found.push({ name: node.name?.text ?? "default", firstCall: calledIn(node.body.statements[0]) });
  });
  return found;
}

/** `await x()` or `const v = await x()` → "x"; inside `try { … }`, its first statement. */
function calledIn(statement: ts.Statement | undefined): string | null {
  if (!statement) return null;
  if (ts.isTryStatement(statement)) return calledIn(statement.tryBlock.statements[0]);
  let expression: ts.Expression | undefined;
  if (ts.isExpressionStatement(statement)) expression = statement.expression;
  if (ts.isVariableStatement(statement)) expression = statement.declarationList.declarations[0]?.initializer;
  if (expression && ts.isAwaitExpression(expression)) expression = expression.expression;
  return expression && ts.isCallExpression(expression) && ts.isIdentifier(expression.expression) ? expression.expression.text : null;
}

describe("every entry point checks the session first", () => {
  const actionsDir = path.join(root, "src/server/actions");
  const actionFiles = readdirSync(actionsDir).filter((f) => readFileSync(path.join(actionsDir, f), "utf8").startsWith('"use server"'));

  it("knows every server action file", () => {
    expect(actionFiles.sort()).toEqual(Object.keys(ACTION_FILES).sort());
  });

  it.each(Object.entries(ACTION_FILES))("actions in %s start with %s", (file, guard) => {
    const functions = exportedFunctions(path.join(actionsDir, file));
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      if (guard === "public") expect(fn.firstCall ?? "", fn.name).not.toMatch(/Viewer$/);
      else expect(fn.firstCall, `${file}: ${fn.name}`).toBe(guard);
    }
  });

  it.each(Object.entries(PROTECTED_ENTRY_POINTS))("%s starts with %s", (file, guard) => {
    const functions = exportedFunctions(path.join(root, file));
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) expect(fn.firstCall, `${file}: ${fn.name}`).toBe(guard);
  });
});
