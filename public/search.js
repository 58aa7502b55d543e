// Type-ahead for the site's search boxes (inputs with data-suggest): an ARIA 1.2 combobox whose
// list shows stories, tags and writers as the reader types. 200 ms after the last keystroke it
// asks /search/suggest (a stale request is aborted); arrows move through the list, Enter opens
// the chosen one, Escape closes. Without this script the box is a plain GET form.
;(() => {
  const inputs = document.querySelectorAll('input[data-suggest]')
  if (!inputs.length || !window.fetch || !window.AbortController) return
  const lang = document.documentElement.lang || 'ar'
  const plural = new Intl.PluralRules(lang)
  const MIN_CHARS = 2
  const MAX_CHARS = 100
  let uid = 0
  inputs.forEach(enhance)

  function enhance(input) {
    const n = ++uid
    const url = input.getAttribute('data-suggest')
    let text = {}
    try {
      text = JSON.parse(input.getAttribute('data-suggest-text') || '{}')
    } catch (_e) {}
    // The list hangs under the box's row (the input and its button), which holds it.
    const box = input.parentNode
    box.classList.add('has-suggest')
    const list = document.createElement('div')
    list.id = 'suggest-' + n
    list.className = 'suggest'
    list.setAttribute('role', 'listbox')
    list.setAttribute('aria-label', text.label || '')
    list.hidden = true
    const status = document.createElement('div')
    status.className = 'visually-hidden'
    status.setAttribute('role', 'status')
    box.appendChild(list)
    box.appendChild(status)
    input.setAttribute('role', 'combobox')
    input.setAttribute('aria-autocomplete', 'list')
    input.setAttribute('aria-expanded', 'false')
    input.setAttribute('aria-controls', list.id)
    input.setAttribute('autocomplete', 'off')

    const cache = new Map()
    let timer = 0
    let controller = null
    let options = []
    let active = -1
    let shown = ''

    input.addEventListener('input', () => {
      clearTimeout(timer)
      timer = setTimeout(update, 200)
    })
    input.addEventListener('keydown', onKey)
    input.addEventListener('blur', () => setTimeout(() => document.activeElement !== input && close(), 0))
    // Clicking an option must not take the focus from the box first.
    list.addEventListener('mousedown', (e) => e.preventDefault())
    list.addEventListener('click', (e) => {
      const option = e.target.closest('[role="option"]')
      if (option) go(option)
    })

    function update() {
      const q = input.value.trim()
      if (q.length < MIN_CHARS || q.length > MAX_CHARS) {
        if (controller) controller.abort()
        return close()
      }
      if (cache.has(q)) return render(q, cache.get(q))
      if (controller) controller.abort()
      const mine = (controller = new AbortController())
      fetch(url + '?q=' + encodeURIComponent(q), { signal: mine.signal, headers: { accept: 'application/json' } })
        .then((r) => (r.ok ? r.json() : null))
        .then((data) => {
          if (!data || mine.signal.aborted) return
          if (cache.size > 50) cache.clear()
          cache.set(q, data)
          if (input.value.trim() === q) render(q, data)
        })
        .catch(() => {})
    }

    function render(q, data) {
      list.textContent = ''
      options = []
      active = -1
      input.removeAttribute('aria-activedescendant')
      for (const [kind, items] of [
        ['titles', data.titles || []],
        ['tags', data.tags || []],
        ['authors', data.authors || []],
      ]) {
        if (!items.length) continue
        const group = document.createElement('div')
        group.setAttribute('role', 'group')
        const head = document.createElement('div')
        head.className = 'suggest-group'
        head.id = list.id + '-' + kind
        head.setAttribute('role', 'presentation')
        head.textContent = text[kind] || kind
        group.setAttribute('aria-labelledby', head.id)
        group.appendChild(head)
        for (const item of items) {
          const option = document.createElement('div')
          option.id = list.id + '-' + options.length
          option.className = 'suggest-option suggest-' + kind
          option.setAttribute('role', 'option')
          option.setAttribute('aria-selected', 'false')
          option.setAttribute('dir', 'auto')
          option.dataset.url = item.url
          option.textContent = item.title || item.name
          group.appendChild(option)
          options.push(option)
        }
        list.appendChild(group)
      }
      shown = q
      const forms = text.count || {}
      status.textContent = (forms[plural.select(options.length)] || forms.other || '').replace('{count}', String(options.length))
      if (options.length) open()
      else close()
    }

    function open() {
      list.hidden = false
      input.setAttribute('aria-expanded', 'true')
    }

    function close() {
      list.hidden = true
      input.setAttribute('aria-expanded', 'false')
      input.removeAttribute('aria-activedescendant')
      if (active >= 0 && options[active]) options[active].setAttribute('aria-selected', 'false')
      active = -1
    }

    function move(to) {
      if (!options.length) return
      if (list.hidden) open()
      if (active >= 0) options[active].setAttribute('aria-selected', 'false')
      active = (to + options.length) % options.length
      const option = options[active]
      option.setAttribute('aria-selected', 'true')
      input.setAttribute('aria-activedescendant', option.id)
      option.scrollIntoView({ block: 'nearest' })
    }

    function go(option) {
      close()
      window.location.assign(option.dataset.url)
    }

    function onKey(e) {
      if (e.isComposing) return
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (!options.length || shown !== input.value.trim()) return
        e.preventDefault()
        if (list.hidden) return move(e.key === 'ArrowDown' ? 0 : options.length - 1)
        move(active + (e.key === 'ArrowDown' ? 1 : -1))
      } else if (e.key === 'Enter') {
        if (!list.hidden && active >= 0) {
          e.preventDefault()
          go(options[active])
        }
      } else if (e.key === 'Escape') {
        if (!list.hidden) {
          e.preventDefault()
          close()
        }
      } else if (e.key === 'Tab') {
        close()
      }
    }
  }
})()
