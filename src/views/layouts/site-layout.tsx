import { toDigitStyle } from '../../text/arabic/index.js'
import type { ComponentChildren } from 'preact'
import type { FeedFormat } from '../../modules/feeds/feeds.schema.js'
import type { ViewContext } from '../context.js'
import { paths } from '../paths.js'
import { SearchForm } from '../components/search-form.js'
import { SocialMeta, type SocialMetaData } from '../components/social-meta.js'
import { JsonLd, safeUrl } from '../trusted-html.js'

export interface HeadMeta {
  title: string
  description?: string
  canonicalPath?: string
  /** Extra JSON-LD objects for the page. */
  jsonLd?: unknown[]
  noindex?: boolean
  type?: 'website' | 'article'
  /** The page's picture for link previews (og:image, twitter:image, with its size). */
  image?: SocialMetaData['image']
  /** On a story: Open Graph's article:* properties. */
  article?: SocialMetaData['article']
  /** This page's own feeds (a section's, a tag's, an author's, an article's comments); the site feed is always linked. */
  feeds?: PageFeed[]
}

/** A feed a page offers to feed readers: its title and its path in each format. */
export interface PageFeed {
  title: string
  path: (format: FeedFormat) => string
}

const feedLinkTypes: ReadonlyArray<[FeedFormat, string, string]> = [
  ['rss', 'application/rss+xml', 'RSS'],
  ['atom', 'application/atom+xml', 'Atom'],
  ['json', 'application/feed+json', 'JSON Feed'],
]

/** `<link rel="alternate">` feed discovery: the page's own feeds first, then the site's, each in every format. */
function FeedLinks({ ctx, feeds = [] }: { ctx: ViewContext; feeds?: PageFeed[] }) {
  const all = [...feeds, { title: ctx.site.name, path: paths.feed }]
  return (
    <>
      {all.flatMap((feed) =>
        feedLinkTypes.map(([format, type, name]) => <link key={feed.path(format)} rel="alternate" type={type} title={ctx.t('feeds.link', { title: feed.title, format: name })} href={ctx.origin + feed.path(format)} />),
      )}
    </>
  )
}

/**
 * The logo's URL when one is set and safe to print, else undefined (the text name is shown).
 * The setting only stores a site path or an https URL; this also guards what is printed
 * against a value that got into the database some other way (safeUrl answers "#").
 * CSP: a site path is covered by img-src 'self'; an https logo by img-src https:, which stays
 * because imported article bodies carry images from other sites too.
 */
function logoUrlOf(logoUrl: string): string | undefined {
  const url = logoUrl ? safeUrl(logoUrl) : '#'
  return url === '#' || url.startsWith('mailto:') ? undefined : url
}

/** The public site's document: head, skip link, masthead with sections, main, footer. */
export function SiteLayout({ ctx, head, children }: { ctx: ViewContext; head: HeadMeta; children: ComponentChildren }) {
  const fullTitle = head.title === ctx.site.name ? ctx.site.name : `${head.title} | ${ctx.site.name}`
  const year = toDigitStyle(String(ctx.now.getFullYear()), ctx.site.digits)
  const topLevel = ctx.nav.filter((c) => c.parentId === null)
  const logo = logoUrlOf(ctx.site.logoUrl)
  return (
    <html lang={ctx.locale} dir={ctx.locale === 'ar' ? 'rtl' : 'ltr'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {head.description ? <meta name="description" content={head.description} /> : null}
        {head.canonicalPath ? <link rel="canonical" href={ctx.origin + head.canonicalPath} /> : null}
        {head.noindex ? <meta name="robots" content="noindex" /> : null}
        <meta name="color-scheme" content="light dark" />
        <SocialMeta ctx={ctx} head={head} />
        <link rel="preload" href={ctx.assets.fontPreload} as="font" type="font/woff2" crossorigin="anonymous" />
        <link rel="stylesheet" href={ctx.assets.css} />
        <script src={ctx.assets.searchJs} defer />
        <link rel="icon" href={ctx.assets.favicon} type="image/svg+xml" />
        <FeedLinks ctx={ctx} feeds={head.feeds} />
        {(head.jsonLd ?? []).map((data, i) => (
          <JsonLd key={i} data={data} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {ctx.t('site.skipToContent')}
        </a>
        <header class="masthead">
          <div class="masthead-top wrap">
            <a class="brand" href={paths.home()}>
              {logo ? <img class="brand-logo" src={logo} alt={ctx.site.name} /> : <span class="brand-name">{ctx.site.name}</span>}
              {ctx.site.tagline ? <span class="brand-tagline">{ctx.site.tagline}</span> : null}
            </a>
            <SearchForm ctx={ctx} id="site-q" />
          </div>
          <nav class="sections" aria-label={ctx.t('site.mainNav')}>
            <ul class="wrap">
              <li>
                <a href={paths.home()} aria-current={ctx.path === '/' ? 'page' : undefined}>
                  {ctx.t('site.home')}
                </a>
              </li>
              {topLevel.map((c) => (
                <li key={c.id}>
                  <a href={paths.category(c.slug)} aria-current={ctx.path === paths.category(c.slug) ? 'page' : undefined}>
                    {c.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap footer-inner">
            <p class="footer-brand">
              <a class="brand-name" href={paths.home()}>
                {ctx.site.name}
              </a>
              {ctx.site.tagline ? <span class="brand-tagline">{ctx.site.tagline}</span> : null}
            </p>
            {ctx.footerPages.length > 0 ? (
              <nav aria-label={ctx.t('site.pages')}>
                <ul class="footer-links">
                  {ctx.footerPages.map((p) => (
                    <li key={p.slug}>
                      <a href={paths.page(p.slug)}>{p.title}</a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
            <p class="copyright">{ctx.t('site.footerRights', { year, site: ctx.site.name })}</p>
          </div>
        </footer>
      </body>
    </html>
  )
}

