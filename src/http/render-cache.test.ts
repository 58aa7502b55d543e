import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { gunzipSync } from 'node:zlib'
import { RenderCache } from './render-cache.js'

const page = (html: string, lastModified = new Date('2026-05-11T09:00:00.500Z')) => ({ status: 200, html, lastModified, cacheControl: 'public, max-age=30' })
const big = (n: number) => `<!doctype html><p>${'خبر عاجل من الرباط. '.repeat(n)}</p>`

describe('RenderCache', () => {
  it('returns what it stored, with headers built once (security headers, length, validators)', () => {
    const cache = new RenderCache({ enabled: true, headers: { 'x-content-type-options': 'nosniff' } })
    const stored = cache.store('http://a.test/news/1', page('<p>مرحبا</p>'))
    const hit = cache.get('http://a.test/news/1')!
    assert.equal(hit, stored)
    assert.equal(hit.body.toString(), '<p>مرحبا</p>')
    assert.equal(hit.headers['x-content-type-options'], 'nosniff')
    assert.equal(hit.headers['content-length'], String(Buffer.byteLength('<p>مرحبا</p>')))
    assert.equal(hit.headers.etag, hit.etag)
    assert.equal(hit.headers['last-modified'], 'Mon, 11 May 2026 09:00:00 GMT')
    assert.equal(hit.lastModifiedSeconds, Date.parse('2026-05-11T09:00:00Z') / 1000)
    assert.equal(hit.headers['cache-control'], 'public, max-age=30')
    assert.equal(hit.headers.vary, 'accept-encoding')
    assert.ok(Object.isFrozen(hit.headers))
  })

  it('gives the same bytes the same strong ETag, in any instance, and different bytes another', () => {
    const a = new RenderCache({ enabled: true }).store('k', page('<p>واحد</p>'))
    const b = new RenderCache({ enabled: false }).store('other', page('<p>واحد</p>', new Date()))
    const c = new RenderCache({ enabled: true }).store('k', page('<p>اثنان</p>'))
    assert.match(a.etag, /^"[\w-]{22}"$/)
    assert.equal(a.etag, b.etag)
    assert.notEqual(a.etag, c.etag)
  })

  it('makes the gzip variant on first demand, with its own stable ETag, and counts its bytes', () => {
    const cache = new RenderCache({ enabled: true })
    const entry = cache.store('k', page(big(200)))
    const before = cache.bytes
    assert.equal(before, entry.body.length)
    const gz = entry.gzip()!
    assert.equal(entry.gzip(), gz, 'compressed once')
    assert.deepEqual(gunzipSync(gz.body), entry.body)
    assert.equal(gz.etag, `${entry.etag.slice(0, -1)}-gz"`)
    assert.equal(gz.headers['content-encoding'], 'gzip')
    assert.equal(gz.headers['content-length'], String(gz.body.length))
    assert.equal(cache.bytes, before + gz.body.length)
    assert.equal(new RenderCache({ enabled: true }).store('k', page('<p>قصير</p>')).gzip(), undefined, 'small pages are not compressed')
  })

  it('keeps at most maxEntries pages, dropping the oldest', () => {
    const cache = new RenderCache({ enabled: true, maxEntries: 3 })
    for (const n of [1, 2, 3, 4]) cache.store(`/p/${n}`, page(`<p>${n}</p>`))
    assert.equal(cache.size, 3)
    assert.equal(cache.get('/p/1'), undefined)
    assert.ok(cache.get('/p/4'))
    cache.store('/p/3', page('<p>3 again</p>')) // replacing is not growing
    assert.equal(cache.size, 3)
    assert.ok(cache.get('/p/2'))
  })

  it('keeps at most maxBytes, dropping the oldest, and never stores a page larger than the bound', () => {
    const cache = new RenderCache({ enabled: true, maxBytes: 1000 })
    for (const n of [1, 2, 3]) cache.store(`/p/${n}`, page('x'.repeat(400)))
    assert.equal(cache.size, 2)
    assert.equal(cache.get('/p/1'), undefined)
    assert.ok(cache.bytes <= 1000)
    const huge = cache.store('/huge', page('x'.repeat(1001)))
    assert.equal(huge.body.length, 1001, 'still returned for this response')
    assert.equal(cache.get('/huge'), undefined)
    assert.equal(cache.size, 2)
  })

  it('clear() empties it and starts a new generation; a render begun before the clear is not kept', () => {
    const cache = new RenderCache({ enabled: true })
    cache.store('/a', page('<p>a</p>'))
    const generation = cache.generation // a request arrives and starts rendering…
    cache.clear() // …content changes meanwhile…
    assert.equal(cache.size, 0)
    assert.equal(cache.bytes, 0)
    assert.equal(cache.generation, generation + 1)
    const late = cache.store('/b', page('<p>stale</p>'), generation) // …and the stale render finishes
    assert.equal(late.body.toString(), '<p>stale</p>')
    assert.equal(cache.get('/b'), undefined)
    cache.store('/b', page('<p>fresh</p>'), cache.generation)
    assert.equal(cache.get('/b')?.body.toString(), '<p>fresh</p>')
  })

  it('a gzip variant made after its page was dropped is not counted', () => {
    const cache = new RenderCache({ enabled: true })
    const entry = cache.store('k', page(big(200)))
    cache.clear()
    entry.gzip()
    assert.equal(cache.bytes, 0)
  })

  it('stores nothing when disabled, but still builds the response (ETag and headers)', () => {
    const cache = new RenderCache({ enabled: false })
    const entry = cache.store('/a', page('<p>a</p>'))
    assert.match(entry.etag, /^"/)
    assert.equal(cache.get('/a'), undefined)
    assert.equal(cache.size, 0)
  })
})
