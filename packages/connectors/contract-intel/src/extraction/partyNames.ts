import { AR_AFTER } from './clauseRules';
import { foldArabic } from './matchText';
import type { SentenceView } from './sentenceView';

const MAX_PARTIES = 4;
const MAX_NAME = 150;

/** A role in brackets after a party's name: ("Provider"), (the "Customer"), ("العميل"). */
const ROLE = /\s?\((?:the |hereinafter |hereinafter referred to as )?"[^"()]{1,60}"\)/g;
/** Where a name ends and its description begins. */
const NAME_END = new RegExp(
  [
    ',\\s+(?:a|an|the|having|with|whose|located|organized|organised|incorporated|registered|acting|represented)\\b',
    ';',
    '\\s\\(',
    // Arabic descriptions follow a comma or one of these words.
    ',',
    ` (?:${foldArabic('ومقرها|ومقره|ومركزها|ومركزه|المسجلة|المسجل|سجل تجاري|ويمثلها|ويمثله|بموجب')})${AR_AFTER}`,
  ].join('|'),
);
/** Leading words a later name carries ("and", Arabic "و"). */
const NAME_START = /^[\s,;:]*(?:and\s+|و\s?(?=[\u0600-\u06ff]))?/;
/** Without roles, names are split at the first "and" / Arabic "و" before a word. */
const PLAIN_SPLIT = /\s(?:and\s|و(?=[\u0600-\u06ff]))/;
// A comma inside a company name ("Acme, Inc.") is not the end of the name.
const COMPANY_SUFFIX = /^,\s*(?:inc|ltd|llc|l\.l\.c|corp|co|plc|gmbh|s\.a|b\.v|n\.v|w\.l\.l)\b\.?/;

/** The end of the name that starts at `from` within `[from, to)`. */
function nameEnd(text: string, from: number, to: number): number {
  let at = from;
  while (at < to) {
    const rest = text.slice(at, to);
    const hit = NAME_END.exec(rest);
    if (hit === null) return to;
    const suffix = hit[0] === ',' ? COMPANY_SUFFIX.exec(rest.slice(hit.index)) : null;
    if (suffix === null) return at + hit.index;
    at += hit.index + suffix[0].length;
  }
  return to;
}

function cleanName(view: SentenceView, from: number, to: number): string | undefined {
  const lead = NAME_START.exec(view.text.slice(from, to))?.[0].length ?? 0;
  const start = from + lead;
  let end = nameEnd(view.text, start, to);
  // A sentence's final full stop is not part of the last name.
  while (end > start && /[\s,;:"]/.test(view.text[end - 1] as string)) end -= 1;
  if (end === to && view.text[end - 1] === '.' && to === view.text.length) end -= 1;
  if (end <= start) return undefined;
  const name = view.cite(start, end);
  return name.length > 0 && name.length <= MAX_NAME && /\p{L}/u.test(name) ? name : undefined;
}

/**
 * The parties named after `from` (the end of "between" / "بين"): each name before its role in
 * brackets, else the two sides of the first "and" / "و". Undefined unless two are found.
 */
export function partyNames(view: SentenceView, from: number): string[] | undefined {
  const text = view.text;
  const colon = /^\s*(?:each of|كل من)?\s*:?/.exec(text.slice(from))?.[0].length ?? 0;
  const start = from + colon;
  const names: string[] = [];
  const roles = [...text.slice(start).matchAll(ROLE)];
  if (roles.length >= 2) {
    let segment = start;
    for (const role of roles.slice(0, MAX_PARTIES)) {
      const name = cleanName(view, segment, start + role.index);
      if (name !== undefined) names.push(name);
      segment = start + role.index + role[0].length;
    }
  } else {
    const split = PLAIN_SPLIT.exec(text.slice(start));
    if (split === null) return undefined;
    const first = cleanName(view, start, start + split.index);
    const second = cleanName(view, start + split.index, text.length);
    for (const name of [first, second]) if (name !== undefined) names.push(name);
  }
  return names.length >= 2 ? names : undefined;
}

/** The labels of the first and the second party, each with its colon. */
const NUMBERED_LABELS = [foldArabic('الطرف الأول'), foldArabic('الطرف الثاني')].map(
  (label) => new RegExp(`${label}\\s*:?\\s*`),
);
/** Where a numbered party's name ends: the next party's label. */
const NEXT_PARTY = new RegExp(`\\s?${foldArabic('والطرف|الطرف')}`);

/** "الطرف الأول: X ... الطرف الثاني: Y" in one sentence. */
export function numberedParties(view: SentenceView): string[] | undefined {
  const names: string[] = [];
  for (const label of NUMBERED_LABELS) {
    const at = view.find(label);
    if (at.index === -1) return undefined;
    const from = at.index + at.length;
    const next = view.find(NEXT_PARTY, from);
    const name = cleanName(view, from, next.index === -1 ? view.text.length : next.index);
    if (name === undefined) return undefined;
    names.push(name);
  }
  return names;
}
