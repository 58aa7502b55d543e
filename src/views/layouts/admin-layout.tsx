import type { ComponentChildren } from 'preact'
import type { NewsroomArea } from '../../modules/users/access.policy.js'
import type { Role } from '../../modules/users/users.repository.js'
import type { ViewContext } from '../context.js'
import { paths } from '../paths.js'

export interface AdminUser {
  name: string
  role: Role
  /** The newsroom sections this user may open (decided by access.policy.ts). */
  areas: readonly NewsroomArea[]
}

/** Where each newsroom section lives and how the navigation names it. */
export const areaLinks: Record<NewsroomArea, { href: string; label: `newsroom.nav.${NewsroomArea}` }> = {
  dashboard: { href: '/newsroom', label: 'newsroom.nav.dashboard' },
  articles: { href: '/newsroom/articles', label: 'newsroom.nav.articles' },
  media: { href: '/newsroom/media', label: 'newsroom.nav.media' },
  comments: { href: '/newsroom/comments', label: 'newsroom.nav.comments' },
  commentSettings: { href: '/newsroom/comments/settings', label: 'newsroom.nav.commentSettings' },
  taxonomy: { href: '/newsroom/taxonomy', label: 'newsroom.nav.taxonomy' },
  users: { href: '/newsroom/users', label: 'newsroom.nav.users' },
  settings: { href: '/newsroom/settings', label: 'newsroom.nav.settings' },
  apiKeys: { href: '/newsroom/api-keys', label: 'newsroom.nav.apiKeys' },
  audit: { href: '/newsroom/audit', label: 'newsroom.nav.audit' },
}

/** The section a newsroom path belongs to (the longest matching prefix). */
function currentArea(path: string): NewsroomArea | undefined {
  let best: NewsroomArea | undefined
  for (const [area, { href }] of Object.entries(areaLinks) as Array<[NewsroomArea, { href: string }]>) {
    if ((path === href || path.startsWith(`${href}/`)) && (!best || href.length > areaLinks[best].href.length)) best = area
  }
  return best
}

/** The newsroom's document: never indexed, Arabic and RTL, sign-out as a POST form. */
export function AdminLayout({ ctx, title, user, csrfToken, children }: { ctx: ViewContext; title: string; user?: AdminUser; csrfToken?: string; children: ComponentChildren }) {
  return (
    <html lang={ctx.locale} dir={ctx.locale === 'ar' ? 'rtl' : 'ltr'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="color-scheme" content="light dark" />
        <title>{`${title} | ${ctx.t('newsroom.title')} — ${ctx.site.name}`}</title>
        <link rel="preload" href={ctx.assets.fontPreload} as="font" type="font/woff2" crossorigin="anonymous" />
        <link rel="stylesheet" href={ctx.assets.css} />
        <link rel="icon" href={ctx.assets.favicon} type="image/svg+xml" />
      </head>
      <body class="newsroom">
        <a class="skip-link" href="#main">
          {ctx.t('site.skipToContent')}
        </a>
        <header class="masthead admin-bar">
          <div class="masthead-top wrap">
            <a class="brand" href={paths.newsroom()}>
              <span class="brand-name">{ctx.t('newsroom.title')}</span>
              <span class="brand-tagline">{ctx.site.name}</span>
            </a>
            {user && csrfToken ? (
              <form method="post" action={paths.logout()} class="inline-form">
                <input type="hidden" name="_csrf" value={csrfToken} />
                <span class="who">
                  <bdi>{user.name}</bdi>
                </span>{' '}
                <a href="/newsroom/profile">{ctx.t('profile.title')}</a>{' '}
                <button type="submit">{ctx.t('newsroom.signOut')}</button>
              </form>
            ) : (
              <a href={paths.home()}>{ctx.t('newsroom.viewSite')}</a>
            )}
          </div>
          {user ? (
            <nav class="sections admin-nav" aria-label={ctx.t('newsroom.title')}>
              <ul class="wrap">
                {user.areas.map((area) => (
                  <li key={area}>
                    <a href={areaLinks[area].href} aria-current={currentArea(ctx.path) === area ? 'page' : undefined}>
                      {ctx.t(areaLinks[area].label)}
                    </a>
                  </li>
                ))}
                <li>
                  <a href={paths.home()}>{ctx.t('newsroom.viewSite')}</a>
                </li>
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  )
}
