import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;
type BuildValidator = NonNullable<CompilersFactory['buildValidator']>;
type BuildSerializer = NonNullable<CompilersFactory['buildSerializer']>;

/** fastify's own dependency `name`, resolved from fastify's folder (the host does not list it). */
const fromFastify = (name: string): unknown => createRequire(require.resolve('fastify'))(name);

/**
 * fastify's schema compilers (ajv with its formats, fast-json-stringify), loaded when a route
 * first declares a JSON schema instead of when the app is made. The host's routes declare none
 * (their input is checked by core's zod schemas, apiInput.ts), yet fastify requires and sets up
 * both compilers in its constructor: about a quarter of the host's start-up CPU beyond its
 * plugins (bench/reports/host-startup.md). The factories below require the same compilers
 * fastify would (resolved from fastify's own folder: they are its dependencies), on first use.
 */
export function lazySchemaCompilers(): NonNullable<FastifyServerOptions['schemaController']> {
  let validator: BuildValidator | undefined;
  let serializer: BuildSerializer | undefined;
  const buildValidator: BuildValidator = (externalSchemas, options) => {
    validator ??= (fromFastify('@fastify/ajv-compiler') as () => BuildValidator)();
    return validator(externalSchemas, options);
  };
  const buildSerializer: BuildSerializer = (externalSchemas, options) => {
    serializer ??= (
      fromFastify('@fastify/fast-json-stringify-compiler') as () => BuildSerializer
    )();
    return serializer(externalSchemas, options);
  };
  return { compilersFactory: { buildValidator, buildSerializer } };
}
