import assert from 'node:assert/strict'
import { availableParallelism } from 'node:os'
import { describe, it } from 'node:test'
import { cgroupCpuLimit, workerCount } from './cluster.js'

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
