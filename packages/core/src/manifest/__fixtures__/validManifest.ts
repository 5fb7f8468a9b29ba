import type { ConnectorManifest } from '../manifestSchema';

/** A complete, valid Stripe-like manifest touching every part of the schema. */
export const validManifest: ConnectorManifest = {
  $schema: '../../core/connector-manifest.schema.json',
  manifest_version: 1,
  connector_key: 'stripe',
  display_name: 'Stripe',
  display_name_ar: 'سترايب',
  contract_url: 'https://docs.stripe.com/api',
  owners: ['payments-team'],
  approval_policy: 'auto',
  data_classification: 'confidential',
  idempotent: true,
  retry_max: 3,
  retry_backoff_ms: [500, 1000, 2000],
  timeout_ms: 10_000,
  audit_events: [
    'payment_intent_created',
    'payment_intent_failed',
    'payment_intent_retrieved',
    'payment_intent_retrieve_failed',
    'payment_intent_reversed',
    'payment_intent_reverse_failed',
    'payment_succeeded',
  ],
  allowed_hosts: ['api.stripe.com', '${config.base_url}'],
  operations: {
    create_payment_intent: {
      kind: 'write',
      description: 'Creates a PaymentIntent that charges the customer.',
      approval_policy: 'approval_required',
      data_classification: 'restricted',
      audit_events: { success: 'payment_intent_created', failure: 'payment_intent_failed' },
      compensation: 'reverse_payment_intent',
    },
    retrieve_payment_intent: {
      kind: 'read',
      description: 'Reads a PaymentIntent by id.',
      retry_max: 2,
      retry_backoff_ms: [200, 400],
      timeout_ms: 5_000,
      audit_events: {
        success: 'payment_intent_retrieved',
        failure: 'payment_intent_retrieve_failed',
      },
    },
    reverse_payment_intent: {
      kind: 'write',
      description: 'Cancels an uncaptured PaymentIntent or refunds a captured one.',
      approval_policy: 'approval_required',
      audit_events: {
        success: 'payment_intent_reversed',
        failure: 'payment_intent_reverse_failed',
      },
      compensation: 'none',
      compensation_note: 'A refund cannot be taken back; a new charge needs a new approval.',
    },
  },
  webhook_events: ['payment_succeeded'],
  config: {
    api_key: { type: 'secret', required: true, description: 'Stripe secret key (sk_...).' },
    base_url: {
      type: 'url',
      required: false,
      description: 'Stripe API base URL.',
      default: 'https://api.stripe.com',
      host_pattern: 'api.stripe.com',
    },
    webhook_secret: {
      type: 'secret',
      required: false,
      description: 'Signing secret of the webhook endpoint (whsec_...).',
    },
  },
  metrics: [
    {
      name: 'stripe_payment_intents_total',
      type: 'counter',
      unit: 'payment_intents',
      labels: ['outcome'],
    },
  ],
  direct_transports: [],
};

/** A deep copy to mutate in a test. */
export function freshValidManifest(): ConnectorManifest {
  return structuredClone(validManifest);
}
