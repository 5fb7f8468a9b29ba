import { join } from 'node:path';
import type { ConnectorManifest } from '@dealix/connector-core';
import {
  createSmtpSimulator,
  loadConnectorManifest,
  startConnectorHarness,
  useConnectorHarness,
  type ConformanceFault,
  type ConnectorHarness,
  type ConnectorHarnessOptions,
  type SimulatorHandle,
  type SmtpFault,
  type SmtpSimulator,
  type SmtpSimulatorOptions,
  type TestCertificate,
} from '@dealix/connector-testkit';
import { connector } from '../index';

export { outputOf } from '@dealix/connector-testkit';

export const PACKAGE_DIR = join(__dirname, '..', '..');
export const TENANT = 'acme';
/** Distinctive values, so the secret scan cannot miss them. */
export const SMTP_USER = 'dealix-mailer';
export const SMTP_PASSWORD = 'harness0smtp0password0a1b2c3d4e5';
export const FROM = 'noreply@dealix.test';
/** The principal that asks and the one that approves (never the same). */
export const AGENT = 'sales-agent';
export const APPROVER = 'sales-lead';

export interface SmtpStart {
  /** The simulator's TLS options; `secure` for implicit TLS. */
  simulator?: SmtpSimulatorOptions;
  /** The CA the connector trusts (tls_ca): the simulator's test certificate. */
  trust?: TestCertificate;
}

/** An SMTP simulator on 127.0.0.1 and the tenant config that reaches it. */
export async function startSmtp(start: SmtpStart = {}): Promise<SimulatorHandle<SmtpSimulator>> {
  const sim = createSmtpSimulator({ user: SMTP_USER, pass: SMTP_PASSWORD, ...start.simulator });
  await sim.start();
  return {
    simulator: sim,
    config: {
      host: sim.host,
      port: sim.port,
      username: sim.user,
      password: sim.pass,
      from_address: FROM,
      secure: start.simulator?.implicitTls === true,
      ...(start.trust !== undefined && { tls_ca: start.trust.cert }),
    },
    stop: () => sim.stop(),
  };
}

/**
 * Each conformance fault as the SMTP simulator answers it: reply codes before DATA for
 * transient, permanent and rate-limited (421, which asks no wait: SMTP cannot express a long
 * one), a slow final reply after DATA, and a connection dropped after the message was taken.
 */
export const SMTP_CONFORMANCE_FAULTS: Readonly<Record<ConformanceFault, SmtpFault | false>> = {
  transient: { command: 'MAIL', code: 450 },
  permanent: { command: 'MAIL', code: 550 },
  down: { command: 'CONNECT', code: 421 },
  slow: { kind: 'delay', command: 'DATA', ms: 30_000 },
  rate_limited: { command: 'MAIL', code: 421 },
  rate_limited_long: false,
  lost_answer: { kind: 'drop_after_data' },
};

/** Arms a conformance fault for the next `times` uses; false where SMTP cannot express it. */
export function injectSmtpFault(
  sim: SmtpSimulator,
  fault: ConformanceFault,
  times: number,
): void | false {
  const smtp = SMTP_CONFORMANCE_FAULTS[fault];
  if (smtp === false) return false;
  sim.injectFault({ ...smtp, times });
}

export function loadManifest(overrides: Record<string, unknown> = {}): ConnectorManifest {
  return loadConnectorManifest(PACKAGE_DIR, overrides);
}

/** The kit's connector harness against the SMTP simulator (`vendor`). */
export type EmailHarness = ConnectorHarness<SmtpSimulator>;

interface EmailHarnessOptions extends SmtpStart {
  manifest?: ConnectorManifest;
  runtime?: ConnectorHarnessOptions<SmtpSimulator>['runtime'];
  /** The tenant's egress list (host config tenants.<t>.egress.email). */
  egress?: readonly string[];
  allowLoopback?: boolean;
}

function emailHarness(options: EmailHarnessOptions): ConnectorHarnessOptions<SmtpSimulator> {
  return {
    plugin: connector,
    packageDir: PACKAGE_DIR,
    manifest: options.manifest,
    tenants: [TENANT],
    actor: AGENT,
    approver: APPROVER,
    startSimulator: () => startSmtp(options),
    ...(options.runtime !== undefined && { runtime: options.runtime }),
    ...(options.egress !== undefined && { egress: options.egress }),
    ...(options.allowLoopback !== undefined && { allowLoopback: options.allowLoopback }),
  };
}

/** An SMTP simulator and a governance runtime with the connector registered for one tenant. */
export async function startEmailHarness(options: EmailHarnessOptions = {}): Promise<EmailHarness> {
  return startConnectorHarness(emailHarness(options));
}

/**
 * A fresh harness per test, stopped after it; after every test no error, audit record or log
 * line may contain the SMTP password.
 */
export function useEmailHarness(options: EmailHarnessOptions = {}): () => EmailHarness {
  return useConnectorHarness(() => emailHarness(options));
}
