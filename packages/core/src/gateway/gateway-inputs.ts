/**
 * The gateway's administration bodies (services, consumers, rights), the national-database lookups' bodies and
 * answers, and the labels the web shows. The server's routes and the web's forms check with the same schemas.
 */
import { z } from 'zod';
import { humanText, nationalIdSchema } from '../shared/field-rules';

/** A service's or consumer's code: what the URL `/gateway/<code>/…` and the log name it by. */
export const gatewayCodeSchema = z
  .string()
  .min(2, { error: 'gateway_code' })
  .max(60, { error: 'gateway_code' })
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'gateway_code' });

export const gatewayServiceKinds = ['congso', 'external'] as const;
export type GatewayServiceKind = (typeof gatewayServiceKinds)[number];

export const gatewayServiceBodySchema = z.strictObject({
  code: gatewayCodeSchema,
  name: humanText(200),
  kind: z.enum(gatewayServiceKinds),
  baseUrl: z.url({ protocol: /^https?$/ }).max(500),
  description: z.string().max(4000).default(''),
  /** The service's OpenAPI description (3.x), as JSON. */
  openapi: z
    .looseObject({ openapi: z.string().regex(/^3\./, { error: 'openapi_version' }) })
    .nullable()
    .default(null),
  active: z.boolean().default(true),
});
export type GatewayServiceBody = z.output<typeof gatewayServiceBodySchema>;

export const gatewayConsumerBodySchema = z.strictObject({
  code: gatewayCodeSchema,
  name: humanText(200),
  agencyId: z.uuid().nullable().default(null),
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000).default(600),
  active: z.boolean().default(true),
});
export type GatewayConsumerBody = z.output<typeof gatewayConsumerBodySchema>;

export const gatewayOutcomes = ['allowed', 'refused', 'rate_limited', 'failed'] as const;
export type GatewayOutcome = (typeof gatewayOutcomes)[number];

export const gatewayOutcomeLabels = {
  allowed: { vi: 'Được phép', en: 'Allowed' },
  refused: { vi: 'Bị từ chối', en: 'Refused' },
  rate_limited: { vi: 'Vượt giới hạn', en: 'Rate limited' },
  failed: { vi: 'Lỗi dịch vụ', en: 'Service failed' },
} as const satisfies Record<GatewayOutcome, { vi: string; en: string }>;

/** The purpose Congso's one-stop states when it looks up an applicant for a filing. */
export const FILING_PURPOSE = 'nộp hồ sơ';

/** A citizen as the national population database answers (the fields a filing uses). */
export const citizenRecordSchema = z.object({
  nationalId: z.string(),
  fullName: z.string(),
  dateOfBirth: z.string(),
  sex: z.enum(['male', 'female']),
  permanentAddress: z.string(),
  currentAddress: z.string(),
  nationality: z.string(),
  ethnicity: z.string(),
});
export type CitizenRecord = z.output<typeof citizenRecordSchema>;

/** An enterprise as the national business registration database answers. */
export const enterpriseRecordSchema = z.object({
  code: z.string(),
  name: z.string(),
  legalRepresentative: z.string(),
  /** The legal representative's personal identification number, as the registration records it. */
  legalRepresentativeNationalId: z.string().optional(),
  address: z.string(),
  registeredOn: z.string(),
  status: z.string(),
});
export type EnterpriseRecord = z.output<typeof enterpriseRecordSchema>;

/** Looking up an applicant for a filing: the national id and the applicant's consent (must be true). */
export const populationLookupBodySchema = z.strictObject({
  nationalId: nationalIdSchema,
  consent: z.literal(true, { error: 'consent_required' }),
});
export const enterpriseLookupBodySchema = z.strictObject({
  code: z.string().regex(/^\d{10}(-\d{3})?$/, { error: 'enterprise_code' }),
});

export const sexLabels = {
  male: { vi: 'Nam', en: 'Male' },
  female: { vi: 'Nữ', en: 'Female' },
} as const;
