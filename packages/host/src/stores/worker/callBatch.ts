import { DefaultDeserializer, DefaultSerializer } from 'node:v8';
import type { StoreCall } from './protocol';

/** The calls of one turn of the host's event loop, as they travel to the store worker. */
export interface CallBatch {
  calls: StoreCall[];
  /** Every call's argument list, in call order, in one v8 serialization. */
  args: Uint8Array;
}

/**
 * Builds a CallBatch on the host thread. Each call's arguments are serialized when the call is
 * made (later changes by the caller never reach the store), all into one serializer: about a
 * microsecond a call, where a serializer per call costs over ten.
 */
export class CallBatchWriter {
  private readonly calls: StoreCall[] = [];
  /** The argument lists written so far, kept only to write them again (see add()). */
  private readonly written: unknown[][] = [];
  private serializer = CallBatchWriter.serializer();

  get size(): number {
    return this.calls.length;
  }

  /**
   * Adds a call. Arguments with no structured-clone form (a function inside a result) go in
   * their JSON form, which is what the store writes anyway; with no JSON form either (a BigInt)
   * the call is refused with the cause. A failed write leaves a v8 serializer unusable, so the
   * batch is then written again from the argument lists it holds (all of this turn).
   */
  add(call: StoreCall, args: unknown[]): void {
    try {
      this.serializer.writeValue(args);
      this.written.push(args);
      this.calls.push(call);
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
      this.calls.push(call);
    }
  }

  take(): CallBatch {
    return { calls: this.calls, args: this.serializer.releaseBuffer() };
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

/** A call as the worker runs it: its arguments, or why they could not be read. */
export type ReceivedCall = StoreCall &
  ({ args: unknown[]; unreadable?: undefined } | { args?: undefined; unreadable: unknown });

/** Reads a CallBatch in the worker, call by call. */
export function readCallBatch(batch: CallBatch): ReceivedCall[] {
  const deserializer = new DefaultDeserializer(batch.args);
  let failure: unknown;
  try {
    deserializer.readHeader();
  } catch (error) {
    failure = error;
  }
  // The calls are this message's own copies: each gets its arguments in place (no copy).
  return batch.calls.map((call): ReceivedCall => {
    const received = call as ReceivedCall;
    if (failure === undefined) {
      try {
        const args = deserializer.readValue() as unknown;
        if (Array.isArray(args)) {
          received.args = args;
          return received;
        }
        failure = new TypeError('the call arguments are not a list');
      } catch (error) {
        failure = error;
      }
    }
    received.unreadable = failure;
    return received;
  });
}
