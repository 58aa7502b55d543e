import type { MediaImage } from '../../modules/media/media.schema.js'
import type { ViewContext } from '../context.js'
import { ogLocaleOf, previewImageOf } from './structured-data.js'

/** What link previews (Open Graph, Twitter cards) say about a page; URLs are site paths. */
export interface SocialMetaData {
  title: string
  description?: string
  canonicalPath?: string
  type?: 'website' | 'article'
  /** The page's picture (og:image, twitter:image): the variant pages print as `<img src>`, with its size. */
  image?: Pick<MediaImage, 'src' | 'srcsetWebp' | 'width' | 'height' | 'alt'>
  /** On a story: Open Graph's article:* properties. */
  article?: ArticleMeta
}

/** Open Graph's article properties: ISO times, the section's name, tag names, author page URLs (absolute). */
export interface ArticleMeta {
  publishedTime: string
  modifiedTime: string
  section?: string
  tags: string[]
  authors: string[]
}

/**
 * Open Graph and Twitter card tags: title, description, canonical URL, site name, locale (from
 * the site's locale setting), the picture with its size and alt text, a story's times, section,
 * tags and authors. A page with a picture gets the large-image card, others the summary card.
 */
export function SocialMeta({ ctx, head }: { ctx: ViewContext; head: SocialMetaData }) {
  const image = head.image && previewImageOf(head.image)
  const alt = head.image?.alt
  const { article } = head
  return (
    <>
      <meta property="og:site_name" content={ctx.site.name} />
      <meta property="og:title" content={head.title} />
      <meta property="og:type" content={head.type ?? 'website'} />
      <meta property="og:locale" content={ogLocaleOf(ctx.site.locale)} />
      {head.canonicalPath ? <meta property="og:url" content={ctx.origin + head.canonicalPath} /> : null}
      {head.description ? <meta property="og:description" content={head.description} /> : null}
      {image ? <meta property="og:image" content={ctx.origin + image.src} /> : null}
      {image ? <meta property="og:image:type" content="image/webp" /> : null}
      {image ? <meta property="og:image:width" content={String(image.width)} /> : null}
      {image ? <meta property="og:image:height" content={String(image.height)} /> : null}
      {image && alt ? <meta property="og:image:alt" content={alt} /> : null}
      {article ? <meta property="article:published_time" content={article.publishedTime} /> : null}
      {article ? <meta property="article:modified_time" content={article.modifiedTime} /> : null}
      {article?.section ? <meta property="article:section" content={article.section} /> : null}
      {article?.authors.map((url) => <meta key={url} property="article:author" content={url} />)}
      {article?.tags.map((tag) => <meta key={tag} property="article:tag" content={tag} />)}
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={head.title} />
      {head.description ? <meta name="twitter:description" content={head.description} /> : null}
      {image ? <meta name="twitter:image" content={ctx.origin + image.src} /> : null}
      {image && alt ? <meta name="twitter:image:alt" content={alt} /> : null}
    </>
  )
}
