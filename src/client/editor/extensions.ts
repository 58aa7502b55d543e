import { Extension, Node } from '@tiptap/core'
import { embedUrl, isValidEmbed } from '../../modules/articles/article-embeds.js'

export type BlockDir = 'ltr' | 'rtl' | 'auto'
/** Node types that carry their own `dir` (a Latin quote inside Arabic text, and the reverse). */
export const dirTypes = ['paragraph', 'heading', 'blockquote', 'listItem']

/** Only ltr, rtl and auto survive (Word writes `dir=RTL`); anything else is dropped. */
export function normalizeDir(value: string | null | undefined): BlockDir | null {
  const dir = (value ?? '').trim().toLowerCase()
  return dir === 'ltr' || dir === 'rtl' || dir === 'auto' ? dir : null
}

/** A `dir` attribute on paragraphs, headings, quotes and list items. */
export const BlockDirection = Extension.create({
  name: 'blockDirection',
  addGlobalAttributes() {
    return [
      {
        types: dirTypes,
        attributes: {
          dir: {
            default: null,
            parseHTML: (element) => normalizeDir(element.getAttribute('dir')),
            renderHTML: (attributes) => (attributes.dir ? { dir: attributes.dir } : {}),
          },
        },
      },
    ]
  },
})

const text = (element: Element | null | undefined) => element?.textContent?.trim() ?? ''

/**
 * An image from the media library:
 * `<figure data-media-id="ID"><img src alt width height><figcaption>caption — <span class="credit">credit</span></figcaption></figure>`.
 */
export const MediaFigure = Node.create({
  name: 'mediaFigure',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    const img = (name: string) => ({ default: null, rendered: false, parseHTML: (el: HTMLElement) => el.querySelector('img')?.getAttribute(name) ?? null })
    return {
      mediaId: { default: null, rendered: false, parseHTML: (el: HTMLElement) => el.getAttribute('data-media-id') },
      src: img('src'),
      alt: img('alt'),
      width: img('width'),
      height: img('height'),
      caption: {
        default: '',
        rendered: false,
        parseHTML: (el: HTMLElement) => {
          const caption = el.querySelector('figcaption')?.cloneNode(true) as HTMLElement | undefined
          caption?.querySelector('.credit')?.remove()
          return text(caption).replace(/\s*—\s*$/, '')
        },
      },
      credit: { default: '', rendered: false, parseHTML: (el: HTMLElement) => text(el.querySelector('figcaption .credit')) },
    }
  },
  parseHTML() {
    return [{ tag: 'figure[data-media-id]' }]
  },
  renderHTML({ node }) {
    const { mediaId, src, alt, width, height, caption, credit } = node.attrs as Record<string, string | null>
    const imgAttrs: Record<string, string> = { src: src ?? '', alt: alt ?? '' }
    if (width) imgAttrs.width = width
    if (height) imgAttrs.height = height
    const captionParts: unknown[] = []
    if (caption) captionParts.push(caption)
    if (caption && credit) captionParts.push(' — ')
    if (credit) captionParts.push(['span', { class: 'credit' }, credit])
    const figure: unknown[] = ['figure', { 'data-media-id': mediaId ?? '' }, ['img', imgAttrs]]
    if (captionParts.length) figure.push(['figcaption', ...captionParts])
    return figure as [string, ...unknown[]]
  },
})

/** An allow-listed embed, stored neutral: `<figure class="embed" data-embed data-embed-id><a href=original>`. Never an iframe. */
export const Embed = Node.create({
  name: 'embed',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    return {
      provider: { default: null, rendered: false, parseHTML: (el: HTMLElement) => el.getAttribute('data-embed') },
      id: { default: null, rendered: false, parseHTML: (el: HTMLElement) => el.getAttribute('data-embed-id') },
    }
  },
  parseHTML() {
    return [{ tag: 'figure.embed[data-embed]', getAttrs: (el) => (isValidEmbed(el.getAttribute('data-embed') ?? '', el.getAttribute('data-embed-id') ?? '') ? null : false) }]
  },
  renderHTML({ node }) {
    const provider = node.attrs.provider as string
    const id = node.attrs.id as string
    const url = isValidEmbed(provider, id) ? embedUrl({ provider, id }) : ''
    return ['figure', { class: 'embed', 'data-embed': provider, 'data-embed-id': id }, ['a', { href: url }, url]]
  },
})
