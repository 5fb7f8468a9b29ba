import { redactPayload } from '../audit';
import type { AnyOperation } from '../contract/defineConnector';
import type { Clock } from '../contract/types';
import { DlxError, type SerializedDlxError } from '../errors/dlxError';
import { zodIssueText } from '../kit/zodIssueText';
import type { OperationPolicy } from '../manifest';
import type {
  IdempotencyRecord,
  IdempotencyState,
  IdempotencyStore,
  UnknownOutcomeQuery,
} from '../stores/idempotencyStore';
import { isUnresolvedUnknownOutcome } from '../stores/memory/idempotencyLease';
import type { AuditRecorder } from './auditRecorder';
import { isoTime } from './isoTime';
import { checkDecisionText } from './decisionText';

/** The audit event of a person's resolution. */
export const UNKNOWN_OUTCOME_RESOLVED_EVENT = 'unknown_outcome_resolved';

/** An unknown outcome as the API and the CLI show it. */
export interface UnknownOutcomeView {
  id: string;
  tenant: string;
  connector: string;
  operation: string;
  idempotency_key: string;
  payload_digest: string;
  /**
   * true: repeating the call with its key runs it again (the vendor de-duplicates); false: it
   * waits for a person (a repeat answers DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN).
   */
  idempotent: boolean;
  status: 'unresolved' | 'resolved';
  state: IdempotencyState;
  created_at: string;
  unknown_since: string | null;
  /** Why the outcome is unknown (the error the call ended with). */
  error: SerializedDlxError | null;
  /** A person's resolution; a re-run settles a record without one. */
  resolution: { outcome: string; note: string; resolved_by: string; resolved_at: string } | null;
}

export interface ResolutionRequest {
  outcome: unknown;
  /** Required for `succeeded`: checked against the operation's output schema. */
  output?: unknown;
  note: unknown;
}

/** The parts of an operation a resolution needs: its output schema and its policy. */
export interface ResolvableOperation {
  def: Pick<AnyOperation, 'output'>;
  policy: Pick<OperationPolicy, 'data_classification'>;
  version: string;
}

export type OperationLookup = (
  tenant: string,
  connector: string,
  operation: string,
) => ResolvableOperation | undefined;

export interface UnknownOutcomeSettings {
  /** How long a resolved record is kept (the idempotency retention). */
  ttlMs: number;
  /** Seals a result of restricted data before it is stored, opens it when read. */
  protect: (
    value: unknown,
    policy: ResolvableOperation['policy'],
    record: IdempotencyRecord,
  ) => unknown;
}

/**
 * Unknown outcomes, for the people who resolve them: a list per tenant, and one resolution per
 * record (succeeded with the output the vendor shows, or failed), audited with who and why.
 * The store's compare-and-set makes a second resolution lose.
 */
export class UnknownOutcomeDesk {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
    private readonly lookup: OperationLookup,
    private readonly settings: UnknownOutcomeSettings,
  ) {}

  async list(
    tenant: string,
    status?: UnknownOutcomeQuery['status'],
  ): Promise<UnknownOutcomeView[]> {
    const records = await this.store.listUnknownOutcomes(tenant, this.clock.now(), {
      status: status ?? 'unresolved',
    });
    return records.map(view);
  }

  /**
   * One unknown outcome by its id (the `unknown_outcome_id` a caller's error carries), resolved
   * or not; DLX_E_IDEMPOTENCY_UNKNOWN_OUTCOME_NOT_FOUND when the tenant has none by that id.
   */
  async get(tenant: string, id: string): Promise<UnknownOutcomeView> {
    const record = await this.store.getUnknownOutcome(tenant, id, this.clock.now());
    if (record === undefined) throw notFound(tenant, id);
    return view(record);
  }

  async resolve(
    tenant: string,
    id: string,
    req: ResolutionRequest,
    actor: string,
    lookup: OperationLookup = this.lookup,
  ): Promise<UnknownOutcomeView> {
    const checked = checkDecisionText('note', req.note);
    if ('problem' in checked)
      throw invalid(`a resolution needs a "note" saying why: ${checked.problem}`);
    const note = checked.text;
    const outcome: 'succeeded' | 'failed' | undefined =
      req.outcome === 'succeeded' ? 'succeeded' : req.outcome === 'failed' ? 'failed' : undefined;
    if (outcome === undefined) {
      throw invalid(
        `"outcome" must be "succeeded" or "failed", got ${JSON.stringify(req.outcome)}`,
      );
    }
    const now = this.clock.now();
    const record = await this.store.getUnknownOutcome(tenant, id, now);
    if (record === undefined) throw notFound(tenant, id);
    if (record.state !== 'outcome_unknown') throw alreadyResolved(record);
    const { connector, operation } = record.scope;
    const op = lookup(tenant, connector, operation);
    let output: unknown;
    if (outcome === 'succeeded') {
      if (op === undefined) {
        throw new DlxError(
          'DLX_E_RUNTIME_UNKNOWN_CONNECTOR',
          `cannot check the output of ${connector}.${operation}: that connector is not loaded here`,
          { details: { connector, operation } },
        );
      }
      const parsed = op.def.output.safeParse(req.output);
      if (!parsed.success) {
        throw invalid(
          `"output" does not match the output schema of ${connector}.${operation}: ${zodIssueText(parsed.error.issues)}`,
          parsed.error.issues.map((i) => ({
            path: i.path.map(String).join('.'),
            message: i.message,
          })),
        );
      }
      output = parsed.data;
    }
    const resolution = { outcome, note, resolved_by: actor, resolved_at: now };
    const resolved = await this.store.resolveUnknownOutcome({
      tenant,
      unknown_outcome_id: id,
      settle:
        outcome === 'succeeded'
          ? { state: 'completed', result: this.settings.protect(output, op!.policy, record) }
          : { state: 'failed', error: resolvedFailed(record, actor, note) },
      resolution,
      expires_at: now + this.settings.ttlMs,
    });
    if (resolved.outcome === 'not_found') {
      throw new DlxError(
        'DLX_E_IDEMPOTENCY_UNKNOWN_OUTCOME_NOT_FOUND',
        `no unknown outcome "${id}"`,
      );
    }
    if (resolved.outcome === 'not_unknown') throw alreadyResolved(resolved.record);
    await this.audit.record(
      {
        tenant,
        actor,
        connector_key: connector,
        connector_version: op?.version ?? 'unknown',
        operation,
        correlation_id: id,
        idempotency_key: record.key,
        payload_digest: record.payload_digest,
      },
      UNKNOWN_OUTCOME_RESOLVED_EVENT,
      'info',
      {
        payload: {
          unknown_outcome_id: id,
          outcome,
          note,
          ...(outcome === 'succeeded' && {
            output: redactPayload(output, {
              schema: op!.def.output,
              classification: op!.policy.data_classification,
              secrets: [],
            }),
          }),
        },
      },
    );
    return view(resolved.record);
  }
}

function notFound(tenant: string, id: string): DlxError {
  return new DlxError(
    'DLX_E_IDEMPOTENCY_UNKNOWN_OUTCOME_NOT_FOUND',
    `no unknown outcome "${id}" for tenant "${tenant}"`,
    { details: { unknown_outcome_id: id } },
  );
}

function view(record: IdempotencyRecord): UnknownOutcomeView {
  const r = record.resolution;
  return {
    id: record.unknown_outcome_id!,
    tenant: record.scope.tenant,
    connector: record.scope.connector,
    operation: record.scope.operation,
    idempotency_key: record.key,
    payload_digest: record.payload_digest,
    idempotent: record.idempotent,
    status: isUnresolvedUnknownOutcome(record) ? 'unresolved' : 'resolved',
    state: record.state,
    created_at: isoTime(record.created_at),
    unknown_since: record.unknown_at === undefined ? null : isoTime(record.unknown_at),
    error: record.state === 'outcome_unknown' ? (record.error ?? null) : null,
    resolution: r ? { ...r, resolved_at: isoTime(r.resolved_at) } : null,
  };
}

function invalid(message: string, issues?: unknown[]): DlxError {
  return new DlxError('DLX_E_RUNTIME_INPUT_INVALID', message, {
    ...(issues !== undefined && { details: { issues } }),
  });
}

function alreadyResolved(record: IdempotencyRecord): DlxError {
  const how =
    record.state === 'in_progress'
      ? 'is being run again under its key'
      : record.resolution
        ? `was resolved ${record.resolution.outcome} by "${record.resolution.resolved_by}"`
        : `was settled by a re-run (${record.state})`;
  return new DlxError(
    'DLX_E_IDEMPOTENCY_ALREADY_RESOLVED',
    `unknown outcome "${record.unknown_outcome_id}" ${how}`,
    { details: { unknown_outcome_id: record.unknown_outcome_id, state: record.state } },
  );
}

/** What a key resolved as failed answers from then on. */
function resolvedFailed(
  record: IdempotencyRecord,
  actor: string,
  note: string,
): SerializedDlxError {
  return new DlxError(
    'DLX_E_IDEMPOTENCY_RESOLVED_FAILED',
    `${record.scope.connector}.${record.scope.operation}: "${actor}" resolved the unknown outcome of idempotency key "${record.key}" as failed (${note}); send the write again under a new key`,
    {
      details: {
        idempotency_key: record.key,
        unknown_outcome_id: record.unknown_outcome_id,
        resolved_by: actor,
      },
    },
  ).toJSON();
}
