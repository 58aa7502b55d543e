/**
 * Reading feeds the way feed readers do, for the feed tests: Debian's python3-feedparser through
 * parse-feed.py (run with /usr/bin/python3: the first python3 on PATH may be a separate install
 * that cannot see Debian's packages), and the JSON Feed 1.1 spec's fields, which feedparser 6
 * does not read.
 */
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

const python = '/usr/bin/python3'
const parseFeedScript = new URL('./parse-feed.py', import.meta.url).pathname

/** Why feedparser tests cannot run (printed loudly once), or false when they can. */
export const noFeedparser: string | false =
  spawnSync(python, ['-c', 'import feedparser']).status === 0
    ? false
    : 'Debian python3-feedparser is missing (apt-get install python3-feedparser): the feeds were NOT read by a real feed reader'
if (noFeedparser) console.error(`\n${'!'.repeat(78)}\n!! SKIPPED: ${noFeedparser}\n${'!'.repeat(78)}\n`)

export interface ParsedEntry {
  title: string
  title_type: string
  link: string
  links: Array<{ rel: string; type: string; href: string; length: string | null }>
  id: string
  published: string | null
  updated: string | null
  author: string | null
  authors: Array<{ name: string; href: string | null; email: string | null }>
  tags: string[]
  summary: string | null
  content: Array<{ type: string; value: string }>
  enclosures: Array<{ href: string; type: string; length: string }>
}

/** What feedparser read (see parse-feed.py); dates are UTC ISO 8601 to the second. */
export interface ParsedFeed {
  bozo: number
  bozo_exception: string | null
  version: string
  feed: { title: string; link: string; links: Array<{ rel: string; href: string; type: string }>; id: string | null; subtitle: string; language: string | null; updated: string | null; image: string | null }
  entries: ParsedEntry[]
}

let fileNumber = 0

/** Has feedparser read these bytes (written to a file in `dir`). */
export function parseFeed(bytes: Buffer, dir: string): ParsedFeed {
  const file = join(dir, `feed-${++fileNumber}.xml`)
  writeFileSync(file, bytes)
  return JSON.parse(execFileSync(python, [parseFeedScript, file], { encoding: 'utf8' })) as ParsedFeed
}

/** A date as feedparser reports it: UTC, to the second. */
export const utc = (iso: string) => `${new Date(iso).toISOString().slice(0, 19)}Z`
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
export const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/

/** Checks a JSON Feed 1.1 document against the spec's required and typed fields (https://www.jsonfeed.org/version/1.1/). */
export function assertJsonFeed11(doc: any, where: string): void {
  assert.equal(doc.version, 'https://jsonfeed.org/version/1.1', where)
  assert.equal(typeof doc.title, 'string', where)
  assert.ok(doc.title.length > 0, where)
  for (const key of ['home_page_url', 'feed_url', 'icon']) if (key in doc) assert.match(doc[key], /^https?:\/\//, `${where}: ${key}`)
  assert.equal(doc.language, 'ar')
  assert.ok(!('author' in doc), `${where}: JSON Feed 1.1 uses authors, not author`)
  assert.ok(Array.isArray(doc.items), where)
  const ids = new Set<string>()
  for (const item of doc.items) {
    assert.equal(typeof item.id, 'string', `${where}: item id`)
    assert.ok(!ids.has(item.id), `${where}: unique ids`)
    ids.add(item.id)
    assert.ok(typeof item.content_html === 'string' || typeof item.content_text === 'string', `${where}: content`)
    assert.match(item.url, /^https?:\/\//)
    for (const key of ['date_published', 'date_modified']) if (key in item) assert.match(item[key], RFC3339)
    assert.ok(!('author' in item))
    for (const a of item.authors ?? []) assert.ok(typeof a.name === 'string' || typeof a.url === 'string')
    if ('tags' in item) assert.ok(item.tags.every((tag: unknown) => typeof tag === 'string'))
    if ('image' in item) assert.match(item.image, /^https?:\/\//)
  }
}
