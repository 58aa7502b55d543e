import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import SQLiteDatabase from 'better-sqlite3'
import { Kysely, PostgresDialect, sql, SqliteAdapter, SqliteDialect, type DatabaseIntrospector, type DatabaseMetadata, type DialectAdapter, type SchemaMetadata, type SqliteDatabase, type TableMetadata } from 'kysely'
import type pg from 'pg'
import type { Config } from '../config.js'
import type { Engine } from './dialect/index.js'
import type { Database } from './schema.js'

export type Db = Kysely<Database>

export interface DatabaseHandle {
  db: Db
  engine: Engine
  close(): Promise<void>
}

/**
 * The PostgreSQL driver, loaded on first use: a site on SQLite never pays for it (pg pulls in
 * Node's fetch implementation at load, ~40 ms of every start).
 */
function loadPg(): typeof pg {
  const driver = createRequire(import.meta.url)('pg') as typeof pg
  // int8 (count(*), sums) as JS numbers: our counts never approach 2^53.
  driver.types.setTypeParser(20, (v) => Number.parseInt(v, 10))
  return driver
}

/**
 * Opens the database named by the config: a SQLite file (WAL, foreign keys on, busy timeout)
 * or a PostgreSQL pool. `schema` puts PostgreSQL connections on a search_path (used by tests to
 * give each suite its own schema).
 */
export function openDatabase(database: Config['database'], options: { schema?: string; poolSize?: number } = {}): DatabaseHandle {
  if (database.kind === 'sqlite') {
    if (database.file !== ':memory:') mkdirSync(dirname(database.file), { recursive: true })
    const sqlite = new SQLiteDatabase(database.file)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = NORMAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    const db = new Kysely<Database>({ dialect: new TransactionalDdlSqliteDialect({ database: withStatementCache(sqlite) }) })
    return { db, engine: 'sqlite', close: () => db.destroy() }
  }
  const pool = new (loadPg().Pool)({
    connectionString: database.url,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  })
  const db = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }) })
  return { db, engine: 'postgres', close: () => db.destroy() }
}

/**
 * SQLite runs schema changes inside transactions, but Kysely's SQLite adapter says it does not, so
 * its Migrator would apply a migration statement by statement: a migration that fails (or a
 * process killed) halfway would leave half a schema behind and the next start would fail on it.
 * With this, each migration run commits whole or not at all, as on PostgreSQL.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter()
  }
}

/**
 * Kysely's PostgreSQL introspector (which its Migrator uses at every start) reads every schema of
 * the database and looks schemas and tables up by name (`has_schema_privilege(nspname, …)`,
 * `pg_get_serial_sequence(name, …)`): a schema dropped by another connection while it runs makes
 * the query fail with "schema … does not exist". Tests drop their schemas all the time, and an
 * operator may too. This one reads only the connection's own schema (where the migrator keeps
 * its tables, see migrate.ts) and looks things up by oid only.
 */
class OwnSchemaPostgresIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(this.db)
    return rows
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ schema: string; table: string; kind: string; column: string; type: string; type_schema: string; not_null: boolean; has_default: boolean; serial: boolean; comment: string | null }>`
      select ns.nspname as schema, c.relname as table, c.relkind as kind, a.attname as column,
             typ.typname as type, tns.nspname as type_schema, a.attnotnull as not_null, a.atthasdef as has_default,
             (a.attidentity <> '' or coalesce(pg_get_expr(d.adbin, d.adrelid) like 'nextval(%', false)) as serial,
             col_description(a.attrelid, a.attnum) as comment
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      join pg_catalog.pg_type typ on typ.oid = a.atttypid
      join pg_catalog.pg_namespace tns on tns.oid = typ.typnamespace
      left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where ns.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
      order by c.relname, a.attnum`.execute(this.db)
    const tables = new Map<string, TableMetadata & { columns: TableMetadata['columns'][number][] }>()
    for (const row of rows) {
      let table = tables.get(row.table)
      if (!table) tables.set(row.table, (table = { name: row.table, schema: row.schema, isView: row.kind === 'v', columns: [] }))
      table.columns.push({
        name: row.column,
        dataType: row.type,
        dataTypeSchema: row.type_schema,
        isNullable: !row.not_null,
        isAutoIncrementing: row.serial,
        hasDefaultValue: row.has_default,
        ...(row.comment === null ? {} : { comment: row.comment }),
      })
    }
    return [...tables.values()]
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() }
  }
}

class OwnSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new OwnSchemaPostgresIntrospector(db)
  }
}

/**
 * Kysely prepares every query it runs; preparing costs about as much as running a simple
 * indexed query. Keeps the last `size` prepared statements by SQL text (queries differ only in
 * parameters, so a page reuses the same few dozen). A statement still being iterated (`busy`)
 * is never handed out twice: that query gets a fresh one.
 */
function withStatementCache(sqlite: SQLiteDatabase.Database, size = 500): SqliteDatabase {
  const statements = new Map<string, SQLiteDatabase.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const cached = statements.get(sql)
      if (cached && !cached.busy) return cached
      const statement = sqlite.prepare(sql)
      if (!cached) {
        if (statements.size >= size) statements.delete(statements.keys().next().value!)
        statements.set(sql, statement)
      }
      return statement
    },
  }
}
