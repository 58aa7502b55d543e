import type { Db } from '../../db/database.js'
import { demoArticles, demoAuthors, demoCategories, demoPages } from '../../demo/demo-content.js'
import { paragraphsToHtml } from '../articles/article-html.js'
import { createArticle } from '../articles/articles.service.js'
import { insertPage } from '../pages/pages.repository.js'
import { insertCategory } from '../taxonomy/taxonomy.repository.js'
import { createUser } from '../users/users.service.js'
import { countUsers } from '../users/users.repository.js'

export interface DemoResult {
  admin: { email: string; password: string }
  articles: number
}

/**
 * Fills an empty database with a small demo newsroom: sections, three writers, a dozen
 * articles with tags, two static pages and an admin account with a generated password.
 * Does nothing (returns undefined) when any user exists.
 */
export async function seedDemoNewsroom(db: Db, now: Date): Promise<DemoResult | undefined> {
  if ((await countUsers(db)) > 0) return undefined
  const admin = await createUser(db, { email: 'admin@example.com', name: 'مدير الموقع', role: 'admin' }, now)

  const authorIds = new Map<string, number>()
  for (const a of demoAuthors) {
    const { id } = await createUser(db, { email: a.email, name: a.name, role: a.role, bio: a.bio, slug: a.slug }, now)
    authorIds.set(a.key, id)
  }

  const categoryIds = new Map<string, number>()
  for (const [position, c] of demoCategories.entries()) {
    const parentId = c.parentSlug ? categoryIds.get(c.parentSlug) ?? null : null
    categoryIds.set(c.slug, await insertCategory(db, { slug: c.slug, name: c.name, description: c.description, parentId, position }))
  }

  for (const a of demoArticles) {
    const publishedAt = new Date(now.getTime() - a.daysAgo * 86_400_000)
    await createArticle(
      db,
      {
        title: a.title,
        excerpt: a.excerpt,
        paragraphs: a.paragraphs,
        status: 'published',
        publishedAt,
        authorIds: [authorIds.get(a.authorKey)!],
        categoryIds: [categoryIds.get(a.category)!],
        tags: a.tags,
        byline: a.byline,
        sourceLine: a.source,
        dateline: a.dateline,
        isLead: a.lead ?? false,
        isBreaking: a.breaking ?? false,
      },
      publishedAt,
    )
  }

  for (const p of demoPages) await insertPage(db, { slug: p.slug, title: p.title, bodyHtml: paragraphsToHtml(p.paragraphs), status: 'published', now })

  return { admin: { email: 'admin@example.com', password: admin.password }, articles: demoArticles.length }
}
