/**
 * The exporter's reads: each table in batches by key (keyset pagination: `where id > last order
 * by id limit n`, so every batch costs the same however far in), mapped to export records.
 * Columns are listed one by one, never `selectAll()`: a column added later (a new secret) stays
 * out of exports until someone decides it belongs there.
 */
import { sql } from 'kysely'
import type { Db } from '../../db/database.js'
import { variantsOf } from '../media/media.schema.js'
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
  SectionCounts,
  TagRecord,
  UserRecord,
} from './export.schema.js'

const flag = (n: number) => n === 1

/** Staff accounts without any credential (no password hash, no two-step secret). */
export async function listUsersAfter(db: Db, after: number, limit: number): Promise<UserRecord[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'slug', 'role', 'bio', 'active', 'photo_media_id', 'created_at', 'updated_at'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ ...r, active: flag(r.active) }))
}

export async function listMediaAfter(db: Db, after: number, limit: number): Promise<MediaRecord[]> {
  const rows = await db
    .selectFrom('media')
    .select(['id', 'storage_key', 'original_name', 'mime', 'bytes', 'width', 'height', 'variants', 'alt', 'caption', 'credit', 'uploaded_by', 'created_at', 'source_url'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ ...r, variants: variantsOf(r) }))
}

export async function listCategoriesAfter(db: Db, after: number, limit: number): Promise<CategoryRecord[]> {
  return db.selectFrom('categories').select(['id', 'parent_id', 'slug', 'name', 'description', 'position']).where('id', '>', after).orderBy('id').limit(limit).execute()
}

export async function listTagsAfter(db: Db, after: number, limit: number): Promise<TagRecord[]> {
  return db.selectFrom('tags').select(['id', 'slug', 'name']).where('id', '>', after).orderBy('id').limit(limit).execute()
}

/**
 * Articles of every status with their links (authors in byline order, categories primary
 * first, tags and media by id) and corrections: one query per table per batch.
 */
export async function listArticlesAfter(db: Db, after: number, limit: number): Promise<ArticleRecord[]> {
  const rows = await db
    .selectFrom('articles')
    .select([
      'id', 'slug', 'title', 'excerpt', 'body_html', 'status', 'byline', 'source_line', 'dateline', 'comment_status', 'is_breaking', 'is_lead',
      'seo_title', 'seo_description', 'published_at', 'created_at', 'updated_at', 'version', 'created_by', 'featured_media_id', 'trashed_from',
    ])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute()
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const [authors, categories, tags, media, corrections] = await Promise.all([
    db.selectFrom('article_authors').select(['article_id', 'user_id as id']).where('article_id', 'in', ids).orderBy('article_id').orderBy('position').orderBy('user_id').execute(),
    db.selectFrom('article_categories').select(['article_id', 'category_id as id']).where('article_id', 'in', ids).orderBy('article_id').orderBy('position').orderBy('category_id').execute(),
    db.selectFrom('article_tags').select(['article_id', 'tag_id as id']).where('article_id', 'in', ids).orderBy('article_id').orderBy('tag_id').execute(),
    db.selectFrom('article_media').select(['article_id', 'media_id as id']).where('article_id', 'in', ids).orderBy('article_id').orderBy('media_id').execute(),
    db.selectFrom('article_corrections').select(['id', 'article_id', 'kind', 'note', 'user_id', 'created_at']).where('article_id', 'in', ids).orderBy('id').execute(),
  ])
  const idsOf = (links: Array<{ article_id: number; id: number }>) => {
    const out = new Map<number, number[]>()
    for (const l of links) out.set(l.article_id, [...(out.get(l.article_id) ?? []), l.id])
    return out
  }
  const [byAuthor, byCategory, byTag, byMedia] = [idsOf(authors), idsOf(categories), idsOf(tags), idsOf(media)]
  return rows.map((r) => ({
    ...r,
    is_breaking: flag(r.is_breaking),
    is_lead: flag(r.is_lead),
    trashed_from: (r.trashed_from as ArticleRecord['trashed_from']) ?? null,
    authors: byAuthor.get(r.id) ?? [],
    categories: byCategory.get(r.id) ?? [],
    tags: byTag.get(r.id) ?? [],
    media: byMedia.get(r.id) ?? [],
    corrections: corrections.filter((c) => c.article_id === r.id).map(({ article_id: _a, ...c }) => c),
  }))
}

export async function listRevisionsAfter(db: Db, after: number, limit: number): Promise<RevisionRecord[]> {
  const rows = await db
    .selectFrom('article_revisions')
    .select(['id', 'article_id', 'version', 'user_id', 'title', 'excerpt', 'body_html', 'fields', 'created_at', 'autosave_started_at'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ ...r, fields: parseObject(r.fields) }))
}

export async function listPagesAfter(db: Db, after: number, limit: number): Promise<PageRecord[]> {
  return db.selectFrom('pages').select(['id', 'slug', 'title', 'body_html', 'status', 'created_at', 'updated_at']).where('id', '>', after).orderBy('id').limit(limit).execute()
}

/** Comments of every status, with their private fields (email, IP hash): for the owner's backup only. */
export async function listCommentsAfter(db: Db, after: number, limit: number): Promise<CommentRecord[]> {
  return db
    .selectFrom('comments')
    .select(['id', 'article_id', 'parent_id', 'depth', 'author_name', 'author_email', 'author_url', 'body', 'status', 'user_id', 'ip_hash', 'user_agent', 'hold_reason', 'created_at', 'updated_at'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute()
}

export async function listCommentersAfter(db: Db, after: string, limit: number): Promise<CommenterRecord[]> {
  const rows = await db.selectFrom('commenters').select(['email', 'trusted', 'blocked', 'updated_at']).where('email', '>', after).orderBy('email').limit(limit).execute()
  return rows.map((r) => ({ ...r, trusted: flag(r.trusted), blocked: flag(r.blocked) }))
}

export async function listRedirectsAfter(db: Db, after: number, limit: number): Promise<RedirectRecord[]> {
  const rows = await db.selectFrom('redirects').select(['id', 'from_path', 'to_path', 'status_code', 'created_at']).where('id', '>', after).orderBy('id').limit(limit).execute()
  return rows.map((r) => ({ ...r, status_code: r.status_code === 410 ? 410 : 301 }))
}

export async function listAuditAfter(db: Db, after: number, limit: number): Promise<AuditRecord[]> {
  return db.selectFrom('audit_log').select(['id', 'user_id', 'action', 'subject_type', 'subject_id', 'detail', 'created_at']).where('id', '>', after).orderBy('id').limit(limit).execute()
}

export async function listModerationAfter(db: Db, after: number, limit: number): Promise<ModerationRecord[]> {
  return db.selectFrom('moderation_log').select(['id', 'user_id', 'action', 'comment_id', 'detail', 'created_at']).where('id', '>', after).orderBy('id').limit(limit).execute()
}

/** The import map, by its key (source, kind, source_id); `after` is the last row's key. */
export async function listImportMapAfter(db: Db, after: ImportMapRecord | undefined, limit: number): Promise<ImportMapRecord[]> {
  let query = db.selectFrom('import_map').select(['source', 'kind', 'source_id', 'target_id', 'source_parent', 'target_stamp'])
  if (after) query = query.where(sql<boolean>`(source, kind, source_id) > (${after.source}, ${after.kind}, ${after.source_id})`)
  return query.orderBy('source').orderBy('kind').orderBy('source_id').limit(limit).execute()
}

/** The comments of these articles, every status, in id order (a WXR item carries its post's comments). */
export async function listCommentsOfArticles(db: Db, articleIds: readonly number[]): Promise<CommentRecord[]> {
  if (articleIds.length === 0) return []
  return db
    .selectFrom('comments')
    .select(['id', 'article_id', 'parent_id', 'depth', 'author_name', 'author_email', 'author_url', 'body', 'status', 'user_id', 'ip_hash', 'user_agent', 'hold_reason', 'created_at', 'updated_at'])
    .where('article_id', 'in', [...articleIds])
    .orderBy('id')
    .execute()
}

/** Tags by id (the slugs and names an article batch needs). */
export async function findTagsByIds(db: Db, ids: readonly number[]): Promise<Map<number, TagRecord>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('tags').select(['id', 'slug', 'name']).where('id', 'in', [...new Set(ids)]).execute()
  return new Map(rows.map((r) => [r.id, r]))
}

/** The highest article and page ids (0 when there are none): WXR numbers pages and attachments after them. */
export async function findHighestIds(db: Db): Promise<{ article: number; page: number }> {
  const [article, page] = await Promise.all([
    db.selectFrom('articles').select((eb) => eb.fn.max<number | null>('id').as('n')).executeTakeFirst(),
    db.selectFrom('pages').select((eb) => eb.fn.max<number | null>('id').as('n')).executeTakeFirst(),
  ])
  return { article: Number(article?.n ?? 0), page: Number(page?.n ?? 0) }
}

/** How many rows each section will hold (for the document's head and progress bars). */
export async function countSections(db: Db): Promise<SectionCounts> {
  const count = (table: 'users' | 'media' | 'categories' | 'tags' | 'articles' | 'article_revisions' | 'pages' | 'comments' | 'commenters' | 'redirects' | 'audit_log' | 'moderation_log' | 'import_map') =>
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n))
  const [users, media, categories, tags, articles, revisions, pages, comments, commenters, redirects, audit_log, moderation_log, import_map] = await Promise.all([
    count('users'), count('media'), count('categories'), count('tags'), count('articles'), count('article_revisions'), count('pages'),
    count('comments'), count('commenters'), count('redirects'), count('audit_log'), count('moderation_log'), count('import_map'),
  ])
  return { users, media, categories, tags, articles, revisions, pages, comments, commenters, redirects, audit_log, moderation_log, import_map }
}

function parseObject(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json)
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
