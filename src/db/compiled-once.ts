import type { Compilable, CompiledQuery } from 'kysely'
import type { Db } from './database.js'

/** What a compiled-once query takes: plain values, and lists of them for `in (…)`. */
type Value = string | number
type Arg = Value | readonly Value[]

/** Stands in for argument `arg` (element `index` of it when it is a list) while the query is built. */
class Slot {
  constructor(
    readonly arg: number,
    readonly index?: number,
  ) {}
}

/**
 * A query built and compiled once per database and shape, then run with each call's values.
 * Building and compiling a query with Kysely costs 8–30 µs; the article page runs a dozen whose
 * SQL never changes, only their values: about a tenth of an uncached page's time.
 *
 * `build` is called with stand-ins for the values. It may hand them to Kysely as values (and
 * lists of them to `in`), and read a list's length, but must not look at a value itself: its
 * query must be the same for all values. The shape (the length of each list argument) keys the
 * compiled SQL, so `in (?, ?)` and `in (?, ?, ?)` each get their own. Arguments listed in `inline`
 * (by position) are passed as they are, for `sql.lit`, and each value of them gets its own SQL too:
 * for the few values of a setting (a LIMIT SQLite plans better knowing).
 *
 * @example const byId = compiledOnce((db, id: number) => db.selectFrom('articles').selectAll().where('id', '=', id))
 *          const rows = await byId(db, 7)
 */
export function compiledOnce<Args extends Arg[], Row>(build: (db: Db, ...args: Args) => Compilable<Row>, { inline = [] }: { inline?: number[] } = {}): (db: Db, ...args: Args) => Promise<Row[]> {
  const compiled = new WeakMap<Db, Map<string, CompiledQuery<Row>>>()
  return async (db, ...args) => {
    let byShape = compiled.get(db)
    if (!byShape) compiled.set(db, (byShape = new Map()))
    const shape = args.map((a, i) => (inline.includes(i) ? `=${String(a)}` : typeof a === 'object' ? a.length : '')).join(',')
    let query = byShape.get(shape)
    if (!query) {
      const stand = args.map((a, i) => (inline.includes(i) ? a : typeof a === 'object' ? a.map((_, j) => new Slot(i, j)) : new Slot(i)))
      query = build(db, ...(stand as Args)).compile()
      // A stand-in that did not become a parameter was inlined or looked at: the SQL is wrong.
      const slots = stand.flat().filter((a) => a instanceof Slot).length
      const used = new Set(query.parameters.filter((p) => p instanceof Slot)).size
      if (used !== slots) throw new Error(`compiledOnce: every argument must reach the query as a value (${used} of ${slots} did)`)
      byShape.set(shape, query)
    }
    const parameters = query.parameters.map((p) => (p instanceof Slot ? (p.index === undefined ? args[p.arg] : (args[p.arg] as readonly Value[])[p.index]) : p))
    return (await db.executeQuery({ ...query, parameters } as CompiledQuery<Row>)).rows
  }
}
