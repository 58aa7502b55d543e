import { openDatabase } from './src/db/database.js'
import * as repo from './src/modules/comments/comments.repository.js'
import { findPublishedArticle } from './src/modules/articles/articles.repository.js'
import { hashIp } from './src/modules/auth/auth.service.js'
const { db, close } = openDatabase({ kind: 'sqlite', file: '/tmp/prof/q4.db' })
const secret = 'bench-secret-bench-secret-bench-secret-0123456789'
const ip = hashIp(secret, '127.0.0.1')
const since = new Date(Date.now() - 600_000)
const last = await db.selectFrom('comments').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()
console.log('rows', (await db.selectFrom('comments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n, 'last article', last.article_id)
async function time(name: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await fn()
  const t = performance.now()
  for (let i = 0; i < 300; i++) await fn()
  console.log(name.padEnd(24), ((performance.now() - t) / 300 * 1000).toFixed(0), 'µs')
}
await time('findPublishedArticle', () => findPublishedArticle(db, 7))
await time('countRecentByIp', () => repo.countRecentByIp(db, ip, since))
await time('commenterHistory', () => repo.commenterHistory(db, last.author_email, { articleId: last.article_id, body: last.body + 'x', since, rejectedSince: since }))
await time('threads page 1 (2000)', () => repo.listArticleThreads(db, 50, { order: 'oldest', limit: 50, offset: 0 }))
await time('threadPageOf', () => repo.threadPageOf(db, last.id, 'oldest', 50, []))
await time('findComment', () => repo.findComment(db, last.id))
await time('noop select 1', () => db.selectFrom('settings').select('key').where('key', '=', 'secret').executeTakeFirst())
await close()
