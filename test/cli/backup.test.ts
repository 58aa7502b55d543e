/**
 * `sahifa backup` and `sahifa restore` with the real binary: a backup taken while a real server
 * (spawned `sahifa serve`) keeps accepting comments is consistent (integrity ok, every comment
 * acknowledged before it started, and exactly the live rows up to a point); it restores into a
 * fresh path and over an idle database (the replaced one kept); restoring over the running
 * server's database, garbage files, other databases, newer ones and existing backup files are
 * refused without touching anything; on PostgreSQL both commands print the pg_dump/pg_restore
 * command and fail.
 */
import assert from 'node:assert/strict'
import { type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import SQLiteDatabase from 'better-sqlite3'
import { BackupError, restoreSqlite } from '../../src/db/backup.js'
import { runSahifa, spawnServer, type ServerProcess } from '../support/sahifa-process.js'


/** The real `sahifa` binary (test/support/sahifa-process.ts), quiet. */
const sahifa = (args: string[], env: Record<string, string>) => runSahifa(args, { LOG_LEVEL: 'silent', ...env })

/** `sahifa serve` on `file` (one process, demo content, comment limits out of the way). */
function startServer(file: string): Promise<ServerProcess> {
  return spawnServer({
    ...process.env,
    PORT: '0',
    DATABASE_URL: `sqlite:${file}`,
    SAHIFA_DEMO: '1',
    SAHIFA_WORKERS: '1',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    SAHIFA_COMMENT_LIMIT_PER_IP: '1000000',
    SAHIFA_COMMENT_LIMIT_PER_EMAIL: '1000000',
  })
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

/** Reads a database file with a fresh read-only connection. */
function withDb<T>(file: string, read: (db: SQLiteDatabase.Database) => T): T {
  const db = new SQLiteDatabase(file, { readonly: true, fileMustExist: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}

const commentRows = (file: string) => withDb(file, (db) => db.prepare('select id, body from comments order by id').all() as Array<{ id: number; body: string }>)

describe('sahifa backup and restore (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-backup-'))
  const live = join(dir, 'live', 'site.db')
  const backup = join(dir, 'backups', 'site-backup.db')
  const env = { DATABASE_URL: `sqlite:${live}`, SAHIFA_MEDIA_DIR: join(dir, 'media') }
  let server: { child: ChildProcess; port: number }
  const acked: Array<{ id: number; at: number }> = []

  before(async () => {
    server = await startServer(live)
  })
  after(async () => {
    if (server.child.exitCode === null) {
      const exited = new Promise((resolve) => server.child.on('exit', resolve))
      server.child.kill('SIGTERM')
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  })

  it('backs up while the server keeps accepting comments: integrity ok, every row up to a point, nothing torn', async () => {
    // Some bulk, so that the copy takes several steps while comments keep arriving.
    const writer = new SQLiteDatabase(live)
    writer.pragma('busy_timeout = 5000')
    const insert = writer.prepare("insert into pages (slug, title, body_html, status, created_at, updated_at) values (?, ?, ?, 'draft', ?, ?)")
    writer.transaction(() => {
      for (let i = 0; i < 300; i++) insert.run(`bulk-${i}`, `صفحة ${i}`, `<p>${'نص طويل للصفحة. '.repeat(2500)}</p>`, new Date().toISOString(), new Date().toISOString())
    })()
    writer.close()

    const base = `http://127.0.0.1:${server.port}`
    const article = withDb(live, (db) => db.prepare("select id, slug from articles where status = 'published' order by id limit 1").get() as { id: number; slug: string })
    const page = await (await fetch(`${base}/news/${article.id}/${encodeURIComponent(article.slug)}`)).text()
    const token = /name="_t" value="([^"]+)"/.exec(page)?.[1]
    assert.ok(token, 'the article page has the comment form')

    let writing = true
    let n = 0
    const post = async (): Promise<void> => {
      while (writing) {
        const i = ++n
        const res: Response = await fetch(`${base}/news/${article.id}/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams({ author: `قارئ ${i}`, email: `reader${i}@example.com`, comment: `تعليق رقم ${i} أثناء النسخ الاحتياطي.`, _t: token }).toString(),
        })
        assert.equal(res.status, 201, `comment ${i}: ${res.status} ${await res.clone().text()}`)
        acked.push({ id: ((await res.json()) as { id: number }).id, at: performance.now() })
      }
    }
    const writers = [post(), post(), post()]
    while (acked.length < 20) await new Promise((resolve) => setTimeout(resolve, 20))

    const started = performance.now()
    const ackedBefore = acked.map((a) => a.id)
    const run = await sahifa(['backup', backup], env)
    const finished = performance.now()
    writing = false
    await Promise.all(writers)

    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /^backup written: .*site-backup\.db \(\d+\.\d MB, \d+ pages, \d+ migrations, integrity ok\) in [\d.]+ s$/m)
    assert.match(run.stdout, /copy .*media too/)
    assert.ok(acked.some((a) => a.at > started && a.at < finished), 'comments were accepted while the backup ran')

    assert.equal(withDb(backup, (db) => db.pragma('integrity_check', { simple: true })), 'ok')
    assert.equal(withDb(backup, (db) => db.pragma('journal_mode', { simple: true })), 'delete', 'a standalone file')
    assert.ok(!existsSync(`${backup}-wal`))
    assert.deepEqual(readdirSync(join(dir, 'backups')), ['site-backup.db'], 'no partial file left')

    // Exactly the live rows up to a point: a prefix of the live table, the same bodies, every
    // comment acknowledged before the backup began among them.
    const saved = commentRows(backup)
    const now = commentRows(live)
    assert.ok(saved.length >= ackedBefore.length)
    assert.deepEqual(saved, now.slice(0, saved.length))
    const savedIds = new Set(saved.map((r) => r.id))
    for (const id of ackedBefore) assert.ok(savedIds.has(id), `comment ${id} acknowledged before the backup is in it`)
    assert.ok(now.length > saved.length, 'the server kept writing after the snapshot')
    assert.equal(withDb(backup, (db) => (db.prepare("select count(*) as n from pages where slug like 'bulk-%'").get() as { n: number }).n), 300)
  })

  it('refuses to overwrite an existing backup file without --force', async () => {
    const before = sha256(backup)
    const refused = await sahifa(['backup', backup], env)
    assert.notEqual(refused.code, 0)
    assert.match(refused.stderr, /already exists: choose another name, or add --force/)
    assert.equal(sha256(backup), before)
    const forced = await sahifa(['backup', backup, '--force'], env)
    assert.equal(forced.code, 0, forced.stderr)
    assert.ok(commentRows(backup).length > 0)
  })

  it('restores into a fresh path, and the restored site has the backup\'s content', async () => {
    const fresh = join(dir, 'fresh', 'restored.db')
    const run = await sahifa(['restore', backup], { DATABASE_URL: `sqlite:${fresh}` })
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /^restored .* into .*restored\.db \(\d+ migrations, integrity ok\)$/m)
    assert.match(run.stdout, /schema is up to date/)
    assert.ok(!/kept as/.test(run.stdout), 'nothing was replaced')
    assert.equal(withDb(fresh, (db) => db.pragma('integrity_check', { simple: true })), 'ok')
    assert.deepEqual(commentRows(fresh), commentRows(backup))
    const migrated = await sahifa(['migrate'], { DATABASE_URL: `sqlite:${fresh}` })
    assert.equal(migrated.stdout.trim(), 'database is up to date')
  })

  it('refuses to restore over the database a running server has open, and changes nothing', async () => {
    const countBefore = commentRows(live).length
    const run = await sahifa(['restore', backup], env)
    assert.notEqual(run.code, 0)
    assert.match(run.stderr, /is in use \(a running server or another command has it open\): stop it, then restore/)
    assert.equal(readdirSync(join(dir, 'live')).filter((f) => f.includes('restoring') || f.includes('before-restore')).length, 0, 'no file left behind')
    const res = await fetch(`http://127.0.0.1:${server.port}/`)
    assert.equal(res.status, 200, 'the server is still serving')
    assert.ok(commentRows(live).length >= countBefore)
  })

  it('restores over an idle database, keeping the replaced one beside it', async () => {
    const target = join(dir, 'idle', 'site.db')
    const first = await sahifa(['migrate'], { DATABASE_URL: `sqlite:${target}` })
    assert.equal(first.code, 0, first.stderr)
    const migrationsOf = (file: string) => withDb(file, (db) => db.prepare('select name from kysely_migration order by name').all())
    const before = migrationsOf(target)
    const run = await sahifa(['restore', backup], { DATABASE_URL: `sqlite:${target}` })
    assert.equal(run.code, 0, run.stderr)
    const kept = /kept as (.+before-restore-\d{8}-\d{6})$/m.exec(run.stdout)?.[1]
    assert.ok(kept && existsSync(kept), run.stdout)
    // The replaced database, as it was: its migrations, no comments, a sound file.
    assert.deepEqual(migrationsOf(kept), before)
    assert.deepEqual(commentRows(kept), [])
    assert.equal(withDb(kept, (db) => db.pragma('integrity_check', { simple: true })), 'ok')
    assert.deepEqual(commentRows(target), commentRows(backup))
    assert.ok(!existsSync(`${target}-wal`) || withDb(target, (db) => db.pragma('integrity_check', { simple: true })) === 'ok')
  })

  it('refuses garbage, other databases, damaged and newer ones, and missing files, touching nothing', async () => {
    const target = join(dir, 'guarded', 'site.db')
    assert.equal((await sahifa(['migrate'], { DATABASE_URL: `sqlite:${target}` })).code, 0)
    const guardedHash = sha256(target)
    const files = join(dir, 'bad')
    rmSync(files, { recursive: true, force: true })
    mkdirSync(files, { recursive: true })

    const random = join(files, 'random.db')
    writeFileSync(random, randomBytes(64 * 1024))
    const text = join(files, 'notes.txt')
    writeFileSync(text, 'هذه ليست قاعدة بيانات\n')
    const empty = join(files, 'empty.db')
    writeFileSync(empty, '')
    const other = join(files, 'other.db')
    withWritable(other, (db) => db.exec('create table things (id integer primary key, name text); insert into things (name) values (\'x\')'))
    const damaged = join(files, 'damaged.db')
    const bytes = readFileSync(backup)
    for (let offset = 8192; offset < bytes.length; offset += 4096) randomBytes(512).copy(bytes, offset + 100)
    writeFileSync(damaged, bytes)
    const newer = join(files, 'newer.db')
    writeFileSync(newer, readFileSync(backup))
    withWritable(newer, (db) => db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('9999-from-the-future', new Date().toISOString()))

    const cases: Array<[string, RegExp]> = [
      [random, /is not a SQLite database/],
      [text, /is not a SQLite database/],
      [empty, /is not a SQLite database/],
      [other, /is a SQLite database but not a Sahifa one/],
      [damaged, /integrity check|cannot be read as a database/],
      [newer, /made by a newer Sahifa \(migration 9999-from-the-future is unknown/],
      [join(files, 'missing.db'), /there is no file at/],
      [target, /the backup file is the database itself/],
    ]
    // What the command calls, case by case (a process each would take seconds)…
    for (const [file, message] of cases) {
      assert.throws(() => restoreSqlite(file, target, new Date()), (error: Error) => error instanceof BackupError && message.test(error.message), file)
      assert.equal(sha256(target), guardedHash, `${file}: the database is untouched`)
    }
    // …and the command itself: the message on stderr and a failure exit.
    const run = await sahifa(['restore', random], { DATABASE_URL: `sqlite:${target}` })
    assert.equal(run.code, 1)
    assert.match(run.stderr, /^error: .*random\.db is not a SQLite database\n$/)
    assert.equal(sha256(target), guardedHash)
    assert.deepEqual(readdirSync(join(dir, 'guarded')).sort(), ['site.db'], 'no temporary file left')
  })
})

/** A database file opened for writing (test fixtures). */
function withWritable(file: string, work: (db: SQLiteDatabase.Database) => void): void {
  const db = new SQLiteDatabase(file)
  try {
    work(db)
  } finally {
    db.close()
  }
}

describe('sahifa backup and restore (PostgreSQL)', () => {
  const env = { DATABASE_URL: 'postgres://sahifa:secret-password@127.0.0.1:1/news' }

  it('backup prints the pg_dump command (never the password) and fails', async () => {
    const run = await sahifa(['backup', 'news.dump'], env)
    assert.equal(run.code, 1)
    assert.match(run.stderr, /this site runs on PostgreSQL, so nothing was backed up/)
    assert.ok(run.stderr.includes('  pg_dump --format=custom --no-owner --file=news.dump "$DATABASE_URL"\n'), run.stderr)
    assert.ok(!run.stderr.includes('secret-password'))
  })

  it('restore prints the pg_restore command and fails', async () => {
    const run = await sahifa(['restore', 'my backup.dump'], env)
    assert.equal(run.code, 1)
    assert.ok(run.stderr.includes(`  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" 'my backup.dump'\n`), run.stderr)
    assert.match(run.stderr, /sahifa migrate/)
    assert.ok(!run.stderr.includes('secret-password'))
  })
})
