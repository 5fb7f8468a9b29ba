import type {
  ApprovalView,
  AuditAnswer,
  Clock,
  EventsAnswer,
  OutboxEventView,
  ResolveBody,
  UnknownOutcome,
} from '@dealix/connector-core/api';
import { waitForDecision, type ApprovalWaitOptions } from './approvalWait';
import type {
  ApprovalRoundTrip,
  CallAnswer,
  CallDone,
  CallOptions,
  CompensateOptions,
  CompensateWithApprovalOptions,
  ExecuteWithApprovalOptions,
} from './callTypes';
import type { HostTransport } from './hostTransport';

export interface PageOptions {
  /** Read the audit records after this seq; default 0. */
  after?: number;
  /** At most this many (default 100, at most 1000). */
  limit?: number;
  signal?: AbortSignal;
}

export interface EventPageOptions extends Omit<PageOptions, 'after'> {
  /**
   * Read the outbox events after this cursor: the `cursor` of the last event read (or the
   * answer's `next_after`), an opaque string; absent for the oldest event kept.
   */
  after?: string;
}

type ApprovalStatus = ApprovalView['status'];
type UnknownOutcomeFilter = 'unresolved' | 'resolved' | 'all';

/**
 * The host API for one tenant. The host checks the token's scope on every call: a tenant the
 * token does not cover is DLX_E_HOST_TENANT_FORBIDDEN, a role that does not allow the action
 * DLX_E_HOST_FORBIDDEN.
 */
export class TenantClient {
  constructor(
    readonly tenant: string,
    private readonly transport: HostTransport,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs an operation through the host's governance pipeline. Answers `{ status: "ok", output }`
   * or, when the operation needs a grant, `{ status: "approval_required", approval_id }` (no
   * vendor call was made): repeat with `approvalId` once granted, or use executeWithApproval.
   */
  async execute<TOutput = unknown>(
    connector: string,
    operation: string,
    input: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<CallAnswer<TOutput>> {
    const answer = await this.transport.request('executeOperation', {
      ...this.call(connector, operation, options),
      body: input,
    });
    return answer.body as CallAnswer<TOutput>;
  }

  /** Undoes the call made under `idempotencyKey` by running the operation's compensation. */
  async compensate<TOutput = unknown>(
    connector: string,
    operation: string,
    options: CompensateOptions,
  ): Promise<CallAnswer<TOutput>> {
    const answer = await this.transport.request('compensateOperation', {
      ...this.call(connector, operation, options),
      body: options.input === undefined ? {} : { input: options.input },
    });
    return answer.body as CallAnswer<TOutput>;
  }

  /**
   * execute, and when the operation needs a grant: tell `onApprovalRequired`, wait for the
   * decision, and repeat the call with the approval and the same Idempotency-Key (the one the
   * host made for the call when none was given). Resolves with the call's result; a denial,
   * an expiry or no decision in time is thrown by code (see waitForApproval).
   */
  async executeWithApproval<TOutput = unknown>(
    connector: string,
    operation: string,
    input: Record<string, unknown>,
    options: ExecuteWithApprovalOptions = {},
  ): Promise<CallDone<TOutput>> {
    return this.roundTrip(options, (approvalId, idempotencyKey) =>
      this.execute<TOutput>(connector, operation, input, {
        ...options,
        ...(approvalId !== undefined && { approvalId }),
        ...(idempotencyKey !== undefined && { idempotencyKey }),
      }),
    );
  }

  /** compensate with the approval round trip of executeWithApproval. */
  async compensateWithApproval<TOutput = unknown>(
    connector: string,
    operation: string,
    options: CompensateWithApprovalOptions,
  ): Promise<CallDone<TOutput>> {
    return this.roundTrip(options, (approvalId) =>
      this.compensate<TOutput>(connector, operation, {
        ...options,
        ...(approvalId !== undefined && { approvalId }),
      }),
    );
  }

  private async roundTrip<TOutput>(
    options: ApprovalRoundTrip,
    call: (approvalId?: string, idempotencyKey?: string) => Promise<CallAnswer<TOutput>>,
  ): Promise<CallDone<TOutput>> {
    let answer = await call();
    let told: string | undefined;
    while (answer.status === 'approval_required') {
      const pending = answer;
      if (told !== pending.approval_id) {
        told = pending.approval_id;
        await options.onApprovalRequired?.(pending);
      }
      await this.waitForApproval(pending.approval_id, options.wait);
      answer = await call(pending.approval_id, pending.idempotency_key ?? undefined);
    }
    return answer;
  }

  /**
   * Waits until a person decides the approval request: resolves with it once granted; throws
   * DLX_E_APPROVAL_DENIED (details: decided_by, reason), DLX_E_APPROVAL_EXPIRED, or
   * DLX_E_CLIENT_APPROVAL_TIMEOUT after `timeoutMs` (the request stays pending).
   */
  waitForApproval(approvalId: string, options: ApprovalWaitOptions = {}): Promise<ApprovalView> {
    return waitForDecision(
      approvalId,
      (signal) => this.approval(approvalId, signal),
      this.clock,
      options,
    );
  }

  /** The tenant's approval requests, optionally by status. */
  async approvals(status?: ApprovalStatus, signal?: AbortSignal): Promise<ApprovalView[]> {
    const answer = await this.transport.request('listApprovals', {
      params: { tenant: this.tenant },
      query: { status },
      ...(signal && { signal }),
    });
    return answer.body.approvals;
  }

  /** One approval request (DLX_E_APPROVAL_NOT_FOUND when the tenant has none by that id). */
  async approval(approvalId: string, signal?: AbortSignal): Promise<ApprovalView> {
    const answer = await this.transport.request('getApproval', {
      params: { tenant: this.tenant, id: approvalId },
      ...(signal && { signal }),
    });
    return answer.body;
  }

  /** Grants a pending request (an approver's token; never the requester's own). */
  async grant(approvalId: string): Promise<ApprovalView> {
    const answer = await this.transport.request('grantApproval', {
      params: { tenant: this.tenant, id: approvalId },
      repeatable: 'refused_only',
    });
    return answer.body;
  }

  /** Denies a pending request with a reason the requester sees. */
  async deny(approvalId: string, reason: string): Promise<ApprovalView> {
    const answer = await this.transport.request('denyApproval', {
      params: { tenant: this.tenant, id: approvalId },
      body: { reason },
      repeatable: 'refused_only',
    });
    return answer.body;
  }

  /** Calls that may have reached the vendor with no known result (default: unresolved). */
  async unknownOutcomes(status?: UnknownOutcomeFilter): Promise<UnknownOutcome[]> {
    const answer = await this.transport.request('listUnknownOutcomes', {
      params: { tenant: this.tenant },
      query: { status },
    });
    return answer.body.unknown_outcomes;
  }

  /**
   * One unknown outcome by its id (the `unknown_outcome_id` in a failed call's error details),
   * resolved or not; DLX_E_IDEMPOTENCY_UNKNOWN_OUTCOME_NOT_FOUND when the tenant has none.
   */
  async unknownOutcome(id: string): Promise<UnknownOutcome> {
    const answer = await this.transport.request('getUnknownOutcome', {
      params: { tenant: this.tenant, id },
    });
    return answer.body;
  }

  /**
   * Records what the vendor shows happened (an approver's token): `succeeded` with the output,
   * which later repeats under the key replay, or `failed`, which they answer
   * DLX_E_IDEMPOTENCY_RESOLVED_FAILED.
   */
  async resolveUnknownOutcome(id: string, resolution: ResolveBody): Promise<UnknownOutcome> {
    const answer = await this.transport.request('resolveUnknownOutcome', {
      params: { tenant: this.tenant, id },
      body: resolution,
      repeatable: 'refused_only',
    });
    return answer.body;
  }

  /** One page of the verified-webhook outbox, oldest first. */
  async events(page: EventPageOptions = {}): Promise<EventsAnswer> {
    const answer = await this.transport.request('listEvents', this.page(page));
    return answer.body;
  }

  /**
   * Every outbox event after `after`, page by page, until the outbox has no more. Each event
   * comes once, also while several hosts write (the cursor is the host's, never computed here).
   */
  async *iterateEvents(page: EventPageOptions = {}): AsyncGenerator<OutboxEventView> {
    let after = page.after;
    for (;;) {
      const { events, next_after } = await this.events({
        ...page,
        ...(after !== undefined && { after }),
      });
      yield* events;
      if (events.length === 0 || next_after === null) return;
      after = next_after;
    }
  }

  /** One page of the tenant's audit records, oldest first. */
  async audit(page: PageOptions = {}): Promise<AuditAnswer> {
    const answer = await this.transport.request('listAudit', this.page(page));
    return answer.body;
  }

  private page(page: PageOptions | EventPageOptions) {
    return {
      params: { tenant: this.tenant },
      query: { after: page.after, limit: page.limit },
      ...(page.signal && { signal: page.signal }),
    };
  }

  private call(connector: string, operation: string, options: CallOptions) {
    return {
      params: { tenant: this.tenant, key: connector, op: operation },
      query: { approval_id: options.approvalId },
      headers: {
        'idempotency-key': options.idempotencyKey,
        'x-correlation-id': options.correlationId,
      },
      ...(options.signal && { signal: options.signal }),
      // Under a key a repeat replays or runs again with the same vendor key; without one it
      // would get a new key, so only answers given before the call ran are repeated.
      repeatable: options.idempotencyKey === undefined ? 'refused_only' : 'any',
    } as const;
  }
}
