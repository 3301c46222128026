import type { createValidatorDirective, GraphQLHandlerOptions, ServicesGlobImports } from "@redwoodjs/graphql-server";
import type { twoStepPlugins } from "@twostep/graphql";
import { gql } from "graphql-tag";

/**
 * Redwood 8.9 pins its own graphql-yoga (5.7) under its node_modules, while @twostep/graphql is
 * typed against the workspace's newer yoga. At run time a yoga plugin is a plain object of hooks
 * and crosses without trouble, so only the type declarations disagree; these casts say so in one place.
 */
type RedwoodDocument = Parameters<typeof createValidatorDirective>[0];
type RedwoodPlugins = NonNullable<GraphQLHandlerOptions["extraPlugins"]>;

/** Parses SDL into the document type Redwood's options declare. */
export const redwoodSdl = (sdl: string): RedwoodDocument => gql(sdl);

export const redwoodPlugins = (plugins: ReturnType<typeof twoStepPlugins>): RedwoodPlugins => plugins as unknown as RedwoodPlugins;

/** A service as Redwood calls it: (args, { root, context, info }). */
export type RedwoodService<Context> = (args: never, resolverArgs: { context: Context }) => unknown;

/** Redwood declares every service as `(...args: unknown[]) => unknown`, which no typed function fits. */
export const redwoodServices = <Context>(services: Record<string, Record<string, RedwoodService<Context>>>) =>
  services as unknown as ServicesGlobImports;
