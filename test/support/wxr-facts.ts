/**
 * What a WordPress export holds, read independently of the importer (saxes without namespaces,
 * element names as written: `wp:post_type`), so tests compare the database with the file and
 * not with the importer's own reading of it.
 */
import { readFileSync } from 'node:fs'
import { SaxesParser } from 'saxes'

export interface FileComment {
  id: string
  parent: string
  approved: string
  email: string
  ip: string
  dateGmt: string
}

export interface FileItem {
  id: string
  type: string
  status: string
  parent: string
  name: string
  link: string
  title: string
  creator: string
  password: string
  postDate: string
  postDateGmt: string
  content: string
  meta: Record<string, string>
  terms: Array<{ domain: string; nicename: string }>
  comments: FileComment[]
  attachmentUrl: string
}

export interface WxrFacts {
  authors: Array<{ login: string; email: string }>
  /** Declared terms: taxonomy → nicenames (as written, percent-encoded). */
  declared: Map<string, Set<string>>
  items: FileItem[]
}

/** Reads the whole file (test fixtures are small). */
export function readWxrFacts(file: string): WxrFacts {
  const parser = new SaxesParser({ xmlns: false })
  const facts: WxrFacts = { authors: [], declared: new Map(), items: [] }
  const stack: string[] = []
  let text = ''
  let item: FileItem | undefined
  let comment: FileComment | undefined
  let metaKey = ''
  let term: Record<string, string> = {}
  let author: Record<string, string> = {}
  let categoryAttrs: { domain: string; nicename: string } | undefined
  const declare = (taxonomy: string, nicename: string) => {
    const set = facts.declared.get(taxonomy) ?? new Set<string>()
    set.add(nicename)
    facts.declared.set(taxonomy, set)
  }
  parser.on('opentag', (tag) => {
    stack.push(tag.name)
    text = ''
    if (tag.name === 'item') item = { id: '', type: '', status: '', parent: '', name: '', link: '', title: '', creator: '', password: '', postDate: '', postDateGmt: '', content: '', meta: {}, terms: [], comments: [], attachmentUrl: '' }
    if (tag.name === 'wp:comment') comment = { id: '', parent: '', approved: '', email: '', ip: '', dateGmt: '' }
    if (tag.name === 'category' && item) categoryAttrs = { domain: String(tag.attributes.domain ?? ''), nicename: String(tag.attributes.nicename ?? '') }
    if (['wp:category', 'wp:tag', 'wp:term'].includes(tag.name)) term = {}
    if (tag.name === 'wp:author') author = {}
  })
  parser.on('text', (t) => (text += t))
  parser.on('cdata', (t) => (text += t))
  parser.on('closetag', (tag) => {
    stack.pop()
    const value = text.trim()
    const name = tag.name
    if (comment) {
      const fields: Record<string, keyof FileComment> = { 'wp:comment_id': 'id', 'wp:comment_parent': 'parent', 'wp:comment_approved': 'approved', 'wp:comment_author_email': 'email', 'wp:comment_author_IP': 'ip', 'wp:comment_date_gmt': 'dateGmt' }
      if (fields[name]) comment[fields[name]!] = value
      if (name === 'wp:comment') {
        item?.comments.push(comment)
        comment = undefined
      }
    } else if (item) {
      const fields: Record<string, keyof FileItem> = {
        'wp:post_id': 'id',
        'wp:post_type': 'type',
        'wp:status': 'status',
        'wp:post_parent': 'parent',
        'wp:post_name': 'name',
        link: 'link',
        title: 'title',
        'dc:creator': 'creator',
        'wp:post_password': 'password',
        'wp:post_date': 'postDate',
        'wp:post_date_gmt': 'postDateGmt',
        'content:encoded': 'content',
        'wp:attachment_url': 'attachmentUrl',
      }
      if (fields[name] && stack[stack.length - 1] === 'item') (item as unknown as Record<string, string>)[fields[name]!] = name === 'content:encoded' ? text : value
      if (name === 'wp:meta_key') metaKey = value
      if (name === 'wp:meta_value') item.meta[metaKey] = value
      if (name === 'category' && categoryAttrs) item.terms.push(categoryAttrs)
      if (name === 'item') {
        facts.items.push(item)
        item = undefined
      }
    } else if (stack[stack.length - 1] === 'wp:author') {
      author[name] = value
    } else if (name === 'wp:author') {
      facts.authors.push({ login: author['wp:author_login'] ?? '', email: author['wp:author_email'] ?? '' })
    } else if (['wp:category', 'wp:tag', 'wp:term'].includes(stack[stack.length - 1] ?? '')) {
      term[name] = value
    } else if (name === 'wp:category') declare('category', term['wp:category_nicename'] ?? '')
    else if (name === 'wp:tag') declare('post_tag', term['wp:tag_slug'] ?? '')
    else if (name === 'wp:term') declare(term['wp:term_taxonomy'] ?? '', term['wp:term_slug'] ?? '')
    text = ''
  })
  parser.write(readFileSync(file, 'utf8')).close()
  return facts
}

/** The numbers an import of the file must produce in an empty database. */
export function expectedCounts(facts: WxrFacts) {
  const importable = new Set(['publish', 'future', 'draft', 'pending', 'private', 'trash'])
  const posts = facts.items.filter((i) => i.type === 'post' && importable.has(i.status))
  const pages = facts.items.filter((i) => i.type === 'page')
  const decode = (s: string) => decodeURIComponent(s).normalize('NFC')
  const termsOf = (taxonomy: string) => new Set([...(facts.declared.get(taxonomy) ?? [])].concat(posts.flatMap((p) => p.terms.filter((t) => t.domain === taxonomy).map((t) => t.nicename))).map(decode))
  const byStatus = { approved: 0, pending: 0, spam: 0, trash: 0 }
  for (const c of posts.flatMap((p) => p.comments)) {
    const status = c.approved === '1' ? 'approved' : c.approved === 'spam' ? 'spam' : c.approved === 'trash' || c.approved === 'post-trashed' ? 'trash' : 'pending'
    byStatus[status]++
  }
  return {
    posts: posts.length,
    pages: pages.length,
    categories: termsOf('category').size,
    tags: termsOf('post_tag').size,
    authors: new Set(facts.authors.map((a) => a.login)).size,
    comments: byStatus,
    commentsOnPages: pages.reduce((n, p) => n + p.comments.length, 0),
    attachments: facts.items.filter((i) => i.type === 'attachment').length,
  }
}
