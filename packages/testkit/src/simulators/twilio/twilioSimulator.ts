import { randomBytes } from 'node:crypto';
import type { RawHttpResponse } from '../../http/rawHttpRequest';
import { postWebhook } from '../../http/signing';
import { withServerHandle, type ServerHandle } from '../../http/serverHandle';
import { SimulatorServer } from '../../http/simulatorServer';
import type { SimRequest } from '../../http/types';
import { createCall, fetchCall, updateCall } from './twilioCallHandlers';
import { unknownEventType, type SignedEventSource } from '../../http/signedEvents';
import { sameSecret } from '../../http/sameSecret';
import {
  advanceCallStatus,
  durationSeconds,
  rfc2822,
  sampleCall,
  toCallResource,
} from './twilioCalls';
import type { CallStatus, SimulatedCall } from './twilioCalls';
import { authenticateError, notFound, twilioError } from './twilioErrors';
import { signTwilioRequest } from './twilioSignature';
import type { CallbackParams } from './twilioSignature';

export interface TwilioSimulatorOptions {
  /** Default `AC` + 32 hex. */
  accountSid?: string;
  /** Default 32 hex. */
  authToken?: string;
  /**
   * An API key (`SK` + 32 hex) and its secret, accepted as Basic auth besides the account SID
   * and auth token (Twilio's recommended credentials). Default: a fresh pair.
   */
  apiKeySid?: string;
  apiKeySecret?: string;
  /** [U] HTTP status of a created call (default 201). */
  createStatus?: 200 | 201;
  seed?: number;
}

/** The call statuses the simulator reports on demand (status callbacks, signed). */
const CALL_STATUS_EVENTS: readonly CallStatus[] = [
  'initiated',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
];

export interface TwilioSimulator extends ServerHandle, SignedEventSource {
  readonly accountSid: string;
  readonly authToken: string;
  readonly apiKeySid: string;
  readonly apiKeySecret: string;
  readonly calls: ReadonlyMap<string, SimulatedCall>;
  /** Moves a call one step (queued → ringing → in-progress → completed) or to `status`. */
  advanceCall(sid: string, status?: CallStatus): SimulatedCall;
  /** X-Twilio-Signature for a callback to `url` with these POST params. */
  signCallback(url: string, params: CallbackParams): string;
  /** The form params Twilio posts to StatusCallback for the call's current status. */
  statusCallbackParams(call: SimulatedCall): Record<string, string>;
  /**
   * Delivers the call's status callback (signed) if it has a StatusCallback subscribed to the
   * current status's event; null when there is nothing to deliver.
   */
  deliverStatusCallback(sid: string): Promise<RawHttpResponse | null>;
}

const EVENT_OF_STATUS: Partial<Record<CallStatus, string>> = {
  initiated: 'initiated',
  ringing: 'ringing',
  'in-progress': 'answered',
  completed: 'completed',
  busy: 'completed',
  'no-answer': 'completed',
  canceled: 'completed',
  failed: 'completed',
};

function basicCredentials(req: SimRequest): { user: string; password: string } | null {
  const header = req.headers.authorization;
  if (header === undefined || !header.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Builds (does not start) a Twilio Voice (2010-04-01 REST) simulator. */
export function createTwilioSimulator(options: TwilioSimulatorOptions = {}): TwilioSimulator {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
  const authToken = options.authToken ?? randomBytes(16).toString('hex');
  const apiKeySid = options.apiKeySid ?? `SK${randomBytes(16).toString('hex')}`;
  const apiKeySecret = options.apiKeySecret ?? randomBytes(16).toString('base64url');
  const calls = new Map<string, SimulatedCall>();
  const accountPath = '/2010-04-01/Accounts/:accountSid';

  const server: SimulatorServer = new SimulatorServer({
    name: 'twilio',
    seed: options.seed,
    routes: [
      {
        id: 'calls.create',
        method: 'POST',
        path: `${accountPath}/Calls.json`,
        handler: (req) => createCall(context())(req),
      },
      {
        id: 'calls.fetch',
        method: 'GET',
        path: `${accountPath}/Calls/:sid.json`,
        handler: (req) => fetchCall(context())(req),
      },
      {
        id: 'calls.update',
        method: 'POST',
        path: `${accountPath}/Calls/:sid.json`,
        handler: (req) => updateCall(context())(req),
      },
      {
        id: 'account.fetch',
        method: 'GET',
        path: '/2010-04-01/Accounts/:accountSid.json',
        handler: (req) =>
          req.params.accountSid !== accountSid
            ? notFound(req.path)
            : {
                status: 200,
                body: {
                  sid: accountSid,
                  friendly_name: 'Dealix Sandbox',
                  status: 'active',
                  type: 'Full',
                  uri: `/2010-04-01/Accounts/${accountSid}.json`,
                },
              },
      },
    ],
    controlRoutes: [
      {
        id: '__sim.calls.advance',
        method: 'POST',
        path: '/__sim/calls/:sid/advance',
        handler: (req) => {
          const call = calls.get(req.params.sid ?? '');
          if (call === undefined) return notFound(req.path);
          const status =
            req.rawBody.length > 0 ? req.json<{ status?: CallStatus }>().status : undefined;
          advanceCallStatus(call, status);
          return { status: 200, body: toCallResource(call) };
        },
      },
    ],
    authenticate: (req) => {
      // The account's auth token, or an API key of the account (its secret as the password).
      const credentials = basicCredentials(req);
      const valid =
        credentials !== null &&
        ((sameSecret(credentials.user, accountSid) &&
          sameSecret(credentials.password, authToken)) ||
          (sameSecret(credentials.user, apiKeySid) &&
            sameSecret(credentials.password, apiKeySecret)));
      return valid ? null : authenticateError();
    },
    expiredTokenResponse: () =>
      twilioError(401, 20104, 'Access Token expired or expiration date invalid'),
    rateLimitResponse: () => twilioError(429, 20429, 'Too Many Requests'),
    errorResponse: (status, req) => {
      if (status === 404) return notFound(req.path);
      const message = status >= 500 ? 'Service Unavailable' : `Simulated HTTP ${status}`;
      return twilioError(status, 20000 + status, message);
    },
    responseHeaders: () => ({ 'Twilio-Request-Id': `RQ${randomBytes(16).toString('hex')}` }),
    onReset: () => calls.clear(),
  });

  function context() {
    return {
      accountSid,
      calls,
      counters: server.counters,
      createStatus: options.createStatus ?? 201,
    };
  }

  const signCallback = (url: string, params: CallbackParams) =>
    signTwilioRequest(authToken, url, params);
  const statusCallbackParams = (call: SimulatedCall): Record<string, string> => {
    const params: Record<string, string> = {
      AccountSid: call.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: call.sid,
      CallStatus: call.status,
      Called: call.to,
      Caller: call.from,
      Direction: 'outbound-api',
      From: call.from,
      To: call.to,
      Timestamp: rfc2822(new Date()),
      SequenceNumber: String(call.sequence),
      CallbackSource: 'call-progress-events',
    };
    const duration = durationSeconds(call);
    if (call.status === 'completed' && duration !== null) {
      params.CallDuration = String(duration);
      params.Duration = String(Math.ceil(duration / 60));
    }
    return params;
  };

  return withServerHandle<Omit<TwilioSimulator, keyof ServerHandle>>(server, {
    accountSid,
    authToken,
    apiKeySid,
    apiKeySecret,
    calls,
    advanceCall: (sid, status) => {
      const call = calls.get(sid);
      if (call === undefined) throw new Error(`no simulated call ${sid}`);
      advanceCallStatus(call, status);
      return call;
    },
    signCallback,
    statusCallbackParams,
    webhookEventTypes: CALL_STATUS_EVENTS,
    deliverEvent: async (url, type) => {
      const status = CALL_STATUS_EVENTS.find((s) => s === type);
      if (status === undefined) throw unknownEventType('Twilio', type, CALL_STATUS_EVENTS);
      const params = statusCallbackParams(sampleCall(accountSid, status, url));
      return postWebhook(url, {
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': signCallback(url, params),
        },
        body: new URLSearchParams(params).toString(),
      });
    },
    deliverStatusCallback: async (sid) => {
      const call = calls.get(sid);
      if (call === undefined) throw new Error(`no simulated call ${sid}`);
      const event = EVENT_OF_STATUS[call.status];
      if (
        call.statusCallback === null ||
        event === undefined ||
        !call.statusCallbackEvents.includes(event)
      ) {
        return null;
      }
      const params = statusCallbackParams(call);
      call.sequence += 1;
      if (call.statusCallbackMethod === 'GET') {
        const url = new URL(call.statusCallback);
        for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
        return postWebhook(url.toString(), {
          method: 'GET',
          headers: { 'X-Twilio-Signature': signCallback(url.toString(), {}) },
          body: '',
        });
      }
      return postWebhook(call.statusCallback, {
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': signCallback(call.statusCallback, params),
        },
        body: new URLSearchParams(params).toString(),
      });
    },
  });
}

/** Creates and starts a Twilio simulator. */
export async function startTwilioSimulator(
  options: TwilioSimulatorOptions = {},
): Promise<TwilioSimulator> {
  const sim = createTwilioSimulator(options);
  await sim.start();
  return sim;
}
