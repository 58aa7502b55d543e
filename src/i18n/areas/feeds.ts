import type { Translation } from './translation.js'

/**
 * RSS, Atom and JSON feeds: their titles and descriptions (feeds are written in Arabic, the
 * site's language) and the discovery links in every page's head (in the page's language).
 * Spread into ../ar.ts and ../en.ts.
 */
export const ar = {
  'feeds.title.category': 'قسم {name} — {site}',
  'feeds.title.tag': 'وسم «{name}» — {site}',
  'feeds.title.author': 'أخبار {name} — {site}',
  'feeds.title.comments': 'تعليقات القراء — {site}',
  'feeds.title.articleComments': 'التعليقات على «{title}» — {site}',
  'feeds.description.category': 'آخر أخبار قسم {name} في {site}.',
  'feeds.description.tag': 'آخر الأخبار الموسومة بـ«{name}» في {site}.',
  'feeds.description.author': 'آخر ما نشره {name} في {site}.',
  'feeds.description.comments': 'آخر تعليقات القراء المنشورة في {site}.',
  'feeds.description.articleComments': 'تعليقات القراء المنشورة على خبر «{title}» في {site}.',
  /** One comment's entry title: "تعليق سارة على «عنوان الخبر»". */
  'feeds.comment.title': 'تعليق {name} على «{title}»',
  /** A discovery link's title: the feed's title and its format (RSS, Atom, JSON Feed). */
  'feeds.link': '{title} ({format})',
} as const

export const en: Translation<typeof ar> = {
  'feeds.title.category': 'Section {name} — {site}',
  'feeds.title.tag': 'Tag “{name}” — {site}',
  'feeds.title.author': 'Stories by {name} — {site}',
  'feeds.title.comments': 'Readers’ comments — {site}',
  'feeds.title.articleComments': 'Comments on “{title}” — {site}',
  'feeds.description.category': 'The latest stories in the {name} section of {site}.',
  'feeds.description.tag': 'The latest stories tagged “{name}” on {site}.',
  'feeds.description.author': 'The latest stories by {name} on {site}.',
  'feeds.description.comments': 'The latest readers’ comments published on {site}.',
  'feeds.description.articleComments': 'Readers’ comments published on “{title}” on {site}.',
  'feeds.comment.title': 'Comment by {name} on “{title}”',
  'feeds.link': '{title} ({format})',
}
