export {
  defineVendorErrors,
  findVendorErrorRule,
  mapVendorError,
  type VendorErrorFacts,
  type VendorErrorRule,
  type VendorErrorTable,
} from './vendorErrors';
export {
  pathSegment,
  vendorRequest,
  type VendorCall,
  type VendorRequestContext,
} from './vendorRequest';
export {
  formBody,
  multipartBody,
  type FormFields,
  type FormValue,
  type MultipartFields,
  type MultipartFile,
  type MultipartValue,
} from './requestBodies';
export { zodIssueText } from './zodIssueText';
export {
  hmacDigest,
  verifyHmacSignature,
  type HmacAlgorithm,
  type HmacSignatureCheck,
} from './hmacSignature';
export { parseSignatureHeader, type SignatureHeaderParts } from './signatureHeader';
export { checkTimestampTolerance, type TimestampVerdict } from './timestampTolerance';
export { signedUrlPayload } from './signedUrlPayload';
export { derivedEventId } from './eventIds';
export {
  parseSignedJson,
  rejectWebhook,
  type SignedJson,
  type WebhookRejectionReason,
} from './signedJson';
export { TokenCache, type AccessToken, type TokenCacheOptions } from './tokenCache';
export { webhookPath, webhookUrl } from './webhookUrl';
export {
  bindDirectTransport,
  type DirectExchangeOptions,
  type DirectFailure,
  type DirectIo,
  type DirectTarget,
  type DirectTransport,
  type DirectTransportInstance,
} from './directTransport';
export { smtpFailure, smtpReachLogger, type SmtpTransactionLogger } from './smtpFailures';
export {
  CORRELATION_PARAMETER,
  carriedCorrelationId,
  withCorrelationId,
} from './callbackCorrelation';
