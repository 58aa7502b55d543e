import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { startHalfSentRequest } from '../support/half-sent-request.js'
import { spawnServer, type ServerProcess } from '../support/sahifa-process.js'


function startServer(dir: string): Promise<ServerProcess> {
  return spawnServer({ ...process.env, PORT: '0', DATABASE_URL: `sqlite:${join(dir, 'site.db')}`, SAHIFA_DEMO: '1', LOG_LEVEL: 'silent', NODE_ENV: 'production' })
}

describe('graceful shutdown', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-shutdown-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('finishes an in-flight request on SIGTERM, then closes the database and exits 0', async () => {
    const { child, port } = await startServer(dir)
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))

    // The first start seeds the demo newsroom; its sections are in the navigation at once.
    assert.match(await (await fetch(`http://127.0.0.1:${port}/`)).text(), /<nav class="sections"[^>]*><ul[^>]*><li><a href="\/"[^>]*>[^<]+<\/a><\/li><li><a href="\/category\//)

    // A request whose body is only half sent when the signal arrives.
    const inFlight = await startHalfSentRequest(port)
    await new Promise((resolve) => setTimeout(resolve, 150))
    child.kill('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 150))
    const response = await inFlight.finish()

    assert.match(response, /^HTTP\/1\.1 403/, 'the in-flight request got its real answer (CSRF refusal), not a reset')
    assert.equal(await exited, 0)

    // New connections are refused once the server has closed.
    await assert.rejects(fetch(`http://127.0.0.1:${port}/`))

    const db = new Database(join(dir, 'site.db'), { readonly: true })
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok')
    db.close()
  })
})
