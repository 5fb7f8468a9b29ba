import { personal, z } from '@dealix/connector-core';

/**
 * An sObject API name: standard (`Lead`), custom (`Invoice__c`) or namespaced
 * (`acme__Invoice__c`). Checked before it goes into a URL path.
 */
export const sobjectName = z
  .string()
  .max(80)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be an sObject API name such as Lead or Invoice__c');

/** A field API name (`LastName`, `External_Id__c`). */
export const fieldName = z
  .string()
  .max(80)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a field API name such as LastName or Score__c');

/** A record Id: 15 characters (case-sensitive) or 18 (case-safe). */
export const recordId = z
  .string()
  .regex(/^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/, 'must be a 15- or 18-character record Id');

/** A field value as the REST API takes it (text, number, checkbox, or null to clear a field). */
const fieldValue = z.union([z.string().max(131_072), z.number(), z.boolean(), z.null()]);

/**
 * Field values of a record. CRM records hold names, emails and phone numbers, so every value is
 * personal: masked in audit records and logs.
 */
export const recordFields = z
  .record(fieldName, personal(fieldValue))
  .refine((fields) => Object.keys(fields).length <= 800, 'must have at most 800 fields');

/** Fields to write: at least one. */
export const changedFields = recordFields.refine(
  (fields) => Object.keys(fields).length > 0,
  'must name at least one field',
);

/** Salesforce's answer to a create or an upsert that created (201) or updated (200) a record. */
export const saveResult = z.object({
  id: recordId,
  success: z.literal(true),
  created: z.boolean().optional(),
});

/** A 204 No Content answer, as ctx.http reads it. */
export const noContent = z.literal('');

/** An upsert's answer: 201 or 200 with a save result, or 204 (before API v46). */
export const upsertResult = z.union([saveResult, noContent]);
