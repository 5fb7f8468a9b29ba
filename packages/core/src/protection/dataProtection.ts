import { DlxError } from '../errors/dlxError';
import type { ConnectorManifest, DataClassification } from '../manifest';
import { DATA_KEYS_VARIABLE, type DataKeyring } from './dataKeyring';

/** Where a protected value is stored: bound into its seal, so it opens only there. */
export type ProtectedPlace = readonly [tenant: string, connector: string, kind: string, id: string];

/**
 * Restricted data at rest: the runtime seals stored results, approval previews and outbox
 * events of `restricted` operations and connectors before any store sees them, and opens them
 * when they are read. Everything else passes through unchanged.
 */
export class DataProtection {
  constructor(private readonly keyring: DataKeyring | undefined) {}

  get available(): boolean {
    return this.keyring !== undefined;
  }

  seal(value: unknown, classification: DataClassification, place: ProtectedPlace): unknown {
    if (classification !== 'restricted' || value === undefined) return value;
    if (this.keyring === undefined) throw missingKeys(place[1]);
    return this.keyring.seal(value, JSON.stringify(place));
  }

  open(value: unknown, place: ProtectedPlace): unknown {
    if (this.keyring === undefined) {
      if (typeof value === 'object' && value !== null && '$sealed' in value)
        throw missingKeys(place[1]);
      return value;
    }
    return this.keyring.open(value, JSON.stringify(place));
  }
}

/** Whether a connector handles restricted data anywhere (its default or one operation). */
export function handlesRestrictedData(manifest: ConnectorManifest): boolean {
  return (
    manifest.data_classification === 'restricted' ||
    Object.values(manifest.operations).some((op) => op.data_classification === 'restricted')
  );
}

export function missingKeys(connector: string): DlxError {
  return new DlxError(
    'DLX_E_CONFIG_DATA_KEYS_MISSING',
    `connector "${connector}" handles restricted data, which is stored encrypted (AES-256-GCM), and ${DATA_KEYS_VARIABLE} is not set; set ${DATA_KEYS_VARIABLE}="k1:<base64 of 32 random bytes>" (openssl rand -base64 32)`,
    { details: { variable: DATA_KEYS_VARIABLE, connector } },
  );
}
