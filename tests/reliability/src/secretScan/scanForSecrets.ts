import { secretForms } from '@dealix/connector-core';

/** Something a caller, an operator or a consumer of the database could read. */
export interface ScannedText {
  where: string;
  text: string;
}

/** A secret found where it must never be: named, never printed. */
export interface SecretHit {
  secret: string;
  where: string;
  /** The text around it, with every secret of the scan replaced by its name. */
  excerpt: string;
}

const SHORTEST = 8;

/**
 * Every place one of `secrets` (value → name) shows in `texts`, in any of its encoded forms
 * (as is, URL-encoded, JSON-escaped). Secrets shorter than 8 characters would match by chance
 * and are refused.
 */
export function scanForSecrets(
  texts: readonly ScannedText[],
  secrets: ReadonlyMap<string, string>,
): SecretHit[] {
  const forms = [...secrets].flatMap(([value, name]) => {
    if (value.length < SHORTEST) throw new Error(`the secret ${name} is too short to scan for`);
    return secretForms(value).map((form) => ({ form, name }));
  });
  const redact = (text: string) =>
    forms.reduce((out, { form, name }) => out.split(form).join(`[${name}]`), text);
  const hits: SecretHit[] = [];
  for (const { where, text } of texts) {
    for (const { form, name } of forms) {
      const at = text.indexOf(form);
      if (at < 0) continue;
      const around = text.slice(Math.max(0, at - 60), at + form.length + 60).replace(/\s+/g, ' ');
      hits.push({ secret: name, where, excerpt: redact(around) });
    }
  }
  return hits;
}
