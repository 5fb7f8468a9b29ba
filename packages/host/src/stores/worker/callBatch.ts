import { DefaultDeserializer, DefaultSerializer } from 'node:v8';
import { DlxError, type AuditEventInput } from '@dealix/connector-core/stores';
import {
  AuditColumnsWriter,
  readAuditColumns,
  type AuditColumns,
  type ChainAppend,
} from './auditColumns';
import { STORE_METHODS, type Access, type StoreCall, type StoreName } from './protocol';

/**
 * The calls of one turn of the host's event loop, as they travel to the store worker: typed
 * arrays and one buffer, where a list of {id, store, method} objects cost nearly a microsecond
 * a call to copy across (and as much garbage on both sides).
 */
export interface CallBatch {
  /** Each call's id, in call order. */
  ids: Float64Array;
  /** Each call's store and method, as its index in CALL_NAMES. */
  methods: Uint16Array;
  /** Every call's argument list, in call order, in one v8 serialization. */
  args: Uint8Array;
  /** The turn's audit appends (audit.append), in columns of their own: see auditColumns.ts. */
  audit?: AuditColumns;
  /**
   * Calls that commit with an append or not at all (CrossStoreWrites), as pairs: the append's
   * id, then the call's.
   */
  riders?: Float64Array;
}

/** Every store call the worker serves, numbered: [store, method] by index. */
export const CALL_NAMES: readonly (readonly [StoreName, string])[] = Object.entries(
  STORE_METHODS,
).flatMap(([store, methods]) =>
  Object.keys(methods).map((method) => [store as StoreName, method] as const),
);

const CALL_INDEX = new Map(CALL_NAMES.map(([store, method], i) => [`${store}.${method}`, i]));

/** How each of CALL_NAMES runs (by the same index). */
const CALL_ACCESS: readonly Access[] = CALL_NAMES.map(
  ([store, method]) => (STORE_METHODS[store] as Record<string, Access>)[method]!,
);

/**
 * Builds a CallBatch on the host thread. Each call's arguments are serialized when the call is
 * made (later changes by the caller never reach the store), all into one serializer: about a
 * microsecond a call, where a serializer per call costs over ten.
 */
export class CallBatchWriter {
  private readonly ids: number[] = [];
  private readonly methods: number[] = [];
  /** The argument lists written so far, kept only to write them again (see add()). */
  private readonly written: unknown[][] = [];
  private serializer = CallBatchWriter.serializer();
  private readonly audit = new AuditColumnsWriter();
  private readonly riders: number[] = [];
  private writeCalls = 0;

  get size(): number {
    return this.ids.length + this.audit.size;
  }

  /** How many audit appends the batch holds. */
  get appends(): number {
    return this.audit.size;
  }

  /** Whether the batch holds a write (an append included): the worker commits it. */
  get writes(): boolean {
    return this.writeCalls + this.audit.size > 0;
  }

  /**
   * Adds an audit.append of `event` (checked storable) whose payload's canonical text is
   * `payloadText`; it is chained when the batch is taken (see take()).
   */
  addAuditAppend(id: number, event: AuditEventInput, payloadText: string): void {
    this.audit.add(id, event, payloadText);
  }

  /**
   * Makes the call `riderId` (added to this batch) commit with the append `appendId` or not at
   * all: the worker runs it just before the append's group (see BatchRunner.appendGroup).
   */
  addRider(appendId: number, riderId: number): void {
    this.riders.push(appendId, riderId);
  }

  /**
   * Adds a call. Arguments with no structured-clone form (a function inside a result) go in
   * their JSON form, which is what the store writes anyway; with no JSON form either (a BigInt)
   * the call is refused with the cause. A failed write leaves a v8 serializer unusable, so the
   * batch is then written again from the argument lists it holds (all of this turn).
   */
  add(call: StoreCall, args: unknown[]): void {
    const method = CALL_INDEX.get(`${call.store}.${call.method}`);
    if (method === undefined) throw unknownCall(call.store, call.method);
    try {
      this.serializer.writeValue(args);
      this.written.push(args);
      this.push(call.id, method);
      return;
    } catch (uncloneable) {
      this.rewrite();
      let json: unknown[];
      try {
        json = args.map(jsonForm);
      } catch {
        throw uncloneable;
      }
      this.serializer.writeValue(json);
      this.written.push(json);
      this.push(call.id, method);
    }
  }

  /** The batch to send, its audit appends chained by `chain` in call order. */
  take(chain: ChainAppend): CallBatch {
    return {
      ids: Float64Array.from(this.ids),
      methods: Uint16Array.from(this.methods),
      args: this.serializer.releaseBuffer(),
      ...(this.audit.size > 0 && { audit: this.audit.take(chain) }),
      ...(this.riders.length > 0 && { riders: Float64Array.from(this.riders) }),
    };
  }

  private push(id: number, method: number): void {
    this.ids.push(id);
    this.methods.push(method);
    if (CALL_ACCESS[method] === 'write') this.writeCalls++;
  }

  private rewrite(): void {
    this.serializer = CallBatchWriter.serializer();
    for (const args of this.written) this.serializer.writeValue(args);
  }

  private static serializer(): DefaultSerializer {
    const serializer = new DefaultSerializer();
    serializer.writeHeader();
    return serializer;
  }
}

function jsonForm(value: unknown): unknown {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

/**
 * A call as the worker runs it: its arguments, or why they could not be read; and, for a rider,
 * the id of the append it commits with.
 */
export type ReceivedCall = StoreCall & { ridesWith?: number } & (
    { args: unknown[]; unreadable?: undefined } | { args?: undefined; unreadable: unknown }
  );

/** Reads a CallBatch in the worker, call by call. */
export function readCallBatch(batch: CallBatch): ReceivedCall[] {
  const deserializer = new DefaultDeserializer(batch.args);
  let failure: unknown;
  try {
    deserializer.readHeader();
  } catch (error) {
    failure = error;
  }
  const received: ReceivedCall[] = [];
  for (let i = 0; i < batch.ids.length; i++) {
    const id = batch.ids[i]!;
    // An index past the table reads as a call no store has: the worker refuses it by name.
    const [store, method] = CALL_NAMES[batch.methods[i]!] ?? NO_CALL;
    if (failure === undefined) {
      try {
        const args = deserializer.readValue() as unknown;
        if (Array.isArray(args)) {
          received.push({ id, store, method, args });
          continue;
        }
        failure = new TypeError('the call arguments are not a list');
      } catch (error) {
        failure = error;
      }
    }
    received.push({ id, store, method, unreadable: failure });
  }
  if (batch.riders !== undefined) markRiders(batch.riders, received);
  if (batch.audit !== undefined) readAuditAppends(batch.audit, received);
  return received;
}

/** Marks each rider with the append it commits with. */
function markRiders(pairs: Float64Array, received: ReceivedCall[]): void {
  const byId = new Map(received.map((call) => [call.id, call]));
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const rider = byId.get(pairs[i + 1]!);
    if (rider !== undefined) rider.ridesWith = pairs[i]!;
  }
}

/** The batch's audit appends, after its other calls (the worker writes them as one group). */
function readAuditAppends(columns: AuditColumns, received: ReceivedCall[]): void {
  const appends = readAuditColumns(columns);
  if (appends === undefined) {
    const unreadable = new TypeError('the audit append columns do not fit together');
    for (const id of columns.ids)
      received.push({ id, store: 'audit', method: 'append', unreadable });
    return;
  }
  for (const { id, entry, link } of appends) {
    received.push({ id, store: 'audit', method: 'append', args: [entry, link] });
  }
}

const NO_CALL = ['none' as StoreName, 'none'] as const;

/** A call the worker does not serve (a bug of the caller: remoteStore names only real ones). */
export function unknownCall(store: string, method: string): DlxError {
  return new DlxError('DLX_E_STORE_FAILURE', `The store worker has no call ${store}.${method}.`, {
    details: { store, method, reason: 'unknown_store_call' },
  });
}
