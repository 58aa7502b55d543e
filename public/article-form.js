// The article editor's enhancements. Without JavaScript, "Save" does it all and tags are typed as
// comma-separated text.
//
// Autosave: every 15 s, when the form changed since the last save, posts it to the form's
// data-autosave URL (the same fields as "Save") and takes the new version number, so the next
// save is not mistaken for a concurrent one. The server folds a writer's autosaves of the last
// minutes into one revision, so the history keeps the explicit saves.
const form = document.getElementById('article-form')
const url = form?.dataset.autosave
const status = form?.querySelector('.autosave-status')
if (form && url && status) {
  const serialize = () => {
    const data = new URLSearchParams(new FormData(form))
    data.delete('version')
    data.set('intent', 'save')
    return data.toString()
  }
  let saved = serialize()
  let busy = false
  setInterval(async () => {
    const now = serialize()
    if (busy || now === saved) return
    busy = true
    try {
      const body = new URLSearchParams(now)
      body.set('version', form.elements.namedItem('version').value)
      const res = await fetch(url, { method: 'POST', body, headers: { accept: 'application/json' }, credentials: 'same-origin' })
      const answer = await res.json().catch(() => ({}))
      if (res.ok) {
        form.elements.namedItem('version').value = String(answer.version)
        saved = now
        status.textContent = `${status.dataset.saved}${new Date().toLocaleTimeString(document.documentElement.lang)}`
      } else {
        status.textContent = answer.message || status.dataset.failed
      }
    } catch {
      status.textContent = status.dataset.failed
    } finally {
      busy = false
    }
  }, 15_000)
}

// Tag suggestions: the tag field becomes an ARIA combobox (WAI-ARIA APG "list autocomplete").
// As the writer types, the tag under the caret (text between commas, Arabic "،" or Latin ",") is
// sent to data-suggest, 250 ms after the last keystroke; the server matches Arabic spelling
// variants ("اسلام" finds "إسلام"), which a native <datalist> would filter away again.
// Arrow keys move through the list, Enter or a click puts the tag in place, Escape closes it;
// the number of suggestions is announced in a polite live region.
const tagInput = document.getElementById('tags')
const listbox = document.getElementById('tag-suggestions')
const announce = document.getElementById('tag-suggestions-status')
const suggestUrl = tagInput?.dataset.suggest
if (tagInput && listbox && announce && suggestUrl) {
  const SEPARATOR = /[,،]/
  const MAX_QUERY = 100
  let timer
  let inflight
  let active = -1

  tagInput.setAttribute('role', 'combobox')
  tagInput.setAttribute('aria-autocomplete', 'list')
  tagInput.setAttribute('aria-expanded', 'false')
  tagInput.setAttribute('aria-controls', listbox.id)
  // Styled here (CSSOM, allowed by the CSP) so the list works before site.css has rules for it.
  Object.assign(listbox.style, { margin: '0.25rem 0 0', padding: '0', listStyle: 'none', border: '1px solid var(--line, #ccc)', maxBlockSize: '16rem', overflowY: 'auto', background: 'var(--bg, #fff)' })

  /** The tag the caret is in: where it starts and ends in the field, and its text. */
  const segment = () => {
    const value = tagInput.value
    const caret = tagInput.selectionStart ?? value.length
    let start = caret
    while (start > 0 && !SEPARATOR.test(value[start - 1])) start--
    let end = caret
    while (end < value.length && !SEPARATOR.test(value[end])) end++
    return { start, end, text: value.slice(start, end).trim() }
  }
  const options = () => [...listbox.querySelectorAll('[role="option"]')]

  const highlight = (index) => {
    const all = options()
    active = all.length ? (index + all.length) % all.length : -1
    all.forEach((option, i) => {
      option.setAttribute('aria-selected', String(i === active))
      option.style.outline = i === active ? '2px solid currentColor' : ''
    })
    if (active >= 0) {
      tagInput.setAttribute('aria-activedescendant', all[active].id)
      all[active].scrollIntoView({ block: 'nearest' })
    } else tagInput.removeAttribute('aria-activedescendant')
  }

  const close = () => {
    clearTimeout(timer)
    inflight?.abort()
    listbox.hidden = true
    listbox.replaceChildren()
    active = -1
    tagInput.setAttribute('aria-expanded', 'false')
    tagInput.removeAttribute('aria-activedescendant')
  }

  const show = (tags, message) => {
    listbox.replaceChildren(
      ...tags.map((name, i) => {
        const option = document.createElement('li')
        option.id = `tag-suggestion-${i}`
        option.setAttribute('role', 'option')
        option.setAttribute('aria-selected', 'false')
        option.dir = 'auto'
        option.textContent = name
        Object.assign(option.style, { padding: '0.25rem 0.5rem', cursor: 'pointer', outlineOffset: '-2px' })
        return option
      }),
    )
    active = -1
    listbox.hidden = tags.length === 0
    tagInput.setAttribute('aria-expanded', String(tags.length > 0))
    tagInput.removeAttribute('aria-activedescendant')
    announce.textContent = message
  }

  const suggest = async () => {
    const { text } = segment()
    if (!text || text.length > MAX_QUERY) return close()
    inflight?.abort()
    const controller = new AbortController()
    inflight = controller
    try {
      const res = await fetch(`${suggestUrl}?q=${encodeURIComponent(text)}`, { headers: { accept: 'application/json' }, credentials: 'same-origin', signal: controller.signal })
      const answer = await res.json()
      // A signed-out session answers with the sign-in page; a refusal with an error: no list.
      if (!res.ok || !Array.isArray(answer.tags)) return close()
      if (inflight === controller && document.activeElement === tagInput) show(answer.tags, String(answer.status ?? ''))
    } catch (error) {
      // Offline, or not JSON (the sign-in page after a session ended): no list; the field still
      // takes typed tags. Aborted by a newer keystroke: that one answers.
      if (error?.name !== 'AbortError' && inflight === controller) close()
    }
  }

  /** Puts `name` in place of the tag under the caret, followed by a separator for the next one. */
  const pick = (name) => {
    const { start, end } = segment()
    const value = tagInput.value
    const before = value.slice(0, start).replace(/\s*$/, start > 0 ? ' ' : '')
    const after = value.slice(end).replace(/^[,،]?\s*/, '')
    const inserted = `${name}، `
    tagInput.value = `${before}${inserted}${after}`
    const caret = before.length + inserted.length
    tagInput.setSelectionRange(caret, caret)
    close()
    announce.textContent = ''
  }

  tagInput.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(suggest, 250)
  })
  tagInput.addEventListener('keydown', (event) => {
    const open = !listbox.hidden
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      if (open) highlight(active + (event.key === 'ArrowDown' ? 1 : -1))
      else suggest()
    } else if (event.key === 'Enter' && open && active >= 0) {
      // Picks the suggestion instead of submitting the form.
      event.preventDefault()
      pick(options()[active].textContent)
    } else if (event.key === 'Escape' && open) {
      event.preventDefault()
      close()
    }
  })
  tagInput.addEventListener('blur', close)
  // mousedown would move focus off the field (and close the list) before the click lands.
  listbox.addEventListener('mousedown', (event) => event.preventDefault())
  listbox.addEventListener('click', (event) => {
    const option = event.target instanceof Element ? event.target.closest('[role="option"]') : null
    if (option) pick(option.textContent)
  })
}
