import { isDlxError, type HealthContext, type HealthResult } from '@dealix/connector-core';
import type { EmailConfig, EmailState } from './emailConfig';
import { smtpExchange } from './smtpExchange';

/** The probe's own bound on each SMTP step, inside the runtime's short probe timeout. */
const PROBE_STEP_MS = 4_000;

/**
 * nodemailer's verify(): connect, EHLO, STARTTLS or TLS, AUTH, QUIT: proves the server is
 * there and takes the credentials, without sending anything. `error` when the server refuses
 * the login (or egress does), `degraded` when it is busy or unreachable.
 */
export async function checkEmailHealth(
  ctx: HealthContext<EmailConfig, EmailState>,
): Promise<HealthResult> {
  try {
    await smtpExchange(ctx, { connectMs: PROBE_STEP_MS, idleMs: PROBE_STEP_MS }, (transporter) =>
      transporter.verify(),
    );
    return { status: 'ok' };
  } catch (error) {
    if (!isDlxError(error)) throw error;
    const status = error.kind === 'auth' || error.kind === 'egress_denied' ? 'error' : 'degraded';
    return { status, detail: `SMTP verify failed: ${error.code}` };
  }
}
