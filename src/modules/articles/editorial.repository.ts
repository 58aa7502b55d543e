import { compiledOnce } from '../../db/compiled-once.js'
import type { Db } from '../../db/database.js'
import { containsText, type Engine } from '../../db/dialect/index.js'
import type { ArticleRow, ArticleStatus } from '../../db/schema.js'

/** An article as the newsroom edits it: the row plus its links. */
export interface EditableArticle {
  row: ArticleRow
  authorIds: number[]
  categoryIds: number[]
  tags: string[]
}

/** The editable fields a revision keeps besides title, excerpt and body. */
export interface RevisionFields {
  slug: string
  byline: string
  sourceLine: string
  dateline: string
  commentStatus: 'open' | 'closed'
  isBreaking: boolean
  seoTitle: string
  seoDescription: string
  featuredMediaId: number | null
  authorIds: number[]
  categoryIds: number[]
  tags: string[]
  status: ArticleStatus
  publishedAt: string | null
  /**
   * An autosave of a live (published or scheduled) story: the story kept its stored text and
   * version, and this revision holds what the writer typed until they save or restore it.
   */
  aside?: boolean
}

export interface Revision {
  id: number
  articleId: number
  version: number
  user: { id: number; name: string } | null
  title: string
  excerpt: string
  bodyHtml: string
  fields: RevisionFields
  createdAt: string
  /** Written by autosave (possibly several autosaves folded into one). */
  autosave: boolean
}

export async function findEditableArticle(db: Db, id: number): Promise<EditableArticle | undefined> {
  const row = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) return undefined
  const [authors, categories, tags] = await Promise.all([
    db.selectFrom('article_authors').select('user_id').where('article_id', '=', id).orderBy('position').execute(),
    db.selectFrom('article_categories').select('category_id').where('article_id', '=', id).orderBy('position').execute(),
    db.selectFrom('article_tags').innerJoin('tags', 'tags.id', 'article_tags.tag_id').select('tags.name').where('article_tags.article_id', '=', id).orderBy('tags.name').execute(),
  ])
  return { row, authorIds: authors.map((a) => a.user_id), categoryIds: categories.map((c) => c.category_id), tags: tags.map((t) => t.name) }
}

/** Replaces an article's author, category and tag links (inside the caller's transaction). */
export async function replaceArticleLinks(db: Db, articleId: number, links: { authorIds: number[]; categoryIds: number[]; tagIds: number[] }): Promise<void> {
  await db.deleteFrom('article_authors').where('article_id', '=', articleId).execute()
  await db.deleteFrom('article_categories').where('article_id', '=', articleId).execute()
  await db.deleteFrom('article_tags').where('article_id', '=', articleId).execute()
  if (links.authorIds.length) await db.insertInto('article_authors').values(links.authorIds.map((user_id, position) => ({ article_id: articleId, user_id, position }))).execute()
  if (links.categoryIds.length) await db.insertInto('article_categories').values(links.categoryIds.map((category_id, position) => ({ article_id: articleId, category_id, position }))).execute()
  if (links.tagIds.length) await db.insertInto('article_tags').values(links.tagIds.map((tag_id) => ({ article_id: articleId, tag_id }))).execute()
}

/** What a save records: the article's content at `version`, by `userId`. */
export interface RevisionContent {
  articleId: number
  version: number
  userId: number | null
  title: string
  excerpt: string
  bodyHtml: string
  fields: RevisionFields
}

/** Adds a revision; `autosave` marks one written by autosave (later autosaves may fold into it). */
export async function insertRevision(db: Db, revision: RevisionContent, now: Date, { autosave = false }: { autosave?: boolean } = {}): Promise<void> {
  await db
    .insertInto('article_revisions')
    .values({
      article_id: revision.articleId,
      version: revision.version,
      user_id: revision.userId,
      title: revision.title,
      excerpt: revision.excerpt,
      body_html: revision.bodyHtml,
      fields: JSON.stringify(revision.fields),
      created_at: now.toISOString(),
      autosave_started_at: autosave ? now.toISOString() : null,
    })
    .execute()
}

/**
 * Folds an autosave into the article's newest revision instead of adding one, when that
 * revision is an autosave by the same user, saved `replacedVersion` (nothing came between) and
 * its run of autosaves began after `since`. The revision takes the new content, version
 * and time; it keeps when its run began. Returns false (nothing changed) otherwise. Run it in
 * the save's transaction, after the article's conditional update: that update serializes
 * concurrent saves, so only the save that won folds.
 */
export async function foldAutosaveRevision(db: Db, revision: RevisionContent, { replacedVersion, since }: { replacedVersion: number; since: Date }, now: Date): Promise<boolean> {
  const newest = await db
    .selectFrom('article_revisions')
    .select(['id', 'version', 'user_id', 'autosave_started_at'])
    .where('article_id', '=', revision.articleId)
    .orderBy('version', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!newest || newest.autosave_started_at === null || newest.user_id !== revision.userId || newest.version !== replacedVersion) return false
  if (newest.autosave_started_at <= since.toISOString()) return false
  await db
    .updateTable('article_revisions')
    .set({ version: revision.version, title: revision.title, excerpt: revision.excerpt, body_html: revision.bodyHtml, fields: JSON.stringify(revision.fields), created_at: now.toISOString() })
    .where('id', '=', newest.id)
    .execute()
  return true
}

function revisionQuery(db: Db) {
  return db
    .selectFrom('article_revisions')
    .leftJoin('users', 'users.id', 'article_revisions.user_id')
    .select([
      'article_revisions.id',
      'article_revisions.article_id',
      'article_revisions.version',
      'article_revisions.title',
      'article_revisions.excerpt',
      'article_revisions.body_html',
      'article_revisions.fields',
      'article_revisions.created_at',
      'article_revisions.autosave_started_at',
      'users.id as uid',
      'users.name as uname',
    ])
}

type RevisionRow = Awaited<ReturnType<ReturnType<typeof revisionQuery>['executeTakeFirstOrThrow']>>

const toRevision = (r: RevisionRow): Revision => ({
  id: r.id,
  articleId: r.article_id,
  version: r.version,
  user: r.uid === null || r.uid === undefined ? null : { id: r.uid, name: r.uname ?? '' },
  title: r.title,
  excerpt: r.excerpt,
  bodyHtml: r.body_html,
  fields: JSON.parse(r.fields) as RevisionFields,
  createdAt: r.created_at,
  autosave: r.autosave_started_at !== null,
})

/** Newest first. */
export async function listRevisions(db: Db, articleId: number): Promise<Revision[]> {
  const rows = await revisionQuery(db).where('article_revisions.article_id', '=', articleId).orderBy('article_revisions.version', 'desc').orderBy('article_revisions.id', 'desc').execute()
  return rows.map(toRevision)
}

export async function findRevision(db: Db, articleId: number, revisionId: number): Promise<Revision | undefined> {
  const row = await revisionQuery(db).where('article_revisions.article_id', '=', articleId).where('article_revisions.id', '=', revisionId).executeTakeFirst()
  return row ? toRevision(row) : undefined
}

/** The user's newest autosave revision of the article's `version` (ids grow, so newest = highest id). */
export async function findNewestAutosave(db: Db, articleId: number, userId: number, version: number): Promise<Revision | undefined> {
  const row = await revisionQuery(db)
    .where('article_revisions.article_id', '=', articleId)
    .where('article_revisions.user_id', '=', userId)
    .where('article_revisions.version', '=', version)
    .where('article_revisions.autosave_started_at', 'is not', null)
    .orderBy('article_revisions.id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? toRevision(row) : undefined
}

/**
 * Inside a transaction: true when the article is still at `version`, and its row is then held
 * until commit, so a concurrent save of that version waits and fails its own version check.
 * A conditional update that changes nothing: the portable form of SELECT … FOR UPDATE.
 */
export async function holdArticleVersion(db: Db, id: number, version: number): Promise<boolean> {
  const result = await db.updateTable('articles').set({ version }).where('id', '=', id).where('version', '=', version).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export interface Correction {
  id: number
  kind: 'correction' | 'update'
  note: string
  createdAt: string
}

export async function insertCorrection(db: Db, c: { articleId: number; kind: 'correction' | 'update'; note: string; userId: number | null }, now: Date): Promise<void> {
  await db.insertInto('article_corrections').values({ article_id: c.articleId, kind: c.kind, note: c.note, user_id: c.userId, created_at: now.toISOString() }).execute()
}

/** Oldest first, as readers read a story's history. */
export async function listCorrections(db: Db, articleId: number): Promise<Correction[]> {
  const rows = await correctionsOf(db, articleId)
  return rows.map((r) => ({ id: r.id, kind: r.kind, note: r.note, createdAt: r.created_at }))
}

const correctionsOf = compiledOnce((db, articleId: number) =>
  db.selectFrom('article_corrections').select(['id', 'kind', 'note', 'created_at']).where('article_id', '=', articleId).orderBy('created_at').orderBy('id'),
)

export interface NewsroomListFilters {
  status?: ArticleStatus
  authorId?: number
  categoryId?: number
  /** Inclusive ISO bounds on the last change. */
  from?: string
  to?: string
  q?: string
  /** Only articles this user created or is an author of (contributors and authors see theirs first). */
  limit: number
  offset: number
}

export interface NewsroomListItem {
  id: number
  title: string
  status: ArticleStatus
  publishedAt: string | null
  updatedAt: string
  authors: Array<{ id: number; name: string }>
  createdBy: number | null
}

/** The newsroom's article list: every status but trash unless asked, newest change first. */
export async function listNewsroomArticles(db: Db, engine: Engine, f: NewsroomListFilters): Promise<{ items: NewsroomListItem[]; total: number }> {
  let query = db.selectFrom('articles')
  query = f.status ? query.where('articles.status', '=', f.status) : query.where('articles.status', '!=', 'trashed')
  if (f.authorId) query = query.where((eb) => eb.or([eb('articles.created_by', '=', f.authorId!), eb.exists(eb.selectFrom('article_authors').select('article_id').whereRef('article_authors.article_id', '=', 'articles.id').where('article_authors.user_id', '=', f.authorId!))]))
  if (f.categoryId) query = query.where((eb) => eb.exists(eb.selectFrom('article_categories').select('article_id').whereRef('article_categories.article_id', '=', 'articles.id').where('article_categories.category_id', '=', f.categoryId!)))
  if (f.from) query = query.where('articles.updated_at', '>=', f.from)
  if (f.to) query = query.where('articles.updated_at', '<=', f.to)
  if (f.q) query = query.where(containsText(engine, 'articles.title', f.q))
  const [rows, count] = await Promise.all([
    query.select(['articles.id', 'articles.title', 'articles.status', 'articles.published_at', 'articles.updated_at', 'articles.created_by']).orderBy('articles.updated_at', 'desc').orderBy('articles.id', 'desc').limit(f.limit).offset(f.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  const ids = rows.map((r) => r.id)
  const authors = ids.length
    ? await db.selectFrom('article_authors').innerJoin('users', 'users.id', 'article_authors.user_id').select(['article_authors.article_id', 'users.id', 'users.name']).where('article_authors.article_id', 'in', ids).orderBy('article_authors.position').execute()
    : []
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      publishedAt: r.published_at,
      updatedAt: r.updated_at,
      createdBy: r.created_by,
      authors: authors.filter((a) => a.article_id === r.id).map((a) => ({ id: a.id, name: a.name })),
    })),
  }
}

/** Scheduled articles whose time has come, oldest first. */
export async function listDueScheduled(db: Db, now: Date, limit = 100): Promise<Array<{ id: number; title: string }>> {
  return db.selectFrom('articles').select(['id', 'title']).where('status', '=', 'scheduled').where('published_at', '<=', now.toISOString()).orderBy('published_at').limit(limit).execute()
}

/**
 * Claims one due scheduled article by publishing it: a conditional update, so when several
 * servers run the scheduler exactly one of them changes the row (and records it).
 */
export async function claimScheduled(db: Db, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('articles')
    .set({ status: 'published', updated_at: now.toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .where('published_at', '<=', now.toISOString())
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** A slug not used by another article: `base`, else `base-2`, `base-3`… */
export async function uniqueArticleSlug(db: Db, base: string, exceptId?: number): Promise<string> {
  const taken = new Set(
    (
      await db
        .selectFrom('articles')
        .select('slug')
        .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base.replace(/[%_\\]/g, '')}-%`)]))
        .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId!))
        .execute()
    ).map((r) => r.slug),
  )
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
}
