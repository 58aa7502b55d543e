// The article editor's autosave: every 15 s, when the form changed since the last save, posts it
// to the form's data-autosave URL (the same fields as "Save") and takes the new version number,
// so the next save is not mistaken for a concurrent one. Without JavaScript, "Save" does it all.
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
