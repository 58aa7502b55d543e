import type { CommentStatus } from '../../db/schema.js'
import { compileWordList, findListedWords } from '../../text/arabic/index.js'

export interface PolicyInput {
  body: string
  name: string
  url: string
  moderation: 'all' | 'first' | 'none'
  blocklist: readonly string[]
  watchlist: readonly string[]
  maxLinks: number
  honeypotFilled: boolean
  filledTooFast: boolean
  standing: { approved: number; recentlyRejected: number; trusted: boolean; blocked: boolean }
}

const LINK = /\bhttps?:\/\/|\bwww\./gi

/** Number of links in a comment (URLs with a scheme or starting with www.). */
export function countLinks(text: string): number {
  return text.match(LINK)?.length ?? 0
}

const compiled = new Map<string, ReturnType<typeof compileWordList>>()
function listFor(words: readonly string[]) {
  const key = words.join('\n')
  let list = compiled.get(key)
  if (!list) {
    if (compiled.size > 20) compiled.clear()
    list = compileWordList(words)
    compiled.set(key, list)
  }
  return list
}

/**
 * Decides where a new comment goes, in one place: spam for honeypots, blocked commenters and
 * blocklisted words; held (pending) for the watchlist, too many links, a form filled too fast,
 * recent rejections and the site's moderation policy; approved otherwise. Returns the reason.
 */
export function decideCommentStatus(input: PolicyInput): { status: CommentStatus; reason: string } {
  if (input.honeypotFilled) return { status: 'spam', reason: 'honeypot' }
  if (input.standing.blocked) return { status: 'spam', reason: 'blocked commenter' }
  const text = `${input.name}\n${input.body}\n${input.url}`
  const blocked = findListedWords(text, listFor(input.blocklist))
  if (blocked.length > 0) return { status: 'spam', reason: `blocklist: ${blocked.join(', ')}` }
  const watched = findListedWords(text, listFor(input.watchlist))
  if (watched.length > 0) return { status: 'pending', reason: `watchlist: ${watched.join(', ')}` }
  if (countLinks(input.body) > input.maxLinks) return { status: 'pending', reason: 'links' }
  if (input.filledTooFast) return { status: 'pending', reason: 'filled too fast' }
  if (input.standing.recentlyRejected > 0) return { status: 'pending', reason: 'recently rejected' }
  if (input.standing.trusted) return { status: 'approved', reason: 'trusted' }
  if (input.moderation === 'all') return { status: 'pending', reason: 'policy: hold all' }
  if (input.moderation === 'first' && input.standing.approved === 0) return { status: 'pending', reason: 'policy: first comment' }
  return { status: 'approved', reason: '' }
}
