import { openDatabase } from './src/db/database.js'
import { migrateToLatest } from './src/db/migrate.js'
const h = openDatabase({ kind: 'sqlite', file: process.argv[2]! })
console.log(await migrateToLatest(h.db, 'sqlite'))
await h.close()
