/**
 * Embeds from the allow-list (YouTube, X, Facebook video), stored as a neutral
 * `<figure class="embed" data-embed="PROVIDER" data-embed-id="ID">` — never an iframe or script.
 * Pure functions, shared by the server sanitizer and the newsroom editor bundle (src/client/editor/).
 */

export const embedProviders = ['youtube', 'x', 'facebook'] as const
export type EmbedProvider = (typeof embedProviders)[number]

export interface EmbedRef {
  provider: EmbedProvider
  id: string
}

const idPatterns: Record<EmbedProvider, RegExp> = {
  youtube: /^[A-Za-z0-9_-]{11}$/,
  x: /^\d{1,20}$/,
  facebook: /^\d{1,20}$/,
}

/** True when `provider` is on the allow-list and `id` has that provider's shape. */
export function isValidEmbed(provider: string | undefined, id: string | undefined): provider is EmbedProvider {
  return (embedProviders as readonly string[]).includes(provider ?? '') && idPatterns[provider as EmbedProvider].test(id ?? '')
}

/** The original page of an embed, rebuilt from provider and id (never a stored URL). */
export function embedUrl({ provider, id }: EmbedRef): string {
  if (provider === 'youtube') return `https://www.youtube.com/watch?v=${id}`
  if (provider === 'x') return `https://x.com/i/status/${id}`
  return `https://www.facebook.com/watch/?v=${id}`
}

/**
 * Recognises a pasted YouTube, X/Twitter or Facebook video URL; null for anything else.
 * @example parseEmbedUrl('https://youtu.be/dQw4w9WgXcQ') // { provider: 'youtube', id: 'dQw4w9WgXcQ' }
 */
export function parseEmbedUrl(input: string): EmbedRef | null {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    return null
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
  const host = url.hostname.toLowerCase().replace(/^(www|m|mobile)\./, '')
  const parts = url.pathname.split('/').filter(Boolean)
  const pick = (provider: EmbedProvider, id: string | null | undefined): EmbedRef | null => (isValidEmbed(provider, id ?? '') ? { provider, id: id! } : null)
  if (host === 'youtu.be') return pick('youtube', parts[0])
  if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    if (parts[0] === 'watch') return pick('youtube', url.searchParams.get('v'))
    if (parts[0] === 'shorts' || parts[0] === 'embed' || parts[0] === 'live') return pick('youtube', parts[1])
    return null
  }
  if (host === 'x.com' || host === 'twitter.com') {
    const at = parts.indexOf('status')
    return at > 0 ? pick('x', parts[at + 1]) : null
  }
  if (host === 'facebook.com') {
    if (parts[0] === 'watch') return pick('facebook', url.searchParams.get('v'))
    if (parts[0] === 'reel') return pick('facebook', parts[1])
    const at = parts.indexOf('videos')
    return at >= 0 ? pick('facebook', parts[at + 1]) : null
  }
  return null
}

/** Text for HTML (`&`, `<`, `>`): paragraph text and link cards. */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
