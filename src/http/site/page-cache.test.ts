import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { acceptsGzip, cacheKey, isNotModified } from './page-cache.js'

describe('page cache helpers', () => {
  it('keys a page by origin and URL, so a forged Host gets its own entry', () => {
    assert.notEqual(cacheKey('http://news.example', '/news/1/x'), cacheKey('http://evil.example', '/news/1/x'))
    assert.equal(cacheKey('https://news.example', '/?page=2'), 'https://news.example/?page=2')
  })

  it('accepts gzip unless the client refuses it with q=0', () => {
    assert.equal(acceptsGzip(undefined), false)
    assert.equal(acceptsGzip(''), false)
    assert.equal(acceptsGzip('identity'), false)
    assert.equal(acceptsGzip('gzip, deflate, br'), true)
    assert.equal(acceptsGzip('br;q=1.0, gzip;q=0.8, *;q=0.1'), true)
    assert.equal(acceptsGzip('gzip;q=0'), false)
    assert.equal(acceptsGzip('br, gzip;q=0, *;q=0.5'), false)
    assert.equal(acceptsGzip('*'), true)
    assert.equal(acceptsGzip('br, *;q=0.5'), true)
    assert.equal(acceptsGzip('br, *;q=0'), false)
  })

  it('answers If-None-Match with weak comparison, lists and *, ahead of If-Modified-Since', () => {
    const etag = '"abc"'
    const lm = Date.parse('2026-05-11T09:00:00Z') / 1000
    assert.equal(isNotModified({}, etag, lm), false)
    assert.equal(isNotModified({ 'if-none-match': '"abc"' }, etag, lm), true)
    assert.equal(isNotModified({ 'if-none-match': 'W/"abc"' }, etag, lm), true)
    assert.equal(isNotModified({ 'if-none-match': '"x", "abc"' }, etag, lm), true)
    assert.equal(isNotModified({ 'if-none-match': '*' }, etag, lm), true)
    assert.equal(isNotModified({ 'if-none-match': '"abd"' }, etag, lm), false)
    assert.equal(isNotModified({ 'if-none-match': '"abd"', 'if-modified-since': 'Mon, 11 May 2026 10:00:00 GMT' }, etag, lm), false, 'an ETag that does not match wins')
    assert.equal(isNotModified({ 'if-modified-since': 'Mon, 11 May 2026 09:00:00 GMT' }, etag, lm), true)
    assert.equal(isNotModified({ 'if-modified-since': 'Mon, 11 May 2026 08:59:59 GMT' }, etag, lm), false)
    assert.equal(isNotModified({ 'if-modified-since': 'yesterday' }, etag, lm), false)
  })
})
