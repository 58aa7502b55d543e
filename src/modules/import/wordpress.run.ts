/**
 * The state of one import run (shared by its writers): where it comes from, what was already
 * mapped (authors and terms, kept in memory: they grow with the site's taxonomy, not with its
 * posts), what it counted, and the work left to flush (search index, copied files).
 */
import type { Db } from '../../db/database.js'
import type { CommentStatus } from '../../db/schema.js'
import type { WxrSite } from './wxr.schema.js'

/** What an import did to one kind of thing. */
export interface KindCounts {
  /** New rows. */
  imported: number
  /** Rows made by an earlier run, rewritten from the export. */
  updated: number
  /** Already there (made by an earlier run, or an account, section or tag with the same email or slug): left as it is. */
  kept: number
}

export const summaryKinds = ['authors', 'categories', 'tags', 'attachments', 'posts', 'pages', 'comments'] as const
export type SummaryKind = (typeof summaryKinds)[number]

export interface ImportSummary {
  /** The site imported from (the import map's `source`). */
  source: string
  site: WxrSite
  dryRun: boolean
  counts: Record<SummaryKind, KindCounts>
  /** Comments written (imported or updated) by status. */
  comments: Record<CommentStatus, number>
  /** Old addresses recorded as 301 redirects. */
  redirects: number
  /** Why things were not imported, with how many: most frequent first. */
  skipped: Array<{ reason: string; count: number }>
  /** Posts and pages read in the import pass. */
  items: number
  seconds: number
}

export type ImportProgress = { phase: 'scan'; bytes: number; totalBytes: number } | { phase: 'import'; done: number; total: number }

export interface ImportOptions {
  /** A copy of the old site's `wp-content/uploads`: attachments found there are copied into the media library. */
  uploadsDir?: string
  /** The time zone of dates WordPress exported without a GMT twin (default: the site setting). */
  timeZone?: string
  /** Names the site imported from (default: `wordpress:` + the export's blog URL). */
  source?: string
  /** Runs the whole import, prints its summary, and changes nothing. */
  dryRun?: boolean
  onProgress?: (progress: ImportProgress) => void
}

/** A WordPress category as read, for its old address (`/category/parent/child/`). */
export interface CategoryNode {
  id: number
  /** Ours. */
  slug: string
  wpSlug: string
  parentWpSlug: string
}

export class ImportRun {
  readonly counts = Object.fromEntries(summaryKinds.map((k) => [k, { imported: 0, updated: 0, kept: 0 }])) as Record<SummaryKind, KindCounts>
  readonly commentStatuses: Record<CommentStatus, number> = { approved: 0, pending: 0, spam: 0, trash: 0 }
  readonly skipped = new Map<string, number>()
  redirects = 0
  /** WordPress login → user id; WordPress user id → user id (for staff comments). */
  readonly authors = new Map<string, number>()
  readonly authorsById = new Map<string, number>()
  /** Decoded WordPress slug → our id. */
  readonly categories = new Map<string, CategoryNode>()
  readonly tags = new Map<string, { id: number; slug: string }>()
  /** Categories this run made (only those get their WordPress parent). */
  readonly newCategories = new Set<number>()
  /** `taxonomy:term id` of the terms written this run (a term can be in an export twice). */
  readonly seenTerms = new Set<string>()
  /** Articles written since the search index was last brought up to date. */
  pendingSearch: number[] = []
  /** Media folders this run created: removed again if the run is rolled back. */
  readonly placedMedia: string[] = []
  /** True once this run has copied a file (body images may then point to our copies). */
  hasLocalMedia = false
  nextCategoryPosition = 0
  /** The password hash of the run's new accounts (see wordpress.authors.ts). */
  passwordHash: Promise<string> | undefined

  constructor(
    readonly db: Db,
    readonly source: string,
    readonly site: WxrSite,
    readonly now: Date,
    readonly timeZone: string,
    /** Comments older than this keep no IP hash (the retention period has passed). */
    readonly ipCutoff: Date,
  ) {}

  skip(reason: string, count = 1): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + count)
  }

  summary(dryRun: boolean, items: number, seconds: number): ImportSummary {
    return {
      source: this.source,
      site: this.site,
      dryRun,
      counts: this.counts,
      comments: this.commentStatuses,
      redirects: this.redirects,
      skipped: [...this.skipped].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
      items,
      seconds,
    }
  }
}
