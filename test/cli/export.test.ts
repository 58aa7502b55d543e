import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { SaxesParser } from 'saxes'
import { parseDatabaseUrl } from '../../src/config.js'
import { openDatabase, type Db } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import type { Engine } from '../../src/db/dialect/index.js'
import { addCorrection, saveArticle, trashArticle, type EditorialDeps } from '../../src/modules/articles/editorial.service.js'
import { hashIp } from '../../src/modules/auth/auth.service.js'
import { insertSession } from '../../src/modules/auth/sessions.repository.js'
import { insertComment, logModeration, upsertCommenter } from '../../src/modules/comments/comments.repository.js'
import { seedDemoNewsroom } from '../../src/modules/demo/demo.service.js'
import { fileSink } from '../../src/modules/export/export.sink.js'
import { exportJson } from '../../src/modules/export/json.export.js'
import { ExportImportError, importSahifaExport } from '../../src/modules/export/json.import.js'
import { readWxr } from '../../src/modules/import/wxr.reader.js'
import type { WxrComment, WxrItem } from '../../src/modules/import/wxr.schema.js'
import { insertMedia } from '../../src/modules/media/media.repository.js'
import { syncArticleMedia } from '../../src/modules/media/media.service.js'
import { upsertRedirect } from '../../src/modules/redirects/redirects.repository.js'
import { ensureSecret, saveSiteSettings } from '../../src/modules/settings/settings.service.js'
import { insertCategory } from '../../src/modules/taxonomy/taxonomy.repository.js'
import { insertUserToken } from '../../src/modules/users/user-tokens.repository.js'
import { verifyPassword } from '../../src/modules/users/password.js'
import { createUser } from '../../src/modules/users/users.service.js'
import { createTestDatabase, describeEachDatabase, engines, type TestDatabase } from '../support/databases.js'
import { articleDraft } from '../support/factories.js'
import { runSahifa } from '../support/sahifa-process.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const bin = join(root, 'bin/sahifa.js')
const BASE = 'https://sahifa.example'
const NOW = new Date('2026-05-11T09:00:00Z')

/** The real `sahifa` binary (test/support/sahifa-process.ts). */
const sahifa = (args: string[], env: Record<string, string>) => runSahifa(args, env, { timeoutMs: 120_000 })

/** DATABASE_URL for the CLI: a PostgreSQL test schema goes on the connection's search_path. */
function envOf(database: TestDatabase): Record<string, string> {
  const url = database.schema ? `${database.url}${database.url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${database.schema}`)}` : database.url
  return { DATABASE_URL: url, SAHIFA_PUBLIC_URL: BASE, SAHIFA_DEMO: '0' }
}

async function withDb<T>(database: TestDatabase, work: (db: Db, engine: Engine) => Promise<T>): Promise<T> {
  const handle = openDatabase(parseDatabaseUrl(database.url), { schema: database.schema })
  try {
    await migrateToLatest(handle.db, handle.engine)
    return await work(handle.db, handle.engine)
  } finally {
    await handle.close()
  }
}

/** Values that must never leave the database in an export. */
interface Secrets {
  values: string[]
  adminPassword: string
  publishedCount: number
  articleCount: number
}


/**
 * A realistic newsroom: the demo content (nested sections, a dozen published stories, pages),
 * then a draft, a story in review, a scheduled one, an unpublished one, a trashed one, one with
 * a featured image, two authors and a correction; comments in every status, threaded, one by
 * staff; commenters, redirects, settings; and credentials that must stay home.
 */
async function seedNewsroom(db: Db): Promise<Secrets> {
  const demo = (await seedDemoNewsroom(db, NOW))!
  const siteSecret = await ensureSecret(db, undefined)
  await saveSiteSettings(db, { name: 'صحيفة الاختبار & <شركاه>', timeZone: 'Africa/Casablanca', locale: 'ar-MA', commentMaxDepth: 4, commentBlocklist: ['كلمة'] })
  const users = await db.selectFrom('users').select(['id', 'email', 'password_hash']).orderBy('id').execute()
  const admin = users[0]!
  const [writerA, writerB] = [users[1]!.id, users[2]!.id]
  const moderator = await createUser(db, { email: 'mod@example.com', name: 'مشرف التعليقات', role: 'moderator' }, NOW)
  await db.updateTable('users').set({ active: 0 }).where('id', '=', moderator.id).execute()
  await db.updateTable('users').set({ totp_secret: 'JBSWY3DPEHPK3PXPJBSWY3DP', totp_enabled: 1, totp_last_step: 59_000_000 }).where('id', '=', admin.id).execute()
  await insertSession(db, { id: 'a'.repeat(64), userId: admin.id, csrfToken: 'c'.repeat(43), now: NOW, expiresAt: new Date(NOW.getTime() + 86_400_000) })
  await insertUserToken(db, { id: 'b'.repeat(64), userId: writerA, purpose: 'reset', now: NOW, expiresAt: new Date(NOW.getTime() + 3_600_000) })
  await db.insertInto('api_keys').values({ name: 'تطبيق', key_hash: 'd'.repeat(64), prefix: 'shf_dddd', created_by: admin.id, created_at: NOW.toISOString(), last_used_at: null, revoked_at: null }).execute()

  const sports = (await db.selectFrom('categories').select('id').where('slug', '=', 'football').executeTakeFirstOrThrow()).id
  const local = await insertCategory(db, { parentId: sports, slug: 'الدوري-المحلي', name: 'الدوري المحلي', description: 'مباريات "الدوري" & نتائجه', position: 0 })
  const politics = (await db.selectFrom('categories').select('id').where('slug', '=', 'politics').executeTakeFirstOrThrow()).id

  const photo = await insertMedia(db, {
    storage_key: 'k3yPhoto_0001',
    original_name: 'ملعب.jpg',
    mime: 'image/jpeg',
    bytes: 123_456,
    width: 1280,
    height: 853,
    variants: JSON.stringify([
      { width: 640, height: 427, format: 'webp', file: '640.webp', bytes: 40_000 },
      { width: 1280, height: 853, format: 'webp', file: '1280.webp', bytes: 90_000 },
      { width: 640, height: 427, format: 'avif', file: '640.avif', bytes: 30_000 },
    ]),
    alt: 'جمهور في الملعب & الأعلام',
    caption: 'لقطة من المباراة',
    credit: 'تصوير: سامي',
    uploaded_by: writerA,
    created_at: NOW.toISOString(),
  })
  await insertMedia(db, { storage_key: 'k3yImported02', original_name: 'old.png', mime: 'image/png', bytes: 0, width: 0, height: 0, variants: '[]', alt: '', caption: '', credit: '', uploaded_by: null, created_at: NOW.toISOString(), source_url: 'https://old.example/wp-content/uploads/2020/01/old.png' })

  const deps: EditorialDeps = { db, events: { changed: () => undefined }, onSaved: syncArticleMedia }
  const editor = { id: admin.id, role: 'admin' as const }
  const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000)
  const body = (words: string) =>
    `<p>${words} — قال المتحدث: "نحن هنا" &amp; <strong>لن نغادر</strong>. [sic] و[caption]ليس رمزاً[/caption] و ]]&gt; في النص.</p>\n<h2>عنوان فرعي</h2>\n<p>سطر أول<br />سطر ثانٍ <a href="https://example.org/?a=1&amp;b=2">رابط</a></p>`

  await saveArticle(deps, editor, undefined, articleDraft({ title: 'مسودة: "الأسعار" & <الأجور>', excerpt: 'ملخص & تفاصيل', bodyHtml: body('مسودة'), categoryIds: [politics], tags: ['أجور', 'أسعار'], authorIds: [writerA] }), 'save', at(1))
  await saveArticle(deps, editor, undefined, articleDraft({ title: 'قيد المراجعة', bodyHtml: body('مراجعة'), categoryIds: [local, sports], tags: ['دوري'], authorIds: [writerB] }), 'submit', at(2))
  await saveArticle(deps, editor, undefined, articleDraft({ title: 'خبر مجدول', bodyHtml: body('مجدول'), categoryIds: [politics], authorIds: [writerA], publishAt: new Date(NOW.getTime() + 7 * 86_400_000) }), 'schedule', at(3))
  const unpublished = await saveArticle(deps, editor, undefined, articleDraft({ title: 'خبر سُحب', bodyHtml: body('سحب'), categoryIds: [politics], authorIds: [writerA] }), 'publish', at(4))
  await saveArticle(deps, editor, unpublished.id, articleDraft({ title: 'خبر سُحب', bodyHtml: body('سحب'), categoryIds: [politics], authorIds: [writerA], version: unpublished.version }), 'unpublish', at(5))
  const trashed = await saveArticle(deps, editor, undefined, articleDraft({ title: 'خبر محذوف', bodyHtml: body('حذف'), categoryIds: [politics], authorIds: [writerB] }), 'publish', at(6))
  await trashArticle(deps, editor, trashed.id, true, at(7))
  const story = await saveArticle(
    deps,
    editor,
    undefined,
    articleDraft({
      title: 'المباراة النهائية: الفريق يفوز 3-1',
      excerpt: 'فوز كبير في النهائي.',
      slug: 'المباراة-النهائية',
      bodyHtml: `<figure data-media-id="${photo}"><img src="/media/k3yPhoto_0001/1280.webp" alt="جمهور" /><figcaption>الجمهور</figcaption></figure>\n${body('النهائي')}`,
      categoryIds: [local, sports],
      tags: ['نهائي', 'دوري'],
      authorIds: [writerA, writerB],
      byline: 'كريم العطار – الرباط ]]> (خاص)',
      sourceLine: 'وكالة الأنباء',
      dateline: 'الرباط',
      featuredMediaId: photo,
      isBreaking: true,
      seoTitle: 'النهائي & الفوز',
      seoDescription: 'وصف لمحركات البحث',
    }),
    'publish',
    at(8),
  )
  await addCorrection(deps, editor, story.id, { kind: 'correction', note: 'صُحّح اسم الملعب.' }, at(9))

  const comment = (over: Partial<Parameters<typeof insertComment>[1]> & { minutes: number }) => {
    const { minutes, ...rest } = over
    return insertComment(db, {
      article_id: story.id,
      parent_id: null,
      depth: 0,
      author_name: 'قارئ',
      author_email: 'reader@example.net',
      author_url: '',
      body: 'تعليق.',
      status: 'approved',
      user_id: null,
      ip_hash: hashIp(siteSecret, '203.0.113.7'),
      user_agent: 'Mozilla/5.0',
      hold_reason: '',
      created_at: at(minutes).toISOString(),
      updated_at: at(minutes).toISOString(),
      ...rest,
    })
  }
  const first = await comment({ minutes: 10, author_name: 'سارة & أخواتها', author_email: 'sara@example.net', author_url: 'https://sara.example/', body: 'فقرة أولى <b>ليست وسماً</b>.\n\nفقرة ثانية & أخيرة.' })
  const reply = await comment({ minutes: 11, parent_id: first, depth: 1, author_name: 'عمر', author_email: 'omar@example.net', body: 'ردّ على سارة.' })
  await comment({ minutes: 12, parent_id: reply, depth: 2, author_name: 'سارة & أخواتها', author_email: 'sara@example.net', body: 'ردّ على الردّ.' })
  await comment({ minutes: 13, parent_id: first, depth: 1, author_name: 'الصحيفة', author_email: admin.email, user_id: admin.id, ip_hash: null, body: 'شكراً لكم.' })
  await comment({ minutes: 14, status: 'pending', hold_reason: 'first', author_email: 'new@example.net', body: 'تعليق ينتظر.' })
  const spam = await comment({ minutes: 15, status: 'spam', hold_reason: 'links', author_name: 'Spammer', author_email: 'spam@example.com', body: 'http://spam.example' })
  await comment({ minutes: 16, status: 'trash', parent_id: reply, depth: 2, body: 'تعليق محذوف.' })
  await comment({ minutes: 17, article_id: unpublished.id, body: 'تعليق على خبر سُحب.' })
  await upsertCommenter(db, 'sara@example.net', { trusted: true }, at(18))
  await upsertCommenter(db, 'spam@example.com', { blocked: true }, at(18))
  await logModeration(db, { userId: admin.id, action: 'spam', commentId: spam, detail: 'bulk' }, at(19))

  await upsertRedirect(db, '/2020/01/01/خبر-قديم/', `/news/${story.id}/المباراة-النهائية`, 301, at(20))
  await upsertRedirect(db, '/category/old/', null, 410, at(20))
  await db.insertInto('import_map').values({ source: 'wordpress:https://old.example', kind: 'post', source_id: '42', target_id: story.id, source_parent: null, target_stamp: '1' }).execute()

  const published = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'published').executeTakeFirstOrThrow()
  const all = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return {
    values: [admin.password_hash, 'JBSWY3DPEHPK3PXPJBSWY3DP', 'a'.repeat(64), 'c'.repeat(43), 'b'.repeat(64), 'd'.repeat(64), siteSecret],
    adminPassword: demo.admin.password,
    publishedCount: Number(published.n),
    articleCount: Number(all.n),
  }
}

/** A JSON export without its time (the one thing two exports of the same content differ in). */
function contentOf(json: string): Record<string, unknown> {
  const { exported_at: _at, ...rest } = JSON.parse(json) as Record<string, unknown>
  return rest
}

/** Every key anywhere in a JSON value. */
function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, out)
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k)
      keysOf(v, out)
    }
  }
  return out
}

interface CommentNode {
  author: string
  email: string
  url: string
  date: string | null
  content: string
  approved: string
  staff: string
  replies: CommentNode[]
}

/**
 * What a WXR file says, without the numbers a new database gives things (post, term, comment
 * and user ids) or the export's own time: authors by email, terms by slug, items by content,
 * comments as trees.
 */
async function wxrContent(file: string) {
  const emails = new Map<string, string>()
  const emailsById = new Map<string, string>()
  const authors: Array<{ email: string; name: string }> = []
  const categories: Array<{ slug: string; parent: string; name: string; description: string }> = []
  const tags: Array<{ slug: string; name: string }> = []
  const items: WxrItem[] = []
  for await (const r of readWxr(file)) {
    if (r.type === 'site') assert.equal(r.site.wxrVersion, '1.2')
    else if (r.type === 'author') {
      emails.set(r.author.login, r.author.email)
      emailsById.set(r.author.id, r.author.email)
      authors.push({ email: r.author.email, name: r.author.displayName })
    } else if (r.type === 'term' && r.term.taxonomy === 'category') categories.push({ slug: r.term.slug, parent: r.term.parent, name: r.term.name, description: r.term.description })
    else if (r.type === 'term') tags.push({ slug: r.term.slug, name: r.term.name })
    else if (r.type === 'item') items.push(r.item)
    else assert.fail(`an unreadable record: ${JSON.stringify(r)}`)
  }
  const attachmentUrls = new Map(items.filter((i) => i.postType === 'attachment').map((i) => [i.postId, i.attachmentUrl]))
  // Logins of accounts without an ASCII slug are `user-{id}`, numbered anew by another database: compared by email.
  const emailOf = (login: string) => emails.get(login) ?? `unknown login ${login}`
  const metaOf = ({ _thumbnail_id: _t, _sahifa_authors: authors, _sahifa_created_by: createdBy, _sahifa_corrections: corrections, ...rest }: WxrItem['meta']): Record<string, unknown> => ({
    ...rest,
    _sahifa_authors: authors?.split(',').map(emailOf),
    _sahifa_created_by: createdBy === undefined ? undefined : emailOf(createdBy),
    _sahifa_corrections: corrections === undefined ? undefined : (JSON.parse(corrections) as Array<{ by: string }>).map((c) => ({ ...c, by: c.by && emailOf(c.by) })),
  })
  const tree = (comments: WxrComment[], parent: string | null): CommentNode[] =>
    comments
      .filter((c) => c.parent === parent)
      .map((c) => ({ author: c.author, email: c.email, url: c.url, date: c.dateGmt, content: c.content, approved: c.approved, staff: c.userId ? (emailsById.get(c.userId) ?? '?') : '', replies: tree(comments, c.id) }))
      .sort((a, b) => `${a.date}${a.content}`.localeCompare(`${b.date}${b.content}`))
  const itemOf = (i: WxrItem) => ({
    type: i.postType,
    // An attachment's title and name come from its file name on import (the URL's, here `1280.webp`).
    title: i.postType === 'attachment' ? undefined : i.title,
    slug: i.postType === 'attachment' ? undefined : i.postName,
    status: i.status,
    // Local times follow each site's time-zone setting, which WXR does not carry: GMT is compared.
    dateGmt: i.postDateGmt,
    modifiedGmt: i.postModifiedGmt,
    creator: i.creator ? (emails.get(i.creator) ?? `unknown login ${i.creator}`) : '',
    content: i.content,
    excerpt: i.excerpt,
    commentStatus: i.commentStatus,
    sticky: i.isSticky,
    url: i.attachmentUrl,
    categories: i.terms.filter((t) => t.domain === 'category').map((t) => t.slug),
    tags: i.terms.filter((t) => t.domain === 'post_tag').map((t) => t.slug).sort(),
    thumbnail: i.meta._thumbnail_id ? attachmentUrls.get(i.meta._thumbnail_id) : undefined,
    meta: metaOf(i.meta),
    comments: tree(i.comments, null),
  })
  const key = (i: ReturnType<typeof itemOf>) => `${i.type} ${i.dateGmt} ${i.slug} ${i.url} ${i.title}`
  return {
    authors: authors.sort((a, b) => a.email.localeCompare(b.email)),
    categories,
    tags: tags.sort((a, b) => a.slug.localeCompare(b.slug)),
    items: items.map(itemOf).sort((a, b) => key(a).localeCompare(key(b))),
  }
}

/**
 * What a WXR round trip must keep of the articles, read from the database: every column but the
 * ids, the body (its `/media/` images come back as the old site's URLs) and the version, with
 * accounts as emails; authors in byline order, corrections, and the featured image's text.
 */
function articlesOf(database: TestDatabase) {
  return withDb(database, async (db) => {
    const emails = new Map((await db.selectFrom('users').select(['id', 'email']).execute()).map((u) => [u.id, u.email]))
    const emailOf = (id: number | null) => (id === null ? null : emails.get(id))
    const media = new Map((await db.selectFrom('media').select(['id', 'alt', 'caption', 'credit']).execute()).map(({ id, ...m }) => [id, m]))
    const authors = await db.selectFrom('article_authors').select(['article_id', 'user_id']).orderBy('article_id').orderBy('position').execute()
    const corrections = await db.selectFrom('article_corrections').select(['article_id', 'kind', 'note', 'user_id', 'created_at']).orderBy('id').execute()
    const rows = await db
      .selectFrom('articles')
      .select(['id', 'slug', 'title', 'excerpt', 'status', 'byline', 'source_line', 'dateline', 'comment_status', 'is_breaking', 'is_lead', 'seo_title', 'seo_description'])
      .select(['published_at', 'created_at', 'updated_at', 'created_by', 'featured_media_id', 'trashed_from'])
      .orderBy('slug')
      .execute()
    return rows.map(({ id, created_by, featured_media_id, ...row }) => ({
      ...row,
      created_by: emailOf(created_by),
      authors: authors.filter((a) => a.article_id === id).map((a) => emailOf(a.user_id)),
      corrections: corrections.filter((c) => c.article_id === id).map(({ article_id: _a, user_id, ...c }) => ({ ...c, by: emailOf(user_id) })),
      featured: featured_media_id === null ? null : media.get(featured_media_id),
    }))
  })
}

/** Parses XML with saxes (namespaces on): throws at the first error. */
function assertWellFormedWithSaxes(xml: string): void {
  const parser = new SaxesParser({ xmlns: true })
  let failure: Error | undefined
  parser.on('error', (e) => {
    failure ??= e
  })
  parser.write(xml).close()
  if (failure) throw failure
}

const hasXmllint = (() => {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

describeEachDatabase('sahifa export / import', (engine) => {
  let dir: string
  let source: TestDatabase
  let secrets: Secrets
  const databases: TestDatabase[] = []
  const fresh = async () => {
    const database = await createTestDatabase(engine)
    databases.push(database)
    return database
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sahifa-export-'))
    source = await fresh()
    secrets = await withDb(source, (db) => seedNewsroom(db))
  })
  after(async () => {
    for (const database of databases) await database.drop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('json: export → import into an empty database → export gives the same document, ids kept', async () => {
    const file = join(dir, 'first.json')
    const exported = await sahifa(['export', '--format', 'json', '--output', file], envOf(source))
    assert.equal(exported.code, 0, exported.stderr)
    assert.match(exported.stdout, new RegExp(`^articles: ${secrets.articleCount}$`, 'm'))
    const first = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>
    assert.equal(first.format, 'sahifa-export')
    assert.equal(first.version, 1)
    assert.deepEqual(new Set(first.articles.map((a: { status: string }) => a.status)), new Set(['published', 'draft', 'review', 'scheduled', 'unpublished', 'trashed']))
    assert.deepEqual(new Set(first.comments.map((c: { status: string }) => c.status)), new Set(['approved', 'pending', 'spam', 'trash']))
    assert.ok(first.comments.some((c: { depth: number }) => c.depth === 2), 'threaded comments')
    assert.ok(first.articles.some((a: { corrections: unknown[] }) => a.corrections.length === 1), 'a correction')
    assert.ok(first.revisions.length >= 6, 'revisions')
    assert.ok(first.categories.some((c: { slug: string; parent_id: number | null }) => c.slug === 'الدوري-المحلي' && c.parent_id !== null), 'nested sections')
    assert.equal(first.site.timeZone, 'Africa/Casablanca')

    const target = await fresh()
    const imported = await sahifa(['import', 'sahifa', file], envOf(target))
    assert.equal(imported.code, 0, imported.stderr)
    assert.match(imported.stdout, new RegExp(`^articles: ${secrets.articleCount}$`, 'm'))
    assert.match(imported.stdout, /accounts have no password/)
    const again = await sahifa(['export', '--format', 'json'], envOf(target))
    assert.equal(again.code, 0, again.stderr)
    assert.match(again.stderr, new RegExp(`^articles: ${secrets.articleCount}$`, 'm'), 'the summary goes to stderr when the export goes to stdout')
    assert.deepEqual(contentOf(again.stdout), contentOf(readFileSync(file, 'utf8')))

    await withDb(target, async (db) => {
      const admin = await db.selectFrom('users').select(['password_hash', 'totp_secret', 'totp_enabled']).where('email', '=', 'admin@example.com').executeTakeFirstOrThrow()
      assert.equal(await verifyPassword(secrets.adminPassword, admin.password_hash), false, 'no password came with the export')
      assert.deepEqual({ secret: admin.totp_secret, enabled: admin.totp_enabled }, { secret: null, enabled: 0 })
      const indexed = await db.selectFrom('search_documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      assert.equal(Number(indexed.n), secrets.publishedCount, 'published articles are searchable again')
      const counts = await db.selectFrom('articles').select(['id', 'comment_count']).where('comment_count', '>', 0).orderBy('id').execute()
      assert.deepEqual(counts.map((c) => c.comment_count), [1, 4], 'comment counts rebuilt (approved only)')
      // New rows continue after the imported ids (PostgreSQL sequences were moved on).
      const { id } = await db.insertInto('tags').values({ slug: 'جديد', name: 'جديد', name_match: 'جديد' }).returning('id').executeTakeFirstOrThrow()
      assert.equal(id, Math.max(...(first.tags as Array<{ id: number }>).map((t) => t.id)) + 1)
    })
  })

  it('json: holds private data for the owner, and no credential of any kind', async () => {
    const file = join(dir, 'secrets.json')
    const exported = await sahifa(['export', '--format', 'json', '--output', file], envOf(source))
    assert.equal(exported.code, 0, exported.stderr)
    const text = readFileSync(file, 'utf8')
    for (const value of secrets.values) assert.equal(text.includes(value), false, `a credential leaked into the export: ${value.slice(0, 12)}…`)
    const keys = keysOf(JSON.parse(text))
    for (const key of ['password_hash', 'totp_secret', 'totp_enabled', 'totp_last_step', 'sessions', 'csrf_token', 'user_tokens', 'api_keys', 'key_hash', 'preview_token', 'secret']) assert.equal(keys.has(key), false, key)
    assert.ok(text.includes('sara@example.net'), "commenters' emails are in the owner's backup")
    if (process.platform !== 'win32') assert.equal((await import('node:fs')).statSync(file).mode & 0o777, 0o600, 'readable by its owner only')
  })

  it('json import: refuses a database with content and a file that is not a complete export, writing nothing', async () => {
    const file = join(dir, 'first.json')
    const refused = await sahifa(['import', 'sahifa', file], envOf(source))
    assert.notEqual(refused.code, 0)
    assert.match(refused.stderr, /the database is not empty \(\d+ users, \d+ articles/)

    const lines = readFileSync(file, 'utf8').split('\n')
    const cut = join(dir, 'cut.json')
    writeFileSync(cut, lines.slice(0, Math.floor(lines.length / 2)).join('\n'))
    const tampered = join(dir, 'tampered.json')
    writeFileSync(tampered, readFileSync(file, 'utf8').replace('"storage_key":"k3yPhoto_0001"', '"storage_key":"../../etc"'))
    const target = await fresh()
    await withDb(target, async (db, dbEngine) => {
      await assert.rejects(importSahifaExport({ db, engine: dbEngine }, cut), (e: unknown) => e instanceof ExportImportError && /ends before it is complete/.test(e.message))
      await assert.rejects(importSahifaExport({ db, engine: dbEngine }, tampered), (e: unknown) => e instanceof ExportImportError && /^media record 1: storage_key: must be a storage key$/.test(e.message))
      await assert.rejects(importSahifaExport({ db, engine: dbEngine }, bin), (e: unknown) => e instanceof ExportImportError)
      const users = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      assert.equal(Number(users.n), 0, 'nothing was written')
    })
  })

  it('wxr: well-formed WXR 1.2 that imports back through the WordPress importer and exports the same content', async () => {
    const file = join(dir, 'first.xml')
    const exported = await sahifa(['export', '--format', 'wxr', '--output', file], envOf(source))
    assert.equal(exported.code, 0, exported.stderr)
    const xml = readFileSync(file, 'utf8')
    if (hasXmllint) execFileSync('xmllint', ['--noout', file])
    assertWellFormedWithSaxes(xml)
    for (const status of ['publish', 'draft', 'pending', 'future', 'private', 'trash']) assert.ok(xml.includes(`<wp:status><![CDATA[${status}]]></wp:status>`), status)
    for (const approved of ['1', '0', 'spam', 'trash']) assert.ok(xml.includes(`<wp:comment_approved><![CDATA[${approved}]]></wp:comment_approved>`), approved)
    assert.ok(xml.includes(']]]]><![CDATA[>'), '"]]>" in a body is split across CDATA sections')
    assert.ok(xml.includes('<wp:post_name><![CDATA[%d8%a7%d9%84%d9%85%d8%a8%d8%a7%d8%b1%d8%a7%d8%a9-%d8%a7%d9%84%d9%86%d9%87%d8%a7%d8%a6%d9%8a%d8%a9]]></wp:post_name>'), 'slugs percent-encoded as WordPress does')

    const target = await fresh()
    const imported = await sahifa(['import', 'wordpress', file], envOf(target))
    assert.equal(imported.code, 0, imported.stderr)
    const second = join(dir, 'second.xml')
    const again = await sahifa(['export', '--format', 'wxr', '--output', second], envOf(target))
    assert.equal(again.code, 0, again.stderr)

    const [before, after] = [await wxrContent(file), await wxrContent(second)]
    assert.equal(before.items.filter((i) => i.type === 'post').length, secrets.articleCount)
    assert.ok(before.items.some((i) => i.comments.some((c) => c.replies.some((r) => r.replies.length > 0))), 'comment threads three deep')
    // Sahifa's own fields are in the first export (as `_sahifa_*` meta), so that losing them on import fails below.
    const story = before.items.find((i) => i.title === 'المباراة النهائية: الفريق يفوز 3-1')!
    assert.deepEqual(
      { ...story.meta, _sahifa_authors: (story.meta._sahifa_authors as string[] | undefined)?.length, _sahifa_created_at: typeof story.meta._sahifa_created_at },
      {
        _sahifa_byline: 'كريم العطار – الرباط ]]> (خاص)',
        _sahifa_source_line: 'وكالة الأنباء',
        _sahifa_dateline: 'الرباط',
        _sahifa_breaking: '1',
        _sahifa_authors: 2,
        _sahifa_created_at: 'string',
        _sahifa_created_by: 'admin@example.com',
        _sahifa_corrections: [{ kind: 'correction', note: 'صُحّح اسم الملعب.', by: 'admin@example.com', at: '2026-05-11T09:09:00.000Z' }],
        _yoast_wpseo_title: 'النهائي &amp; الفوز',
        _yoast_wpseo_metadesc: 'وصف لمحركات البحث',
      },
    )
    assert.deepEqual([story.excerpt, story.commentStatus, story.sticky], ['فوز كبير في النهائي.', 'open', '0'])
    const featured = before.items.find((i) => i.type === 'attachment' && i.url === story.thumbnail)!
    assert.deepEqual([featured.meta._wp_attachment_image_alt, featured.excerpt, featured.meta._sahifa_credit], ['جمهور في الملعب &amp; الأعلام', 'لقطة من المباراة', 'تصوير: سامي'])
    assert.ok(before.items.find((i) => i.status === 'private')?.meta._sahifa_created_at, 'an unpublished article keeps its publication time')
    assert.deepEqual(after, before)

    // …and in the database: every article as it was, but for ids, bodies and versions.
    const [was, is] = [await articlesOf(source), await articlesOf(target)]
    assert.ok(was.some((a) => a.status === 'unpublished' && a.published_at !== null), 'an unpublished article that has a publication time')
    assert.ok(was.some((a) => a.created_by !== null && a.created_by !== a.authors[0]), 'an article created by someone other than its first author')
    // An article no account is recorded as creating (the demo's) comes back created by its first author, as any imported post.
    assert.deepEqual(is, was.map((a) => ({ ...a, created_by: a.created_by ?? a.authors[0] ?? null })))

    // Importing the same file again updates what it made: no correction or author twice.
    const rerun = await sahifa(['import', 'wordpress', file], envOf(target))
    assert.equal(rerun.code, 0, rerun.stderr)
    assert.deepEqual(await articlesOf(target), is)
  })
})

describe('sahifa export / import across engines [sqlite → postgres]', { skip: engines.includes('postgres') ? false : 'PostgreSQL not configured (set TEST_DATABASE_URL)' }, () => {
  it('a JSON export of a SQLite site imports into PostgreSQL and exports the same content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sahifa-export-'))
    const [from, to] = [await createTestDatabase('sqlite'), await createTestDatabase('postgres')]
    try {
      const write = (database: TestDatabase, file: string) =>
        withDb(database, async (db) => {
          const sink = fileSink(file)
          await exportJson(db, sink, { now: NOW, generator: 'Sahifa' })
          await sink.close()
        })
      await withDb(from, (db) => seedNewsroom(db))
      await write(from, join(dir, 'sqlite.json'))
      await withDb(to, (db, engine) => importSahifaExport({ db, engine }, join(dir, 'sqlite.json')))
      await write(to, join(dir, 'postgres.json'))
      // Text keys sort by each engine's collation: those two sections are compared as sets.
      const canonical = (file: string) => {
        const doc = contentOf(readFileSync(file, 'utf8')) as Record<string, unknown[]>
        for (const section of ['commenters', 'import_map']) doc[section] = doc[section]!.map((r) => JSON.stringify(r)).sort()
        return doc
      }
      assert.deepEqual(canonical(join(dir, 'postgres.json')), canonical(join(dir, 'sqlite.json')))
    } finally {
      await from.drop()
      await to.drop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
