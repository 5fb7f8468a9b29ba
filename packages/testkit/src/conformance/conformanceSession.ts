import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { inspect } from 'node:util';
import {
  checkPluginAgainstManifest,
  isConnectorPlugin,
  parseManifestText,
  secretForms,
  type ConnectorManifest,
} from '@dealix/connector-core';
import type { ConformanceOptions } from './conformanceOptions';

export type ManifestLoad =
  | { ok: true; manifest: ConnectorManifest; raw: Record<string, unknown>; file: string }
  | { ok: false; problems: string[] };

/** Something a caller or operator could see during the run: the secret scan reads these. */
export interface Observation {
  where: string;
  text: string;
}

const MARK = '[SECRET]';

/**
 * The state one conformance run shares between its checks: the connector package read once,
 * every error, audit record, log line and output seen, and every secret value configured.
 */
export class ConformanceSession<Sim> {
  readonly observations: Observation[] = [];
  /** Secret config values used in this run, mapped to the field they came from (quoted). */
  readonly secrets = new Map<string, string>();
  private manifestLoad: ManifestLoad | undefined;
  private packageLoad: Record<string, unknown> | string | undefined;

  constructor(readonly options: ConformanceOptions<Sim>) {}

  /** package.json as data, or why it cannot be read. */
  packageJson(): Record<string, unknown> | string {
    if (this.packageLoad === undefined) {
      const file = join(this.options.packageDir, 'package.json');
      try {
        const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
        this.packageLoad =
          typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
            ? (parsed as Record<string, unknown>)
            : `${file} is not a JSON object`;
      } catch (error) {
        this.packageLoad = `${file} cannot be read: ${(error as Error).message}`;
      }
    }
    return this.packageLoad;
  }

  /** The manifest named by package.json ("dealix.connector", else connector.json), validated. */
  manifest(): ManifestLoad {
    if (this.manifestLoad === undefined) this.manifestLoad = this.loadManifest();
    return this.manifestLoad;
  }

  /** The connector key, for titles: from the manifest, else the plugin, else the folder. */
  get key(): string {
    const load = this.manifest();
    if (load.ok) return load.manifest.connector_key;
    if (isConnectorPlugin(this.options.plugin)) return this.options.plugin.key;
    return basename(this.options.packageDir);
  }

  get version(): string {
    const pkg = this.packageJson();
    return typeof pkg === 'object' && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }

  /** Why the runtime checks cannot run (invalid manifest, code and manifest disagree). */
  runtimeBlockers(): string[] {
    const load = this.manifest();
    if (!load.ok) return load.problems.map((p) => `cannot run the connector: ${p}`);
    return checkPluginAgainstManifest(this.options.plugin, load.manifest).map(
      (p) => `cannot run the connector: code and manifest disagree: ${p}`,
    );
  }

  /** The manifest the runtime checks run against, or why they cannot run. */
  runnable(): { ok: true; manifest: ConnectorManifest } | { ok: false; problems: string[] } {
    const blockers = this.runtimeBlockers();
    if (blockers.length > 0) return { ok: false, problems: blockers };
    const load = this.manifest();
    return load.ok ? { ok: true, manifest: load.manifest } : load;
  }

  /**
   * Remembers the secret-typed values of a config, so the scan looks for them; `tenant` names
   * configs other than the main one in findings.
   */
  rememberSecrets(
    manifest: ConnectorManifest,
    config: Record<string, unknown>,
    tenant?: string,
  ): void {
    for (const [field, spec] of Object.entries(manifest.config)) {
      const value = config[field];
      const isSecret = spec.type === 'secret' || spec.type === 'private_key';
      if (!isSecret || typeof value !== 'string' || value === '' || this.secrets.has(value))
        continue;
      this.secrets.set(
        value,
        tenant === undefined ? `"${field}"` : `"${field}" of tenant "${tenant}"`,
      );
    }
  }

  observeError(where: string, error: unknown): void {
    let json = '';
    try {
      json = JSON.stringify(error) ?? '';
    } catch {
      // A cyclic error still shows through inspect below.
    }
    this.observations.push({
      where,
      text: `${inspect(error, { depth: 10, showHidden: true })}\n${json}`,
    });
  }

  observeValue(where: string, value: unknown): void {
    this.observations.push({ where, text: renderValue(value) });
  }

  /** Replaces every configured secret (in every encoded form) by a marker: for problem texts. */
  redact(text: string): string {
    let out = text;
    const forms = [...this.secrets.keys()].flatMap(secretForms).sort((a, b) => b.length - a.length);
    for (const form of forms) out = out.split(form).join(MARK);
    return out;
  }

  private loadManifest(): ManifestLoad {
    const pkg = this.packageJson();
    const declared =
      typeof pkg === 'object' ? (pkg.dealix as { connector?: unknown } | undefined) : undefined;
    const name = typeof declared?.connector === 'string' ? declared.connector : 'connector.json';
    const file = join(this.options.packageDir, name);
    if (!existsSync(file)) return { ok: false, problems: [`the manifest ${file} does not exist`] };
    const text = readFileSync(file, 'utf8');
    const parsed = parseManifestText(text, file);
    if (!parsed.ok) return { ok: false, problems: parsed.issues.map((i) => i.message) };
    return {
      ok: true,
      manifest: parsed.manifest,
      raw: JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>,
      file,
    };
  }
}

/** JSON where possible (errors with their own fields), inspect otherwise. */
export function renderValue(value: unknown): string {
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) =>
        v instanceof Error ? { ...v, name: v.name, message: v.message, stack: v.stack } : v,
      ) ?? String(value)
    );
  } catch {
    return inspect(value, { depth: 10, showHidden: true });
  }
}
