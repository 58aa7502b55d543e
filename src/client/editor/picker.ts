import type { EditorLabels } from '../../i18n/areas/editor.js'

/** One library image as `data-media-picker` JSON lists it. */
export interface PickerItem {
  id: number | string
  src: string
  srcsetWebp?: string
  srcsetAvif?: string
  width?: number | null
  height?: number | null
  alt?: string | null
  caption?: string | null
  credit?: string | null
}

interface PickerPage {
  items: PickerItem[]
  page: number
  pages: number
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const el = Object.assign(document.createElement(tag), props)
  el.append(...children)
  return el
}

/**
 * Opens a modal <dialog> listing the media library a page at a time (`?page=N` on `url`);
 * resolves with the chosen image, or null when closed without a choice.
 */
export function pickMedia(url: string, labels: EditorLabels): Promise<PickerItem | null> {
  return new Promise((resolve) => {
    let chosen: PickerItem | null = null
    const titleId = `media-picker-title-${Math.random().toString(36).slice(2, 8)}`
    const status = element('p', { className: 'media-picker-status' })
    status.setAttribute('role', 'status')
    const grid = element('ul', { className: 'media-picker-grid' })
    const previous = element('button', { type: 'button', textContent: labels.pickerPrevious })
    const next = element('button', { type: 'button', textContent: labels.pickerNext })
    const close = element('button', { type: 'button', className: 'media-picker-close', textContent: labels.pickerClose })
    const dialog = element(
      'dialog',
      { className: 'media-picker' },
      element('div', { className: 'media-picker-head' }, element('h2', { id: titleId, textContent: labels.pickerTitle }), close),
      status,
      grid,
      element('div', { className: 'media-picker-pages' }, previous, next),
    )
    dialog.setAttribute('aria-labelledby', titleId)
    dialog.dir = document.documentElement.dir || 'rtl'
    let page = 1

    async function load(n: number) {
      status.textContent = labels.pickerLoading
      grid.replaceChildren()
      try {
        const target = new URL(url, location.href)
        target.searchParams.set('page', String(n))
        const response = await fetch(target, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        if (!response.ok) throw new Error(String(response.status))
        const data = (await response.json()) as PickerPage
        page = data.page
        previous.disabled = data.page <= 1
        next.disabled = data.page >= data.pages
        status.textContent = data.items.length ? '' : labels.pickerEmpty
        for (const item of data.items) {
          const choose = element('button', { type: 'button', className: 'media-picker-item' }, element('img', { src: item.src, alt: item.alt ?? '', loading: 'lazy' }), element('span', { textContent: item.caption || item.alt || '' }))
          choose.addEventListener('click', () => {
            chosen = item
            dialog.close()
          })
          grid.append(element('li', {}, choose))
        }
        grid.querySelector('button')?.focus()
      } catch {
        status.textContent = labels.pickerError
      }
    }

    previous.addEventListener('click', () => void load(page - 1))
    next.addEventListener('click', () => void load(page + 1))
    close.addEventListener('click', () => dialog.close())
    dialog.addEventListener('close', () => {
      dialog.remove()
      resolve(chosen)
    })
    document.body.append(dialog)
    dialog.showModal()
    void load(1)
  })
}
