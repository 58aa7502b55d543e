import type { JSX } from 'preact'

declare const trusted: unique symbol

/** HTML that has been sanitized (or built from escaped parts) and may be printed as-is. */
export type TrustedHtml = string & { readonly [trusted]: true }

/**
 * The only door for raw HTML into a view. Call it only on output of the sanitizer
 * (`sanitizeArticleHtml`) or on markup built entirely from escaped parts.
 */
export function trustedHtml(sanitized: string): TrustedHtml {
  return sanitized as TrustedHtml
}

/** Renders trusted HTML inside a wrapper element. */
export function RawHtml({ html, class: className, as = 'div', lang, dir }: { html: TrustedHtml; class?: string; as?: 'div' | 'section'; lang?: string; dir?: 'rtl' | 'ltr' }): JSX.Element {
  const Tag = as
  return <Tag class={className} lang={lang} dir={dir} dangerouslySetInnerHTML={{ __html: html }} />
}

/**
 * A URL fit for an href/src attribute: relative paths and http(s)/mailto only. Escaping alone
 * does not stop `javascript:`; anything else becomes "#". Browsers drop tabs and newlines inside
 * URLs and read `\` as `/`, so `/\evil.example` and `/<tab>/evil.example` are other hosts
 * (protocol-relative): they are refused like `//evil.example`.
 * @example safeUrl('javascript:alert(1)') // '#'
 */
export function safeUrl(url: string | null | undefined): string {
  if (!url) return '#'
  const trimmed = url.trim().replace(/[\t\n\r]/g, '')
  if (/^(\/(?![/\\])|#|\?)/.test(trimmed)) return trimmed
  try {
    const parsed = new URL(trimmed)
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : '#'
  } catch {
    return '#'
  }
}

/** JSON for a `<script type="application/ld+json">` block: `<` escaped so it cannot close the tag. */
export function jsonForScript(value: unknown): TrustedHtml {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') as TrustedHtml
}

/** A JSON-LD block for structured data. */
export function JsonLd({ data }: { data: unknown }): JSX.Element {
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(data) }} />
}

/** A JSON data block for an island (`<script type="application/json">`: data, never executed). */
export function JsonData({ id, data }: { id: string; data: unknown }): JSX.Element {
  return <script type="application/json" id={id} dangerouslySetInnerHTML={{ __html: jsonForScript(data) }} />
}
