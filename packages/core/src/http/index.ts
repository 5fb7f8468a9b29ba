export {
  createGovernedHttp,
  type AttemptBinding,
  type GovernedHttpClient,
  type GovernedHttpOptions,
} from './governedHttpClient';
export { hostMatches, isLoopbackHost } from './hostAllowlist';
export { parseRetryAfter } from './retryAfter';
export { encodeMultipart, isFormData } from './multipartBody';
