import { rule } from './ruleShape';

/** Rules of `check`: repository rules every connector package must meet. */
export const CHECK_RULES = {
  package_invalid: rule(
    'invalid',
    undefined,
    'package.json invalid',
    'package.json is unreadable, lacks name, version, main or dealix.connector, or its dealix.connector leads outside the package folder.',
  ),
  manifest_missing: rule(
    'invalid',
    undefined,
    'manifest missing',
    'dealix.connector names a file that does not exist.',
  ),
  duplicate_key: rule(
    'invalid',
    undefined,
    'duplicate key',
    'Two packages declare the same connector_key.',
  ),
  package_name: rule(
    'invalid',
    undefined,
    'package name',
    'The package is not named @dealix/connector-<key with _ as ->.',
  ),
  readme_missing: rule('invalid', undefined, 'README missing', 'The package has no README.md.'),
  changelog_missing: rule(
    'invalid',
    undefined,
    'CHANGELOG missing',
    'The package has no CHANGELOG.md.',
  ),
  core_range: rule(
    'invalid',
    undefined,
    'core range',
    'peerDependencies["@dealix/connector-core"] is missing, unparseable or excludes the current core version.',
  ),
  not_built: rule(
    'invalid',
    undefined,
    'not built',
    'The package main (dist) is missing, so its schemas cannot be checked: build before check.',
  ),
  plugin_load_failed: rule(
    'invalid',
    undefined,
    'plugin does not load',
    'The built entry threw or does not export `connector` with operations.',
  ),
  code_manifest_mismatch: rule(
    'invalid',
    undefined,
    'code and manifest disagree',
    "The built plugin and its manifest disagree (operations, compensations, config fields, webhook handling), as core's loader checks before it loads a plugin: the loader would refuse it.",
  ),
  operation_schema_stale: rule(
    'invalid',
    undefined,
    'operation schema stale',
    'A committed schemas/<op>.<input|output>.json differs from what the built plugin renders, is missing, or has no operation.',
  ),
  webhook_schema_stale: rule(
    'invalid',
    undefined,
    'webhook schema stale',
    'A webhook event of the manifest has no schema in the plugin (webhookEvents), or its committed schemas/webhooks/<event>.json differs from what the built plugin renders, is missing, or names no event.',
  ),
  direct_vendor_access: rule(
    'invalid',
    undefined,
    'direct vendor access',
    "The connector's runtime source imports an HTTP client, a socket module or a vendor SDK its manifest does not list in direct_transports, or uses a network global (fetch...), or does not parse: vendors are reached only through ctx.http (the finding names the file and line).",
  ),
  environment_read: rule(
    'invalid',
    undefined,
    'environment read',
    "The connector's runtime source reads process.env: credentials and settings come from the validated tenant config (the finding names the file and line).",
  ),
  vendor_dependency: rule(
    'invalid',
    undefined,
    'vendor dependency',
    "package.json declares an HTTP client, a socket library or a vendor SDK as a runtime dependency that the manifest's direct_transports does not list.",
  ),
  package_boundary: rule(
    'invalid',
    undefined,
    'package boundary',
    'The connector imports, or declares as a runtime dependency, one of our packages other than @dealix/connector-core, or reaches into another package by a relative path.',
  ),
  metric_redefined: rule(
    'invalid',
    undefined,
    'metric redefined',
    "A declared metric redefines a metric of the dictionary (docs/metric-dictionary.md) or of core's runtime, or one another connector declares with another type, unit or labels; the finding names both definitions.",
  ),
  generated_file_stale: rule(
    'invalid',
    undefined,
    'generated file stale',
    "core's committed JSON Schema or a generated doc differs from what core renders: run `npm run generate`.",
  ),
} as const;
