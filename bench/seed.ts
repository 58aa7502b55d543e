import { openDatabase } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import type { NewArticle } from '../src/db/schema.js'
import { demoArticles, demoAuthors, demoCategories, demoPages } from '../src/demo/demo-content.js'
import { paragraphsToHtml } from '../src/modules/articles/article-html.js'
import { insertPage } from '../src/modules/pages/pages.repository.js'
import { insertCategory, insertTag } from '../src/modules/taxonomy/taxonomy.repository.js'
import { hashPassword } from '../src/modules/users/password.js'
import { insertUser } from '../src/modules/users/users.repository.js'
import { slugify } from '../src/text/arabic/index.js'
import { seededRandom } from '../test/support/seeded-random.js'

export interface SeedResult {
  articles: number
  categories: number
  tags: number
  authors: number
  /** Average words per article body. */
  averageWords: number
  ms: number
}


const words = (s: string) => s.split(/\s+/).filter(Boolean).length

const extraAuthorNames = ['ليلى منصور', 'كريم العلي', 'هدى السيد', 'ياسر الحسن', 'رنا خليل', 'طارق بن سالم', 'منى عبد الله', 'عمر فاروق', 'سارة نجيب', 'خالد الزين', 'نور الهدى', 'بلال عثمان']
const places = ['القاهرة', 'الرباط', 'تونس', 'عمّان', 'بيروت', 'الدوحة', 'الرياض', 'الجزائر', 'مسقط', 'الكويت', 'بغداد', 'دمشق']

/**
 * Fills a fresh database with a newsroom of `count` published articles made from the demo
 * content (paragraphs shuffled to about `targetWords` words each), the demo sections, ~300 tags
 * and 15 authors. Articles and their links go in with multi-row inserts inside one transaction
 * (ids assigned here, so links need no read-back): 10,000 articles take a few seconds.
 * The text is trusted demo text, so bodies are built with paragraphsToHtml (escaped) without
 * the sanitizer pass the newsroom applies to editor input.
 */
export async function seedBenchDatabase(databaseUrl: string, { count = 10_000, targetWords = 600, now = new Date() } = {}): Promise<SeedResult> {
  const started = performance.now()
  const handle = openDatabase({ kind: 'sqlite', file: databaseUrl.replace(/^sqlite:/, '') })
  const { db } = handle
  try {
    await migrateToLatest(db, handle.engine)
    const rand = seededRandom(20260511)
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!
    const iso = now.toISOString()

    const categoryIds = new Map<string, number>()
    for (const [position, c] of demoCategories.entries()) {
      const parentId = c.parentSlug ? (categoryIds.get(c.parentSlug) ?? null) : null
      categoryIds.set(c.slug, await insertCategory(db, { slug: c.slug, name: c.name, description: c.description, parentId, position }))
    }
    const sectionIds = [...categoryIds.values()]

    const passwordHash = await hashPassword('bench password, never used')
    const authorIds: number[] = []
    for (const a of demoAuthors) authorIds.push(await insertUser(db, { email: a.email, name: a.name, slug: a.slug, role: a.role, bio: a.bio, password_hash: passwordHash, active: 1, created_at: iso, updated_at: iso }))
    for (const [i, name] of extraAuthorNames.entries()) {
      authorIds.push(await insertUser(db, { email: `writer${i + 1}@bench.example`, name, slug: `writer-${i + 1}`, role: 'author', bio: '', password_hash: passwordHash, active: 1, created_at: iso, updated_at: iso }))
    }

    const baseTags = [...new Set(demoArticles.flatMap((a) => a.tags))]
    const tagNames = [...baseTags, ...baseTags.flatMap((tag) => places.map((place) => `${tag} في ${place}`))].slice(0, 300)
    const tagIds: number[] = []
    for (const [i, name] of tagNames.entries()) tagIds.push(await insertTag(db, { name, slug: slugify(name) || `tag-${i}` }))

    for (const p of demoPages) await insertPage(db, { slug: p.slug, title: p.title, bodyHtml: paragraphsToHtml(p.paragraphs), status: 'published', now })

    const pool = demoArticles.flatMap((a) => a.paragraphs)
    const span = 3 * 365 * 86_400_000
    let totalWords = 0
    await db.transaction().execute(async (trx) => {
      const chunk = 250
      for (let start = 1; start <= count; start += chunk) {
        const rows: NewArticle[] = []
        const authorLinks: Array<{ article_id: number; user_id: number; position: number }> = []
        const categoryLinks: Array<{ article_id: number; category_id: number; position: number }> = []
        const tagLinks: Array<{ article_id: number; tag_id: number }> = []
        for (let id = start; id < Math.min(start + chunk, count + 1); id++) {
          const source = pick(demoArticles)
          const paragraphs: string[] = []
          let n = 0
          while (n < targetWords) {
            const p = pick(pool)
            paragraphs.push(p)
            n += words(p)
          }
          totalWords += n
          // Oldest first: id 1 is three years old, the last id is a few minutes old.
          const published = new Date(now.getTime() - ((count - id) / count) * span - Math.floor(rand() * 3_600_000) - 60_000).toISOString()
          rows.push({
            id,
            slug: slugify(source.title) || `article-${id}`,
            title: source.title,
            excerpt: source.excerpt,
            body_html: paragraphsToHtml(paragraphs),
            body_text: paragraphs.join('\n\n'),
            status: 'published',
            byline: source.byline,
            source_line: source.source,
            dateline: pick(places),
            comment_status: 'open',
            is_breaking: rand() < 0.01 ? 1 : 0,
            is_lead: id === count - 3 ? 1 : 0,
            seo_title: '',
            seo_description: '',
            published_at: published,
            created_at: published,
            updated_at: published,
            version: 1,
          })
          const firstAuthor = pick(authorIds)
          authorLinks.push({ article_id: id, user_id: firstAuthor, position: 0 })
          if (rand() < 0.1) {
            const second = pick(authorIds)
            if (second !== firstAuthor) authorLinks.push({ article_id: id, user_id: second, position: 1 })
          }
          categoryLinks.push({ article_id: id, category_id: categoryIds.get(source.category) ?? pick(sectionIds), position: 0 })
          const tags = new Set<number>()
          while (tags.size < 3) tags.add(pick(tagIds))
          for (const tag_id of tags) tagLinks.push({ article_id: id, tag_id })
        }
        await trx.insertInto('articles').values(rows).execute()
        await trx.insertInto('article_authors').values(authorLinks).execute()
        await trx.insertInto('article_categories').values(categoryLinks).execute()
        await trx.insertInto('article_tags').values(tagLinks).execute()
      }
    })
    return { articles: count, categories: categoryIds.size, tags: tagIds.length, authors: authorIds.length, averageWords: Math.round(totalWords / count), ms: performance.now() - started }
  } finally {
    await handle.close()
  }
}
