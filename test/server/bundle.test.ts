import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import sharp from 'sharp'
import { build, isBuildFresh } from '../../scripts/build.mjs'
import { spawnServer } from '../support/sahifa-process.js'

// What production runs: `npm start` builds dist/ and bin/sahifa.js runs the CommonJS bundle through
// a V8 code cache (bin/run-bundle.js). Every other test runs the TypeScript sources.
const root = new URL('../..', import.meta.url).pathname
const cacheFile = join(root, 'dist/sahifa.cjs.cache')

function sahifa(dir: string, args: string[], extraEnv: Record<string, string> = {}) {
  return { cwd: root, env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'site.db')}`, SAHIFA_MEDIA_DIR: join(dir, 'media'), NODE_ENV: 'production', SAHIFA_WORKERS: '1', ...extraEnv }, args }
}

/** Starts `sahifa serve` from the build; resolves with its port and everything it printed so far. */
async function startServer(dir: string): Promise<{ port: number; stop: () => Promise<number | null> }> {
  const { env } = sahifa(dir, ['serve'], { PORT: '0', SAHIFA_DEMO: '0', LOG_LEVEL: 'silent' })
  const { child, port, exited } = await spawnServer(env)
  return { port, stop: () => (child.kill('SIGTERM'), exited.then(({ code }) => code)) }
}

/** The session cookie of a browser that signed in through the real form. */
async function signIn(base: string, email: string, password: string) {
  const form = await fetch(`${base}/newsroom/login`)
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1]
  const csrfCookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  assert.ok(csrf && csrfCookie, 'the sign-in form has its CSRF field and cookie')
  const res = await fetch(`${base}/newsroom/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password }),
  })
  assert.equal(res.status, 303)
  const session = res.headers.getSetCookie().find((c) => c.startsWith('sahifa_session='))?.split(';')[0]
  assert.ok(session, 'signed in')
  return session
}

describe('the production build (dist/, bin/run-bundle.js)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-bundle-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  before(async () => {
    await build()
    assert.ok(isBuildFresh(), 'bin/sahifa.js will run the build, not the sources')
    assert.equal(existsSync(cacheFile), false, 'a build deletes the code cache of the bundle it replaces')
    const { cwd, env, args } = sahifa(dir, ['user', 'create', '--email', 'bundle@example.com', '--name', 'محررة', '--role', 'editor', '--password', 'correct horse battery'])
    const created = spawnSync(process.execPath, ['bin/sahifa.js', ...args], { cwd, env, encoding: 'utf8' })
    assert.equal(created.status, 0, created.stderr)
    assert.equal(existsSync(cacheFile), false, 'a CLI command does not write the cache (it has not compiled the server)')
  })

  it('serves pages and loads sharp on first use; the first server writes the code cache, the next one uses it', async () => {
    const first = await startServer(dir)
    const base = `http://127.0.0.1:${first.port}`
    const home = await fetch(base)
    assert.equal(home.status, 200)
    assert.match(await home.text(), /<html lang="ar" dir="rtl">/)

    // An upload: sharp and file-type are imported on first use, from inside the vm.Script.
    const session = await signIn(base, 'bundle@example.com', 'correct horse battery')
    const library = await (await fetch(`${base}/newsroom/media`, { headers: { cookie: session } })).text()
    const csrf = /name="_csrf" value="([^"]+)"/.exec(library)?.[1]
    assert.ok(csrf)
    const png = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#336699' } }).png().toBuffer()
    const body = new FormData()
    for (const [name, value] of Object.entries({ _csrf: csrf, alt: 'مربع أزرق', caption: '', credit: '' })) body.append(name, value)
    body.append('file', new Blob([png], { type: 'image/png' }), 'blue.png')
    const upload = await fetch(`${base}/newsroom/media`, { method: 'POST', redirect: 'manual', headers: { cookie: session }, body })
    assert.equal(upload.status, 303, await upload.text())
    assert.match(upload.headers.get('location') ?? '', /^\/newsroom\/media\/\d+\?done=uploaded$/)

    assert.equal(await first.stop(), 0)
    assert.ok(existsSync(cacheFile), 'the server wrote the code cache (at the latest when it exited)')
    const written = statSync(cacheFile).mtimeMs

    const second = await startServer(dir)
    assert.equal((await fetch(`http://127.0.0.1:${second.port}/`)).status, 200)
    assert.equal(await second.stop(), 0)
    assert.equal(statSync(cacheFile).mtimeMs, written, 'V8 accepted the cache, so the second server did not rewrite it')
  })
})
