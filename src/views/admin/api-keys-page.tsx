import type { ApiKeyListing } from '../../modules/api/api-keys.repository.js'
import { DateText } from '../components/time.js'
import type { ViewContext } from '../context.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'
import { Field, fieldAria, FormBanners } from './form-parts.js'
import { AdminTable } from './admin-table.js'

export interface ApiKeysPageProps {
  ctx: ViewContext
  csrfToken: string
  user: AdminUser
  keys: ApiKeyListing[]
  /** The site setting `apiPublic`. */
  apiPublic: boolean
  /** What was typed in the new-key form, and its error. */
  name?: string
  nameError?: string
  notice?: string
  error?: string
  /** A key just made: shown this once (never in a URL, never again). */
  created?: { name: string; key: string }
}

/** /newsroom/api-keys: open or close the content API, make read-only keys, revoke them. */
export function ApiKeysPage({ ctx, csrfToken, user, keys, apiPublic, name = '', nameError, notice, error, created }: ApiKeysPageProps) {
  return (
    <AdminLayout ctx={ctx} title={ctx.t('api.keys.title')} user={user} csrfToken={csrfToken}>
      <h1>{ctx.t('api.keys.title')}</h1>
      <p>{ctx.t('api.keys.intro')}</p>
      <p>
        <a href="/api/v1/openapi.json">{ctx.t('api.keys.docs')}</a> · <span>{ctx.t('api.keys.usage')}</span>
      </p>
      <FormBanners notice={notice} error={error ?? (nameError ? ctx.t('api.keys.invalid') : undefined)} />
      {created ? (
        <div class="notice one-time-link" role="status">
          <p>{ctx.t('api.keys.created', { name: created.name })}</p>
          <p>
            <input type="text" readOnly dir="ltr" class="copy-field" value={created.key} aria-label={ctx.t('api.keys.created', { name: created.name })} />
          </p>
        </div>
      ) : null}

      <section aria-labelledby="api-access-title">
        <h2 id="api-access-title">{ctx.t('api.keys.access.title')}</h2>
        <form method="post" action="/newsroom/api-keys/access" class="settings-form">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <p class="field-check">
            <input id="apiPublic" type="checkbox" name="apiPublic" value="1" checked={apiPublic} aria-describedby="apiPublic-hint" />
            <label for="apiPublic">{ctx.t('api.keys.access.public')}</label>
          </p>
          <p class="hint" id="apiPublic-hint">
            {ctx.t('api.keys.access.hint')}
          </p>
          <p>
            <button type="submit" class="button">
              {ctx.t('api.keys.access.save')}
            </button>
          </p>
        </form>
      </section>

      <section aria-labelledby="api-new-title">
        <h2 id="api-new-title">{ctx.t('api.keys.create.title')}</h2>
        <form method="post" action="/newsroom/api-keys" class="settings-form" novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <Field id="key-name" label={ctx.t('api.keys.create.name')} error={nameError} hint={ctx.t('api.keys.create.nameHint')}>
            <input id="key-name" name="name" type="text" dir="auto" required maxLength={100} value={name} {...fieldAria('key-name', nameError, true)} />
          </Field>
          <p>
            <button type="submit" class="button">
              {ctx.t('api.keys.create.submit')}
            </button>
          </p>
        </form>
      </section>

      <section aria-labelledby="api-keys-title">
        <h2 id="api-keys-title">{ctx.t('api.keys.list.title')}</h2>
        {keys.length === 0 ? (
          <p>{ctx.t('api.keys.none')}</p>
        ) : (
          <AdminTable class="data-table" headings={[ctx.t('api.keys.col.name'), ctx.t('api.keys.col.prefix'), ctx.t('api.keys.col.createdBy'), ctx.t('api.keys.col.createdAt'), ctx.t('api.keys.col.lastUsed'), ctx.t('api.keys.col.status'), ctx.t('api.keys.col.actions')]}>
            {keys.map((k) => (
              <tr key={k.id} id={`api-key-${k.id}`}>
                <td>
                  <bdi>{k.name}</bdi>
                </td>
                <td>
                  <code dir="ltr">{`${k.prefix}…`}</code>
                </td>
                <td>{k.createdBy ? <bdi>{k.createdBy.name}</bdi> : '—'}</td>
                <td>
                  <DateText iso={k.createdAt} ctx={ctx} withTime />
                </td>
                <td>{k.lastUsedAt ? <DateText iso={k.lastUsedAt} ctx={ctx} withTime /> : ctx.t('api.keys.neverUsed')}</td>
                <td>
                  {k.revokedAt ? (
                    <>
                      {ctx.t('api.keys.revokedStatus')} <DateText iso={k.revokedAt} ctx={ctx} withTime />
                    </>
                  ) : (
                    ctx.t('api.keys.active')
                  )}
                </td>
                <td>
                  {k.revokedAt ? null : (
                    <form method="post" action={`/newsroom/api-keys/${k.id}/revoke`} class="inline-form">
                      <input type="hidden" name="_csrf" value={csrfToken} />
                      <button type="submit" aria-label={ctx.t('api.keys.revokeLabel', { name: k.name })}>
                        {ctx.t('api.keys.revoke')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </AdminTable>
        )}
      </section>
    </AdminLayout>
  )
}
