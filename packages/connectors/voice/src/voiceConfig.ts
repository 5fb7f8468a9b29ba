import { secret, z, type OperationContext } from '@dealix/connector-core';

/** E.164: a plus, then up to 15 digits, the first not 0 (Twilio's format for To and From). */
export const E164 = /^\+[1-9]\d{1,14}$/;

/** The tenant config, field for field as connector.json declares it. */
export const voiceConfig = z
  .object({
    account_sid: z.string().regex(/^AC[0-9a-f]{32}$/, 'must be AC followed by 32 hex digits'),
    auth_token: secret(z.string().min(1)),
    from_number: z.string().regex(E164, 'must be an E.164 number such as +14155550100'),
    api_key_sid: z
      .string()
      .regex(/^SK[0-9a-f]{32}$/, 'must be SK followed by 32 hex digits')
      .optional(),
    api_key_secret: secret(z.string().min(1)).optional(),
    base_url: z.url({ protocol: /^https?$/ }),
  })
  .superRefine((config, issues) => {
    // An API key without its secret (or the reverse) would silently fall back to the token.
    if ((config.api_key_sid === undefined) !== (config.api_key_secret === undefined)) {
      issues.addIssue({
        code: 'custom',
        path: [config.api_key_sid === undefined ? 'api_key_sid' : 'api_key_secret'],
        message: 'api_key_sid and api_key_secret are set together or not at all',
      });
    }
  });

export type VoiceConfig = z.output<typeof voiceConfig>;

/** The connector keeps no per-tenant state: every call authenticates with Basic auth. */
export type VoiceState = undefined;

export type VoiceOperationContext = OperationContext<VoiceConfig, VoiceState>;
