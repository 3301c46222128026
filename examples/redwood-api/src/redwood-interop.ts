import type { createValidatorDirective, GraphQLHandlerOptions, ServicesGlobImports } from "@redwoodjs/graphql-server";
import type { twoStepPlugins } from "@twostep/graphql";
import { gql } from "graphql-tag";

/**
 * Redwood 8.9 pins its own graphql (16.9) and graphql-yoga (5.7) under its node_modules, while
 * graphql-tag and @twostep/graphql are typed against the workspace's newer copies. At run time
 * the values cross without trouble (a parsed document is plain data, a yoga plugin a plain object
 * of hooks), so only the type declarations disagree; these casts say so in one place.
 */
type RedwoodDocument = Parameters<typeof createValidatorDirective>[0];
type RedwoodPlugins = NonNullable<GraphQLHandlerOptions["extraPlugins"]>;

/** Parses SDL into the document type Redwood's options declare. */
export const redwoodSdl = (sdl: string): RedwoodDocument => gql(sdl) as unknown as RedwoodDocument;

export const redwoodPlugins = (plugins: ReturnType<typeof twoStepPlugins>): RedwoodPlugins => plugins as unknown as RedwoodPlugins;

/** A service as Redwood calls it: (args, { root, context, info }). */
export type RedwoodService<Context> = (args: never, resolverArgs: { context: Context }) => unknown;

/** Redwood declares every service as `(...args: unknown[]) => unknown`, which no typed function fits. */
export const redwoodServices = <Context>(services: Record<string, Record<string, RedwoodService<Context>>>) =>
  services as unknown as ServicesGlobImports;
