import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Expression, type Kysely, type SqlBool } from 'kysely'

/**
 * The only place where SQLite and PostgreSQL differ in SQL. Everything else is written once.
 */
export type Engine = 'sqlite' | 'postgres'

/** Adds an auto-incrementing integer primary key named `id`. */
export function addIdColumn<T extends string>(engine: Engine, table: CreateTableBuilder<T, never>) {
  return engine === 'postgres'
    ? table.addColumn('id', 'serial', (c: ColumnDefinitionBuilder) => c.primaryKey())
    : table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement())
}

/** True when the database error is a unique-constraint violation (both engines). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string }
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

/** Case-insensitive `LIKE` on both engines (SQLite's LIKE is already ASCII-case-insensitive). */
export function likeOperator(engine: Engine): 'like' | 'ilike' {
  return engine === 'postgres' ? 'ilike' : 'like'
}

/** Checks the database file/server for corruption; returns problems found (empty when fine). */
export async function integrityCheck(engine: Engine, db: Kysely<any>): Promise<string[]> {
  if (engine !== 'sqlite') return []
  const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)
  return rows.map((r) => r.integrity_check).filter((r) => r !== 'ok')
}

/**
 * `column` contains `text` (case-insensitive for Latin letters), with LIKE wildcards in the
 * text escaped: SQLite needs an explicit ESCAPE clause, PostgreSQL uses ILIKE.
 */
export function containsText(engine: Engine, column: string, text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return engine === 'postgres' ? sql<SqlBool>`${sql.ref(column)} ilike ${pattern} escape '\\'` : sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`
}

/**
 * After rows were inserted with explicit ids: the next generated id of `table` comes after its
 * highest. SQLite's AUTOINCREMENT already follows the highest id written; PostgreSQL's serial
 * sequence does not, and would hand out taken ids.
 */
export async function continueIdSequence(engine: Engine, db: Kysely<any>, table: string): Promise<void> {
  if (engine !== 'postgres') return
  await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(db)
}
