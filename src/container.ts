import { EventEmitter } from 'node:events'
import type { Config } from './config.js'
import { openDatabase, type Db } from './db/database.js'
import type { Engine } from './db/dialect/index.js'
import { migrateToLatest } from './db/migrate.js'
import { systemClock, type Clock } from './lib/clock.js'
import { ensureSecret, loadSiteSettings, type SiteSettings } from './modules/settings/settings.service.js'
import { listCategories, type Category } from './modules/taxonomy/taxonomy.repository.js'
import { listPublishedPages } from './modules/pages/pages.repository.js'
import { ChangeSignals, type ChangeScope } from './modules/changes/change-signals.js'

/** Site-wide data every page shows (settings, navigation); reloaded when content changes. */
export interface SiteFrame {
  settings: SiteSettings
  nav: Category[]
  footerPages: Array<{ slug: string; title: string }>
}

/**
 * Content change notifications. `changed()` is called by whoever changed content (routes, CLI,
 * scheduler); listeners (the render cache, the site frame) drop what they hold. The processes
 * serving together tell each other at once (cli/cluster.ts); other processes learn of it from the
 * database (ChangeSignals).
 */
export class ContentEvents extends EventEmitter<{ changed: []; pagesChanged: []; frameRefreshed: [] }> {
  #record: ((scope: ChangeScope) => void) | undefined
  #relay: ((scope: ChangeScope) => void) | undefined

  /** Counts each change where other processes look for it (set once by createDeps). */
  recordWith(record: (scope: ChangeScope) => void): void {
    this.#record = record
  }

  /** Tells the processes serving with this one (set by cli/cluster.ts). */
  relayWith(relay: (scope: ChangeScope) => void): void {
    this.#relay = relay
  }

  /** Content or settings changed: pages and the site frame (navigation, settings) reload. */
  changed(): void {
    this.#made('content')
  }

  /** Only what pages show changed (a comment was published): rendered pages are dropped. */
  pagesChanged(): void {
    this.#made('pages')
  }

  #made(scope: ChangeScope): void {
    this.heard(scope)
    this.#relay?.(scope)
    this.#record?.(scope)
  }

  /** A change made by another process: only this process's listeners need to hear it. */
  heard(scope: ChangeScope): void {
    this.emit(scope === 'pages' ? 'pagesChanged' : 'changed')
  }
}

export interface Deps {
  config: Readonly<Config>
  db: Db
  engine: Engine
  clock: Clock
  secret: string
  events: ContentEvents
  /** Changes made by other processes (servers poll it: http/server.ts). */
  changes: ChangeSignals
  /** Cached site frame; `refreshFrame()` reloads it. */
  frame(): SiteFrame
  refreshFrame(): Promise<SiteFrame>
  close(): Promise<void>
}

/** The one composition root: opens the database, migrates, loads settings and wires events. */
export async function createDeps(config: Readonly<Config>, overrides: { clock?: Clock; schema?: string } = {}): Promise<Deps> {
  const handle = openDatabase(config.database, { schema: overrides.schema })
  try {
    await migrateToLatest(handle.db, handle.engine)
  } catch (error) {
    await handle.close()
    throw error
  }
  const secret = await ensureSecret(handle.db, config.secret)
  const events = new ContentEvents()
  const changes = new ChangeSignals(handle.db, (scope) => events.heard(scope), (error) => process.emitWarning(`change signal: ${String(error)}`))
  await changes.start()
  events.recordWith((scope) => changes.record(scope))
  let current: SiteFrame
  const refreshFrame = async () => {
    const [settings, nav, footerPages] = await Promise.all([loadSiteSettings(handle.db), listCategories(handle.db), listPublishedPages(handle.db)])
    current = { settings, nav, footerPages }
    events.emit('frameRefreshed')
    return current
  }
  await refreshFrame()
  events.on('changed', () => void refreshFrame().catch(() => undefined))
  return {
    config,
    db: handle.db,
    engine: handle.engine,
    clock: overrides.clock ?? systemClock,
    secret,
    events,
    changes,
    frame: () => current,
    refreshFrame,
    close: async () => {
      changes.stop()
      await changes.settled()
      await handle.close()
    },
  }
}
