import { openDatabase } from './src/db/database.js'
import * as repo from './src/modules/comments/comments.repository.js'
const { db, close } = openDatabase({ kind: 'sqlite', file: '/tmp/prof/q4.db' })
const since = new Date(Date.now() - 600_000)
const email = 'reader1505@run0c.bench.example'
for (let k = 0; k < 3; k++) {
  let t = performance.now()
  for (let i = 0; i < 1000; i++) await repo.commenterHistory(db, email, { articleId: 5, body: 'x', since, rejectedSince: since })
  const a = performance.now() - t
  t = performance.now()
  for (let i = 0; i < 1000; i++) await db.selectFrom('commenters').select(['trusted', 'blocked']).where('email', '=', email).executeTakeFirst()
  console.log('history', a.toFixed(0), 'µs; commenters only', (performance.now() - t).toFixed(0), 'µs')
}
await close()
