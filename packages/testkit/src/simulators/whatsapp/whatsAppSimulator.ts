import { randomBytes } from 'node:crypto';
import type { RawHttpResponse } from '../../http/rawHttpRequest';
import { postWebhook } from '../../http/signing';
import { withServerHandle, type ServerHandle } from '../../http/serverHandle';
import { SimulatorServer } from '../../http/simulatorServer';
import type { SimRequest, SimResponse } from '../../http/types';
import {
  expiredToken,
  fbtraceId,
  graphError,
  invalidParameter,
  invalidToken,
  reengagementWindowClosed,
  throughputLimit,
  unknownObject,
  unknownPath,
} from './graphErrors';
import { isReadReceipt, validateMessage, validateReadReceipt } from './messageValidation';
import type { AcceptedMessage } from './messageValidation';
import { unknownEventType, type SignedEventSource } from '../../http/signedEvents';
import { sameSecret } from '../../http/sameSecret';
import {
  buildInboundMessageWebhook,
  buildStatusWebhook,
  buildVerificationQuery,
  inboundMessage,
  signWhatsAppBody,
} from './whatsAppWebhooks';
import type {
  InboundMessageInput,
  InboundWhatsAppMessage,
  StatusWebhookInput,
} from './whatsAppWebhooks';

export interface WhatsAppSimulatorOptions {
  /** Default `EAAG` + random. */
  accessToken?: string;
  /** Keys X-Hub-Signature-256; default random. */
  appSecret?: string;
  /** Expected in the GET handshake; default random. */
  verifyToken?: string;
  /** The business phone number id the token may send from (default '106540352242922'). */
  phoneNumberId?: string;
  displayPhoneNumber?: string;
  wabaId?: string;
  /** Version used by helpers; requests may use any `vNN.N` (default 'v21.0'). */
  apiVersion?: string;
  /** [U] HTTP status of throughput / rate-limit errors such as 130429 (default 400). */
  rateLimitHttpStatus?: 400 | 429;
  /** [U] Add `message_status: 'accepted'` to each sent message (default false). */
  includeMessageStatus?: boolean;
  /**
   * Refuse a free-form text to a number that sent no message in the last 24 hours with Graph
   * code 131047 (templates are always allowed), as Meta does (default false).
   */
  customerServiceWindow?: boolean;
  seed?: number;
}

export interface SentWhatsAppMessage extends AcceptedMessage {
  id: string;
  phoneNumberId: string;
  at: number;
}

/** The status notifications the simulator delivers on demand, as `statuses.<status>`. */
const STATUS_EVENTS = ['statuses.sent', 'statuses.delivered', 'statuses.read', 'statuses.failed'];
/** An inbound text message from a customer, delivered on demand. */
const INBOUND_TEXT_EVENT = 'messages.text';
const EVENT_TYPES = [...STATUS_EVENTS, INBOUND_TEXT_EVENT];
const DAY_MS = 86_400_000;

export interface WhatsAppSimulator extends ServerHandle, SignedEventSource {
  readonly accessToken: string;
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly phoneNumberId: string;
  readonly apiVersion: string;
  /** Messages accepted, in order. */
  readonly messages: readonly SentWhatsAppMessage[];
  /** Customer messages delivered to the business number (inboundMessageWebhook), in order. */
  readonly inbound: readonly InboundWhatsAppMessage[];
  /** Ids of inbound messages the business marked read, in order (repeats included). */
  readonly readReceipts: readonly string[];
  /** `sha256=<hex>` for X-Hub-Signature-256 over the raw body. */
  signWebhook(body: string | Buffer): string;
  /** A serialized status notification for a sent message. */
  statusWebhook(input: StatusWebhookInput): string;
  /**
   * A serialized notification of a customer's text message to the business number; the
   * message is recorded as received, so mark-as-read accepts its id and it opens the 24-hour
   * customer service window.
   */
  inboundMessageWebhook(input?: InboundMessageInput): string;
  /** `hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` (token overridable to test refusal). */
  verificationQuery(challenge: string, verifyToken?: string): string;
  /** Posts a body to a URL with its X-Hub-Signature-256, as Meta delivers webhooks. */
  deliverWebhook(url: string, body: string): Promise<RawHttpResponse>;
}

function presentedToken(req: SimRequest): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const query = req.query.access_token;
  return typeof query === 'string' ? query : undefined;
}

function wamid(): string {
  return `wamid.${randomBytes(24).toString('base64').replace(/=+$/, '')}`;
}

/** Builds (does not start) a WhatsApp Cloud API (Graph) simulator. */
export function createWhatsAppSimulator(options: WhatsAppSimulatorOptions = {}): WhatsAppSimulator {
  const accessToken = options.accessToken ?? `EAAG${randomBytes(24).toString('hex')}`;
  const appSecret = options.appSecret ?? randomBytes(16).toString('hex');
  const verifyToken = options.verifyToken ?? randomBytes(8).toString('hex');
  const phoneNumberId = options.phoneNumberId ?? '106540352242922';
  const displayPhoneNumber = options.displayPhoneNumber ?? '15550783881';
  const wabaId = options.wabaId ?? '102290129340398';
  const apiVersion = options.apiVersion ?? 'v21.0';
  const rateLimitStatus = options.rateLimitHttpStatus ?? 400;
  const messages: SentWhatsAppMessage[] = [];
  const inbound: InboundWhatsAppMessage[] = [];
  const readReceipts: string[] = [];
  const account = { wabaId, phoneNumberId, displayPhoneNumber };

  /** Whether `to` wrote to the business within the last 24 hours. */
  const windowOpen = (to: string): boolean =>
    inbound.some(
      (m) => m.from === to.replace(/^\+/, '') && Date.now() - m.timestamp * 1000 < DAY_MS,
    );

  const markRead = (body: Record<string, unknown>): SimResponse => {
    const messageId = validateReadReceipt(body);
    if (typeof messageId !== 'string') return messageId;
    if (!inbound.some((m) => m.id === messageId)) {
      return invalidParameter(`message_id ${messageId} is not a message this number received.`);
    }
    readReceipts.push(messageId);
    server.counters.increment('messages_marked_read');
    return { status: 200, body: { success: true } };
  };

  const checkPath = (req: SimRequest, verb: 'get' | 'post'): SimResponse | null => {
    if (!/^v\d+\.\d+$/.test(req.params.version ?? '')) return unknownPath(req.path);
    const id = req.params.phoneNumberId ?? '';
    return id === phoneNumberId ? null : unknownObject(id, verb);
  };

  const server: SimulatorServer = new SimulatorServer({
    name: 'whatsapp',
    seed: options.seed,
    routes: [
      {
        id: 'messages.send',
        method: 'POST',
        path: '/:version/:phoneNumberId/messages',
        handler: (req) => {
          const pathProblem = checkPath(req, 'post');
          if (pathProblem) return pathProblem;
          let body: unknown;
          try {
            body = req.json();
          } catch {
            return invalidParameter('The request body is not valid JSON.');
          }
          if (isReadReceipt(body)) return markRead(body);
          const accepted = validateMessage(body);
          if ('status' in accepted) return accepted;
          if (
            options.customerServiceWindow === true &&
            accepted.type === 'text' &&
            !windowOpen(accepted.to)
          ) {
            return reengagementWindowClosed();
          }
          const sent: SentWhatsAppMessage = {
            ...accepted,
            id: wamid(),
            phoneNumberId,
            at: Date.now(),
          };
          messages.push(sent);
          server.counters.increment('messages_sent');
          const message: Record<string, string> = { id: sent.id };
          if (options.includeMessageStatus) message.message_status = 'accepted';
          return {
            status: 200,
            body: {
              messaging_product: 'whatsapp',
              contacts: [{ input: accepted.to, wa_id: accepted.to.replace(/^\+/, '') }],
              messages: [message],
            },
          };
        },
      },
      {
        id: 'phone_number.get',
        method: 'GET',
        path: '/:version/:phoneNumberId',
        handler: (req) =>
          checkPath(req, 'get') ?? {
            status: 200,
            body: {
              verified_name: 'Dealix Sandbox',
              display_phone_number: displayPhoneNumber,
              id: phoneNumberId,
              quality_rating: 'GREEN',
            },
          },
      },
    ],
    authenticate: (req) => (sameSecret(presentedToken(req), accessToken) ? null : invalidToken()),
    expiredTokenResponse: expiredToken,
    rateLimitResponse: () => throughputLimit(rateLimitStatus),
    errorResponse: (status, req) => {
      if (status === 404) return unknownPath(req.path);
      if (status >= 500)
        return graphError(status, { code: 2, title: 'Service temporarily unavailable' });
      return graphError(status, {
        code: 131000,
        title: 'Something went wrong',
        details: `Simulated HTTP ${status}`,
      });
    },
    responseHeaders: () => ({ 'x-fb-trace-id': fbtraceId() }),
    onReset: () => {
      messages.length = 0;
      inbound.length = 0;
      readReceipts.length = 0;
    },
  });

  const signWebhook = (body: string | Buffer) => signWhatsAppBody(appSecret, body);
  const statusWebhook = (input: StatusWebhookInput) =>
    buildStatusWebhook(account, {
      ...input,
      recipientId: input.recipientId ?? messages.find((m) => m.id === input.messageId)?.to,
    });
  const inboundMessageWebhook = (input: InboundMessageInput = {}) => {
    const message = inboundMessage(input, wamid);
    inbound.push(message);
    return buildInboundMessageWebhook(account, message, input.contextMessageId);
  };
  const deliverWebhook = (url: string, body: string) =>
    postWebhook(url, {
      headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signWebhook(body) },
      body,
    });
  return withServerHandle<Omit<WhatsAppSimulator, keyof ServerHandle>>(server, {
    accessToken,
    appSecret,
    verifyToken,
    phoneNumberId,
    apiVersion,
    messages,
    inbound,
    readReceipts,
    signWebhook,
    statusWebhook,
    inboundMessageWebhook,
    verificationQuery: (challenge, token) =>
      buildVerificationQuery(token ?? verifyToken, challenge),
    deliverWebhook,
    webhookEventTypes: EVENT_TYPES,
    // A customer's text; or a status of the last message sent, or of a made-up one when none was.
    deliverEvent: async (url, type) => {
      if (type === INBOUND_TEXT_EVENT) return deliverWebhook(url, inboundMessageWebhook());
      if (!STATUS_EVENTS.includes(type)) throw unknownEventType('WhatsApp', type, EVENT_TYPES);
      const status = type.slice('statuses.'.length) as StatusWebhookInput['status'];
      const messageId = messages.at(-1)?.id ?? `wamid.${randomBytes(24).toString('base64url')}`;
      const errors =
        status === 'failed' ? [{ code: 131026, title: 'Message undeliverable' }] : undefined;
      return deliverWebhook(url, statusWebhook({ messageId, status, ...(errors && { errors }) }));
    },
  });
}

/** Creates and starts a WhatsApp simulator. */
export async function startWhatsAppSimulator(
  options: WhatsAppSimulatorOptions = {},
): Promise<WhatsAppSimulator> {
  const sim = createWhatsAppSimulator(options);
  await sim.start();
  return sim;
}
