/** The formats every feed is offered in: RSS 2.0 (the default URL), Atom 1.0 and JSON Feed 1.1. */
export const feedFormats = ['rss', 'atom', 'json'] as const
export type FeedFormat = (typeof feedFormats)[number]

/** The Content-Type each format is served with. */
export const feedContentTypes: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
}

/**
 * How many stories an article feed carries: the newest, in full (about 7 KB each for a 600-word
 * story, so a feed in the render cache stays near 150 KB). And how many comments a comment feed.
 */
export const FEED_ARTICLES = 20
export const FEED_COMMENTS = 50

/** What a feed says about itself. Every URL is absolute. */
export interface FeedChannel {
  title: string
  description: string
  /** The HTML page the feed follows (the site, a section, an article's comments). */
  link: string
  /** This feed's own URL in each format (self links, the Atom id, JSON's feed_url). */
  self: Readonly<Record<FeedFormat, string>>
  /** The publisher: the site's name and home page (the Atom feed's author). */
  site: { name: string; url: string }
  /** The site logo (RSS image, Atom logo, JSON icon); absent when none is set. */
  logo?: string
  /** Atom updated / RSS lastBuildDate: the newest entry's update time (see `newestUpdate`). */
  updated: Date
}

/** A person an entry is by: a staff author (with their page) or a commenter (with their website). */
export interface FeedPerson {
  name: string
  link?: string
}

/** A featured image as an enclosure: an image variant's absolute URL, media type and size in bytes. */
export interface FeedImage {
  url: string
  type: string
  length: number
}

/** One item of a feed, format-neutral. Text fields are plain text; `contentHtml` is HTML with absolute URLs. */
export interface FeedEntry {
  /** Stable, absolute id (guid / Atom id / JSON id): it survives a slug change. */
  id: string
  link: string
  title: string
  summary?: string
  contentHtml: string
  published: Date
  updated: Date
  authors: FeedPerson[]
  /** Sections and tags, by name, with their page. */
  categories: Array<{ name: string; link: string }>
  image?: FeedImage
}
