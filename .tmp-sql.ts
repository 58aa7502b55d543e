import Database from 'better-sqlite3'
import { openDatabase } from './src/db/database.js'
const { db, close } = openDatabase({ kind: 'sqlite', file: '/tmp/prof/q4.db' })
const since = new Date().toISOString()
const q = db.selectFrom('comments').select((eb) => [
  eb.fn.count<number>(eb.case().when('created_at', '>', since).then(eb.lit(1)).end()).as('recent'),
  eb.fn.count<number>(eb.case().when(eb.and([eb('article_id', '=', 5), eb('body', '=', 'x')])).then(eb.lit(1)).end()).as('duplicates'),
]).where('author_email', '=', 'reader5@run0c.bench.example').compile()
console.log(q.sql, q.parameters)
const raw = new Database('/tmp/prof/q4.db')
console.log(raw.prepare('explain query plan ' + q.sql).all(...q.parameters as any[]))
await close()
const last = raw.prepare('select * from comments order by id desc limit 1').get() as any
console.log(last.author_email, raw.prepare('select count(*) n from comments where author_email=?').get(last.author_email))
const st = raw.prepare(q.sql)
let t = performance.now()
for (let i = 0; i < 1000; i++) st.get(since, 5, 'x', last.author_email)
console.log('raw history', ((performance.now() - t)).toFixed(0), 'µs/query')
const st2 = raw.prepare("select count(*) from comments where ip_hash = ? and created_at > ?")
const ip = raw.prepare('select ip_hash from comments order by id desc limit 1').pluck().get()
t = performance.now()
for (let i = 0; i < 1000; i++) st2.get(ip, '2000')
console.log('raw ip count', ((performance.now() - t)).toFixed(0), 'µs/query')
