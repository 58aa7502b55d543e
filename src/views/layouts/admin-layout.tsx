import type { ComponentChildren } from 'preact'
import type { Role } from '../../modules/users/users.repository.js'
import type { ViewContext } from '../context.js'
import { paths } from '../paths.js'

export interface AdminUser {
  name: string
  role: Role
  /** Whether the comment moderation pages are open to this user (decided by the policy). */
  canModerate?: boolean
  /** Whether the comment policy page is open to this user. */
  canConfigureComments?: boolean
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
                <button type="submit">{ctx.t('newsroom.signOut')}</button>
              </form>
            ) : (
              <a href={paths.home()}>{ctx.t('newsroom.viewSite')}</a>
            )}
          </div>
          {user ? (
            <nav class="sections admin-nav" aria-label={ctx.t('newsroom.title')}>
              <ul class="wrap">
                <li>
                  <a href={paths.newsroom()} aria-current={ctx.path === paths.newsroom() ? 'page' : undefined}>
                    {ctx.t('newsroom.dashboard')}
                  </a>
                </li>
                {user.canModerate ? (
                  <li>
                    <a href="/newsroom/comments" aria-current={ctx.path.startsWith('/newsroom/comments') && ctx.path !== '/newsroom/comments/settings' ? 'page' : undefined}>
                      {ctx.t('comment.heading')}
                    </a>
                  </li>
                ) : null}
                {user.canConfigureComments ? (
                  <li>
                    <a href="/newsroom/comments/settings" aria-current={ctx.path === '/newsroom/comments/settings' ? 'page' : undefined}>
                      {ctx.t('commentSettings.nav')}
                    </a>
                  </li>
                ) : null}
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
