/**
 * The newsroom rich-text editor island. Progressive enhancement of
 * `<textarea data-rich-editor data-media-picker="/newsroom/media/picker.json" data-labels='{"bold":"غامق",…}' dir="rtl">`:
 * without JavaScript the textarea takes HTML as it is; with it, a TipTap editor (RTL) replaces it
 * visually and writes its HTML back into the textarea on every change (firing `input`), so a plain
 * form submit and the autosave script keep working. The server sanitizes on save either way.
 */
import { Editor } from '@tiptap/core'
import StarterKit from '@tiptap/starter-kit'
import { editorLabels, type EditorLabels } from '../../i18n/areas/editor.js'
import { parseEmbedUrl } from '../../modules/articles/article-embeds.js'
import { BlockDirection, Embed, MediaFigure, normalizeDir, type BlockDir } from './extensions.js'
import { cleanPastedHtml } from './paste.js'
import { pickMedia } from './picker.js'

/** Links may only point to http(s) or mailto. */
export function isAllowedLink(url: string): boolean {
  return /^(https?:\/\/[^\s/]|mailto:[^\s])/i.test(url.trim())
}

interface Tool {
  name: keyof EditorLabels
  glyph: string
  run: (editor: Editor) => void
  /** Present on toggles: drives aria-pressed. */
  isActive?: (editor: Editor) => boolean
}

function readLabels(textarea: HTMLTextAreaElement): EditorLabels {
  const defaults = editorLabels(document.documentElement.lang === 'en' ? 'en' : 'ar')
  try {
    return { ...defaults, ...(JSON.parse(textarea.dataset.labels ?? '{}') as Partial<EditorLabels>) }
  } catch {
    return defaults
  }
}

function blockDir(editor: Editor): BlockDir | null {
  return normalizeDir(editor.state.selection.$from.parent.attrs.dir as string | null)
}

/** Sets (or with null clears) `dir` on every paragraph and heading in the selection. */
function setBlockDir(editor: Editor, dir: BlockDir | null): void {
  const { state, view } = editor
  const { from, to } = state.selection
  const tr = state.tr
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (node.type.name === 'paragraph' || node.type.name === 'heading') tr.setNodeMarkup(pos, undefined, { ...node.attrs, dir })
  })
  view.dispatch(tr)
  editor.commands.focus()
}

function toggleDir(dir: BlockDir): Tool['run'] {
  return (editor) => setBlockDir(editor, blockDir(editor) === dir ? null : dir)
}

function tools(labels: EditorLabels, pickerUrl: string | undefined): Tool[] {
  const heading = (level: 2 | 3 | 4): Tool => ({
    name: `heading${level}`,
    glyph: `H${level}`,
    run: (e) => e.chain().focus().toggleHeading({ level }).run(),
    isActive: (e) => e.isActive('heading', { level }),
  })
  const list: Tool[] = [
    { name: 'paragraph', glyph: '¶', run: (e) => e.chain().focus().setParagraph().run(), isActive: (e) => e.isActive('paragraph') },
    heading(2),
    heading(3),
    heading(4),
    { name: 'bold', glyph: 'غ', run: (e) => e.chain().focus().toggleBold().run(), isActive: (e) => e.isActive('bold') },
    { name: 'italic', glyph: 'م', run: (e) => e.chain().focus().toggleItalic().run(), isActive: (e) => e.isActive('italic') },
    { name: 'bulletList', glyph: '•', run: (e) => e.chain().focus().toggleBulletList().run(), isActive: (e) => e.isActive('bulletList') },
    { name: 'orderedList', glyph: '١.', run: (e) => e.chain().focus().toggleOrderedList().run(), isActive: (e) => e.isActive('orderedList') },
    { name: 'blockquote', glyph: '❝', run: (e) => e.chain().focus().toggleBlockquote().run(), isActive: (e) => e.isActive('blockquote') },
    {
      name: 'link',
      glyph: 'رابط',
      run: (e) => {
        const current = (e.getAttributes('link').href as string | undefined) ?? 'https://'
        const answer = window.prompt(labels.linkPrompt, current)
        if (answer === null) return
        if (answer.trim() === '' || answer.trim() === 'https://') return void e.chain().focus().extendMarkRange('link').unsetLink().run()
        if (!isAllowedLink(answer)) return window.alert(labels.linkInvalid)
        e.chain().focus().extendMarkRange('link').setLink({ href: answer.trim() }).run()
      },
      isActive: (e) => e.isActive('link'),
    },
    {
      name: 'embed',
      glyph: '▶',
      run: (e) => {
        const answer = window.prompt(labels.embedPrompt, '')
        if (!answer) return
        const embed = parseEmbedUrl(answer)
        if (!embed) return window.alert(labels.embedInvalid)
        e.chain().focus().insertContent([{ type: 'embed', attrs: { provider: embed.provider, id: embed.id } }, { type: 'paragraph' }]).run()
      },
    },
    { name: 'dirRtl', glyph: 'RTL', run: toggleDir('rtl'), isActive: (e) => blockDir(e) === 'rtl' },
    { name: 'dirLtr', glyph: 'LTR', run: toggleDir('ltr'), isActive: (e) => blockDir(e) === 'ltr' },
    { name: 'dirAuto', glyph: 'A', run: toggleDir('auto'), isActive: (e) => blockDir(e) === 'auto' },
    { name: 'undo', glyph: '↶', run: (e) => e.chain().focus().undo().run() },
    { name: 'redo', glyph: '↷', run: (e) => e.chain().focus().redo().run() },
  ]
  if (pickerUrl) {
    list.splice(10, 0, {
      name: 'image',
      glyph: 'صورة',
      run: (e) => {
        void pickMedia(pickerUrl, labels).then((item) => {
          if (!item) return void e.commands.focus()
          const attrs = { mediaId: String(item.id), src: item.src, alt: item.alt ?? '', width: item.width ? String(item.width) : null, height: item.height ? String(item.height) : null, caption: item.caption ?? '', credit: item.credit ?? '' }
          // A paragraph after the figure: the caret lands there, not on the figure (typing would replace it).
          e.chain().focus().insertContent([{ type: 'mediaFigure', attrs }, { type: 'paragraph' }]).run()
        })
      },
    })
  }
  return list
}

/** Mounts the editor over one textarea; returns the TipTap editor. */
export function mountRichEditor(textarea: HTMLTextAreaElement): Editor {
  const labels = readLabels(textarea)
  const wrapper = document.createElement('div')
  wrapper.className = 'rich-editor'
  wrapper.dir = textarea.dir || 'rtl'
  const toolbar = document.createElement('div')
  toolbar.className = 'rich-editor-toolbar'
  toolbar.setAttribute('role', 'toolbar')
  toolbar.setAttribute('aria-label', labels.toolbar)
  const mount = document.createElement('div')
  wrapper.append(toolbar, mount)
  textarea.insertAdjacentElement('afterend', wrapper)
  textarea.hidden = true

  const label = textarea.id ? document.querySelector<HTMLLabelElement>(`label[for="${CSS.escape(textarea.id)}"]`) : null
  if (label && !label.id) label.id = `${textarea.id}-label`
  const contentId = textarea.id ? `${textarea.id}-editor` : ''
  const attributes: Record<string, string> = { class: 'rich-editor-content', dir: wrapper.dir, role: 'textbox', 'aria-multiline': 'true' }
  if (contentId) attributes.id = contentId
  if (label) attributes['aria-labelledby'] = label.id
  else attributes['aria-label'] = labels.body
  toolbar.setAttribute('aria-controls', contentId)

  const sync = (notify: boolean) => {
    // Empty paragraphs (the trailing one TipTap keeps after a figure) are dropped, as the server does.
    const html = editor.isEmpty ? '' : editor.getHTML().replace(/<p(?: dir="\w+")?><\/p>/g, '')
    if (textarea.value === html) return
    textarea.value = html
    if (notify) textarea.dispatchEvent(new Event('input', { bubbles: true }))
  }
  const editor = new Editor({
    element: mount,
    injectCSS: false,
    content: textarea.value,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        code: false,
        codeBlock: false,
        horizontalRule: false,
        strike: false,
        underline: false,
        link: {
          openOnClick: false,
          autolink: true,
          protocols: [],
          defaultProtocol: 'https',
          HTMLAttributes: { target: null, rel: null, class: null },
          isAllowedUri: (url) => isAllowedLink(url),
        },
      }),
      BlockDirection,
      MediaFigure,
      Embed,
    ],
    editorProps: { attributes, transformPastedHTML: cleanPastedHtml },
    onUpdate: () => sync(true),
  })
  textarea.form?.addEventListener('submit', () => sync(false))
  label?.addEventListener('click', () => editor.commands.focus())

  const buttons = tools(labels, textarea.dataset.mediaPicker).map((tool) => {
    const button = document.createElement('button')
    button.type = 'button'
    button.className = `rich-editor-button rich-editor-${tool.name}`
    button.setAttribute('aria-label', labels[tool.name])
    button.title = labels[tool.name]
    const glyph = document.createElement('span')
    glyph.setAttribute('aria-hidden', 'true')
    glyph.textContent = tool.glyph
    button.append(glyph)
    // Keep the selection in the editor while clicking the toolbar.
    button.addEventListener('mousedown', (event) => event.preventDefault())
    button.addEventListener('click', () => tool.run(editor))
    toolbar.append(button)
    return { tool, button }
  })
  const refresh = () => {
    for (const { tool, button } of buttons) if (tool.isActive) button.setAttribute('aria-pressed', String(tool.isActive(editor)))
    for (const { tool, button } of buttons) if (tool.name === 'undo' || tool.name === 'redo') button.disabled = !editor.can()[tool.name]()
  }
  editor.on('transaction', refresh)
  refresh()
  textarea.dataset.richEditorReady = 'true'
  return editor
}

for (const textarea of document.querySelectorAll<HTMLTextAreaElement>('textarea[data-rich-editor]')) mountRichEditor(textarea)
