import type { Deps } from '../../src/container.js'
import type { Role } from '../../src/db/schema.js'
import { createArticle, type NewArticleInput } from '../../src/modules/articles/articles.service.js'
import type { ArticleDraft } from '../../src/modules/articles/editorial.service.js'
import { insertCategory } from '../../src/modules/taxonomy/taxonomy.repository.js'
import { createUser } from '../../src/modules/users/users.service.js'

let sequence = 0
const next = () => ++sequence

/** A staff user; returns its id, email and password. */
export async function makeUser(deps: Deps, overrides: { email?: string; name?: string; role?: Role; password?: string; slug?: string; bio?: string } = {}) {
  const n = next()
  const email = overrides.email ?? `user${n}@example.com`
  const password = overrides.password ?? 'correct horse battery'
  const { id } = await createUser(deps.db, { email, name: overrides.name ?? `كاتب ${n}`, role: overrides.role ?? 'author', password, slug: overrides.slug, bio: overrides.bio }, deps.clock.now())
  return { id, email, password }
}

export async function makeCategory(deps: Deps, overrides: { slug?: string; name?: string; parentId?: number | null; description?: string } = {}) {
  const n = next()
  const slug = overrides.slug ?? `section-${n}`
  const id = await insertCategory(deps.db, { slug, name: overrides.name ?? `قسم ${n}`, description: overrides.description ?? '', parentId: overrides.parentId ?? null, position: n })
  return { id, slug }
}

/** A published article (unless status says otherwise) with sensible Arabic defaults. */
export async function makeArticle(deps: Deps, overrides: Partial<NewArticleInput> = {}) {
  const n = next()
  const id = await createArticle(
    deps.db,
    {
      title: `خبر تجريبي رقم ${n}`,
      excerpt: 'ملخص قصير للخبر.',
      paragraphs: ['الفقرة الأولى من الخبر.', 'الفقرة الثانية من الخبر.'],
      status: 'published',
      publishedAt: new Date(deps.clock.now().getTime() - n * 60_000),
      ...overrides,
    },
    deps.clock.now(),
  )
  deps.events.changed()
  return { id }
}

/** What the article form sends for a new article: every field blank but the ones given. */
export function articleDraft(overrides: Partial<ArticleDraft> = {}): ArticleDraft {
  return {
    title: '',
    excerpt: '',
    slug: '',
    bodyHtml: '',
    categoryIds: [],
    tags: [],
    authorIds: [],
    byline: '',
    sourceLine: '',
    dateline: '',
    featuredMediaId: null,
    commentStatus: 'open',
    isBreaking: false,
    seoTitle: '',
    seoDescription: '',
    version: 0,
    ...overrides,
  }
}
