import { context, trace } from '@opentelemetry/api';
import { SPAN_ATTRIBUTES as A, SPAN_EVENTS as E } from './spanNames';

/**
 * A wait for a limiter slot, as an event of the active span (the attempt's). Called on the
 * slow path only, after a wait: a free slot costs nothing.
 */
export function recordSlotWait(reason: 'concurrency' | 'rate', waitedMs: number): void {
  const span = trace.getSpan(context.active());
  if (span === undefined || !span.isRecording()) return;
  span.addEvent(E.limiterSlot, { [A.waitReason]: reason, [A.waitMs]: waitedMs });
}
