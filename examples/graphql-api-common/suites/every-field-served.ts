// A field the served schema declares but no service implements answers null for a non-null field:
// a masked "Something went wrong." and an error log line on every call, which anyone can send, and
// a pending session asking for a full-session field gets INTERNAL_SERVER_ERROR instead of
// SECOND_FACTOR_REQUIRED. Every Query and Mutation field must have its service.
import { Kind, type DocumentNode, type FieldDefinitionNode, type TypeNode } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExampleServer } from "../src/index.js";
import { browser, PASSWORD, signUpWithTwoFactor, startExample, unexpectedErrorLines, type FrameworkUnderTest } from "./support.js";

const SCALARS = new Set(["String", "Boolean", "Int", "Float", "ID"]);
const SAMPLE_VALUES: Record<string, unknown> = { String: "x", Boolean: false, Int: 0, Float: 0, ID: "x" };
const SIGN_IN = "mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { success secondFactorRequired } }";
const RESULT = "{ success code message }";

/** The Query and Mutation fields the example hands its framework, from every SDL. */
function rootFields(sdls: Record<string, { schema: DocumentNode }>) {
  const fields: { root: "query" | "mutation"; field: FieldDefinitionNode }[] = [];
  for (const { schema } of Object.values(sdls)) {
    for (const definition of schema.definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      if (definition.name.value !== "Query" && definition.name.value !== "Mutation") continue;
      const root = definition.name.value === "Query" ? "query" : "mutation";
      for (const field of definition.fields ?? []) fields.push({ root, field });
    }
  }
  return fields;
}

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));
const printType = (type: TypeNode): string =>
  type.kind === Kind.NAMED_TYPE ? type.name.value : type.kind === Kind.LIST_TYPE ? `[${printType(type.type)}]` : `${printType(type.type)}!`;

/** One document calling `field` with a sample value for every argument, and what to send with it. */
function callOf(root: "query" | "mutation", field: FieldDefinitionNode) {
  const args = field.arguments ?? [];
  const variables = Object.fromEntries(args.map((arg) => [arg.name.value, SAMPLE_VALUES[namedType(arg.type)] ?? "x"]));
  const declared = args.map((arg) => `$${arg.name.value}: ${printType(arg.type)}`).join(", ");
  const passed = args.map((arg) => `${arg.name.value}: $${arg.name.value}`).join(", ");
  const selection = SCALARS.has(namedType(field.type)) ? "" : " { __typename }";
  const query = `${root}${declared ? ` (${declared})` : ""} { ${field.name.value}${passed ? `(${passed})` : ""}${selection} }`;
  return { query, variables };
}

/** Run by each example's test/every-field-served.test.ts against its own server. */
export function everyFieldServedSuite(framework: FrameworkUnderTest) {
  let example: ExampleServer;
  const logs: string[] = [];
  beforeAll(async () => {
    example = await startExample(framework, { logs });
  });
  afterAll(() => example?.close());

  describe(`${framework.name} example: every field has its service`, () => {
    it("has a service under the name of every Query and Mutation field it serves", () => {
      const fields = rootFields(example.graphql.sdls);
      expect(fields.length).toBeGreaterThan(10);
      const services = Object.assign({}, ...Object.values(example.graphql.services)) as Record<string, unknown>;
      const missing = fields.map(({ field }) => field.name.value).filter((name) => typeof services[name] !== "function");
      expect(missing).toEqual([]);
    });

    it("answers every field, as a stranger, with its data or a refusal code, never an unexpected error", async () => {
      const unexpected: string[] = [];
      for (const { root, field } of rootFields(example.graphql.sdls)) {
        const { query, variables } = callOf(root, field);
        const answer = await browser(example.url).gql(query, variables);
        const codes = (answer.body.errors ?? []).map((error) => error.extensions?.code ?? "none");
        if (answer.status >= 500 || codes.some((code) => code === "INTERNAL_SERVER_ERROR" || code === "none")) {
          unexpected.push(`${field.name.value}: ${answer.status} ${answer.text.slice(0, 200)}`);
        }
      }
      expect(unexpected).toEqual([]);
      expect(unexpectedErrorLines(logs)).toEqual([]);
    });

    it("answers a pending session's trustedDevices with SECOND_FACTOR_REQUIRED, and a full session's with its list", async () => {
      const { email, owner } = await signUpWithTwoFactor(example, "+447400222333");
      expect((await owner.gql("{ trustedDevices { id device expiresAt } }")).body.data).toEqual({ trustedDevices: [] });
      expect((await owner.gql(`mutation { revokeAllTrustedDevices ${RESULT} }`)).body.data?.revokeAllTrustedDevices).toMatchObject({ success: true });
      expect((await owner.gql(`mutation { revokeTrustedDevice(id: "aaaaaaaaaaaaaaaaaaaaaa") ${RESULT} }`)).body.data?.revokeTrustedDevice).toMatchObject({
        success: false,
        code: "NOT_FOUND",
      });

      const pending = browser(example.url);
      expect((await pending.gql(SIGN_IN, { email, password: PASSWORD })).body.data?.signIn).toEqual({ success: true, secondFactorRequired: true });
      const answer = await pending.gql("{ trustedDevices { id } }");
      expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(["SECOND_FACTOR_REQUIRED"]);
    });

    it("lets a pending session choose another factor (chooseSecondFactor) and try an authenticator code", async () => {
      const phone = "+447400444555";
      const { email } = await signUpWithTwoFactor(example, phone);
      const pending = browser(example.url);
      await pending.gql(SIGN_IN, { email, password: PASSWORD });

      const backup = await pending.gql(`mutation { chooseSecondFactor(factor: "backup_code") ${RESULT} }`);
      expect(backup.body.data?.chooseSecondFactor).toMatchObject({ success: true, code: null });
      const unknown = await pending.gql(`mutation { chooseSecondFactor(factor: "carrier_pigeon") ${RESULT} }`);
      expect(unknown.body.data?.chooseSecondFactor).toMatchObject({ success: false, code: "INVALID_INPUT" });
      // No authenticator app on this account: a refusal with a code, and the session stays pending.
      const app = await pending.gql(`mutation { verifyAuthenticatorCode(code: "123456") ${RESULT} }`);
      expect(app.body.data?.verifyAuthenticatorCode).toMatchObject({ success: false });
      expect((await pending.gql("{ me { twoFactorVerified } }")).body.data?.me).toEqual({ twoFactorVerified: false });
      expect(unexpectedErrorLines(logs)).toEqual([]);
    });
  });
}
