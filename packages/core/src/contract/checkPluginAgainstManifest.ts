import type { z } from 'zod';
import type { ConnectorManifest } from '../manifest';
import { isConnectorPlugin, type ConnectorPlugin } from './defineConnector';
import { fieldMarks } from './fieldMarks';

/** One disagreement of code and manifest: the manifest path it is about, and a sentence. */
export interface PluginDisagreement {
  /** `(root)`, `operations.<op>`, `config.<field>` or `webhook_events`. */
  path: string;
  message: string;
}

/**
 * Compares the code of a plugin with its manifest (the loader's "contract shape, identity
 * equals manifest" stage). Returns every disagreement as a sentence naming both sides.
 */
export function checkPluginAgainstManifest(
  exported: unknown,
  manifest: ConnectorManifest,
): string[] {
  return pluginDisagreements(exported, manifest).map((d) => d.message);
}

/** The same comparison, each disagreement with the manifest path it is about (the gate's line). */
export function pluginDisagreements(
  exported: unknown,
  manifest: ConnectorManifest,
): PluginDisagreement[] {
  if (!isConnectorPlugin(exported)) {
    return [
      {
        path: '(root)',
        message: 'the entry does not export `connector` made by defineConnector()',
      },
    ];
  }
  const plugin: ConnectorPlugin = exported;
  const problems: PluginDisagreement[] = [];
  const at = (path: string) => (message: string) => problems.push({ path, message });
  if (plugin.key !== manifest.connector_key) {
    at('(root)')(`code says key "${plugin.key}" but the manifest says "${manifest.connector_key}"`);
  }
  const codeOps = Object.keys(plugin.operations).sort();
  const manifestOps = Object.keys(manifest.operations).sort();
  for (const op of manifestOps.filter((o) => !codeOps.includes(o))) {
    at(`operations.${op}`)(`operation "${op}" is in the manifest but not in the code`);
  }
  for (const op of codeOps.filter((o) => !manifestOps.includes(o))) {
    at(`operations.${op}`)(`operation "${op}" is in the code but not in the manifest`);
  }
  for (const op of manifestOps.filter((o) => codeOps.includes(o))) {
    const def = plugin.operations[op]!;
    const declared = manifest.operations[op]!;
    const problem = at(`operations.${op}`);
    if (!def.input || !def.output || typeof def.run !== 'function') {
      problem(`operation "${op}" needs input and output schemas and a run function`);
    }
    const compensation = declared.compensation;
    if (compensation && compensation !== 'none' && typeof def.compensate !== 'function') {
      problem(
        `operation "${op}" declares compensation "${compensation}" but has no compensate() in code`,
      );
    }
    if ((!compensation || compensation === 'none') && typeof def.compensate === 'function') {
      problem(
        `operation "${op}" has compensate() in code but the manifest declares no compensation`,
      );
    }
  }
  problems.push(...compareConfig(plugin.config, manifest));
  const webhooks = at('webhook_events');
  const takesWebhooks = (manifest.webhook_events ?? []).length > 0;
  if (takesWebhooks && typeof plugin.verifyWebhook !== 'function') {
    webhooks('the manifest declares webhook_events but the code has no verifyWebhook()');
  }
  if (!takesWebhooks && typeof plugin.verifyWebhook === 'function') {
    webhooks('the code has verifyWebhook() but the manifest declares no webhook_events');
  }
  if (plugin.webhookEvents !== undefined) {
    const declared = manifest.webhook_events ?? [];
    const described = Object.keys(plugin.webhookEvents);
    for (const event of declared.filter((e) => !described.includes(e))) {
      webhooks(`webhook event "${event}" is in the manifest but has no schema in webhookEvents`);
    }
    for (const event of described.filter((e) => !declared.includes(e))) {
      webhooks(`webhookEvents describes "${event}", which the manifest's webhook_events lacks`);
    }
  }
  return problems;
}

function compareConfig(schema: z.ZodObject, manifest: ConnectorManifest): PluginDisagreement[] {
  const problems: PluginDisagreement[] = [];
  const at = (field: string) => (message: string) =>
    problems.push({ path: `config.${field}`, message });
  const shape = schema.shape as Record<string, z.ZodType>;
  const codeFields = Object.keys(shape);
  const manifestFields = Object.keys(manifest.config);
  for (const f of manifestFields.filter((x) => !codeFields.includes(x))) {
    at(f)(`config field "${f}" is in the manifest but not in the code's config schema`);
  }
  for (const f of codeFields.filter((x) => !manifestFields.includes(x))) {
    at(f)(`config field "${f}" is in the code's config schema but not in the manifest`);
  }
  for (const f of manifestFields.filter((x) => codeFields.includes(x))) {
    const field = manifest.config[f]!;
    const codeSchema = shape[f]!;
    const problem = at(f);
    const codeOptional = codeSchema.safeParse(undefined).success;
    if (field.required && field.default === undefined && codeOptional) {
      problem(`config field "${f}" is required in the manifest but optional in code`);
    }
    if (!field.required && !codeOptional && field.default === undefined) {
      problem(`config field "${f}" is optional in the manifest but required in code`);
    }
    const isSecretType = field.type === 'secret' || field.type === 'private_key';
    if (isSecretType !== Boolean(fieldMarks(codeSchema).secret)) {
      problem(
        isSecretType
          ? `config field "${f}" is a ${field.type} in the manifest: mark it secret() in code`
          : `config field "${f}" is marked secret() in code but is a ${field.type} in the manifest`,
      );
    }
  }
  return problems;
}
