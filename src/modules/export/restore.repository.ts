/**
 * The writes of `sahifa import sahifa`: records of an export inserted with their ids, in batches,
 * inside the import's transaction. Derived columns are computed here (an article's plain text,
 * a tag's matching key); the rest is written as the export holds it.
 */
import type { Db } from '../../db/database.js'
import { continueIdSequence, type Engine } from '../../db/dialect/index.js'
import { htmlToText } from '../articles/article-html.js'
import { tagMatchKey } from '../taxonomy/taxonomy.repository.js'
import type {
  ArticleRecord,
  AuditRecord,
  CategoryRecord,
  CommenterRecord,
  CommentRecord,
  ImportMapRecord,
  MediaRecord,
  ModerationRecord,
  PageRecord,
  RedirectRecord,
  RevisionRecord,
  TagRecord,
  UserRecord,
} from './export.schema.js'

const bit = (b: boolean) => (b ? 1 : 0)

/** The content tables an import needs empty, with how many rows each holds now (only non-empty ones). */
export async function countExistingContent(db: Db): Promise<Record<string, number>> {
  const tables = ['users', 'articles', 'categories', 'tags', 'pages', 'comments', 'media', 'redirects'] as const
  const counts = await Promise.all(
    tables.map((t) =>
      db
        .selectFrom(t)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => [t, Number(r.n)] as const),
    ),
  )
  return Object.fromEntries(counts.filter(([, n]) => n > 0))
}

/** Users with the one password hash given (an unusable one: exports carry no credentials), two-step sign-in off. */
export async function insertUsers(db: Db, users: readonly UserRecord[], passwordHash: string): Promise<void> {
  if (users.length === 0) return
  await db
    .insertInto('users')
    .values(users.map((u) => ({ ...u, active: bit(u.active), password_hash: passwordHash, totp_secret: null, totp_enabled: 0, totp_last_step: null })))
    .execute()
}

export async function insertMediaRows(db: Db, media: readonly MediaRecord[]): Promise<void> {
  if (media.length === 0) return
  await db
    .insertInto('media')
    .values(media.map((m) => ({ ...m, variants: JSON.stringify(m.variants) })))
    .execute()
}

/** Categories without their parents (a parent may come later): `linkCategoryParents` sets them. */
export async function insertCategories(db: Db, categories: readonly CategoryRecord[]): Promise<void> {
  if (categories.length === 0) return
  await db
    .insertInto('categories')
    .values(categories.map((c) => ({ ...c, parent_id: null })))
    .execute()
}

export async function linkCategoryParents(db: Db, parents: ReadonlyArray<{ id: number; parentId: number }>): Promise<void> {
  for (const p of parents) await db.updateTable('categories').set({ parent_id: p.parentId }).where('id', '=', p.id).execute()
}

export async function insertTags(db: Db, tags: readonly TagRecord[]): Promise<void> {
  if (tags.length === 0) return
  await db
    .insertInto('tags')
    .values(tags.map((t) => ({ ...t, name_match: tagMatchKey(t.name) })))
    .execute()
}

/** Articles with their links and corrections; `body_text` from the body, comment counts later (`refreshCommentCounts`). */
export async function insertArticles(db: Db, articles: readonly ArticleRecord[]): Promise<void> {
  if (articles.length === 0) return
  await db
    .insertInto('articles')
    .values(
      articles.map(({ authors: _a, categories: _c, tags: _t, media: _m, corrections: _k, ...a }) => ({
        ...a,
        body_text: htmlToText(a.body_html),
        is_breaking: bit(a.is_breaking),
        is_lead: bit(a.is_lead),
        preview_token: null,
      })),
    )
    .execute()
  const authors = articles.flatMap((a) => unique(a.authors).map((user_id, position) => ({ article_id: a.id, user_id, position })))
  const categories = articles.flatMap((a) => unique(a.categories).map((category_id, position) => ({ article_id: a.id, category_id, position })))
  const tags = articles.flatMap((a) => unique(a.tags).map((tag_id) => ({ article_id: a.id, tag_id })))
  const media = articles.flatMap((a) => unique(a.media).map((media_id) => ({ article_id: a.id, media_id })))
  const corrections = articles.flatMap((a) => a.corrections.map((c) => ({ ...c, article_id: a.id })))
  for (const rows of chunks(authors)) await db.insertInto('article_authors').values(rows).execute()
  for (const rows of chunks(categories)) await db.insertInto('article_categories').values(rows).execute()
  for (const rows of chunks(tags)) await db.insertInto('article_tags').values(rows).execute()
  for (const rows of chunks(media)) await db.insertInto('article_media').values(rows).execute()
  for (const rows of chunks(corrections)) await db.insertInto('article_corrections').values(rows).execute()
}

export async function insertRevisions(db: Db, revisions: readonly RevisionRecord[]): Promise<void> {
  if (revisions.length === 0) return
  await db
    .insertInto('article_revisions')
    .values(revisions.map((r) => ({ ...r, fields: JSON.stringify(r.fields) })))
    .execute()
}

export async function insertPages(db: Db, pages: readonly PageRecord[]): Promise<void> {
  if (pages.length === 0) return
  await db.insertInto('pages').values([...pages]).execute()
}

/** Comments as given; a reply listed before its parent gets its parent later (`linkCommentParents`). */
export async function insertComments(db: Db, comments: readonly CommentRecord[]): Promise<void> {
  if (comments.length === 0) return
  await db.insertInto('comments').values([...comments]).execute()
}

export async function linkCommentParents(db: Db, parents: ReadonlyArray<{ id: number; parentId: number }>): Promise<void> {
  for (const p of parents) await db.updateTable('comments').set({ parent_id: p.parentId }).where('id', '=', p.id).execute()
}

export async function insertCommenters(db: Db, commenters: readonly CommenterRecord[]): Promise<void> {
  if (commenters.length === 0) return
  await db
    .insertInto('commenters')
    .values(commenters.map((c) => ({ ...c, trusted: bit(c.trusted), blocked: bit(c.blocked) })))
    .execute()
}

export async function insertRedirects(db: Db, redirects: readonly RedirectRecord[]): Promise<void> {
  if (redirects.length === 0) return
  await db.insertInto('redirects').values([...redirects]).execute()
}

export async function insertAuditLines(db: Db, lines: readonly AuditRecord[]): Promise<void> {
  if (lines.length === 0) return
  await db.insertInto('audit_log').values([...lines]).execute()
}

export async function insertModerationLines(db: Db, lines: readonly ModerationRecord[]): Promise<void> {
  if (lines.length === 0) return
  await db.insertInto('moderation_log').values([...lines]).execute()
}

export async function insertImportMap(db: Db, rows: readonly ImportMapRecord[]): Promise<void> {
  if (rows.length === 0) return
  await db.insertInto('import_map').values([...rows]).execute()
}

/** Every article's comment count: its approved comments (one statement). */
export async function refreshCommentCounts(db: Db): Promise<void> {
  await db
    .updateTable('articles')
    .set((eb) => ({
      comment_count: eb
        .selectFrom('comments')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('comments.article_id', '=', 'articles.id')
        .where('comments.status', '=', 'approved'),
    }))
    .execute()
}

/** Tables whose ids the import wrote: their id sequences must continue after the highest one. */
const tablesWithIds = ['users', 'media', 'categories', 'tags', 'articles', 'article_revisions', 'article_corrections', 'pages', 'comments', 'redirects', 'audit_log', 'moderation_log'] as const

/** After inserting explicit ids: each table's next generated id comes after its highest. */
export async function continueIdSequences(db: Db, engine: Engine): Promise<void> {
  for (const table of tablesWithIds) await continueIdSequence(engine, db, table)
}

function unique(ids: readonly number[]): number[] {
  return [...new Set(ids)]
}

function* chunks<T>(rows: readonly T[], size = 500): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size)
}
