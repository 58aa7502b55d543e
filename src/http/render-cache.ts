import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'

/** Bodies this small are sent as they are: gzip would save a few hundred bytes at best. */
const GZIP_MIN_BYTES = 1024

/**
 * A rendered public response, ready to send again without touching the database. The response
 * headers for each content coding are built once here, so a cache hit sets one object.
 * The gzip body is made on first demand (a client that accepts gzip), then kept.
 */
export class CachedPage {
  readonly etag: string
  readonly lastModified: string
  /** Last-Modified in whole seconds since the epoch, for If-Modified-Since. */
  readonly lastModifiedSeconds: number
  /** Headers of the identity response (security headers included). */
  readonly headers: Readonly<Record<string, string>>
  #gzip: { body: Buffer; etag: string; headers: Readonly<Record<string, string>> } | null | undefined
  /** Set on pages with a short-lived part: when to re-render, and how. */
  refresh: { at: number; everyMs: number; render: () => string } | undefined
  #onGzip: ((bytes: number) => void) | undefined

  constructor(
    readonly status: number,
    readonly body: Buffer,
    lastModified: Date,
    readonly cacheControl: string,
    private readonly baseHeaders: Readonly<Record<string, string>>,
    /** A given validator (a weak one for pages whose short-lived part changes but means nothing). */
    etag?: string,
    /** HTML unless told otherwise (feeds are XML or JSON). */
    readonly contentType = 'text/html; charset=utf-8',
  ) {
    this.etag = etag ?? `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`
    this.lastModifiedSeconds = Math.floor(lastModified.getTime() / 1000)
    this.lastModified = new Date(this.lastModifiedSeconds * 1000).toUTCString()
    this.headers = this.#headersFor(this.etag, body.length, undefined)
  }

  /**
   * The gzip variant (its own ETag: a strong validator names one content coding), or undefined
   * for small bodies. Compressed once, on first call.
   */
  gzip(): { body: Buffer; etag: string; headers: Readonly<Record<string, string>> } | undefined {
    if (this.#gzip === undefined) {
      if (this.body.length < GZIP_MIN_BYTES) {
        this.#gzip = null
      } else {
        const body = gzipSync(this.body, { level: 6 })
        const etag = `${this.etag.slice(0, -1)}-gz"`
        this.#gzip = { body, etag, headers: this.#headersFor(etag, body.length, 'gzip') }
        this.#onGzip?.(body.length)
      }
    }
    return this.#gzip ?? undefined
  }

  /** Bytes held now (the body, plus the gzip variant once made). */
  get bytes(): number {
    return this.body.length + (this.#gzip ? this.#gzip.body.length : 0)
  }

  /** Set by the cache that holds this page, to count the gzip variant when it is made. */
  set onGzip(callback: ((bytes: number) => void) | undefined) {
    this.#onGzip = callback
  }

  #headersFor(etag: string, length: number, encoding: 'gzip' | undefined): Readonly<Record<string, string>> {
    return Object.freeze({
      ...this.baseHeaders,
      'content-type': this.contentType,
      'content-length': String(length),
      etag,
      'last-modified': this.lastModified,
      'cache-control': this.cacheControl,
      vary: 'accept-encoding',
      ...(encoding ? { 'content-encoding': encoding } : {}),
    })
  }
}

export interface RenderCacheOptions {
  /** Off: nothing is kept, every request renders (SAHIFA_RENDER_CACHE=0). */
  enabled: boolean
  /** Headers every page carries (the security headers), baked into each entry. */
  headers?: Readonly<Record<string, string>>
  maxEntries?: number
  maxBytes?: number
}

/**
 * In-memory cache of rendered public pages, keyed by origin and URL. Cleared as a whole
 * whenever content changes (publishing, editing, settings): pages show lists, counts and
 * navigation that any change can touch, and re-rendering is cheap. Bounded by entry count and
 * total bytes (oldest entries go first).
 *
 * Each clear starts a new generation. A render records the generation it started in and its
 * result is only kept if no clear happened meanwhile: a page built from data read before a
 * change is never stored after it.
 */
export class RenderCache {
  readonly enabled: boolean
  readonly maxEntries: number
  readonly maxBytes: number
  #entries = new Map<string, CachedPage>()
  #bytes = 0
  #generation = 0
  readonly #headers: Readonly<Record<string, string>>

  constructor(options: RenderCacheOptions) {
    this.enabled = options.enabled
    this.maxEntries = options.maxEntries ?? 5000
    this.maxBytes = options.maxBytes ?? 128 * 1024 * 1024
    this.#headers = options.headers ?? {}
  }

  /** Incremented by every clear(); pass the value read before rendering to store(). */
  get generation(): number {
    return this.#generation
  }

  get(key: string): CachedPage | undefined {
    const entry = this.#entries.get(key)
    if (entry?.refresh && Date.now() >= entry.refresh.at) return this.#renew(key, entry)
    return entry
  }

  /** Re-fills a page that carries a short-lived part (a comment form's time token). */
  #renew(key: string, stale: CachedPage): CachedPage {
    const { render, everyMs } = stale.refresh!
    const fresh = new CachedPage(stale.status, Buffer.from(render()), new Date(stale.lastModifiedSeconds * 1000), stale.cacheControl, this.#headers, stale.etag, stale.contentType)
    fresh.refresh = { at: Date.now() + everyMs, everyMs, render }
    this.#delete(key)
    this.#insert(key, fresh)
    return fresh
  }

  /**
   * Builds the entry (ETag, headers) and keeps it when the cache is on and no clear() happened
   * since `generation`; returns it either way, for the current response.
   */
  store(
    key: string,
    /** `html` is the body; `contentType` defaults to HTML (a feed gives its own). */
    page: { status: number; html: string; lastModified: Date; cacheControl: string; contentType?: string },
    generation = this.#generation,
    /** For pages with a short-lived part: how to re-render it, and how often. */
    refresh?: { everyMs: number; render: () => string; template: string },
  ): CachedPage {
    // A page re-filled every few seconds keeps one weak validator, made from its template: the
    // refreshed part (the form's time token) does not change what the page says, so clients
    // and CDNs still get 304s.
    const etag = refresh ? `W/"${createHash('sha1').update(refresh.template).digest('base64url').slice(0, 22)}"` : undefined
    const entry = new CachedPage(page.status, Buffer.from(page.html), page.lastModified, page.cacheControl, this.#headers, etag, page.contentType)
    if (refresh) entry.refresh = { at: Date.now() + refresh.everyMs, everyMs: refresh.everyMs, render: refresh.render }
    if (!this.enabled || generation !== this.#generation || entry.bytes > this.maxBytes) return entry
    this.#delete(key)
    this.#insert(key, entry)
    return entry
  }

  #insert(key: string, entry: CachedPage) {
    while (this.#entries.size >= this.maxEntries || this.#bytes + entry.bytes > this.maxBytes) {
      const oldest = this.#entries.keys().next()
      if (oldest.done) break
      this.#delete(oldest.value)
    }
    this.#entries.set(key, entry)
    this.#bytes += entry.bytes
    entry.onGzip = (bytes) => {
      if (this.#entries.get(key) === entry) this.#bytes += bytes
    }
  }

  clear(): void {
    for (const entry of this.#entries.values()) entry.onGzip = undefined
    this.#entries.clear()
    this.#bytes = 0
    this.#generation++
  }

  get size(): number {
    return this.#entries.size
  }

  /** Bytes held (bodies and the gzip variants made so far). */
  get bytes(): number {
    return this.#bytes
  }

  #delete(key: string) {
    const entry = this.#entries.get(key)
    if (!entry) return
    entry.onGzip = undefined
    this.#bytes -= entry.bytes
    this.#entries.delete(key)
  }
}
