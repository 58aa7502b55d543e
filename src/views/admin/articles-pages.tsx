import type { MessageKey } from '../../i18n/index.js'
import type { Correction, NewsroomListItem, Revision } from '../../modules/articles/editorial.repository.js'
import { formatDateTime } from '../../text/arabic/index.js'
import { Pagination } from '../components/pagination.js'
import { DateText } from '../components/time.js'
import type { ViewContext } from '../context.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'
import { FormBanners } from './form-parts.js'
import { AdminTable } from './admin-table.js'

type ArticleStatus = NewsroomListItem['status']

export const articleStatuses: readonly ArticleStatus[] = ['draft', 'review', 'scheduled', 'published', 'unpublished', 'trashed']
const statusKey = (s: ArticleStatus) => `articles.status.${s}` as const

export interface ListFilters {
  status: string
  author: string
  category: string
  from: string
  to: string
  q: string
}

export interface ArticlesListData {
  user: AdminUser
  filters: ListFilters
  items: NewsroomListItem[]
  page: number
  pages: number
  authors: Array<{ id: number; name: string }>
  categories: Array<{ id: number; name: string }>
  notice?: string
}


/** /newsroom/articles: filters, a table with bulk actions, pagination. */
export function ArticlesListPage({ ctx, csrfToken, data }: { ctx: ViewContext; csrfToken: string; data: ArticlesListData }) {
  const f = data.filters
  const pageHref = (page: number) => `/newsroom/articles?${new URLSearchParams({ ...f, page: String(page) }).toString()}`
  return (
    <AdminLayout ctx={ctx} title={ctx.t('articles.heading')} user={data.user} csrfToken={csrfToken}>
      <h1>{ctx.t('articles.heading')}</h1>
      <p>
        <a class="button" href="/newsroom/articles/new">
          {ctx.t('articles.new')}
        </a>
      </p>
      <FormBanners notice={data.notice} />
      <form method="get" action="/newsroom/articles" class="mod-filters" role="search" aria-label={ctx.t('articles.filter')}>
        <div class="field">
          <label for="status">{ctx.t('articles.filter.status')}</label>
          <select id="status" name="status">
            <option value="">{ctx.t('articles.filter.all')}</option>
            {articleStatuses.map((s) => (
              <option value={s} selected={f.status === s}>
                {ctx.t(statusKey(s))}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="author">{ctx.t('articles.filter.author')}</label>
          <select id="author" name="author">
            <option value="">—</option>
            {data.authors.map((a) => (
              <option value={String(a.id)} selected={f.author === String(a.id)}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="category">{ctx.t('articles.filter.category')}</label>
          <select id="category" name="category">
            <option value="">—</option>
            {data.categories.map((c) => (
              <option value={String(c.id)} selected={f.category === String(c.id)}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="from">{ctx.t('articles.filter.from')}</label>
          <input id="from" name="from" type="date" value={f.from} dir="ltr" />
        </div>
        <div class="field">
          <label for="to">{ctx.t('articles.filter.to')}</label>
          <input id="to" name="to" type="date" value={f.to} dir="ltr" />
        </div>
        <div class="field">
          <label for="q">{ctx.t('articles.filter.q')}</label>
          <input id="q" name="q" type="search" value={f.q} maxLength={200} />
        </div>
        <button type="submit">{ctx.t('articles.filter')}</button>
      </form>
      {data.items.length === 0 ? (
        <p>{ctx.t('articles.empty')}</p>
      ) : (
        <form method="post" action="/newsroom/articles/bulk">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <AdminTable class="mod-log" headings={[ctx.t('articles.col.select'), ctx.t('articles.col.title'), ctx.t('articles.col.status'), ctx.t('articles.col.authors'), ctx.t('articles.col.updated')]}>
            {data.items.map((a) => (
              <tr>
                <td>
                  <input type="checkbox" name="ids" value={String(a.id)} aria-label={`${ctx.t('articles.col.select')}: ${a.title}`} />
                </td>
                <td>
                  <a href={`/newsroom/articles/${a.id}`}>{a.title}</a>
                </td>
                <td>{ctx.t(statusKey(a.status))}</td>
                <td>
                  {a.authors.map((au, i) => (
                    <>
                      {i > 0 ? '، ' : ''}
                      <bdi>{au.name}</bdi>
                    </>
                  ))}
                </td>
                <td>
                  <DateText ctx={ctx} iso={a.updatedAt} withTime />
                </td>
              </tr>
            ))}
          </AdminTable>
          <div class="mod-form-actions">
            <label for="bulk-action">{ctx.t('articles.bulk')}</label>
            <select id="bulk-action" name="action">
              {(['publish', 'unpublish', 'trash', 'restore'] as const).map((action) => (
                <option value={action}>{ctx.t(`articles.action.${action}`)}</option>
              ))}
            </select>
            <button type="submit">{ctx.t('articles.bulk.apply')}</button>
          </div>
        </form>
      )}
      <Pagination ctx={ctx} page={data.page} pages={data.pages} href={pageHref} />
    </AdminLayout>
  )
}

/** The editor form's values exactly as typed (strings), so a refused save shows them back. */
export interface ArticleFormValues {
  title: string
  excerpt: string
  slug: string
  bodyHtml: string
  /** Stored at position 0 of the article's sections. */
  primaryCategoryId: string
  /** The other sections. */
  categoryIds: string[]
  tags: string
  authorIds: string[]
  byline: string
  sourceLine: string
  dateline: string
  featuredMediaId: string
  commentStatus: string
  isBreaking: boolean
  seoTitle: string
  seoDescription: string
  publishAt: string
  version: string
}

export interface ArticleEditData {
  user: AdminUser
  id?: number
  status?: ArticleStatus
  values: ArticleFormValues
  errors: Record<string, string>
  error?: string
  notice?: string
  /** What can be done now (from the policy). */
  can: { submit: boolean; publish: boolean; schedule: boolean; unpublish: boolean; trash: boolean; restore: boolean; delete: boolean; correct: boolean; preview: boolean; revisions: boolean }
  authors: Array<{ id: number; name: string }>
  categories: Array<{ id: number; name: string }>
  publicUrl?: string
  corrections: Correction[]
  /** After a refused concurrent save: the version stored now, shown beside the writer's (bodies as plain text too). */
  conflict?: { version: number; title: string; excerpt: string; bodyHtml: string; bodyText: string; yourBodyText: string }
  /** The writer's autosave of this version kept aside (a live story's), offered to compare or load. */
  pendingAutosave?: { savedAt: string; compareUrl: string; restoreUrl: string }
  editorLabels: string
}

type SaveIntent = 'save' | 'submit' | 'publish' | 'schedule' | 'unpublish'

/**
 * The workflow buttons that make sense for the article's status, among those the policy allows:
 * a live story is updated or unpublished (or, when scheduled, published now or rescheduled); one
 * not live is saved, submitted, published or scheduled; one in the trash is restored first.
 */
function workflowActions(status: ArticleStatus | undefined, can: ArticleEditData['can']): Array<{ intent: SaveIntent; label: MessageKey }> {
  const actions: Array<{ intent: SaveIntent; label: MessageKey; allowed: boolean }> =
    status === 'trashed'
      ? []
      : status === 'published'
        ? [
            { intent: 'save', label: 'articles.action.update', allowed: true },
            { intent: 'unpublish', label: 'articles.action.unpublish', allowed: can.unpublish },
          ]
        : status === 'scheduled'
          ? [
              { intent: 'save', label: 'articles.action.update', allowed: true },
              { intent: 'publish', label: 'articles.action.publish', allowed: can.publish },
              { intent: 'schedule', label: 'articles.action.reschedule', allowed: can.schedule },
            ]
          : [
              { intent: 'save', label: 'articles.action.save', allowed: true },
              { intent: 'submit', label: 'articles.action.submit', allowed: can.submit },
              { intent: 'publish', label: 'articles.action.publish', allowed: can.publish },
              { intent: 'schedule', label: 'articles.action.schedule', allowed: can.schedule },
            ]
  return actions.filter((a) => a.allowed).map(({ intent, label }) => ({ intent, label }))
}

/** Plain text as paragraphs (blank lines split them), each isolated in its own direction. */
const paragraphs = (text: string) => text.split(/\n{2,}/).map((p) => <p dir="auto">{p}</p>)

/** /newsroom/articles/new and /newsroom/articles/{id}: the editor. Works without JavaScript. */
export function ArticleEditPage({ ctx, csrfToken, data }: { ctx: ViewContext; csrfToken: string; data: ArticleEditData }) {
  const v = data.values
  const action = data.id ? `/newsroom/articles/${data.id}` : '/newsroom/articles/new'
  const described = (name: string) => (data.errors[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${name}-error` } : {})
  const error = (name: string) =>
    data.errors[name] ? (
      <p class="field-error" id={`${name}-error`}>
        {data.errors[name]}
      </p>
    ) : null
  const text = (name: keyof ArticleFormValues & string, label: string, max: number, extra: Record<string, unknown> = {}, hint?: string) => (
    <div class="field">
      <label for={name}>{label}</label>
      <input
        id={name}
        name={name}
        type="text"
        maxLength={max}
        value={v[name] as string}
        {...extra}
        {...described(name)}
        {...(hint ? { 'aria-describedby': data.errors[name] ? `${name}-hint ${name}-error` : `${name}-hint` } : {})}
      />
      {hint ? (
        <p class="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {error(name)}
    </div>
  )
  const title = data.id ? ctx.t('articles.edit') : ctx.t('articles.new')
  return (
    <AdminLayout ctx={ctx} title={title} user={data.user} csrfToken={csrfToken}>
      <h1>{title}</h1>
      {data.status ? (
        <p>
          {ctx.t(statusKey(data.status))} · {ctx.t('articles.version', { version: v.version })}
          {data.publicUrl ? (
            <>
              {' · '}
              <a href={data.publicUrl}>{ctx.t('articles.action.view')}</a>
            </>
          ) : null}
          {data.can.revisions && data.id ? (
            <>
              {' · '}
              <a href={`/newsroom/articles/${data.id}/revisions`}>{ctx.t('articles.action.revisions')}</a>
            </>
          ) : null}
        </p>
      ) : null}
      <FormBanners notice={data.notice} />
      {data.pendingAutosave ? (
        <p class="notice autosave-notice" role="status">
          {ctx.t('articles.autosave.pending', { time: formatDateTime(new Date(data.pendingAutosave.savedAt), ctx.site) })}{' '}
          <a href={data.pendingAutosave.compareUrl}>{ctx.t('articles.autosave.compare')}</a>
          {' · '}
          <a href={data.pendingAutosave.restoreUrl}>{ctx.t('articles.autosave.restore')}</a>
        </p>
      ) : null}
      {data.error ? (
        <p class="form-error" role="alert">
          {data.error}
        </p>
      ) : null}
      {data.conflict ? (
        <section class="conflict" aria-labelledby="conflict-heading">
          <h2 id="conflict-heading">{ctx.t('articles.conflict.heading')}</h2>
          <p>{ctx.t('articles.conflict.body', { version: data.conflict.version })}</p>
          <div class="conflict-columns">
            <div class="conflict-version">
              <h3>{ctx.t('articles.conflict.theirs')}</h3>
              <p class="conflict-title" dir="auto">
                {data.conflict.title}
              </p>
              {data.conflict.excerpt ? (
                <p class="conflict-excerpt" dir="auto">
                  {data.conflict.excerpt}
                </p>
              ) : null}
              <div class="conflict-text">{paragraphs(data.conflict.bodyText)}</div>
              <details class="conflict-html">
                <summary>{ctx.t('articles.conflict.html')}</summary>
                <pre dir="ltr" tabIndex={0}>
                  <code>{data.conflict.bodyHtml}</code>
                </pre>
              </details>
            </div>
            <div class="conflict-version conflict-yours">
              <h3>{ctx.t('articles.conflict.yours')}</h3>
              <p class="conflict-title" dir="auto">
                {v.title}
              </p>
              {v.excerpt ? (
                <p class="conflict-excerpt" dir="auto">
                  {v.excerpt}
                </p>
              ) : null}
              <div class="conflict-text">{paragraphs(data.conflict.yourBodyText)}</div>
            </div>
          </div>
        </section>
      ) : null}
      {/* A new article autosaves too: its first autosave (once it has a title) creates the draft. */}
      {/* No autosave on the conflict page: the writer decides what to keep and saves it. */}
      <form method="post" action={action} class="article-form" id="article-form" data-autosave={data.conflict ? undefined : `${action}/autosave`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <input type="hidden" name="version" value={v.version} />
        {text('title', ctx.t('articles.field.title'), 300, { required: true })}
        <div class="field">
          <label for="excerpt">{ctx.t('articles.field.excerpt')}</label>
          <textarea id="excerpt" name="excerpt" rows={2} maxLength={1000} {...described('excerpt')}>
            {v.excerpt}
          </textarea>
          {error('excerpt')}
        </div>
        <div class="field">
          <label for="article-body">{ctx.t('articles.field.body')}</label>
          <textarea id="article-body" name="bodyHtml" rows={18} dir="rtl" data-rich-editor data-media-picker="/newsroom/media/picker.json" data-labels={data.editorLabels} aria-describedby="body-hint" {...described('bodyHtml')}>
            {v.bodyHtml}
          </textarea>
          <p class="hint rich-editor-fallback-hint" id="body-hint">
            {ctx.t('articles.field.bodyHint')}
          </p>
          {error('bodyHtml')}
        </div>
        {/* The main section is its own select: a multi-select sends its options in page order, not in the order picked. */}
        <div class="field">
          <label for="primaryCategoryId">{ctx.t('articles.field.primaryCategory')}</label>
          <select id="primaryCategoryId" name="primaryCategoryId" {...described('primaryCategoryId')}>
            <option value="">{ctx.t('articles.field.primaryCategoryNone')}</option>
            {data.categories.map((c) => (
              <option value={String(c.id)} selected={v.primaryCategoryId === String(c.id)}>
                {c.name}
              </option>
            ))}
          </select>
          {error('primaryCategoryId')}
        </div>
        <div class="field">
          <label for="categoryIds">{ctx.t('articles.field.categories')}</label>
          <select id="categoryIds" name="categoryIds" multiple size={Math.min(6, Math.max(3, data.categories.length))} aria-describedby={data.errors.categoryIds ? 'categoryIds-hint categoryIds-error' : 'categoryIds-hint'} {...(data.errors.categoryIds ? { 'aria-invalid': 'true' as const } : {})}>
            {data.categories.map((c) => (
              <option value={String(c.id)} selected={v.categoryIds.includes(String(c.id))}>
                {c.name}
              </option>
            ))}
          </select>
          <p class="hint" id="categoryIds-hint">
            {ctx.t('articles.field.categoriesHint')}
          </p>
          {error('categoryIds')}
        </div>
        <div class="field">
          <label for="tags">{ctx.t('articles.field.tags')}</label>
          {/* Without JavaScript: comma-separated text, new tags made on save. article-form.js turns the
              field into a combobox whose listbox it fills from data-suggest as the writer types. */}
          <input id="tags" name="tags" type="text" value={v.tags} autocomplete="off" data-suggest="/newsroom/tags/suggest" aria-describedby={data.errors.tags ? 'tags-hint tags-error' : 'tags-hint'} {...(data.errors.tags ? { 'aria-invalid': 'true' as const } : {})} />
          <ul id="tag-suggestions" class="tag-suggestions" role="listbox" aria-label={ctx.t('articles.tags.suggestLabel')} hidden></ul>
          <p id="tag-suggestions-status" class="visually-hidden" role="status" aria-live="polite"></p>
          <p class="hint" id="tags-hint">
            {ctx.t('articles.field.tagsHint')}
          </p>
          {error('tags')}
        </div>
        <div class="field">
          <label for="authorIds">{ctx.t('articles.field.authors')}</label>
          <select id="authorIds" name="authorIds" multiple size={4} {...described('authorIds')}>
            {data.authors.map((a) => (
              <option value={String(a.id)} selected={v.authorIds.includes(String(a.id))}>
                {a.name}
              </option>
            ))}
          </select>
          {error('authorIds')}
        </div>
        {text('byline', ctx.t('articles.field.byline'), 300)}
        {text('sourceLine', ctx.t('articles.field.sourceLine'), 300)}
        {text('dateline', ctx.t('articles.field.dateline'), 200)}
        {text('featuredMediaId', ctx.t('articles.field.featured'), 12, { inputMode: 'numeric', dir: 'ltr' })}
        <fieldset class="field choices">
          <legend>{ctx.t('articles.field.commentStatus')}</legend>
          <p class="field-check">
            <input id="commentStatus-open" type="radio" name="commentStatus" value="open" checked={v.commentStatus !== 'closed'} />
            <label for="commentStatus-open">{ctx.t('articles.field.commentsOpen')}</label>
          </p>
          <p class="field-check">
            <input id="commentStatus-closed" type="radio" name="commentStatus" value="closed" checked={v.commentStatus === 'closed'} />
            <label for="commentStatus-closed">{ctx.t('articles.field.commentsClosed')}</label>
          </p>
        </fieldset>
        <p class="field-check">
          <input id="isBreaking" type="checkbox" name="isBreaking" value="1" checked={v.isBreaking} />
          <label for="isBreaking">{ctx.t('articles.field.breaking')}</label>
        </p>
        {text('slug', ctx.t('articles.field.slug'), 200, {}, ctx.t('articles.field.slugHint'))}
        {text('seoTitle', ctx.t('articles.field.seoTitle'), 300)}
        <div class="field">
          <label for="seoDescription">{ctx.t('articles.field.seoDescription')}</label>
          <textarea id="seoDescription" name="seoDescription" rows={2} maxLength={500}>
            {v.seoDescription}
          </textarea>
        </div>
        {/* A published story has no publication time to set; a scheduled one can be rescheduled. */}
        {data.status !== 'published' && data.status !== 'trashed' ? (
          <div class="field">
            <label for="publishAt">{ctx.t('articles.field.publishAt')}</label>
            <input id="publishAt" name="publishAt" type="datetime-local" value={v.publishAt} dir="ltr" {...described('publishAt')} />
            {error('publishAt')}
          </div>
        ) : null}
        {data.status === 'trashed' ? <p class="hint">{ctx.t('articles.error.trashed')}</p> : null}
        <p class="actions">
          {workflowActions(data.status, data.can).map((a) => (
            <button type="submit" name="intent" value={a.intent} class={a.intent === 'unpublish' ? 'button-secondary' : undefined}>
              {ctx.t(a.label)}
            </button>
          ))}
          {data.can.preview && data.id ? (
            <button type="submit" class="button-secondary" formaction={`/newsroom/articles/${data.id}/preview`}>
              {ctx.t('articles.action.preview')}
            </button>
          ) : null}
        </p>
        <p
          class="autosave-status"
          role="status"
          aria-live="polite"
          data-failed={ctx.t('articles.autosaveFailed')}
          data-saved={ctx.t('articles.autosaved', { time: '{time}' })}
          data-saved-aside={ctx.t('articles.autosavedAside', { time: '{time}' })}
          data-conflict={ctx.t('articles.autosaveConflict')}
          data-resolve={ctx.t('articles.autosaveResolve')}
        ></p>
      </form>
      {data.id && (data.can.trash || data.can.restore || data.can.delete) ? (
        <form method="post" action={`/newsroom/articles/${data.id}/${data.status === 'trashed' ? 'restore' : 'trash'}`} class="inline-form article-danger">
          <input type="hidden" name="_csrf" value={csrfToken} />
          {data.status === 'trashed' ? (
            data.can.restore ? <button type="submit">{ctx.t('articles.action.restore')}</button> : null
          ) : data.can.trash ? (
            <button type="submit" class="button-danger">
              {ctx.t('articles.action.trash')}
            </button>
          ) : null}
          {data.status === 'trashed' && data.can.delete ? (
            <button type="submit" class="button-danger" formaction={`/newsroom/articles/${data.id}/delete`}>
              {ctx.t('articles.action.delete')}
            </button>
          ) : null}
        </form>
      ) : null}
      {data.id && data.can.correct && data.status === 'published' ? (
        <section class="article-corrections" aria-labelledby="corrections-heading">
          <h2 id="corrections-heading">{ctx.t('articles.corrections.heading')}</h2>
          <ul>
            {data.corrections.map((c) => (
              <li>
                <strong>{ctx.t(c.kind === 'correction' ? 'article.correction' : 'article.update')}</strong> (<DateText ctx={ctx} iso={c.createdAt} withTime />
                ): {c.note}
              </li>
            ))}
          </ul>
          <form method="post" action={`/newsroom/articles/${data.id}/corrections`}>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <div class="field">
              <label for="kind">{ctx.t('articles.corrections.kind')}</label>
              <select id="kind" name="kind">
                <option value="correction">{ctx.t('articles.corrections.correction')}</option>
                <option value="update">{ctx.t('articles.corrections.update')}</option>
              </select>
            </div>
            <div class="field">
              <label for="note">{ctx.t('articles.corrections.note')}</label>
              <textarea id="note" name="note" rows={3} maxLength={2000} required {...described('note')}></textarea>
              {error('note')}
            </div>
            <button type="submit">{ctx.t('articles.corrections.add')}</button>
          </form>
        </section>
      ) : null}
      <script type="module" src={ctx.assets.editorJs}></script>
      <script type="module" src={ctx.assets.articleFormJs}></script>
    </AdminLayout>
  )
}

export interface DiffPart {
  value: string
  added?: boolean
  removed?: boolean
}

/** /newsroom/articles/{id}/revisions[?compare=R]: the history, and a side-by-side diff. */
export function RevisionsPage({
  ctx,
  csrfToken,
  data,
}: {
  ctx: ViewContext
  csrfToken: string
  /** `compare.pending`: a live story's autosave not yet saved, diffed from the current version to it; `restoreUrl` loads it into the form. */
  data: { user: AdminUser; articleId: number; title: string; currentVersion: number; revisions: Revision[]; compare?: { from: Revision; pending: boolean; restoreUrl?: string; title: DiffPart[]; body: DiffPart[] }; notice?: string }
}) {
  const side = (parts: DiffPart[], show: 'removed' | 'added') =>
    parts.map((p) => (p[show] ? show === 'removed' ? <del>{p.value}</del> : <ins>{p.value}</ins> : p.added || p.removed ? null : <span>{p.value}</span>))
  return (
    <AdminLayout ctx={ctx} title={ctx.t('articles.revisions.heading', { title: data.title })} user={data.user} csrfToken={csrfToken}>
      <h1>{ctx.t('articles.revisions.heading', { title: data.title })}</h1>
      <p>
        <a href={`/newsroom/articles/${data.articleId}`}>{ctx.t('articles.edit')}</a>
      </p>
      <FormBanners notice={data.notice} />
      {data.compare ? (
        <section aria-labelledby="diff-heading" class="diff">
          <h2 id="diff-heading">{data.compare.pending ? ctx.t('articles.diff.pendingHeading', { version: data.currentVersion }) : ctx.t('articles.diff.heading', { from: data.compare.from.version, to: data.currentVersion })}</h2>
          {data.compare.restoreUrl ? (
            <p>
              <a href={data.compare.restoreUrl}>{ctx.t('articles.autosave.restore')}</a>
            </p>
          ) : null}
          <div class="diff-columns">
            <div>
              <h3>{ctx.t('articles.diff.removed')}</h3>
              <p class="diff-title">{side(data.compare.title, 'removed')}</p>
              <div class="diff-body">{side(data.compare.body, 'removed')}</div>
            </div>
            <div>
              <h3>{ctx.t('articles.diff.added')}</h3>
              <p class="diff-title">{side(data.compare.title, 'added')}</p>
              <div class="diff-body">{side(data.compare.body, 'added')}</div>
            </div>
          </div>
        </section>
      ) : null}
      <ol class="revisions" reversed>
        {data.revisions.map((r) => (
          <li>
            {ctx.t('articles.version', { version: r.version })} · <DateText ctx={ctx} iso={r.createdAt} withTime /> ·{' '}
            {r.user ? ctx.t('articles.revisions.by', { name: r.user.name }) : ctx.t('articles.revisions.system')}
            {r.autosave ? ` (${ctx.t(r.fields.aside ? 'articles.revisions.autosaveAside' : 'articles.revisions.autosave')})` : ''} · <strong>{r.title}</strong>{' '}
            <a href={`/newsroom/articles/${data.articleId}/revisions?compare=${r.id}`}>{ctx.t('articles.revisions.compare')}</a>{' '}
            <form method="post" action={`/newsroom/articles/${data.articleId}/revisions/${r.id}/restore`} class="inline-form">
              <input type="hidden" name="_csrf" value={csrfToken} />
              <input type="hidden" name="version" value={String(data.currentVersion)} />
              <button type="submit">{ctx.t('articles.revisions.restore')}</button>
            </form>
          </li>
        ))}
      </ol>
    </AdminLayout>
  )
}
