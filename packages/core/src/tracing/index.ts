export { activeTracer, CORE_TRACER_NAME } from './activeTracer';
export { currentTraceIds, traceIdsOf, traceparentOf, type TraceIds } from './traceIds';
export { SPAN_ATTRIBUTES, SPAN_EVENTS, type CallSpanOutcome } from './spanNames';
