import { secret, z, type OperationContext } from '@dealix/connector-core';

/** A host name or an IPv4 address: what a tenant's SMTP server is reached by. */
const smtpHost = z
  .string()
  .max(253)
  .regex(
    /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/,
    'must be a host name such as smtp.example.com or an IPv4 address',
  );

/** The tenant config, field for field as connector.json declares it. */
export const emailConfig = z.object({
  host: smtpHost,
  port: z.number().int().min(1).max(65_535),
  username: z.string().min(1).max(320),
  password: secret(z.string().min(1)),
  from_address: z.email(),
  secure: z.boolean(),
  tls_ca: z
    .string()
    .max(65_536)
    .includes('-----BEGIN CERTIFICATE-----', { message: 'must hold PEM certificates' })
    .optional(),
});

export type EmailConfig = z.output<typeof emailConfig>;

/** The connector keeps no per-tenant state: every exchange opens its own connection. */
export type EmailState = undefined;

export type EmailOperationContext = OperationContext<EmailConfig, EmailState>;
