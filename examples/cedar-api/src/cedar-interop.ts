import type { createValidatorDirective, GraphQLHandlerOptions, ServicesGlobImports } from "@cedarjs/graphql-server";
import type { twoStepPlugins } from "@twostep/graphql";
import type { GraphQLParts } from "@twostep/example-graphql-api-common";
import { gql } from "graphql-tag";

/**
 * Cedar 5.0.3 pins its own graphql-yoga (5.21) under its node_modules, while @twostep/graphql is
 * typed against the workspace's newer yoga. At run time a yoga plugin is a plain object of hooks
 * and crosses without trouble, so only the type declarations disagree; these casts say so in one place.
 */
type CedarDocument = Parameters<typeof createValidatorDirective>[0];
type CedarPlugins = NonNullable<GraphQLHandlerOptions["extraPlugins"]>;

/** Parses SDL into the document type Cedar's options declare. */
export const cedarSdl = (sdl: string): CedarDocument => gql(sdl);

export const cedarPlugins = (plugins: ReturnType<typeof twoStepPlugins>): CedarPlugins => plugins as unknown as CedarPlugins;

/** Cedar declares every service as `(...args: unknown[]) => unknown`, which no typed function fits. */
export const cedarServices = (services: GraphQLParts["services"]) => services as unknown as ServicesGlobImports;
