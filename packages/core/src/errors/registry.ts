import type { ErrorKind } from './errorKinds';

export interface ErrorDefinition {
  readonly kind: ErrorKind;
  /**
   * Whether the call may be tried again: by the runtime (subject to idempotency and the
   * deadline) and, as the answer's `retryable`, by its caller.
   */
  readonly retryable: boolean;
  /**
   * false: the runtime never tries it again itself, though its caller may (after Retry-After,
   * on another host). `retryable` answers the caller's question; this, the runtime's.
   */
  readonly retriedLocally?: false;
  /** HTTP status the host answers with when this error ends an API call. */
  readonly httpStatus: number;
  /** One sentence for docs/errors.md: when the error happens and what to do. */
  readonly description: string;
}

/**
 * The one registry of coded errors (DLX_E_<AREA>_<PROBLEM>). docs/errors.md is checked against
 * it by a test; add a row here and there together.
 */
export const ERROR_REGISTRY = {
  DLX_E_MANIFEST_NOT_FOUND: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      'A connector package names a manifest file that does not exist. Add connector.json or fix "dealix.connector" in package.json.',
  },
  DLX_E_MANIFEST_UNPARSEABLE: {
    kind: 'validation',
    retryable: false,
    httpStatus: 500,
    description: 'The manifest is not valid JSON. The message names the file and the parser error.',
  },
  DLX_E_MANIFEST_INVALID: {
    kind: 'validation',
    retryable: false,
    httpStatus: 500,
    description:
      'The manifest breaks the schema or a cross-field rule. `details.issues` lists each problem as { code, path, message }.',
  },
  DLX_E_LOADER_PACKAGE_INVALID: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      'A connector package.json is unreadable or lacks a name, version or main entry. Fix the package.json named in the message.',
  },
  DLX_E_LOADER_MISSING_CORE_RANGE: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      'The connector does not state the core it supports as peerDependencies["@dealix/connector-core"], or the range does not parse.',
  },
  DLX_E_LOADER_INCOMPATIBLE_CORE: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      "The connector's supported core range does not include the running core version. Upgrade the connector or the host.",
  },
  DLX_E_LOADER_BLOCKED: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      "The host configuration blocks this connector (or this version of it), or it is not on the host's allowlist.",
  },
  DLX_E_LOADER_DUPLICATE_KEY: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      'Two packages declare the same connector key. The message names both packages; remove or rename one.',
  },
  DLX_E_LOADER_IMPORT_FAILED: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      "Importing the connector's entry module threw. The cause carries the original error.",
  },
  DLX_E_LOADER_CONTRACT_MISMATCH: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      'The entry does not export a connector made by defineConnector(), or its key, operations or config differ from the manifest.',
  },
  DLX_E_LOADER_INITIALIZE_FAILED: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      "The connector's initialize() threw for a tenant. The cause carries the original error.",
  },
  DLX_E_LOADER_INITIALIZE_TIMEOUT: {
    kind: 'timeout',
    retryable: false,
    httpStatus: 500,
    description: "The connector's initialize() did not finish within the host's bounded wait.",
  },
  DLX_E_CONFIG_INVALID: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      "A tenant's configuration for a connector breaks the manifest's config fields (wrong type, missing required field, host outside host_pattern).",
  },
  DLX_E_CONFIG_MISSING_SECRET: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      'A required secret config field has no value. Secrets come from the environment or a secrets file, never from the repository.',
  },
  DLX_E_CONFIG_DATA_KEYS_MISSING: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      'The connector handles restricted data, which is stored encrypted, and DLX_DATA_KEYS is not set. Set DLX_DATA_KEYS="kid:base64,..." (32-byte AES keys); the other connectors keep running.',
  },
  DLX_E_CONFIG_DATA_KEYS_INVALID: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      'DLX_DATA_KEYS is not a comma-separated list of `kid:base64` entries, each key 32 bytes and each key id unique.',
  },
  DLX_E_RUNTIME_UNKNOWN_CONNECTOR: {
    kind: 'validation',
    retryable: false,
    httpStatus: 404,
    description: 'No connector with that key is registered for the tenant.',
  },
  DLX_E_RUNTIME_UNKNOWN_OPERATION: {
    kind: 'validation',
    retryable: false,
    httpStatus: 404,
    description: 'The connector has no operation with that name.',
  },
  DLX_E_RUNTIME_INPUT_INVALID: {
    kind: 'validation',
    retryable: false,
    httpStatus: 400,
    description:
      "The input does not match the operation's schema. No vendor request was made. `details.issues` names each field.",
  },
  DLX_E_RUNTIME_OUTPUT_INVALID: {
    kind: 'permanent',
    retryable: false,
    httpStatus: 502,
    description:
      "The vendor's answer does not match the operation's output schema: the vendor API changed or the connector is wrong.",
  },
  DLX_E_RUNTIME_TIMEOUT: {
    kind: 'timeout',
    retryable: true,
    httpStatus: 504,
    description: "One attempt exceeded the operation's timeout_ms; its socket was aborted.",
  },
  DLX_E_RUNTIME_DEADLINE_EXCEEDED: {
    kind: 'timeout',
    retryable: false,
    httpStatus: 504,
    description:
      "The call's total deadline_ms ran out (or the next wait would pass it) before an attempt succeeded.",
  },
  DLX_E_RUNTIME_CIRCUIT_OPEN: {
    kind: 'circuit_open',
    retryable: false,
    httpStatus: 503,
    description:
      'The circuit breaker for this tenant, connector and operation is open after repeated failures; the call failed fast.',
  },
  DLX_E_RUNTIME_OUTCOME_UNKNOWN: {
    kind: 'outcome_unknown',
    retryable: false,
    httpStatus: 502,
    description:
      'The call may have reached the vendor and its outcome is unknown: a non-idempotent write got no answer, a step after the vendor acted (output parse, audit, sync state, idempotency record) failed, or the connector code of a write threw once its request was out (`details.failed_step`). The key is kept as `details.unknown_outcome_id`; it is never re-sent by itself, and a person resolves it (an idempotent call may instead be repeated with the same key).',
  },
  DLX_E_RUNTIME_ABORTED: {
    kind: 'transient',
    retryable: false,
    httpStatus: 499,
    description: 'The caller cancelled the call (its AbortSignal fired) before it finished.',
  },
  DLX_E_RUNTIME_NO_COMPENSATION: {
    kind: 'validation',
    retryable: false,
    httpStatus: 400,
    description:
      'The operation declares compensation "none", or no completed call was found to compensate.',
  },
  DLX_E_RUNTIME_QUEUE_FULL: {
    kind: 'rate_limited',
    retryable: false,
    httpStatus: 503,
    description:
      "The tenant's queue for this connector is full (max_queue calls already wait for a slot): the call failed at once, nothing was sent. It is not retried locally; try again after Retry-After.",
  },
  DLX_E_RUNTIME_SHUTTING_DOWN: {
    kind: 'transient',
    retryable: true,
    retriedLocally: false,
    httpStatus: 503,
    description:
      'The runtime is shutting down and accepts no new calls. Nothing was sent for this call; repeat it after Retry-After (another host may take it). The runtime does not try it again itself.',
  },
  DLX_E_IDEMPOTENCY_CONFLICT: {
    kind: 'idempotency_conflict',
    retryable: false,
    httpStatus: 409,
    description:
      'The idempotency key was already used with a different payload. Use a new key for a different request.',
  },
  DLX_E_IDEMPOTENCY_IN_PROGRESS: {
    kind: 'idempotency_conflict',
    retryable: true,
    httpStatus: 409,
    description:
      'Another host holds the call with this idempotency key (`details.held_by` names it), and its answer did not come within this call\u2019s deadline. Nothing was sent to the vendor by this call; repeat it later with the same key to get the shared answer. `details.lease_expires_at` (and `retry_after_ms`) say when the hold ends, also when that host has stopped: its key then becomes an unknown outcome, or is released if the call was still queued.',
  },
  DLX_E_IDEMPOTENCY_LEASE_LOST: {
    kind: 'idempotency_conflict',
    retryable: false,
    httpStatus: 409,
    description:
      'This call waited for a slot until its lease on the idempotency key lapsed, and the key was released or taken by another call meanwhile. Nothing was sent to the vendor by this call, and the key was left to its new holder. It is not retried locally; repeat it with the same key for the shared answer.',
  },
  DLX_E_IDEMPOTENCY_KEY_REQUIRED: {
    kind: 'validation',
    retryable: false,
    httpStatus: 400,
    description:
      'A write that is not idempotent was sent without an `Idempotency-Key`: a retry after a lost answer would act twice. Nothing was sent to the vendor; send one key per intended write.',
  },
  DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN: {
    kind: 'outcome_unknown',
    retryable: false,
    httpStatus: 409,
    description:
      'An earlier call with this idempotency key may have reached the vendor and its outcome is unknown. Nothing is sent until a person resolves `details.unknown_outcome_id` (GET/POST .../unknown-outcomes).',
  },
  DLX_E_IDEMPOTENCY_UNKNOWN_OUTCOME_NOT_FOUND: {
    kind: 'validation',
    retryable: false,
    httpStatus: 404,
    description: 'No unknown outcome with that id exists for the tenant.',
  },
  DLX_E_IDEMPOTENCY_ALREADY_RESOLVED: {
    kind: 'validation',
    retryable: false,
    httpStatus: 409,
    description:
      'The unknown outcome was already resolved (by a person, or by a re-run of an idempotent call); a resolution is recorded once.',
  },
  DLX_E_IDEMPOTENCY_RESOLVED_FAILED: {
    kind: 'permanent',
    retryable: false,
    httpStatus: 409,
    description:
      "A person resolved this key's unknown outcome as failed (the vendor did not act). The key keeps that answer; send the write again under a new key.",
  },
  DLX_E_APPROVAL_REQUIRED: {
    kind: 'approval_required',
    retryable: false,
    httpStatus: 202,
    description:
      'The operation needs a grant. An approval request was recorded; repeat the call with its approval_id once granted, under the same Idempotency-Key (the `idempotency_key` of this answer when the call sent none).',
  },
  DLX_E_APPROVAL_DENIED: {
    kind: 'approval_denied',
    retryable: false,
    httpStatus: 403,
    description: 'The approval request was denied. The reason is in the approval record.',
  },
  DLX_E_APPROVAL_NOT_FOUND: {
    kind: 'approval_denied',
    retryable: false,
    httpStatus: 404,
    description: 'No approval with that id exists for the tenant.',
  },
  DLX_E_APPROVAL_EXPIRED: {
    kind: 'approval_denied',
    retryable: false,
    httpStatus: 403,
    description: 'The approval request or grant expired before it was used. Request a new one.',
  },
  DLX_E_APPROVAL_PENDING: {
    kind: 'approval_required',
    retryable: false,
    httpStatus: 202,
    description: 'The approval request has not been decided yet.',
  },
  DLX_E_APPROVAL_ALREADY_USED: {
    kind: 'approval_denied',
    retryable: false,
    httpStatus: 403,
    description: 'A grant is single-use and this one was already used.',
  },
  DLX_E_APPROVAL_MISMATCH: {
    kind: 'approval_denied',
    retryable: false,
    httpStatus: 403,
    description:
      "The grant is bound to another tenant, connector, operation or payload than this call, or was requested by a call under another Idempotency-Key (only that call's repeat may use it: the same key, or the `idempotency_key` its 202 echoed when it sent none).",
  },
  DLX_E_APPROVAL_SELF_DECISION: {
    kind: 'approval_denied',
    retryable: false,
    httpStatus: 403,
    description: 'The requester of an approval cannot grant or deny it.',
  },
  DLX_E_APPROVAL_NOT_PENDING: {
    kind: 'validation',
    retryable: false,
    httpStatus: 409,
    description: 'The approval was already decided (granted, denied, expired or used).',
  },
  DLX_E_EGRESS_DENIED: {
    kind: 'egress_denied',
    retryable: false,
    httpStatus: 502,
    description:
      "A request or redirect hop targeted a host outside the connector's allowed_hosts. Nothing was sent to that host.",
  },
  DLX_E_EGRESS_TOO_MANY_REDIRECTS: {
    kind: 'permanent',
    retryable: false,
    httpStatus: 502,
    description: 'The vendor redirected more times than the limit allows.',
  },
  DLX_E_VENDOR_TRANSIENT: {
    kind: 'transient',
    retryable: true,
    httpStatus: 502,
    description: 'The vendor answered with a temporary failure (5xx or its own transient code).',
  },
  DLX_E_VENDOR_NETWORK: {
    kind: 'transient',
    retryable: true,
    httpStatus: 502,
    description: 'The connection to the vendor failed (refused, reset, DNS).',
  },
  DLX_E_VENDOR_RATE_LIMITED: {
    kind: 'rate_limited',
    retryable: true,
    httpStatus: 429,
    description:
      "The vendor asked us to slow down. The runtime waits as long as the vendor asked (capped), unless that passes the call's deadline.",
  },
  DLX_E_VENDOR_AUTH: {
    kind: 'auth',
    retryable: false,
    httpStatus: 502,
    description:
      'The vendor rejected our credentials or their permissions. Never retried; check the tenant configuration.',
  },
  DLX_E_VENDOR_PERMANENT: {
    kind: 'permanent',
    retryable: false,
    httpStatus: 502,
    description:
      'The vendor rejected the request for good (bad request, declined card, not found); also connector code that threw (`details.thrown_by: "connector_code"`, a bug: a read, or a write that had not contacted the vendor, whose key is then released). Not retried.',
  },
  DLX_E_WEBHOOK_SIGNATURE_INVALID: {
    kind: 'auth',
    retryable: false,
    httpStatus: 401,
    description: 'An inbound webhook failed signature verification. It was counted and not parsed.',
  },
  DLX_E_WEBHOOK_REPLAYED: {
    kind: 'validation',
    retryable: false,
    httpStatus: 409,
    description:
      "An inbound webhook's timestamp is outside the replay window, or its event id was already received.",
  },
  DLX_E_WEBHOOK_MALFORMED: {
    kind: 'validation',
    retryable: false,
    httpStatus: 400,
    description:
      "An inbound webhook's signature verified but its body is not the event the vendor documents. It was counted and not stored.",
  },
  DLX_E_WEBHOOK_NOT_SUPPORTED: {
    kind: 'validation',
    retryable: false,
    httpStatus: 404,
    description: 'The connector does not accept webhooks.',
  },
  DLX_E_AUDIT_CHAIN_BROKEN: {
    kind: 'permanent',
    retryable: false,
    httpStatus: 500,
    description:
      'audit verify found a record whose hash or link does not match: the log was altered. The message names the first bad record.',
  },
  DLX_E_AUDIT_HEAD_MISMATCH: {
    kind: 'permanent',
    retryable: false,
    httpStatus: 500,
    description:
      'audit verify --expect-head: the chain no longer holds the exported head (records were cut off the end, or the chain was rewritten). Restore from a backup and investigate.',
  },
  DLX_E_AUDIT_KEY_MISSING: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      'DLX_AUDIT_KEY is not set: the audit chain is keyed (HMAC-SHA256), so writing or verifying it needs the key every host of the database shares (base64, at least 32 bytes).',
  },
  DLX_E_AUDIT_KEY_INVALID: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description: 'DLX_AUDIT_KEY is not base64 of at least 32 bytes.',
  },
  DLX_E_AUDIT_DATABASE_NOT_FOUND: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      'The database file named for an audit command does not exist. Read-only commands never create one; check --database or DLX_DATABASE.',
  },
  DLX_E_METRICS_CONFLICT: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      'A metric name was registered twice with different definitions, or with another type, unit or labels than the metric dictionary defines for it. The message names both definitions.',
  },
  DLX_E_METRICS_DICTIONARY_INVALID: {
    kind: 'config',
    retryable: false,
    httpStatus: 500,
    description:
      "The metric dictionary data (core's metric-dictionary.json) fails its schema: a field is missing or malformed, a name repeats, or a standard metric is absent. `details.issues` names each field.",
  },
  DLX_E_METRICS_UNDECLARED: {
    kind: 'validation',
    retryable: false,
    httpStatus: 500,
    description:
      "A connector recorded a metric its manifest's metrics[] does not declare, or used one as another type or with other labels. Declare it in connector.json or fix the call.",
  },
  DLX_E_CLIENT_NETWORK: {
    kind: 'transient',
    retryable: false,
    httpStatus: 502,
    description:
      'The client reached no answer from the host (connection refused, reset, DNS). The request may or may not have arrived: repeat an execute only with the same Idempotency-Key.',
  },
  DLX_E_CLIENT_RESPONSE_INVALID: {
    kind: 'permanent',
    retryable: false,
    httpStatus: 502,
    description:
      "The host's answer does not fit the API's schema for that route and status (or is not JSON); `details` names the route, status and fields. Client and host versions may disagree.",
  },
  DLX_E_CLIENT_APPROVAL_TIMEOUT: {
    kind: 'timeout',
    retryable: false,
    httpStatus: 504,
    description:
      'The client waited for an approval decision longer than it was told to; the request is still pending (`details.approval_id`): wait again or repeat the call later with its approval_id.',
  },
  DLX_E_CLIENT_HOST_ERROR: {
    kind: 'permanent',
    retryable: false,
    httpStatus: 502,
    description:
      "The host answered with an error code this client's core does not know (a newer host); `details` keeps the host's code, kind and status, and `retryable` is the host's.",
  },
  DLX_E_HOST_UNAUTHENTICATED: {
    kind: 'auth',
    retryable: false,
    httpStatus: 401,
    description:
      'The API call carries no valid bearer token. Send `Authorization: Bearer <token>`.',
  },
  DLX_E_HOST_FORBIDDEN: {
    kind: 'auth',
    retryable: false,
    httpStatus: 403,
    description: "The token's roles do not allow this action (viewer, operator, approver, admin).",
  },
  DLX_E_HOST_TENANT_FORBIDDEN: {
    kind: 'auth',
    retryable: false,
    httpStatus: 403,
    description:
      'The token is not scoped to this tenant (its `tenants` list), or the route spans every tenant and needs a `["*"]` token.',
  },
  DLX_E_HOST_BODY_INVALID: {
    kind: 'validation',
    retryable: false,
    httpStatus: 400,
    description:
      'The request body is not what the route reads: malformed or empty JSON, or a bad Content-Length. Nothing was done.',
  },
  DLX_E_HOST_BODY_TOO_LARGE: {
    kind: 'validation',
    retryable: false,
    httpStatus: 413,
    description:
      'The request body is larger than the route accepts (1 MiB for the API, `limits.webhook_body_bytes` for webhooks).',
  },
  DLX_E_HOST_URI_TOO_LONG: {
    kind: 'validation',
    retryable: false,
    httpStatus: 414,
    description: 'A path segment of the URL is longer than the host accepts (100 characters).',
  },
  DLX_E_HOST_URI_INVALID: {
    kind: 'validation',
    retryable: false,
    httpStatus: 400,
    description: 'The URL cannot be decoded (a malformed percent-escape).',
  },
  DLX_E_HOST_UNSUPPORTED_MEDIA_TYPE: {
    kind: 'validation',
    retryable: false,
    httpStatus: 415,
    description:
      'The request has a body whose Content-Type the route does not read, or JSON declared in a charset other than UTF-8. Send `application/json` in UTF-8.',
  },
  DLX_E_HOST_NOT_FOUND: {
    kind: 'validation',
    retryable: false,
    httpStatus: 404,
    description: 'No route has this path. The HTTP API is listed in packages/host/README.md.',
  },
  DLX_E_HOST_METHOD_NOT_ALLOWED: {
    kind: 'validation',
    retryable: false,
    httpStatus: 405,
    description:
      'The path exists but not with this method; the `Allow` header lists the methods it takes.',
  },
  DLX_E_HOST_HEADER_INVALID: {
    kind: 'validation',
    retryable: false,
    httpStatus: 400,
    description:
      'A request header breaks its rule: `x-correlation-id` longer than 128 characters or not printable ASCII; `Host`, `Authorization`, `Content-Type`, `x-correlation-id` or `Idempotency-Key` given twice; no `Host` on HTTP/1.1.',
  },
  DLX_E_HOST_HEADERS_TOO_LARGE: {
    kind: 'validation',
    retryable: false,
    httpStatus: 431,
    description: 'The request line and headers together pass the HTTP server limit (16 KiB).',
  },
  DLX_E_HOST_QUERY_REPEATED: {
    kind: 'validation',
    retryable: false,
    httpStatus: 400,
    description: 'A query parameter was given more than once; give each one once.',
  },
  DLX_E_HOST_REQUEST_TIMEOUT: {
    kind: 'timeout',
    retryable: true,
    httpStatus: 408,
    description:
      'The client sent its headers or body too slowly (`limits.header_timeout_ms`, `limits.request_timeout_ms`); the connection was closed.',
  },
  DLX_E_HOST_INTERNAL: {
    kind: 'permanent',
    retryable: false,
    httpStatus: 500,
    description:
      "An unexpected fault inside the host. The host log has the details under the answer's `x-request-id`.",
  },
  DLX_E_STORE_FAILURE: {
    kind: 'transient',
    retryable: false,
    httpStatus: 500,
    description:
      'A store (audit, idempotency, approvals, sync state) failed; the call was not acknowledged.',
  },
  DLX_E_STORE_SEALED_VALUE_UNREADABLE: {
    kind: 'permanent',
    retryable: false,
    httpStatus: 500,
    description:
      'A value stored encrypted (restricted data) cannot be opened: its key id is not in DLX_DATA_KEYS, or it was altered. Add the retired key back to DLX_DATA_KEYS (after the current one).',
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERROR_REGISTRY;

export function errorDefinition(code: ErrorCode): ErrorDefinition {
  return ERROR_REGISTRY[code];
}
