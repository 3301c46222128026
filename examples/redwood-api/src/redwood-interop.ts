import type { createValidatorDirective, GraphQLHandlerOptions, ServicesGlobImports } from "@redwoodjs/graphql-server";
import type { twoStepPlugins } from "@twostep/graphql";
import type { GraphQLParts } from "@twostep/example-graphql-api-common";
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

/** Redwood declares every service as `(...args: unknown[]) => unknown`, which no typed function fits. */
export const redwoodServices = (services: GraphQLParts["services"]) => services as unknown as ServicesGlobImports;
