import assert from 'node:assert/strict'
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ContentEvents } from '../container.js'
import { cgroupCpuLimit, WorkerPool, workerCount } from './cluster.js'

const files = (map: Record<string, string>) => (path: string) => {
  if (!(path in map)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
  return map[path]!
}

describe('worker count', () => {
  it('takes SAHIFA_WORKERS as given when it is not 0', () => {
    assert.equal(workerCount({ workers: 1 }), 1)
    assert.equal(workerCount({ workers: 3 }), 3)
  })

  it('reads a cgroup v2 or v1 CPU quota, rounded up; unlimited is undefined', () => {
    assert.equal(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu.max': 'max 100000\n' })), undefined)
    assert.equal(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu.max': '150000 100000\n' })), 2)
    assert.equal(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1\n', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n' })), undefined)
    assert.equal(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '100000\n', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n' })), 1)
    assert.equal(cgroupCpuLimit(files({})), undefined)
  })

  it('makes 0 one worker per usable core: no more than the quota allows', () => {
    assert.equal(workerCount({ workers: 0 }, files({})), availableParallelism())
    assert.equal(workerCount({ workers: 0 }, files({ '/sys/fs/cgroup/cpu.max': '100000 100000' })), 1)
    assert.equal(workerCount({ workers: 0 }, files({ '/sys/fs/cgroup/cpu.max': '6400000 100000' })), availableParallelism())
  })
})

describe('worker pool', () => {
  it('stops starting workers that die before they listen, three in a row, and says so; the first process serves on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sahifa-pool-'))
    const dying = join(dir, 'dying.mjs')
    writeFileSync(dying, 'process.exit(3)\n')
    const server = createServer(() => undefined)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const lines: string[] = []
    let spawned = 0
    const pool = new WorkerPool({
      max: 1,
      idleMs: 0,
      server,
      events: new ContentEvents(),
      log: (line) => lines.push(line),
      spawn: (stdio, env) => {
        spawned++
        return fork(dying, [], { stdio, env })
      },
    })
    try {
      pool.start()
      const deadline = Date.now() + 10_000
      while (!lines.some((line) => line.includes('serving with one process')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
      await new Promise((resolve) => setTimeout(resolve, 1500))
      assert.equal(spawned, 3)
      assert.equal(pool.size, 0)
      assert.match(lines.at(-1)!, /exited \(code 3\).*workers keep failing before they listen: serving with one process/)
      assert.equal(server.listening, true)
    } finally {
      await pool.stop()
      server.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
