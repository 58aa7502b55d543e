import { ar as editorMessages } from '../../i18n/areas/editor.js'
import { embedUrl, escapeText, isValidEmbed, type EmbedProvider } from './article-embeds.js'

// Server side only (the editor bundle shares article-embeds.ts, not this), and apart from
// article-html.ts: rendering pages needs this, not the sanitizer and its HTML parser.

const providerNames: Record<EmbedProvider, string> = { youtube: 'YouTube', x: 'X', facebook: 'Facebook' }
const embedFigure = /<figure class="embed" data-embed="(youtube|x|facebook)" data-embed-id="([A-Za-z0-9_-]+)">[\s\S]*?<\/figure>/g

/**
 * For the PUBLIC article page: turns the stored embed figures of SANITIZED html into privacy-friendly
 * link cards — a plain link to the original, no iframe, no third-party script or image, so the page
 * makes no request to YouTube, X or Facebook and the CSP stays as it is. `labels` translates the
 * call to action (Arabic by default).
 * @example renderEmbeds(sanitizeArticleHtml(body)) // <figure class="embed-card embed-card-youtube"><a href="https://www.youtube.com/watch?v=…">…</a></figure>
 */
export function renderEmbeds(html: string, labels: Partial<Record<EmbedProvider, string>> = {}): string {
  return html.replace(embedFigure, (_whole, provider: EmbedProvider, id: string) => {
    if (!isValidEmbed(provider, id)) return ''
    const url = embedUrl({ provider, id })
    const action = labels[provider] ?? editorMessages[`editor.embed.${provider}`]
    return (
      `<figure class="embed-card embed-card-${provider}" data-embed="${provider}">` +
      `<a class="embed-card-link" href="${escapeText(url)}" rel="noopener noreferrer nofollow">` +
      `<span class="embed-card-provider" dir="ltr">${providerNames[provider]}</span>` +
      `<span class="embed-card-action">${escapeText(action)}</span>` +
      `<span class="embed-card-url" dir="ltr">${escapeText(url.replace(/^https:\/\/(www\.)?/, ''))}</span>` +
      `</a></figure>`
    )
  })
}
