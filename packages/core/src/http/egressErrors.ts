import type { DlxError } from '../errors/dlxError';
import type { ErrorScope } from './errorScope';

/**
 * A request or redirect hop the allowlist refused: nothing was sent to that host. For a
 * redirect, `reached` says whether the earlier hops reached the vendor (they did: it answered
 * with the redirect), so a write redirected off-list is not mistaken for one never sent.
 */
export function egressDeniedError(
  scope: ErrorScope,
  reached: boolean,
  redirected: boolean,
): DlxError {
  const what = redirected ? 'redirect to' : 'request to';
  return scope.build(
    'DLX_E_EGRESS_DENIED',
    `${scope.describe()} refused: ${what} ${scope.host} is outside allowed_hosts (only http and https to allowed hosts)`,
    { mayHaveReachedVendor: reached, details: scope.details({ redirected }) },
  );
}

export function tooManyRedirectsError(scope: ErrorScope, maxRedirects: number): DlxError {
  return scope.build(
    'DLX_E_EGRESS_TOO_MANY_REDIRECTS',
    `${scope.describe()} redirected more than ${maxRedirects} times`,
    { mayHaveReachedVendor: true, details: scope.details({ max_redirects: maxRedirects }) },
  );
}
