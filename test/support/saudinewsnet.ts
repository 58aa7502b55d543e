import { readFileSync } from 'node:fs'
import type { Db } from '../../src/db/database.js'
import type { NewArticle } from '../../src/db/schema.js'
import { htmlToText, paragraphsToHtml } from '../../src/modules/articles/article-html.js'
import { normalizeForDisplay, slugify } from '../../src/text/arabic/index.js'

/**
 * SaudiNewsNet (../shared/data/saudinewsnet): 1,686 real Arabic news articles of 2015-08-11,
 * CC BY-NC-SA. Test and benchmark data only: read here at run time, never copied into the
 * project, never shown as demo content.
 */
export const SAUDINEWSNET_FILE = new URL('../../../shared/data/saudinewsnet/2015-08-11.json', import.meta.url)

export interface NewsArticle {
  title: string
  paragraphs: string[]
  publishedAt: Date
  /** The outlet (alriyadh, okaz, was…). */
  source: string
}

/** The corpus's articles that have a title and a body (1,676 of 1,686), in file order. */
export function loadSaudiNewsNet(): NewsArticle[] {
  const raw = JSON.parse(readFileSync(SAUDINEWSNET_FILE, 'utf8')) as Array<{ source: string; title: string; content: string; date_extracted: string }>
  return raw
    .filter((a) => a.title.trim() && a.content.trim())
    .map((a) => ({
      title: a.title,
      paragraphs: a.content.split('\n').filter((p) => p.trim()),
      publishedAt: new Date(`${a.date_extracted.replace(' ', 'T')}Z`),
      source: a.source,
    }))
}

/** An article to insert in bulk; categories and authors are optional links. */
export interface BulkArticle {
  title: string
  paragraphs: string[]
  publishedAt: Date
  categoryId?: number
  authorId?: number
}

/**
 * Inserts published articles many rows per statement in one transaction, without indexing them
 * for search: call `rebuildSearchIndex` afterwards (the index the app builds, in its batches).
 * Titles and bodies are prepared as `createArticle` prepares them (normalizeForDisplay, escaped
 * paragraph HTML, its plain text); the HTML sanitizer pass is skipped (the text is plain).
 * Returns the new ids in input order.
 */
export async function insertArticlesInBulk(db: Db, articles: readonly BulkArticle[], { plainText = htmlToText }: { plainText?: (html: string, paragraphs: string[]) => string } = {}): Promise<number[]> {
  const ids: number[] = []
  await db.transaction().execute(async (trx) => {
    const chunk = 200
    for (let start = 0; start < articles.length; start += chunk) {
      const batch = articles.slice(start, start + chunk)
      const rows: NewArticle[] = batch.map((a, i) => {
        const html = paragraphsToHtml(a.paragraphs)
        const at = a.publishedAt.toISOString()
        const title = normalizeForDisplay(a.title)
        return {
          slug: slugify(title) || `article-${start + i + 1}`,
          title,
          excerpt: '',
          body_html: html,
          body_text: plainText(html, a.paragraphs),
          status: 'published',
          byline: '',
          source_line: '',
          dateline: '',
          comment_status: 'open',
          is_breaking: 0,
          is_lead: 0,
          seo_title: '',
          seo_description: '',
          published_at: at,
          created_at: at,
          updated_at: at,
          version: 1,
        }
      })
      const inserted = await trx.insertInto('articles').values(rows).returning('id').execute()
      const batchIds = inserted.map((r) => r.id)
      ids.push(...batchIds)
      const categories = batch.flatMap((a, i) => (a.categoryId ? [{ article_id: batchIds[i]!, category_id: a.categoryId, position: 0 }] : []))
      if (categories.length) await trx.insertInto('article_categories').values(categories).execute()
      const authors = batch.flatMap((a, i) => (a.authorId ? [{ article_id: batchIds[i]!, user_id: a.authorId, position: 0 }] : []))
      if (authors.length) await trx.insertInto('article_authors').values(authors).execute()
    }
  })
  return ids
}
