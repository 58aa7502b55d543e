import type { ArticleDetail } from '../../modules/articles/articles.repository.js'
import type { MediaImage } from '../../modules/media/media.schema.js'
import type { Category } from '../../modules/taxonomy/taxonomy.repository.js'
import type { ViewContext } from '../context.js'
import { paths } from '../paths.js'
import { safeUrl } from '../trusted-html.js'
import type { ArticleMeta } from './social-meta.js'

/** The size of `public/logo.png`, the publisher logo used when the site has no logo set. */
export const SHIPPED_LOGO_SIZE = { width: 512, height: 512 } as const

/** One file of an image: a site path and its pixel size. */
export interface ImageFile {
  src: string
  width: number
  height: number
}

/**
 * The WebP variants of an image, widest first, from its srcset. Widths are the variants' own;
 * heights are the widest variant's exact height scaled to each width (the variants share one
 * aspect ratio; sharp may round a height the other way, so at most a pixel off).
 * @example imageFiles(image)[0] // { src: '/media/k/1920.webp', width: 1920, height: 1080 }
 */
export function imageFiles(image: Pick<MediaImage, 'srcsetWebp' | 'width' | 'height'>): ImageFile[] {
  const files = image.srcsetWebp
    .split(',')
    .map((part) => /^\s*(\S+)\s+(\d+)w\s*$/.exec(part))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ src: m[1]!, width: Number(m[2]) }))
    .sort((a, b) => b.width - a.width)
  return files.map((f) => ({ ...f, height: f.width === image.width ? image.height : Math.round((f.width * image.height) / image.width) }))
}

/**
 * The file link previews show (og:image, twitter:image): the one pages print as `<img src>`
 * (the largest WebP up to 1280 px), with its size; undefined when it is not among the variants.
 */
export function previewImageOf(image: Pick<MediaImage, 'src' | 'srcsetWebp' | 'width' | 'height'>): ImageFile | undefined {
  return imageFiles(image).find((f) => f.src === image.src)
}

/** og:locale from the site's locale setting: `ar-EG` → `ar_EG`; plain `ar` → `ar_AR` (Facebook's Arabic). */
export function ogLocaleOf(locale: string): string {
  const [language, region] = locale.split('-')
  return `${language}_${region ?? 'AR'}`
}

/** An absolute URL for a site path; an absolute http(s) URL as it is; undefined for anything else. */
export function absoluteUrl(ctx: Pick<ViewContext, 'origin'>, url: string): string | undefined {
  const safe = safeUrl(url)
  if (safe.startsWith('/')) return ctx.origin + safe
  return /^https?:\/\//.test(safe) ? safe : undefined
}

/**
 * The publisher (schema.org Organization): the site's name and home page, and its logo as an
 * ImageObject — the logo setting (size unknown, so none given), else the shipped 512×512 icon.
 */
export function publisherOf(ctx: ViewContext) {
  const custom = ctx.site.logoUrl ? absoluteUrl(ctx, ctx.site.logoUrl) : undefined
  return {
    '@type': 'Organization',
    name: ctx.site.name,
    url: `${ctx.origin}/`,
    logo: custom ? { '@type': 'ImageObject', url: custom } : { '@type': 'ImageObject', url: ctx.origin + ctx.assets.logo, ...SHIPPED_LOGO_SIZE },
  }
}

/**
 * A section and its parents, outermost first (the breadcrumb trail to it), from the navigation;
 * the section alone if the navigation does not have it yet; empty for none.
 */
export function sectionTrail(nav: readonly Category[], section: { id: number; slug: string; name: string } | null | undefined): Array<{ slug: string; name: string }> {
  if (!section) return []
  const trail: Category[] = []
  let current = nav.find((c) => c.id === section.id)
  while (current && !trail.includes(current)) {
    trail.unshift(current)
    const parentId = current.parentId
    current = parentId === null ? undefined : nav.find((c) => c.id === parentId)
  }
  return trail.length ? trail : [section]
}

/**
 * A schema.org BreadcrumbList from the home page along `items` (site paths; the last one, the
 * page itself, may have none).
 */
export function breadcrumbList(ctx: ViewContext, items: ReadonlyArray<{ name: string; path?: string }>) {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: [{ name: ctx.t('site.home'), path: '/' }, ...items].map((item, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name: item.name,
      ...(item.path === undefined ? {} : { item: ctx.origin + item.path }),
    })),
  }
}

/** The later of two ISO times: a story scheduled after its last save was modified when it went out. */
function laterOf(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a
}

/**
 * A story as schema.org NewsArticle (JSON-LD): headline, description, first publication and
 * last change, its language, the canonical page, section, tags, the credited authors as
 * Persons with their author pages (the publisher when nobody is credited), the publisher with
 * its logo, every WebP variant of the featured image with its size, and the correction notes
 * (update notes are not corrections and are left out).
 */
export function newsArticleLd(
  ctx: ViewContext,
  article: ArticleDetail,
  { image, corrections = [] }: { image?: MediaImage; corrections?: ReadonlyArray<{ kind: 'correction' | 'update'; note: string; createdAt: string }> },
) {
  const url = ctx.origin + paths.article(article)
  const publisher = publisherOf(ctx)
  const fixes = corrections.filter((c) => c.kind === 'correction')
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
    description: article.seoDescription || article.excerpt || undefined,
    url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    datePublished: article.publishedAt,
    dateModified: laterOf(article.publishedAt, article.updatedAt),
    inLanguage: 'ar',
    articleSection: article.category?.name,
    keywords: article.tags.map((t) => t.name).join('، ') || undefined,
    author: article.authors.length
      ? article.authors.map((a) => ({ '@type': 'Person', name: a.name, url: ctx.origin + paths.author(a.slug) }))
      : [{ '@type': 'Organization', name: publisher.name, url: publisher.url }],
    publisher,
    image: image ? imageFiles(image).map((f) => ({ '@type': 'ImageObject', url: ctx.origin + f.src, width: f.width, height: f.height })) : undefined,
    correction: fixes.length ? fixes.map((c) => ({ '@type': 'CorrectionComment', text: c.note, datePublished: c.createdAt })) : undefined,
  }
}

/** A story's Open Graph article:* properties. */
export function articleMetaOf(ctx: ViewContext, article: ArticleDetail): ArticleMeta {
  return {
    publishedTime: article.publishedAt,
    modifiedTime: laterOf(article.publishedAt, article.updatedAt),
    section: article.category?.name,
    tags: article.tags.map((t) => t.name),
    authors: article.authors.map((a) => ctx.origin + paths.author(a.slug)),
  }
}
