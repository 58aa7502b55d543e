import type { ArticleSummary } from '../../modules/articles/articles.repository.js'
import type { MediaImage } from '../../modules/media/media.schema.js'
import type { ComponentChildren } from 'preact'
import { ArticleCard, imageOf } from '../components/article-card.js'
import { contentLang } from '../components/content-lang.js'
import { Pagination } from '../components/pagination.js'
import { ResponsiveImage } from '../components/responsive-image.js'
import { breadcrumbList, sectionTrail } from '../components/structured-data.js'
import type { ViewContext } from '../context.js'
import { SiteLayout, type PageFeed } from '../layouts/site-layout.js'
import { paths } from '../paths.js'

/** An author page's header: the name (the heading), photo and bio. */
export interface ListingAuthor {
  name: string
  bio: string
  photo?: MediaImage
}

export interface ListingData {
  heading: string
  description?: string
  items: ArticleSummary[]
  page: number
  pages: number
  href: (page: number) => string
  /** Extra block shown above the list (an author's bio, a search form). */
  intro?: ComponentChildren
  /** Featured images by media id; each card with one shows it. */
  images?: ReadonlyMap<number, MediaImage>
  /** On an author page: the header shows the photo and bio, the name bidi-isolated. */
  author?: ListingAuthor
  /** The listing's own feed (a section's, a tag's, an author's), linked in the head for feed readers. */
  feeds?: PageFeed[]
  /** On a section's page: the section (its breadcrumb trail goes in the structured data). */
  section?: { id: number; slug: string; name: string }
}

/** Cards run one to three columns of at least 22rem on a page at most 76rem wide (site.css). */
const CARD_SIZES = '(max-width: 46rem) 100vw, (max-width: 70rem) 50vw, 24rem'

/** A meta description from a long text: the first 160 characters or so, cut at a word. */
function summaryOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= 160) return flat
  const cut = flat.slice(0, 160)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 120))}…`
}

/** A section page's BreadcrumbList (home → parent sections → the section); none for other listings. */
function sectionLd(ctx: ViewContext, section: ListingData['section']): unknown[] | undefined {
  if (!section) return undefined
  return [breadcrumbList(ctx, sectionTrail(ctx.nav, section).map((c) => ({ name: c.name, path: paths.category(c.slug) })))]
}

/** A paged list of stories: category, tag, author, date archive and search results share it. */
export function ListingPage({ ctx, data }: { ctx: ViewContext; data: ListingData }) {
  const title = data.page > 1 ? `${data.heading} — ${ctx.t('list.page', { page: data.page })}` : data.heading
  const { author } = data
  const description = author ? (author.bio ? summaryOf(author.bio) : undefined) : data.description
  return (
    <SiteLayout ctx={ctx} head={{ title, description, canonicalPath: data.href(data.page), image: author?.photo, feeds: data.feeds, jsonLd: sectionLd(ctx, data.section) }}>
      {author ? (
        <AuthorHead ctx={ctx} author={author} />
      ) : (
        <header class="listing-head">
          <h1>{data.heading}</h1>
          {data.description ? <p class="listing-description">{data.description}</p> : null}
          {data.intro}
        </header>
      )}
      {data.items.length === 0 ? (
        <p class="empty">{ctx.t('list.empty')}</p>
      ) : (
        <div class="list">
          {data.items.map((a) => (
            <ArticleCard key={a.id} article={a} ctx={ctx} level={2} image={imageOf(a, data.images)} imageSizes={CARD_SIZES} />
          ))}
        </div>
      )}
      <Pagination page={data.page} pages={data.pages} href={data.href} ctx={ctx} />
    </SiteLayout>
  )
}

/**
 * An author page's header: photo, name and bio. The photo's alt is its own alt text, or the
 * name when that is empty; the bio keeps the writer's paragraphs and line breaks.
 */
function AuthorHead({ ctx, author }: { ctx: ViewContext; author: ListingAuthor }) {
  const paragraphs = author.bio
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
  return (
    <header class="listing-head author-head">
      {author.photo ? <ResponsiveImage image={{ ...author.photo, alt: author.photo.alt || author.name }} sizes="8rem" eager class="author-photo" /> : null}
      <div class="author-text">
        <h1>
          <bdi>{author.name}</bdi>
        </h1>
        {paragraphs.length > 0 ? (
          <div class="author-bio" {...contentLang(ctx)}>
            {paragraphs.map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </div>
        ) : null}
      </div>
    </header>
  )
}
