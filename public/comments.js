// Comment form island: inline validation, posting without a reload, and reply links that move
// the form under the comment. The form works without it (plain POST, then 303 back).
;(() => {
  const form = document.querySelector('form[data-comment-form]')
  if (!form || !window.fetch) return
  const messagesEl = document.getElementById('comment-messages')
  const messages = messagesEl ? JSON.parse(messagesEl.textContent || '{}') : {}
  const fields = {
    body: form.elements.namedItem('comment'),
    name: form.elements.namedItem('author'),
    email: form.elements.namedItem('email'),
    url: form.elements.namedItem('url'),
  }
  const parentInput = form.elements.namedItem('parent_id')
  const respond = document.getElementById('respond')
  const respondHome = respond && respond.parentNode
  const respondNext = respond && respond.nextSibling
  const submit = form.querySelector('button[type="submit"]')

  function setError(name, message) {
    const input = fields[name]
    if (!input) return
    const id = 'c-' + name + '-error'
    let el = document.getElementById(id)
    if (!message) {
      if (el) el.remove()
      input.removeAttribute('aria-invalid')
      input.removeAttribute('aria-describedby')
      return
    }
    if (!el) {
      el = document.createElement('p')
      el.className = 'field-error'
      el.id = id
      input.insertAdjacentElement('afterend', el)
    }
    el.textContent = message
    input.setAttribute('aria-invalid', 'true')
    input.setAttribute('aria-describedby', id)
  }

  function setSummary(message) {
    let el = document.getElementById('comment-form-error')
    if (!message) {
      if (el) el.remove()
      return
    }
    if (!el) {
      el = document.createElement('p')
      el.className = 'form-error'
      el.id = 'comment-form-error'
      el.setAttribute('role', 'alert')
      form.querySelector('.comment-notes').insertAdjacentElement('afterend', el)
    }
    el.textContent = message
  }

  function check(name) {
    const input = fields[name]
    const value = input ? input.value.trim() : ''
    let message = ''
    if (name === 'body' && !value) message = messages.bodyRequired
    if (name === 'name' && !value) message = messages.nameRequired
    if (name === 'email') message = !value ? messages.emailRequired : /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(value) ? '' : messages.emailInvalid
    if (name === 'url' && value && !/^https?:\/\/[^\s]+$/i.test(value)) message = messages.urlInvalid
    setError(name, message || '')
    return !message
  }

  // Pressing "send" blurs the field first: an error shown on that blur would push the button
  // from under the pointer and the click would be lost. The submit check shows it instead.
  let pressingSubmit = false
  submit.addEventListener('pointerdown', () => {
    pressingSubmit = true
    setTimeout(() => (pressingSubmit = false), 1000)
  })
  for (const name of Object.keys(fields)) {
    const input = fields[name]
    if (input) input.addEventListener('blur', (event) => input.value && !pressingSubmit && event.relatedTarget !== submit && check(name))
  }

  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[data-reply-to], a.cancel-reply')
    if (!link || !respond) return
    event.preventDefault()
    if (link.classList.contains('cancel-reply') || !link.dataset.replyTo) {
      parentInput.value = ''
      respondHome.insertBefore(respond, respondNext)
    } else {
      parentInput.value = link.dataset.replyTo
      link.closest('article').insertAdjacentElement('afterend', respond)
    }
    fields.body.focus()
  })

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const ok = ['body', 'name', 'email', 'url'].map(check).every(Boolean)
    if (!ok) {
      setSummary(messages.invalid)
      form.querySelector('[aria-invalid="true"]').focus()
      return
    }
    submit.disabled = true
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(new FormData(form)).toString(),
        credentials: 'same-origin',
      })
      const data = await response.json().catch(() => ({}))
      if (!response.ok) {
        const error = data.error || {}
        for (const name of Object.keys(fields)) setError(name, (error.fields && error.fields[name]) || '')
        setSummary(error.message || messages.invalid)
        return
      }
      setSummary('')
      fields.body.value = ''
      let list = document.querySelector('.comment-list')
      const threads = document.querySelector('.comment-threads')
      if (data.html && !list && threads) {
        // The story's first comment: start the list (and drop "no comments yet").
        list = document.createElement('ol')
        list.className = 'comment-list'
        threads.appendChild(list)
        const empty = document.querySelector('#comments > .empty')
        if (empty) empty.remove()
      }
      if (data.html) {
        const parent = parentInput.value && document.getElementById('comment-' + parentInput.value)
        if (parent) {
          let children = parent.querySelector(':scope > ol.comment-children')
          if (!children) {
            children = document.createElement('ol')
            children.className = 'comment-children'
            parent.appendChild(children)
          }
          children.insertAdjacentHTML('beforeend', data.html)
        } else if (list) list.insertAdjacentHTML('beforeend', data.html)
        else location.assign(data.location)
      }
      const notice = document.createElement('p')
      notice.className = 'notice'
      notice.setAttribute('role', 'status')
      notice.textContent = data.notice || ''
      form.insertAdjacentElement('beforebegin', notice)
      const added = document.getElementById('comment-' + data.id)
      if (added) added.scrollIntoView({ block: 'nearest' })
    } catch (_error) {
      // Network trouble: fall back to the plain form post, which keeps everything typed.
      form.submit()
    } finally {
      submit.disabled = false
    }
  })
})()
