import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import SQLiteDatabase from 'better-sqlite3'
import { ConfigError, loadConfig } from '../../src/config.js'
import { verifyPassword } from '../../src/modules/users/password.js'
import { runSahifa } from '../support/sahifa-process.js'


/** The real `sahifa` binary (test/support/sahifa-process.ts). */
const sahifa = (args: string[], env: Record<string, string>) => runSahifa(args, env, { timeoutMs: 30_000 })

/** The one line `prefix: value` of a command's output. */
function field(output: string, prefix: string): string | undefined {
  return output
    .split('\n')
    .find((l) => l.startsWith(`${prefix}: `))
    ?.slice(prefix.length + 2)
    .trim()
}

describe('sahifa CLI (SQLite file)', () => {
  let dir: string
  let file: string
  let env: Record<string, string>
  const passwordHashOf = (email: string): string => {
    const db = new SQLiteDatabase(file, { readonly: true })
    try {
      const row = db.prepare('select password_hash from users where email = ?').get(email) as { password_hash: string } | undefined
      assert.ok(row, `a user row for ${email}`)
      return row.password_hash
    } finally {
      db.close()
    }
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sahifa-cli-'))
    file = join(dir, 'cli.db')
    env = { DATABASE_URL: `sqlite:${file}` }
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('`migrate` applies the migrations to a fresh file, then reports it is up to date', async () => {
    const first = await sahifa(['migrate'], env)
    assert.equal(first.code, 0, first.stderr)
    assert.match(first.stdout, /^applied: 0001-foundation(, [\w-]+)*\n$/)
    const second = await sahifa(['migrate'], env)
    assert.equal(second.code, 0, second.stderr)
    assert.equal(second.stdout.trim(), 'database is up to date')
  })

  it('`user create` prints a generated password that signs in; --password is used as given', async () => {
    const [generated, given] = await Promise.all([
      sahifa(['user', 'create', '--email', 'Sara@Example.com', '--name', 'سارة الأحمد', '--role', 'editor'], env),
      sahifa(['user', 'create', '--email', 'omar@example.com', '--name', 'عمر', '--role', 'author', '--password', 'كلمة سر طويلة 2026'], env),
    ])
    assert.equal(generated.code, 0, generated.stderr)
    assert.match(generated.stdout, /created user #\d+ <sara@example\.com> \(editor\)/)
    const password = field(generated.stdout, 'password')
    assert.ok(password && password.length >= 16, 'a long generated password is printed')
    assert.equal(await verifyPassword(password, passwordHashOf('sara@example.com')), true)
    assert.equal(await verifyPassword(`${password}x`, passwordHashOf('sara@example.com')), false)

    assert.equal(given.code, 0, given.stderr)
    assert.equal(field(given.stdout, 'password'), undefined, 'a password given on the command line is not echoed')
    assert.equal(await verifyPassword('كلمة سر طويلة 2026', passwordHashOf('omar@example.com')), true)

    const db = new SQLiteDatabase(file, { readonly: true })
    const row = db.prepare('select name, role, active from users where email = ?').get('sara@example.com')
    db.close()
    assert.deepEqual(row, { name: 'سارة الأحمد', role: 'editor', active: 1 })
  })

  it('refuses a duplicate email and an unknown role with a clear message and a non-zero exit', async () => {
    const [duplicate, badRole] = await Promise.all([
      sahifa(['user', 'create', '--email', 'SARA@example.com', '--name', 'أخرى', '--role', 'author'], env),
      sahifa(['user', 'create', '--email', 'new@example.com', '--name', 'جديد', '--role', 'overlord'], env),
    ])
    assert.notEqual(duplicate.code, 0)
    assert.match(duplicate.stderr, /a user with this email already exists/)
    assert.notEqual(badRole.code, 0)
    assert.match(badRole.stderr, /'overlord' is invalid/)
    assert.match(badRole.stderr, /admin, editor, author, contributor, moderator/)

    const db = new SQLiteDatabase(file, { readonly: true })
    const count = db.prepare('select count(*) as n from users').get() as { n: number }
    db.close()
    assert.equal(count.n, 2, 'neither command created a user')
  })

  it('`user set-password` prints a new password that works, and the old one stops working', async () => {
    const before = passwordHashOf('omar@example.com')
    const res = await sahifa(['user', 'set-password', '--email', 'OMAR@example.com'], env)
    assert.equal(res.code, 0, res.stderr)
    assert.match(res.stdout, /password updated for <omar@example\.com>/)
    const password = field(res.stdout, 'password')
    assert.ok(password)
    const hash = passwordHashOf('omar@example.com')
    assert.notEqual(hash, before)
    assert.equal(await verifyPassword(password, hash), true)
    assert.equal(await verifyPassword('كلمة سر طويلة 2026', hash), false)
  })

  it('`reindex` makes articles written behind the application searchable, published ones only', async () => {
    const db = new SQLiteDatabase(file)
    const insert = db.prepare('insert into articles (slug, title, body_text, status, published_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)')
    const at = '2026-05-01T10:00:00.000Z'
    insert.run('a', 'التحالف يعلن', 'نص عن التحالف.', 'published', at, at, at)
    insert.run('b', 'مسودة التحالف', 'نص.', 'draft', null, at, at)
    assert.deepEqual(db.prepare(`select rowid from article_search where article_search match '"تحالف"'`).all(), [], 'rows written behind the application are not indexed yet')
    db.close()

    const res = await sahifa(['reindex', '--batch', '1'], env)
    assert.equal(res.code, 0, res.stderr)
    assert.match(res.stdout, /^indexed 1 published articles in \d+\.\d s\n$/)
    const after = new SQLiteDatabase(file, { readonly: true })
    assert.deepEqual(after.prepare(`select rowid as id from article_search where article_search match '"تحالف"'`).all(), [{ id: 1 }])
    assert.ok(after.prepare(`select value from settings where key = 'search.index'`).get(), 'the index is marked current')
    after.close()

    const bad = await sahifa(['reindex', '--batch', '0'], env)
    assert.notEqual(bad.code, 0)
    assert.match(bad.stderr, /--batch must be a whole number/)
  })

  it('exits non-zero on an invalid environment, naming each bad variable', async () => {
    const res = await sahifa(['migrate'], { PORT: 'abc', DATABASE_URL: 'mysql://x' })
    assert.notEqual(res.code, 0)
    assert.match(res.stderr, /Invalid configuration/)
    assert.match(res.stderr, /PORT: .*"abc"/)
    assert.match(res.stderr, /DATABASE_URL: must start with sqlite: or postgres:\/\//)
  })
})

// The same validation in-process (no spawn): each variable alone is named in the error.
describe('configuration errors', () => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'sqlite:' }, 'DATABASE_URL'],
    [{ SAHIFA_TLS: 'maybe' }, 'SAHIFA_TLS'],
    [{ SAHIFA_SECRET: 'short' }, 'SAHIFA_SECRET'],
    [{ SAHIFA_LOGIN_MAX_ATTEMPTS: '0' }, 'SAHIFA_LOGIN_MAX_ATTEMPTS'],
    [{ SAHIFA_SESSION_DAYS: 'forever' }, 'SAHIFA_SESSION_DAYS'],
    [{ SAHIFA_PUBLIC_URL: 'not a url' }, 'SAHIFA_PUBLIC_URL'],
  ]
  for (const [env, name] of cases) {
    it(`names ${name} for ${JSON.stringify(env)}`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && new RegExp(`^  ${name}: `, 'm').test(error.message),
      )
    })
  }

  it('accepts a valid environment', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u:p@db/sahifa', SAHIFA_TLS: '1' })
    assert.equal(config.port, 8080)
    assert.deepEqual(config.database, { kind: 'postgres', url: 'postgres://u:p@db/sahifa' })
    assert.equal(config.tls, true)
  })
})
