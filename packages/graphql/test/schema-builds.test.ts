// Threat: a typo in the SDL (an unescaped quote in a description) makes every GraphQL request of
// every host fail at start-up, which only a running server would otherwise show.
import { buildSchema, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { createTwoStepSchema, resolvers, typeDefs, typeDefsWithDirective } from "../src/index.js";

describe("the schema", () => {
  it("builds, and every Query and Mutation field has a resolver", () => {
    const schema = createTwoStepSchema();
    expect(Object.keys(schema.getQueryType()!.getFields()).sort()).toEqual(Object.keys(resolvers.Query).sort());
    expect(Object.keys(schema.getMutationType()!.getFields()).sort()).toEqual(Object.keys(resolvers.Mutation).sort());
  });

  it("parses with a directive on every field, as RedwoodJS and CedarJS want it", () => {
    const document = parse(typeDefsWithDirective("@skipAuth"));
    expect(document.definitions.length).toBeGreaterThan(0);
    expect(() => buildSchema(typeDefs)).not.toThrow();
  });
});
