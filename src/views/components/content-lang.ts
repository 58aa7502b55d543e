import type { ViewContext } from '../context.js'

/**
 * Attributes for a block of newsroom content (a story, a card). Content is written in Arabic;
 * when the interface is shown in another language (`?lang=en`), the block keeps `lang="ar"` and
 * right-to-left direction so punctuation, digits and dates are not reordered and screen readers
 * switch voice. In the Arabic interface the page already says so and nothing is added.
 * @example <article class="card" {...contentLang(ctx)}>
 */
export function contentLang(ctx: Pick<ViewContext, 'locale'>): { lang?: 'ar'; dir?: 'rtl' } {
  return ctx.locale === 'ar' ? {} : { lang: 'ar', dir: 'rtl' }
}

/**
 * The interface language for a label placed inside Arabic content (the "Breaking" badge in an
 * Arabic headline when the interface is English); nothing in the Arabic interface.
 */
export function uiLang(ctx: Pick<ViewContext, 'locale'>): { lang?: string } {
  return ctx.locale === 'ar' ? {} : { lang: ctx.locale }
}
