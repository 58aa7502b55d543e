import { z } from 'zod'

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v))

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:./data/sahifa.db'),
  SAHIFA_DEMO: booleanFlag.default('1'),
  SAHIFA_RENDER_CACHE: booleanFlag.default('1'),
  /** Base URL the site is reached at (used for canonical links and absolute URLs). */
  SAHIFA_PUBLIC_URL: z.string().url().optional(),
  /** Secret for signing cookies and keyed hashes; generated and stored in the database when unset. */
  SAHIFA_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Set when the site is served over HTTPS (directly or behind a TLS-terminating proxy). */
  SAHIFA_TLS: booleanFlag.default('0'),
  SAHIFA_TRUST_PROXY: booleanFlag.default('0'),
  /**
   * Most processes `serve` runs (0 = one per usable CPU core, 1 = a single process). The process
   * started serves alone until it gets busy, then starts the others (cli/cluster.ts).
   * Default: 0 in production (bench/README.md), 1 otherwise (one process to debug).
   */
  SAHIFA_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  /**
   * Seconds without a request after which a worker started under load stops (the first process
   * always serves). 0: start every worker with the server and keep them.
   */
  SAHIFA_WORKER_IDLE_S: z.coerce.number().int().min(0).max(86_400).default(300),
  SAHIFA_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  SAHIFA_LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(5),
  SAHIFA_LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** Comments accepted per IP / per email within the window before 429. */
  SAHIFA_COMMENT_LIMIT_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(10),
  SAHIFA_COMMENT_LIMIT_PER_EMAIL: z.coerce.number().int().min(1).max(1_000_000).default(5),
  SAHIFA_COMMENT_LIMIT_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  /** Folder for uploaded images (one sub-folder per image); back it up with the database. */
  SAHIFA_MEDIA_DIR: z.string().min(1).default('./data/media'),
  /** Largest accepted image upload, in megabytes. */
  SAHIFA_UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(500).default(20),
  /**
   * Origins allowed to call the content API (/api/v1) from a browser: comma-separated, each
   * `https://host[:port]` (or `http://`), or `*` for any. Empty: no CORS headers (same-origin only).
   */
  SAHIFA_API_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean))
    .refine((list) => list.every((o) => o === '*' || /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(o)), 'must be origins like https://app.example.com, comma-separated, or *'),
  /** Content API requests per minute per client IP without a key, and per key with one. */
  SAHIFA_API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(120),
  SAHIFA_API_KEY_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  /**
   * How often a server checks whether another process changed content (a second instance on the
   * same PostgreSQL database, `sahifa import`), in milliseconds; 0 turns the check off.
   */
  SAHIFA_CHANGE_POLL_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
})

export type Env = z.input<typeof envSchema>

export interface Config {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string }
  demo: boolean
  renderCache: boolean
  publicUrl: string | undefined
  secret: string | undefined
  tls: boolean
  trustProxy: boolean
  workers: number
  /** A worker started under load stops after this long without a request; 0: all start at once and stay. */
  workerIdleMs: number
  sessionDays: number
  login: { maxAttempts: number; windowMinutes: number }
  commentLimits: { perIp: number; perEmail: number; windowMinutes: number }
  media: { dir: string; uploadMaxBytes: number }
  /** Content API: browser origins allowed by CORS (`*` for any; empty for none) and rate limits per minute. */
  api: { corsOrigins: string[]; rateLimit: number; keyRateLimit: number }
  /** Milliseconds between checks for changes made by other processes (0: never). */
  changePollMs: number
  logLevel: string
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * Reads the environment once, validates every variable and returns a frozen Config.
 * Throws ConfigError naming each bad variable, so the process fails fast at start.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    database: parseDatabaseUrl(e.DATABASE_URL),
    demo: e.SAHIFA_DEMO,
    renderCache: e.SAHIFA_RENDER_CACHE,
    publicUrl: e.SAHIFA_PUBLIC_URL?.replace(/\/+$/, ''),
    secret: e.SAHIFA_SECRET,
    tls: e.SAHIFA_TLS,
    trustProxy: e.SAHIFA_TRUST_PROXY,
    workers: e.SAHIFA_WORKERS ?? (e.NODE_ENV === 'production' ? 0 : 1),
    workerIdleMs: e.SAHIFA_WORKER_IDLE_S * 1000,
    sessionDays: e.SAHIFA_SESSION_DAYS,
    login: { maxAttempts: e.SAHIFA_LOGIN_MAX_ATTEMPTS, windowMinutes: e.SAHIFA_LOGIN_WINDOW_MINUTES },
    commentLimits: { perIp: e.SAHIFA_COMMENT_LIMIT_PER_IP, perEmail: e.SAHIFA_COMMENT_LIMIT_PER_EMAIL, windowMinutes: e.SAHIFA_COMMENT_LIMIT_WINDOW_MINUTES },
    media: { dir: e.SAHIFA_MEDIA_DIR, uploadMaxBytes: e.SAHIFA_UPLOAD_MAX_MB * 1024 * 1024 },
    api: { corsOrigins: e.SAHIFA_API_CORS_ORIGINS, rateLimit: e.SAHIFA_API_RATE_LIMIT, keyRateLimit: e.SAHIFA_API_KEY_RATE_LIMIT },
    changePollMs: e.SAHIFA_CHANGE_POLL_MS,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'production' ? 'warn' : e.NODE_ENV === 'test' ? 'silent' : 'info'),
  })
}

/** `sqlite:./data/x.db`, `sqlite::memory:` or `postgres://…` → the database part of Config. */
export function parseDatabaseUrl(url: string): Config['database'] {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')
    if (!file) throw new ConfigError('Invalid configuration:\n  DATABASE_URL: sqlite: needs a file path')
    return { kind: 'sqlite', file }
  }
  return { kind: 'postgres', url }
}
