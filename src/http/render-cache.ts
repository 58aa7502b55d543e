import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'

/** A rendered public response, ready to send again without touching the database. */
export interface CachedPage {
  status: number
  body: Buffer
  gzip: Buffer | undefined
  etag: string
  lastModified: string
  contentType: string
  cacheControl: string
}

/**
 * In-memory cache of rendered public pages keyed by URL. Cleared as a whole whenever content
 * changes (publishing, editing, settings): pages show lists, counts and navigation that any
 * change can touch, and re-rendering is cheap. Bounded by entry count and total bytes.
 */
export class RenderCache {
  #entries = new Map<string, CachedPage>()
  #bytes = 0

  constructor(
    readonly enabled: boolean,
    private readonly maxEntries = 5000,
    private readonly maxBytes = 128 * 1024 * 1024,
  ) {}

  get(key: string): CachedPage | undefined {
    return this.enabled ? this.#entries.get(key) : undefined
  }

  /** Builds the entry (ETag, gzip) and stores it when the cache is on; returns it either way. */
  store(key: string, page: { status: number; html: string; lastModified: Date; cacheControl: string }): CachedPage {
    const body = Buffer.from(page.html)
    const entry: CachedPage = {
      status: page.status,
      body,
      gzip: body.length > 1024 ? gzipSync(body, { level: 6 }) : undefined,
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`,
      lastModified: page.lastModified.toUTCString(),
      contentType: 'text/html; charset=utf-8',
      cacheControl: page.cacheControl,
    }
    if (!this.enabled) return entry
    const previous = this.#entries.get(key)
    if (previous) this.#bytes -= previous.body.length + (previous.gzip?.length ?? 0)
    while (this.#entries.size >= this.maxEntries || this.#bytes > this.maxBytes) {
      const oldest = this.#entries.keys().next()
      if (oldest.done) break
      const dropped = this.#entries.get(oldest.value)!
      this.#bytes -= dropped.body.length + (dropped.gzip?.length ?? 0)
      this.#entries.delete(oldest.value)
    }
    this.#entries.set(key, entry)
    this.#bytes += body.length + (entry.gzip?.length ?? 0)
    return entry
  }

  clear(): void {
    this.#entries.clear()
    this.#bytes = 0
  }

  get size(): number {
    return this.#entries.size
  }
}
