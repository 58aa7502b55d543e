import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, loadConfig } from './config.js'

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({})
    assert.equal(config.port, 3000)
    assert.equal(config.host, '127.0.0.1')
    assert.deepEqual(config.database, { kind: 'sqlite', file: './data/sahifa.db' })
    assert.equal(config.demo, true)
    assert.equal(config.renderCache, true)
    assert.equal(config.env, 'development')
    assert.ok(Object.isFrozen(config))
  })

  it('lets a worker started under load stop after SAHIFA_WORKER_IDLE_S seconds without a request (default 300; 0 keeps them)', () => {
    assert.equal(loadConfig({}).workerIdleMs, 300_000)
    assert.equal(loadConfig({ SAHIFA_WORKER_IDLE_S: '0' }).workerIdleMs, 0)
    assert.equal(loadConfig({ SAHIFA_WORKER_IDLE_S: '60' }).workerIdleMs, 60_000)
    assert.throws(() => loadConfig({ SAHIFA_WORKER_IDLE_S: '-5' }), /SAHIFA_WORKER_IDLE_S/)
    assert.throws(() => loadConfig({ SAHIFA_WORKER_IDLE_S: 'soon' }), /SAHIFA_WORKER_IDLE_S/)
  })

  it('runs up to one process per core in production and a single process otherwise, unless SAHIFA_WORKERS says', () => {
    assert.equal(loadConfig({}).workers, 1)
    assert.equal(loadConfig({ NODE_ENV: 'test' }).workers, 1)
    assert.equal(loadConfig({ NODE_ENV: 'production' }).workers, 0)
    assert.equal(loadConfig({ NODE_ENV: 'production', SAHIFA_WORKERS: '1' }).workers, 1)
    assert.equal(loadConfig({ SAHIFA_WORKERS: '3' }).workers, 3)
    assert.throws(() => loadConfig({ SAHIFA_WORKERS: '-1' }), ConfigError)
  })

  it('reads PostgreSQL URLs and flags', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/news', SAHIFA_DEMO: '0', SAHIFA_RENDER_CACHE: 'false', PORT: '8080' })
    assert.deepEqual(config.database, { kind: 'postgres', url: 'postgres://u:p@db:5432/news' })
    assert.equal(config.demo, false)
    assert.equal(config.renderCache, false)
    assert.equal(config.port, 8080)
  })

  it('fails fast naming every bad variable', () => {
    assert.throws(
      () => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', SAHIFA_DEMO: 'maybe' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError)
        for (const name of ['PORT', 'DATABASE_URL', 'SAHIFA_DEMO']) assert.match(error.message, new RegExp(name))
        return true
      },
    )
  })

  it('rejects a short secret', () => {
    assert.throws(() => loadConfig({ SAHIFA_SECRET: 'short' }), /SAHIFA_SECRET/)
  })
})
