// Media library island: drag and drop an image onto the upload form. The form works without it
// (a plain multipart POST); this only fills its file input from the drop.
;(() => {
  const form = document.querySelector('form[data-media-upload]')
  const input = form && form.elements.namedItem('file')
  const hint = form && form.querySelector('.media-drop')
  if (!form || !input || !hint || !window.DataTransfer) return
  hint.textContent = hint.dataset.dropHint || ''
  hint.hidden = false

  const show = () => {
    const file = input.files && input.files[0]
    hint.textContent = file ? (hint.dataset.chosen || '{name}').replace('{name}', file.name) : hint.dataset.dropHint || ''
  }
  const over = (on) => (event) => {
    event.preventDefault()
    form.classList.toggle('is-dragover', on)
  }
  form.addEventListener('dragenter', over(true))
  form.addEventListener('dragover', over(true))
  form.addEventListener('dragleave', (event) => {
    if (!form.contains(event.relatedTarget)) form.classList.remove('is-dragover')
  })
  form.addEventListener('drop', (event) => {
    event.preventDefault()
    form.classList.remove('is-dragover')
    const file = event.dataTransfer && event.dataTransfer.files[0]
    if (!file) return
    const list = new DataTransfer()
    list.items.add(file)
    input.files = list.files
    show()
    const alt = form.elements.namedItem('alt')
    if (alt && !alt.value) alt.focus()
  })
  input.addEventListener('change', show)
})()
