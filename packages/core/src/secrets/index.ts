export {
  REDACTED,
  createSecretScrubber,
  scrubSecrets,
  scrubString,
  secretForms,
} from './secretScrubber';
