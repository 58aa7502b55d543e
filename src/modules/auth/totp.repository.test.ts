import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeEachDatabase } from '../../../test/support/databases.js'
import { makeUser } from '../../../test/support/factories.js'
import { buildTestApp, type TestApp } from '../../../test/support/test-app.js'
import { claimTotpStep } from './totp.repository.js'

describeEachDatabase('two-step code steps', (engine) => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp(engine)
  })
  after(() => t.close())

  it('claims each time step once, atomically: of ten racing claims exactly one wins; older steps are refused', async () => {
    const { id } = await makeUser(t.deps, { role: 'editor' })
    const step = Math.floor(t.clock.now().getTime() / 30_000)
    const claims = await Promise.all(Array.from({ length: 10 }, () => claimTotpStep(t.deps.db, id, step)))
    assert.equal(claims.filter(Boolean).length, 1)
    assert.equal(await claimTotpStep(t.deps.db, id, step - 1), false, 'the previous step (still inside the clock-drift window)')
    assert.equal(await claimTotpStep(t.deps.db, id, step + 1), true, 'the next step')
    const other = await makeUser(t.deps, { role: 'editor' })
    assert.equal(await claimTotpStep(t.deps.db, other.id, step), true, 'steps are per user')
  })
})
