import { DlxError, secretForms } from '@dealix/connector-core';

/** A PostgreSQL database the host's stores run on, and how it may be shown. */
export interface PostgresTarget {
  kind: 'postgres';
  /** The connection URL as given: a secret when it holds a password. */
  url: string;
  /** The URL without password or query, for logs, the startup report and errors. */
  display: string;
  /** Every form of the password and the URL, for the log and error scrubbers. */
  secrets: string[];
  /** Whether the URL carries a password (then it is a secret itself). */
  hasPassword: boolean;
}

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

/** Whether a database setting names PostgreSQL (anything else is a SQLite file). */
export function isPostgresUrl(value: string): boolean {
  return POSTGRES_URL.test(value);
}

/**
 * Reads a `postgres://` URL. A malformed one is refused without echoing it (it may hold a
 * password); `where` names the setting it came from.
 */
export function postgresTarget(url: string, where: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DlxError(
      'DLX_E_CONFIG_INVALID',
      `${where}: not a valid PostgreSQL URL (expected postgres://user:password@host:5432/database; the value is not shown, it may hold a password)`,
      { details: { setting: where } },
    );
  }
  const secrets = new Set<string>([url]);
  const password = parsed.password;
  let hasPassword = password !== '';
  if (password !== '') {
    for (const form of [password, safeDecode(password)]) {
      for (const variant of secretForms(form)) secrets.add(variant);
    }
  }
  // Passwords may also travel as query parameters (password=, sslpassword=).
  for (const [name, value] of parsed.searchParams) {
    if (/pass|secret|key/i.test(name) && value !== '') {
      hasPassword = true;
      for (const variant of secretForms(value)) secrets.add(variant);
    }
  }
  const user = parsed.username === '' ? '' : `${safeDecode(parsed.username)}@`;
  const display = `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`;
  return { kind: 'postgres', url, display, secrets: [...secrets], hasPassword };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
