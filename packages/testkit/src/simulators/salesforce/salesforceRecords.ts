import type { SoqlLiteral } from './soqlQuery';

export type SalesforceFieldValue = string | number | boolean | null;
export type SalesforceFields = Record<string, SalesforceFieldValue>;

/** A stored record: `Id` plus the fields as they were written. */
export interface SalesforceRecord {
  readonly sobject: string;
  readonly Id: string;
  readonly fields: SalesforceFields;
}

// Key prefixes of the standard objects, so ids look like the ones a connector will see.
const KEY_PREFIXES: Record<string, string> = {
  Account: '001',
  Contact: '003',
  Opportunity: '006',
  Lead: '00Q',
  Case: '500',
  Task: '00T',
  Event: '00U',
};

/** Field lookup is case-insensitive, as in SOQL and the REST API. */
export function findFieldKey(fields: SalesforceFields, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(fields).find((key) => key.toLowerCase() === lower);
}

export function fieldValue(record: SalesforceRecord, name: string): SalesforceFieldValue {
  if (name.toLowerCase() === 'id') return record.Id;
  const key = findFieldKey(record.fields, name);
  return key === undefined ? null : (record.fields[key] ?? null);
}

/** The org's data: live records per sObject plus the ids of deleted ones. */
export class SalesforceRecordStore {
  private readonly live = new Map<string, SalesforceRecord>();
  private readonly deleted = new Map<string, string>();
  private nextId = 1;

  insert(sobject: string, fields: SalesforceFields): SalesforceRecord {
    const prefix = KEY_PREFIXES[sobject] ?? 'a00';
    // 18 characters like real ids: prefix, instance/reserved part, sequence, checksum suffix.
    const Id = `${prefix}5g00000${this.nextId.toString(36).toUpperCase().padStart(5, '0')}AAA`;
    this.nextId += 1;
    const record: SalesforceRecord = { sobject, Id, fields: { ...fields } };
    this.live.set(Id, record);
    return record;
  }

  /** The live record, 'deleted' if it existed and was deleted, or null if it never existed. */
  lookup(sobject: string, id: string): SalesforceRecord | 'deleted' | null {
    const record = this.live.get(id);
    if (record !== undefined && record.sobject === sobject) return record;
    if (this.deleted.get(id) === sobject) return 'deleted';
    return null;
  }

  update(record: SalesforceRecord, fields: SalesforceFields): void {
    for (const [name, value] of Object.entries(fields)) {
      const existing = findFieldKey(record.fields, name);
      record.fields[existing ?? name] = value;
    }
  }

  delete(record: SalesforceRecord): void {
    this.live.delete(record.Id);
    this.deleted.set(record.Id, record.sobject);
  }

  /** Live records of one sObject in insertion order, optionally where `field = value`. */
  list(sobject: string, where?: { field: string; value: SoqlLiteral } | null): SalesforceRecord[] {
    const all = [...this.live.values()].filter((record) => record.sobject === sobject);
    if (!where) return all;
    return all.filter((record) => fieldValue(record, where.field) === where.value);
  }

  clear(): void {
    this.live.clear();
    this.deleted.clear();
    this.nextId = 1;
  }
}
