import { randomBytes } from 'node:crypto'
import type { ContentEvents } from '../../container.js'
import type { Db } from '../../db/database.js'
import type { ArticleStatus } from '../../db/schema.js'
import type { MessageKey } from '../../i18n/index.js'
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js'
import { normalizeForDisplay, slugify } from '../../text/arabic/index.js'
import { recordAudit } from '../audit/audit.repository.js'
import { syncSearchIndex } from '../search/search.index.js'
import { ensureTags } from '../taxonomy/taxonomy.service.js'
import { htmlToText, sanitizeArticleHtml } from './article-html.js'
import { canArticle, type Actor, type ArticleAction, type ArticleStanding } from './articles.policy.js'
import {
  findEditableArticle,
  findNewestAutosave,
  findRevision,
  foldAutosaveRevision,
  holdArticleVersion,
  insertCorrection,
  insertRevision,
  replaceArticleLinks,
  uniqueArticleSlug,
  type EditableArticle,
  type Revision,
  type RevisionFields,
} from './editorial.repository.js'

/** What the editor submits. `version` is the version the writer started from (0 for a new article). */
export interface ArticleDraft {
  title: string
  excerpt: string
  slug: string
  bodyHtml: string
  categoryIds: number[]
  tags: string[]
  authorIds: number[]
  byline: string
  sourceLine: string
  dateline: string
  featuredMediaId: number | null
  commentStatus: 'open' | 'closed'
  isBreaking: boolean
  seoTitle: string
  seoDescription: string
  /** For `schedule`: when to publish. */
  publishAt?: Date
  version: number
}

/** What the writer asked for besides saving. */
export type SaveIntent = 'save' | 'submit' | 'publish' | 'schedule' | 'unpublish'
export const saveIntents: readonly SaveIntent[] = ['save', 'submit', 'publish', 'schedule', 'unpublish']

/** The second of two concurrent saves: carries what is stored now, so the form can show both. */
export class ConflictError extends AppError {
  constructor(readonly current: EditableArticle) {
    super('ARTICLE_CONFLICT', 409, 'articles.error.conflict')
  }
}

export interface EditorialDeps {
  db: Db
  events: Pick<ContentEvents, 'changed'>
  /** Called inside the save transaction with the media the article uses (set by the media module). */
  onSaved?: (db: Db, articleId: number, refs: { featuredMediaId: number | null; bodyHtml: string }) => Promise<void>
}

const limits = { title: 300, excerpt: 1000, slug: 200, byline: 300, sourceLine: 300, dateline: 200, seoTitle: 300, seoDescription: 500, body: 2_000_000, tags: 50 }

/** Field problems as message keys; empty when the draft can be saved. */
export function validateDraft(d: ArticleDraft, intent: SaveIntent, now: Date): Record<string, MessageKey> {
  const errors: Record<string, MessageKey> = {}
  if (!d.title.trim()) errors.title = 'articles.error.titleRequired'
  for (const field of ['title', 'excerpt', 'slug', 'byline', 'sourceLine', 'dateline', 'seoTitle', 'seoDescription'] as const) {
    if (d[field].length > limits[field]) errors[field] = 'articles.error.tooLong'
  }
  if (d.bodyHtml.length > limits.body) errors.bodyHtml = 'articles.error.tooLong'
  if (d.tags.length > limits.tags || d.tags.some((t) => t.length > 100)) errors.tags = 'articles.error.tags'
  if (intent === 'schedule') {
    if (!d.publishAt) errors.publishAt = 'articles.error.publishAtRequired'
    else if (d.publishAt.getTime() <= now.getTime()) errors.publishAt = 'articles.error.publishAtPast'
  }
  if ((intent === 'publish' || intent === 'schedule') && !htmlToText(sanitizeArticleHtml(d.bodyHtml)).trim()) errors.bodyHtml = 'articles.error.bodyRequired'
  return errors
}

/** Sections and authors the draft names that do not exist (a stale form, a forged post). */
async function unknownLinks(db: Db, d: ArticleDraft): Promise<Record<string, MessageKey>> {
  const errors: Record<string, MessageKey> = {}
  const missing = async (table: 'categories' | 'users', ids: number[]) => {
    const unique = [...new Set(ids)]
    if (unique.length === 0) return false
    const found = await db.selectFrom(table).select('id').where('id', 'in', unique).execute()
    return found.length !== unique.length
  }
  if (await missing('categories', d.categoryIds)) errors.categoryIds = 'articles.error.number'
  if (await missing('users', d.authorIds)) errors.authorIds = 'articles.error.number'
  return errors
}

/** What the article policy looks at. */
export const standingOf = (a: EditableArticle): ArticleStanding => ({ createdBy: a.row.created_by, authorIds: a.authorIds, status: a.row.status })

function authorize(actor: Actor, action: ArticleAction, article?: EditableArticle | ArticleStanding): void {
  const standing = article && 'row' in article ? standingOf(article) : article
  if (!canArticle(actor, action, standing)) throw new ForbiddenError(`ARTICLE_${action.toUpperCase()}_FORBIDDEN`)
}

const intentAction: Record<SaveIntent, ArticleAction> = { save: 'edit', submit: 'submit', publish: 'publish', schedule: 'schedule', unpublish: 'unpublish' }
const publicStatuses: readonly ArticleStatus[] = ['published']
/** Stories readers see or will see on their own: an autosave never changes them (see saveArticle). */
const liveStatuses: readonly ArticleStatus[] = ['published', 'scheduled']

/**
 * How long a writer's autosaves fold into one revision (see saveArticle): the editor autosaves
 * every 15 s, which would otherwise add some 240 revisions an hour and bury the real ones.
 */
export const AUTOSAVE_REVISION_MINUTES = 10

/**
 * What a save leaves: the article and the version the form now holds. `aside` marks an autosave
 * of a live story, kept in the writer's autosave revision only (the version did not change).
 */
export interface SaveResult {
  id: number
  version: number
  aside?: true
}

/**
 * Creates (id undefined) or updates an article as `actor`, with the status `intent` asks for.
 * An update whose `version` is not the stored one is refused with a ConflictError carrying the
 * stored article (nothing is overwritten, nothing is lost); every accepted save, autosaves
 * of drafts included, makes a new version.
 *
 * An autosave of a live story (published or scheduled) changes neither the story, nor its
 * version, nor the page cache: what the writer typed goes to their autosave revision only
 * (`aside`, see autosaveAside) until they save it, as WordPress does. Drafts, stories in review
 * and unpublished ones are autosaved in place; the first autosave of a new article creates it.
 *
 * Revisions: every explicit save adds one. An autosave (`options.autosave`) adds one too,
 * unless the article's newest revision is an autosave by the same writer, of the very version
 * this save replaces, whose run of autosaves began less than AUTOSAVE_REVISION_MINUTES ago:
 * then it updates that revision. So history keeps every explicit save, every change of hands
 * (another writer's save, or a restore, ends a run), and during continuous writing at least one
 * autosave point per AUTOSAVE_REVISION_MINUTES.
 */
export async function saveArticle(
  deps: EditorialDeps,
  actor: Actor,
  id: number | undefined,
  draft: ArticleDraft,
  intent: SaveIntent,
  now: Date,
  options: { autosave?: boolean } = {},
): Promise<SaveResult> {
  const existing = id === undefined ? undefined : await findEditableArticle(deps.db, id)
  if (id !== undefined && !existing) throw new NotFoundError('ARTICLE_NOT_FOUND')
  if (existing?.row.status === 'trashed') throw new AppError('ARTICLE_TRASHED', 409, 'articles.error.trashed')
  authorize(actor, existing ? 'edit' : 'create', existing)
  // A new article is the writer's own draft when the policy looks at what they asked for.
  if (intent !== 'save') authorize(actor, intentAction[intent], existing ?? { createdBy: actor.id, authorIds: [actor.id], status: 'draft' })
  const fieldErrors = { ...validateDraft(draft, intent, now), ...(await unknownLinks(deps.db, draft)) }
  if (Object.keys(fieldErrors).length) throw new ValidationError(fieldErrors)

  const before = existing?.row.status
  let status: ArticleStatus = before ?? 'draft'
  let publishedAt = existing?.row.published_at ?? null
  if (intent === 'submit') status = 'review'
  if (intent === 'publish') {
    status = 'published'
    // A story published before keeps its first publication time; a scheduled one goes out now.
    if (!publishedAt || before === 'scheduled' || before === 'draft' || before === 'review') publishedAt = now.toISOString()
  }
  if (intent === 'schedule') {
    status = 'scheduled'
    publishedAt = draft.publishAt!.toISOString()
  }
  if (intent === 'unpublish') status = 'unpublished'

  const bodyHtml = sanitizeArticleHtml(draft.bodyHtml)
  const title = normalizeForDisplay(draft.title)
  const authorIds = draft.authorIds.length ? [...new Set(draft.authorIds)] : existing ? existing.authorIds : [actor.id]
  const categoryIds = [...new Set(draft.categoryIds)]
  const values = {
    title,
    excerpt: normalizeForDisplay(draft.excerpt),
    body_html: bodyHtml,
    body_text: htmlToText(bodyHtml),
    status,
    byline: normalizeForDisplay(draft.byline),
    source_line: normalizeForDisplay(draft.sourceLine),
    dateline: normalizeForDisplay(draft.dateline),
    comment_status: draft.commentStatus,
    is_breaking: draft.isBreaking ? 1 : 0,
    seo_title: draft.seoTitle.trim(),
    seo_description: draft.seoDescription.trim(),
    featured_media_id: draft.featuredMediaId,
    published_at: publishedAt,
    updated_at: now.toISOString(),
  }
  if (options.autosave && existing && intent === 'save' && liveStatuses.includes(existing.row.status)) {
    return autosaveAside(deps, actor, existing, draft, { title, excerpt: values.excerpt, bodyHtml, authorIds, categoryIds }, now)
  }

  const saved = await deps.db.transaction().execute(async (trx) => {
    const slug = await uniqueArticleSlug(trx, slugify(draft.slug || title) || 'article', id)
    const tagIds = await ensureTags(trx, draft.tags)
    let articleId: number
    let version: number
    if (existing) {
      version = draft.version + 1
      const result = await trx.updateTable('articles').set({ ...values, slug, version }).where('id', '=', existing.row.id).where('version', '=', draft.version).executeTakeFirst()
      if (Number(result.numUpdatedRows) !== 1) return undefined
      articleId = existing.row.id
    } else {
      version = 1
      const row = await trx
        .insertInto('articles')
        .values({ ...values, slug, is_lead: 0, created_at: now.toISOString(), version, created_by: actor.id })
        .returning('id')
        .executeTakeFirstOrThrow()
      articleId = row.id
    }
    await replaceArticleLinks(trx, articleId, { authorIds, categoryIds, tagIds })
    await syncSearchIndex(trx, [articleId])
    const fields = revisionFieldsOf(draft, { slug, authorIds, categoryIds, status, publishedAt })
    const revision = { articleId, version, userId: actor.id, title, excerpt: values.excerpt, bodyHtml, fields }
    const autosave = Boolean(options.autosave && intent === 'save')
    const since = new Date(now.getTime() - AUTOSAVE_REVISION_MINUTES * 60_000)
    const folded = autosave && (await foldAutosaveRevision(trx, revision, { replacedVersion: draft.version, since }, now))
    if (!folded) await insertRevision(trx, revision, now, { autosave })
    await deps.onSaved?.(trx, articleId, { featuredMediaId: draft.featuredMediaId, bodyHtml })
    const audited = !existing ? 'create' : status !== before ? { review: 'submit', published: 'publish', scheduled: 'schedule', unpublished: 'unpublish' }[status as string] : undefined
    if (audited) await recordAudit(trx, { userId: actor.id, action: `article.${audited}`, subjectType: 'article', subjectId: articleId, detail: title }, now)
    if (existing && audited !== 'create' && status === before && intent === 'schedule') {
      await recordAudit(trx, { userId: actor.id, action: 'article.schedule', subjectType: 'article', subjectId: articleId, detail: title }, now)
    }
    return { id: articleId, version }
  })
  if (!saved) {
    const current = await findEditableArticle(deps.db, id!)
    throw new ConflictError(current!)
  }
  if (publicStatuses.includes(status) || (before && publicStatuses.includes(before))) deps.events.changed()
  return saved
}

/** The fields a revision keeps besides title, excerpt and body, as saveArticle stores them. */
function revisionFieldsOf(
  draft: ArticleDraft,
  stored: { slug: string; authorIds: number[]; categoryIds: number[]; status: ArticleStatus; publishedAt: string | null },
): RevisionFields {
  return {
    slug: stored.slug,
    byline: normalizeForDisplay(draft.byline),
    sourceLine: normalizeForDisplay(draft.sourceLine),
    dateline: normalizeForDisplay(draft.dateline),
    commentStatus: draft.commentStatus,
    isBreaking: draft.isBreaking,
    seoTitle: draft.seoTitle.trim(),
    seoDescription: draft.seoDescription.trim(),
    featuredMediaId: draft.featuredMediaId,
    authorIds: stored.authorIds,
    categoryIds: stored.categoryIds,
    tags: draft.tags.map(normalizeForDisplay).filter(Boolean),
    status: stored.status,
    publishedAt: stored.publishedAt,
  }
}

/**
 * saveArticle's autosave of a live story: checks the version as any save does (a stale one is a
 * ConflictError), then stores the typed content as the writer's autosave revision of that same
 * version, folded like other autosaves, marked `aside`. No tag is created, no link or media
 * reference changes, and the version stays, so the form's next save is not a conflict.
 */
async function autosaveAside(
  deps: EditorialDeps,
  actor: Actor,
  article: EditableArticle,
  draft: ArticleDraft,
  content: { title: string; excerpt: string; bodyHtml: string; authorIds: number[]; categoryIds: number[] },
  now: Date,
): Promise<SaveResult> {
  const id = article.row.id
  const kept = await deps.db.transaction().execute(async (trx) => {
    if (!(await holdArticleVersion(trx, id, draft.version))) return false
    const slug = await uniqueArticleSlug(trx, slugify(draft.slug || content.title) || 'article', id)
    const fields = { ...revisionFieldsOf(draft, { slug, authorIds: content.authorIds, categoryIds: content.categoryIds, status: article.row.status, publishedAt: article.row.published_at }), aside: true }
    const revision = { articleId: id, version: draft.version, userId: actor.id, title: content.title, excerpt: content.excerpt, bodyHtml: content.bodyHtml, fields }
    const since = new Date(now.getTime() - AUTOSAVE_REVISION_MINUTES * 60_000)
    if (!(await foldAutosaveRevision(trx, revision, { replacedVersion: draft.version, since }, now))) await insertRevision(trx, revision, now, { autosave: true })
    return true
  })
  if (!kept) throw new ConflictError((await findEditableArticle(deps.db, id))!)
  return { id, version: draft.version, aside: true }
}

/**
 * The autosave to offer `userId` on opening the article: their newest autosave revision of the
 * stored version that was kept aside (a live story's). Any save since makes a new version, so
 * it is newer than the article's last save; undefined when there is none.
 */
export async function findPendingAutosave(db: Db, article: EditableArticle, userId: number): Promise<Revision | undefined> {
  const revision = await findNewestAutosave(db, article.row.id, userId, article.row.version)
  return revision?.fields.aside ? revision : undefined
}

/** Moves an article to the trash (remembering its status) or back out of it. */
export async function trashArticle(deps: EditorialDeps, actor: Actor, id: number, trash: boolean, now: Date): Promise<void> {
  const article = await findEditableArticle(deps.db, id)
  if (!article) throw new NotFoundError('ARTICLE_NOT_FOUND')
  authorize(actor, trash ? 'trash' : 'restore', article)
  if ((article.row.status === 'trashed') === trash) return
  const status = trash ? 'trashed' : ((article.row.trashed_from as ArticleStatus | null) ?? 'draft')
  // A restored article that was live comes back unpublished: an editor decides to republish it.
  const restored = status === 'published' || status === 'scheduled' ? 'unpublished' : status
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('articles')
      .set({ status: trash ? 'trashed' : restored, trashed_from: trash ? article.row.status : null, updated_at: now.toISOString(), version: article.row.version + 1 })
      .where('id', '=', id)
      .execute()
    await syncSearchIndex(trx, [id])
    await recordAudit(trx, { userId: actor.id, action: trash ? 'article.trash' : 'article.restore', subjectType: 'article', subjectId: id, detail: article.row.title }, now)
  })
  if (article.row.status === 'published') deps.events.changed()
}

/** Deletes a trashed article for good (editors and admins). */
export async function deleteArticle(deps: EditorialDeps, actor: Actor, id: number, now: Date): Promise<void> {
  const article = await findEditableArticle(deps.db, id)
  if (!article) throw new NotFoundError('ARTICLE_NOT_FOUND')
  authorize(actor, 'delete', article)
  if (article.row.status !== 'trashed') throw new AppError('ARTICLE_NOT_TRASHED', 409, 'articles.error.deleteNotTrashed')
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('articles').where('id', '=', id).execute()
    // The foreign key's cascade already removed it from the search index; this states it.
    await syncSearchIndex(trx, [id])
    await recordAudit(trx, { userId: actor.id, action: 'article.delete', subjectType: 'article', subjectId: id, detail: article.row.title }, now)
  })
}

/** Appends a dated correction or update note, shown on the article and in its structured data. */
export async function addCorrection(deps: EditorialDeps, actor: Actor, id: number, input: { kind: 'correction' | 'update'; note: string }, now: Date): Promise<void> {
  const article = await findEditableArticle(deps.db, id)
  if (!article) throw new NotFoundError('ARTICLE_NOT_FOUND')
  authorize(actor, 'correct', article)
  const note = normalizeForDisplay(input.note)
  if (!note) throw new ValidationError({ note: 'articles.error.noteRequired' })
  if (note.length > 2000) throw new ValidationError({ note: 'articles.error.tooLong' })
  await deps.db.transaction().execute(async (trx) => {
    await insertCorrection(trx, { articleId: id, kind: input.kind, note, userId: actor.id }, now)
    await trx.updateTable('articles').set({ updated_at: now.toISOString() }).where('id', '=', id).execute()
    await recordAudit(trx, { userId: actor.id, action: `article.${input.kind}`, subjectType: 'article', subjectId: id, detail: note.slice(0, 200) }, now)
  })
  if (article.row.status === 'published') deps.events.changed()
}

/** Saves a revision's content as the article's newest version (history is kept, never rewritten). */
export async function restoreRevision(deps: EditorialDeps, actor: Actor, id: number, revisionId: number, expectedVersion: number, now: Date): Promise<{ id: number; version: number }> {
  const revision = await findRevision(deps.db, id, revisionId)
  if (!revision) throw new NotFoundError('REVISION_NOT_FOUND')
  const f = revision.fields
  return saveArticle(
    deps,
    actor,
    id,
    {
      title: revision.title,
      excerpt: revision.excerpt,
      bodyHtml: revision.bodyHtml,
      slug: f.slug,
      categoryIds: f.categoryIds,
      tags: f.tags,
      authorIds: f.authorIds,
      byline: f.byline,
      sourceLine: f.sourceLine,
      dateline: f.dateline,
      featuredMediaId: f.featuredMediaId,
      commentStatus: f.commentStatus,
      isBreaking: f.isBreaking,
      seoTitle: f.seoTitle,
      seoDescription: f.seoDescription,
      version: expectedVersion,
    },
    'save',
    now,
  )
}

/** The article's private preview token, made on first use. */
export async function previewToken(deps: EditorialDeps, actor: Actor, id: number): Promise<string> {
  const article = await findEditableArticle(deps.db, id)
  if (!article) throw new NotFoundError('ARTICLE_NOT_FOUND')
  authorize(actor, 'preview', article)
  if (article.row.preview_token) return article.row.preview_token
  const token = randomBytes(24).toString('base64url')
  await deps.db.updateTable('articles').set({ preview_token: token }).where('id', '=', id).where('preview_token', 'is', null).execute()
  return (await findEditableArticle(deps.db, id))!.row.preview_token ?? token
}

