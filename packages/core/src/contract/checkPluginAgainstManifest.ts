import type { z } from 'zod';
import type { ConnectorManifest } from '../manifest';
import { isConnectorPlugin, type ConnectorPlugin } from './defineConnector';
import { fieldMarks } from './fieldMarks';

/**
 * Compares the code of a plugin with its manifest (the loader's "contract shape, identity
 * equals manifest" stage). Returns every disagreement as a sentence naming both sides.
 */
export function checkPluginAgainstManifest(
  exported: unknown,
  manifest: ConnectorManifest,
): string[] {
  if (!isConnectorPlugin(exported)) {
    return ['the entry does not export `connector` made by defineConnector()'];
  }
  const plugin: ConnectorPlugin = exported;
  const problems: string[] = [];
  if (plugin.key !== manifest.connector_key) {
    problems.push(
      `code says key "${plugin.key}" but the manifest says "${manifest.connector_key}"`,
    );
  }
  const codeOps = Object.keys(plugin.operations).sort();
  const manifestOps = Object.keys(manifest.operations).sort();
  for (const op of manifestOps.filter((o) => !codeOps.includes(o))) {
    problems.push(`operation "${op}" is in the manifest but not in the code`);
  }
  for (const op of codeOps.filter((o) => !manifestOps.includes(o))) {
    problems.push(`operation "${op}" is in the code but not in the manifest`);
  }
  for (const op of manifestOps.filter((o) => codeOps.includes(o))) {
    const def = plugin.operations[op]!;
    const declared = manifest.operations[op]!;
    if (!def.input || !def.output || typeof def.run !== 'function') {
      problems.push(`operation "${op}" needs input and output schemas and a run function`);
    }
    const compensation = declared.compensation;
    if (compensation && compensation !== 'none' && typeof def.compensate !== 'function') {
      problems.push(
        `operation "${op}" declares compensation "${compensation}" but has no compensate() in code`,
      );
    }
    if ((!compensation || compensation === 'none') && typeof def.compensate === 'function') {
      problems.push(
        `operation "${op}" has compensate() in code but the manifest declares no compensation`,
      );
    }
  }
  problems.push(...compareConfig(plugin.config, manifest));
  const takesWebhooks = (manifest.webhook_events ?? []).length > 0;
  if (takesWebhooks && typeof plugin.verifyWebhook !== 'function') {
    problems.push('the manifest declares webhook_events but the code has no verifyWebhook()');
  }
  if (!takesWebhooks && typeof plugin.verifyWebhook === 'function') {
    problems.push('the code has verifyWebhook() but the manifest declares no webhook_events');
  }
  if (plugin.webhookEvents !== undefined) {
    const declared = manifest.webhook_events ?? [];
    const described = Object.keys(plugin.webhookEvents);
    for (const event of declared.filter((e) => !described.includes(e))) {
      problems.push(
        `webhook event "${event}" is in the manifest but has no schema in webhookEvents`,
      );
    }
    for (const event of described.filter((e) => !declared.includes(e))) {
      problems.push(
        `webhookEvents describes "${event}", which the manifest's webhook_events lacks`,
      );
    }
  }
  return problems;
}

function compareConfig(schema: z.ZodObject, manifest: ConnectorManifest): string[] {
  const problems: string[] = [];
  const shape = schema.shape as Record<string, z.ZodType>;
  const codeFields = Object.keys(shape);
  const manifestFields = Object.keys(manifest.config);
  for (const f of manifestFields.filter((x) => !codeFields.includes(x))) {
    problems.push(`config field "${f}" is in the manifest but not in the code's config schema`);
  }
  for (const f of codeFields.filter((x) => !manifestFields.includes(x))) {
    problems.push(`config field "${f}" is in the code's config schema but not in the manifest`);
  }
  for (const f of manifestFields.filter((x) => codeFields.includes(x))) {
    const field = manifest.config[f]!;
    const codeSchema = shape[f]!;
    const codeOptional = codeSchema.safeParse(undefined).success;
    if (field.required && field.default === undefined && codeOptional) {
      problems.push(`config field "${f}" is required in the manifest but optional in code`);
    }
    if (!field.required && !codeOptional && field.default === undefined) {
      problems.push(`config field "${f}" is optional in the manifest but required in code`);
    }
    const isSecretType = field.type === 'secret' || field.type === 'private_key';
    if (isSecretType !== Boolean(fieldMarks(codeSchema).secret)) {
      problems.push(
        isSecretType
          ? `config field "${f}" is a ${field.type} in the manifest: mark it secret() in code`
          : `config field "${f}" is marked secret() in code but is a ${field.type} in the manifest`,
      );
    }
  }
  return problems;
}
