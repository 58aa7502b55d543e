import type { ComponentChildren } from 'preact'
import { safeUrl } from '../trusted-html.js'

// A URL in running text; trailing punctuation (Latin or Arabic) is not part of it.
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi
const TRAILING = /[.,;:!?)\]}»”’،؛؟]+$/

/**
 * Renders a commenter's plain text: paragraphs on blank lines, line breaks kept, http(s) URLs
 * turned into links with rel="nofollow ugc noopener". Everything else is text: nothing the
 * commenter typed is ever interpreted as markup (preact escapes every string).
 */
export function CommentText({ text }: { text: string }) {
  const paragraphs = text.trim().split(/\n\s*\n/)
  return (
    <>
      {paragraphs.map((paragraph, i) => (
        <p key={i}>
          {paragraph.split('\n').map((line, j) => (
            <>
              {j > 0 ? <br /> : null}
              {linkify(line)}
            </>
          ))}
        </p>
      ))}
    </>
  )
}

function linkify(line: string): ComponentChildren[] {
  const out: ComponentChildren[] = []
  let last = 0
  for (const match of line.matchAll(URL_IN_TEXT)) {
    const url = match[0].replace(TRAILING, '')
    const start = match.index
    if (start > last) out.push(line.slice(last, start))
    const href = safeUrl(url)
    out.push(
      href === '#' ? (
        url
      ) : (
        <a href={href} rel="nofollow ugc noopener" dir="ltr">
          {url}
        </a>
      ),
    )
    last = start + url.length
  }
  if (last < line.length) out.push(line.slice(last))
  return out
}
