/**
 * Configuration: environment variables validated once at start. A wrong value stops the process
 * with the variable's name in the message, before anything else happens.
 */
import { z } from 'zod';

const port = (fallback: number) =>
  z.coerce.number({ error: 'must be a port number from 1 to 65535' }).int().min(1, 'must be a port number from 1 to 65535').max(65535, 'must be a port number from 1 to 65535').default(fallback);

const ConfigSchema = z
  .object({
    /** Port of the REST API. */
    PORT: port(3000),
    /** Interface the REST API binds to. */
    HOST: z.string().min(1).default('127.0.0.1'),
    /** `file:` → SQLite (embedded default), `postgresql://` → PostgreSQL. */
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgresql:// (PostgreSQL)')
      .default('file:./.data/drehscheibe.db'),
    /** An existing Temporal cluster (host:port). Unset: the embedded dev server is started. */
    TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port').optional(),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('drehscheibe'),
    /** Ports of the embedded dev server (frontend and Web UI). */
    TEMPORAL_DEV_PORT: port(7233),
    TEMPORAL_UI_PORT: port(8233),
    /** Where the embedded default keeps its state (Temporal's SQLite file, the payload key). */
    DATA_DIR: z.string().min(1).default('.data'),
    /**
     * AES-256 key (base64 of 32 bytes) that encrypts workflow payloads, so personal data never
     * stands in clear text in Temporal's history. Required with TEMPORAL_ADDRESS (every worker and
     * API process of a cluster must share it); the embedded default keeps one in DATA_DIR.
     */
    PAYLOAD_ENCRYPTION_KEY: z
      .string()
      .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be base64 of exactly 32 bytes')
      .optional(),
    /**
     * JSON file of API users (`[{ id, name, roles, queues, tokenSha256 }]`). Unset: the embedded
     * default's demo users, whose tokens `npm start` prints. Required with TEMPORAL_ADDRESS.
     */
    AUTH_USERS_FILE: z.string().min(1).optional(),
    /** Longest re-contact block a request may ask for, in months. */
    BLOCK_MAX_MONTHS: z.coerce.number().int().min(1).max(1200).default(60),
  })
  .superRefine((config, ctx) => {
    if (config.TEMPORAL_ADDRESS && !config.PAYLOAD_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['PAYLOAD_ENCRYPTION_KEY'],
        message: 'is required when TEMPORAL_ADDRESS points at a shared cluster',
      });
    }
    if (config.TEMPORAL_ADDRESS && !config.AUTH_USERS_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_USERS_FILE'],
        message: 'is required when TEMPORAL_ADDRESS is set (demo users are for the embedded setup only)',
      });
    }
  });

/** The validated configuration. */
export type Config = z.infer<typeof ConfigSchema>;

/** Validates `env`; throws one error that lists every bad variable by name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // `VAR=` in a shell or an .env file means "not set", as operators expect.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = ConfigSchema.safeParse(given);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}
