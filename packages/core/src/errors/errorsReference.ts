import { ERROR_KINDS } from './errorKinds';
import { ERROR_REGISTRY } from './registry';

/** docs/errors.md, rendered from the registry (a test keeps the committed page equal). */
export function renderErrorsReference(): string {
  const rows = Object.entries(ERROR_REGISTRY).map(
    ([code, d]) =>
      `| \`${code}\` | ${d.kind} | ${d.retryable ? 'yes' : 'no'} | ${d.httpStatus} | ${d.description.replace(/\|/g, '\\|')} |`,
  );
  return [
    '# Error reference',
    '',
    '<!-- Generated from packages/core/src/errors/registry.ts by `npm run generate`. Do not edit. -->',
    '',
    'Every error the framework raises is a `DlxError` with a stable `code`. Recognise errors by',
    '`code` (or `isDlxError()` / `hasErrorCode()`), never by message text or `instanceof` alone:',
    'a connector may load its own copy of core. Errors carry `kind`, `retryable`, and where known',
    'the vendor code, vendor request id, vendor status and requested wait; they never carry a',
    'secret.',
    '',
    `Kinds: ${ERROR_KINDS.map((k) => `\`${k}\``).join(', ')}.`,
    '',
    '| code | kind | retryable | HTTP status | when and what to do |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
