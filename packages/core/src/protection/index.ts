export { DATA_KEYS_VARIABLE, DataKeyring, isSealedValue, type SealedValue } from './dataKeyring';
export { DataProtection, handlesRestrictedData, type ProtectedPlace } from './dataProtection';
