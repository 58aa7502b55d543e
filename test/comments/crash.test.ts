// Durability of accepted comments when the server dies mid-flood (issue 3, "Load and faults").
//
// The real server (`node bin/sahifa.js serve`, one process, SQLite) takes a flood of valid
// comments from 16 concurrent clients; after about a second it is killed with SIGKILL (no
// shutdown code runs), then started again on the same database file. Every comment that was
// answered 303 (the form, Location `…#comment-ID`) or 201 (the island, JSON with the id) before
// the kill must be in the database with the email and text that were sent, and SQLite's
// integrity check must pass. Requests in flight at the kill have no answer: they may or may not
// have been stored, and nothing is asserted about them.
//
// Why this holds: a comment is answered only after its transaction has committed, and with
// journal_mode=WAL and synchronous=NORMAL a commit is a write() of the transaction's pages to
// the WAL file: once write() returns they are in the operating system's page cache, which a
// process crash does not lose; the next process to open the database replays the WAL. Only an
// operating-system crash or power loss can lose the last commits (NORMAL fsyncs the WAL at
// checkpoints, not at every commit), and even then the database stays consistent. That case
// would need synchronous=FULL, at the cost of an fsync per comment; it is not tested here.
import assert from 'node:assert/strict'
import { type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { formToken } from '../../src/modules/comments/comments.service.js'
import { spawnServer, type ServerProcess } from '../support/sahifa-process.js'

const secret = 'crash-test-secret-crash-test-secret-0123456789'

/** The server in production mode, one process, with the demo newsroom on a fresh database. */
function startServer(file: string): Promise<ServerProcess> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAHIFA_') && !['DATABASE_URL', 'PORT', 'HOST', 'NODE_ENV', 'LOG_LEVEL'].includes(k)))
  return spawnServer({
    ...inherited,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${file}`,
    SAHIFA_DEMO: '1',
    SAHIFA_WORKERS: '1',
    SAHIFA_SECRET: secret,
    SAHIFA_COMMENT_LIMIT_PER_IP: '1000000',
    SAHIFA_COMMENT_LIMIT_PER_EMAIL: '1000000',
    LOG_LEVEL: 'silent',
  })
}

interface Accepted {
  id: number
  email: string
  body: string
}

/** One comment POST; resolves with the comment id when it was accepted (303 or 201). */
function postComment(agent: Agent, port: number, articleId: number, fields: Record<string, string>, json: boolean): Promise<number | undefined> {
  const payload = new URLSearchParams(fields).toString()
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: `/news/${articleId}/comments`,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(payload), ...(json ? { accept: 'application/json' } : {}) },
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => {
          if (res.statusCode === 303) return resolve(Number(/#comment-(\d+)$/.exec(res.headers.location ?? '')?.[1]))
          if (res.statusCode === 201) return resolve((JSON.parse(body) as { id: number }).id)
          reject(new Error(`answered ${res.statusCode}: ${body.slice(0, 200)}`))
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

describe('a server killed mid-flood', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-crash-'))
  const file = join(dir, 'site.db')
  const servers: ChildProcess[] = []
  after(() => {
    for (const child of servers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps every comment it answered, and the database passes its integrity check', { timeout: 60_000 }, async (t) => {
    const first = await startServer(file)
    servers.push(first.child)
    const articleId = (() => {
      const db = new Database(file, { readonly: true })
      try {
        return (db.prepare(`SELECT id FROM articles WHERE status = 'published' AND comment_status = 'open' ORDER BY id LIMIT 1`).get() as { id: number }).id
      } finally {
        db.close()
      }
    })()

    const accepted: Accepted[] = []
    const failures: string[] = []
    let killing = false
    let n = 0
    const token = formToken(secret, new Date(Date.now() - 60_000))
    const agent = new Agent({ keepAlive: true, maxSockets: 16 })
    const clients = Array.from({ length: 16 }, async () => {
      while (!killing) {
        const i = n++
        const email = `crash${i}@example.com`
        const body = `تعليق رقم ${i} قبل الانقطاع`
        try {
          const id = await postComment(agent, first.port, articleId, { author: `قارئ ${i}`, email, url: '', comment: body, parent_id: '', hp_website: '', _t: token }, i % 2 === 1)
          if (id === undefined || !Number.isInteger(id)) failures.push(`no comment id in the answer to post ${i}`)
          else accepted.push({ id, email, body })
        } catch (error) {
          // From the kill on, resets and refused connections are expected; before it, nothing but 303/201.
          if (!killing) failures.push(String(error))
          if (killing || (error as NodeJS.ErrnoException).code) return
        }
      }
    })

    await new Promise((resolve) => setTimeout(resolve, 1000))
    const acceptedBeforeKill = accepted.length
    killing = true
    first.child.kill('SIGKILL')
    const killed = await first.exited
    await Promise.all(clients)
    agent.destroy()
    assert.equal(killed.signal, 'SIGKILL', 'the server died of SIGKILL, without running any shutdown code')
    assert.deepEqual(failures, [], 'every answer before the kill was an accepted comment')
    assert.ok(acceptedBeforeKill >= 50, `a real flood was going on at the kill (${acceptedBeforeKill} comments accepted in the first second)`)

    // Restarted on the same file: it recovers the WAL and serves again.
    const second = await startServer(file)
    servers.push(second.child)
    const afterRestart = await postComment(new Agent(), second.port, articleId, { author: 'قارئ', email: 'after@example.com', url: '', comment: 'بعد إعادة التشغيل', parent_id: '', hp_website: '', _t: token }, true)
    assert.ok(afterRestart !== undefined && afterRestart > Math.max(...accepted.map((c) => c.id)), 'the restarted server accepts comments, with new ids')

    const db = new Database(file, { readonly: true })
    try {
      const find = db.prepare('SELECT author_email AS email, body FROM comments WHERE id = ?')
      const missing = accepted.filter((c) => {
        const row = find.get(c.id) as { email: string; body: string } | undefined
        return !row || row.email !== c.email || row.body !== c.body
      })
      assert.deepEqual(missing, [], `all ${accepted.length} comments answered before the kill are stored as sent`)
      t.diagnostic(`${accepted.length} comments answered before the kill, all stored; ${n - accepted.length} posts in flight at the kill`)
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok')
    } finally {
      db.close()
    }

    second.child.kill('SIGTERM')
    assert.equal((await second.exited).code, 0, 'the restarted server shuts down cleanly')
  })
})
