// The article editor's enhancements. Without JavaScript, "Save" does it all, sections are two
// plain selects and tags are typed as comma-separated text.

// The main section is not offered again among the other sections (without JavaScript the server
// drops such a duplicate). Runs before autosave takes its first look at the form.
const primarySection = document.getElementById('primaryCategoryId')
const otherSections = document.getElementById('categoryIds')
if (primarySection && otherSections) {
  const exclude = () => {
    for (const option of otherSections.options) {
      option.disabled = option.value === primarySection.value
      if (option.disabled) option.selected = false
    }
  }
  primarySection.addEventListener('change', exclude)
  exclude()
}

// Autosave: every 15 s, when the form changed since the last save, posts it to the form's
// data-autosave URL (the same fields as "Save") and takes the version number it answers, so the
// next save is not mistaken for a concurrent one. The server folds a writer's autosaves of the
// last minutes into one revision; a live (published or scheduled) story is not changed at all:
// its autosave waits in the writer's revisions (`aside`, same version) until they press "Update".
// A new article is created by its first autosave once it has a title: the form then posts to the
// new article's URLs, and the address bar shows it (history.replaceState).
// A submit while an autosave is under way waits for its answer (which may change the version).
// A conflict (someone else saved) stops autosaving: saving shows both versions side by side.
const form = document.getElementById('article-form')
const status = form?.querySelector('.autosave-status')
const versionField = form?.elements.namedItem('version')
if (form && form.dataset.autosave && status && versionField) {
  const serialize = () => {
    const data = new URLSearchParams(new FormData(form))
    data.delete('version')
    data.set('intent', 'save')
    return data.toString()
  }
  let saved = serialize()
  /** The autosave under way (a promise), or null. */
  let inflight = null
  let stopped = false
  let submitting = false
  let timer

  /** Stops autosaving for good, saying why; `resolve` adds a button that saves (the conflict page shows both versions). */
  const stop = (message, resolve = false) => {
    stopped = true
    clearInterval(timer)
    status.textContent = message
    status.dataset.state = 'stopped'
    if (resolve) {
      const button = document.createElement('button')
      button.type = 'submit'
      button.name = 'intent'
      button.value = 'save'
      button.className = 'button-secondary'
      button.textContent = status.dataset.resolve
      status.append(' ', button)
    }
  }

  const send = async (fields, creating) => {
    const body = new URLSearchParams(fields)
    body.set('version', versionField.value)
    try {
      const res = await fetch(form.dataset.autosave, { method: 'POST', body, headers: { accept: 'application/json' }, credentials: 'same-origin' })
      // A signed-out session answers with the sign-in page (HTML): not an answer, so nothing is taken.
      const answer = await res.json().catch(() => null)
      if (res.ok && answer && Number.isInteger(answer.version)) {
        versionField.value = String(answer.version)
        saved = fields
        if (creating && answer.url && answer.autosave) {
          form.action = answer.url
          form.dataset.autosave = answer.autosave
          history.replaceState(history.state, '', answer.url)
        }
        const time = new Date().toLocaleTimeString(document.documentElement.lang)
        status.textContent = (answer.aside ? status.dataset.savedAside : status.dataset.saved).replace('{time}', time)
      } else if (res.status === 409 && answer?.code === 'ARTICLE_CONFLICT') {
        stop(status.dataset.conflict, true)
      } else if (res.status === 403 || res.status === 404 || res.status === 409) {
        // Not allowed any more, deleted, trashed: retrying cannot help.
        stop(answer?.error?.message || answer?.message || status.dataset.failed)
      } else {
        status.textContent = answer?.message || answer?.error?.message || status.dataset.failed
      }
    } catch {
      status.textContent = status.dataset.failed
    }
  }

  const autosave = () => {
    if (stopped || submitting || inflight) return
    const fields = serialize()
    if (fields === saved) return
    const creating = versionField.value === '0'
    // A new article needs a title before it can be created (the server refuses one without).
    if (creating && !form.elements.namedItem('title')?.value.trim()) return
    inflight = send(fields, creating).finally(() => {
      inflight = null
    })
  }
  timer = setInterval(autosave, 15_000)

  form.addEventListener('submit', (event) => {
    if (inflight) {
      // Submit once the autosave has answered, with the version it took.
      event.preventDefault()
      if (submitting) return
      submitting = true
      const submitter = event.submitter
      void inflight.then(() => {
        submitting = false
        form.requestSubmit(submitter && submitter.form === form ? submitter : undefined)
      })
      return
    }
    if (event.defaultPrevented) return
    // The page is leaving: no autosave may slip in after this submit.
    submitting = true
    stopped = true
    clearInterval(timer)
  })
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
