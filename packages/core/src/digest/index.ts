export { canonicalJson, payloadDigest, sha256Hex } from './canonicalJson';
