#!/usr/bin/env node
// Runs every test file with node:test (through tsx). Real components only: PostgreSQL tests run
// when TEST_DATABASE_URL is set, browser tests when /usr/bin/chromium exists, HTML validation
// when Java is installed. Whatever is missing is skipped LOUDLY; under CI=true a skip fails the run.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const onlyUnit = process.argv.includes('--only-unit')
const ci = process.env.CI === 'true' || process.env.CI === '1'

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) findTests(path, out)
    else if (/\.test\.tsx?$/.test(name)) out.push(path)
  }
  return out
}

/** Whether a command runs and exits 0 (a tool the suite needs is installed). */
function succeeds(command, args) {
  try {
    execFileSync(command, args, { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const hasJava = () => succeeds('java', ['-version'])

const skipped = []
if (!process.env.TEST_DATABASE_URL) skipped.push('PostgreSQL: TEST_DATABASE_URL is not set, repository and route tests ran on SQLite only (bash .ci/run starts PostgreSQL)')
const browser = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')
if (!browser) skipped.push('Chromium: /usr/bin/chromium is missing, browser tests (test/e2e) skipped (run ../shared/tools/chromium-setup.sh)')
if (!hasJava()) skipped.push('Java: not installed, HTML validation with vnu skipped')
if (!succeeds('/usr/bin/python3', ['-c', 'import feedparser'])) skipped.push('feedparser: Debian python3-feedparser is missing, feeds were not parsed by a real feed reader (apt-get install python3-feedparser)')
if (!succeeds('xmllint', ['--version'])) skipped.push('xmllint: libxml2-utils is missing, sitemaps were not validated against their XML schemas (apt-get install libxml2-utils)')

let files = [...findTests(join(root, 'src')), ...findTests(join(root, 'test'))].sort()
if (onlyUnit || !browser) files = files.filter((f) => !f.includes('/test/e2e/'))

const banner = (lines) => {
  if (lines.length === 0) return
  const bar = '!'.repeat(78)
  console.error(`\n${bar}\n!! SKIPPED — these parts of the suite did not run:\n${lines.map((l) => `!!  - ${l}`).join('\n')}\n${bar}\n`)
}
banner(skipped)

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, NODE_ENV: 'test' },
})
banner(skipped)
if (result.status !== 0) process.exit(result.status ?? 1)
if (ci && skipped.length > 0) {
  console.error('CI=true: a skipped part of the suite is a failure.')
  process.exit(1)
}
