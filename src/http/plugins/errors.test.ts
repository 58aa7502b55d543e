import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { buildTestApp, type TestApp } from '../../../test/support/test-app.js'
import { AppError } from '../../lib/errors.js'
import { loadAssets } from './assets.js'
import { errorHandling } from './errors.js'

describe('error handler', () => {
  let t: TestApp
  let app: FastifyInstance
  before(async () => {
    t = await buildTestApp('sqlite')
    // The app's own error handling on a bare Fastify, with a route that throws what a service would.
    app = Fastify({ logger: false })
    await app.register(errorHandling, { deps: t.deps, assets: loadAssets() })
    app.get('/too-large', async () => {
      throw new AppError('MEDIA_TOO_LARGE', 413, 'media.error.tooLarge', { max: 7 })
    })
    await app.ready()
  })
  after(async () => {
    await app?.close()
    await t?.close()
  })

  it("fills an AppError's placeholders from its vars, in JSON (every language) and on the error page", async () => {
    const json = await app.inject({ url: '/too-large', headers: { accept: 'application/json' } })
    assert.equal(json.statusCode, 413)
    const { error } = json.json()
    assert.equal(error.code, 'MEDIA_TOO_LARGE')
    assert.equal(error.message_ar, 'الملف أكبر من الحد المسموح به (7 ميغابايت). صغّر الصورة ثم أعد رفعها.')
    assert.equal(error.message_en, 'The file is larger than the limit (7 MB). Make the image smaller and upload it again.')
    assert.equal(error.message, error.message_ar)

    const page = await app.inject({ url: '/too-large' })
    assert.equal(page.statusCode, 413)
    assert.match(page.body, /الملف أكبر من الحد المسموح به \(7 ميغابايت\)/)
    assert.doesNotMatch(page.body, /\{max\}/)
  })
})
