import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { Deps } from '../../container.js'
import { pickLocale, t, type Locale } from '../../i18n/index.js'
import { AppError } from '../../lib/errors.js'
import { listApiKeys } from '../../modules/api/api-keys.repository.js'
import { createApiKey, revokeApiKey } from '../../modules/api/api-keys.service.js'
import { recordAudit } from '../../modules/audit/audit.repository.js'
import { writeSiteSettings } from '../../modules/settings/settings.service.js'
import { ApiKeysPage, type ApiKeysPageProps } from '../../views/admin/api-keys-page.js'
import { renderDocument } from '../../views/render.js'
import type { Assets } from '../plugins/assets.js'
import { viewContext } from '../view-context.js'
import { assertCsrf, requireArea, staffOf } from './guard.js'
import { adminUserOf } from './staff-view.js'

const formOf = (request: FastifyRequest) => (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>
const text = (value: unknown) => (typeof value === 'string' ? value : '')

/**
 * /newsroom/api-keys, for admins: the content API's access setting (`apiPublic`) and its
 * read-only keys. A new key is shown once, in the answer to the POST that made it (never in a
 * URL, never again: only its SHA-256 is kept). Creating and revoking keys and changing access are
 * audited.
 */
export async function apiKeysRoutes(app: FastifyInstance, { deps, assets }: { deps: Deps; assets: Assets }) {
  const locale = (request: FastifyRequest): Locale => pickLocale(request.query, request.headers['accept-language'])

  async function render(request: FastifyRequest, reply: FastifyReply, status: number, props: Partial<Omit<ApiKeysPageProps, 'ctx' | 'csrfToken' | 'user' | 'keys' | 'apiPublic'>> = {}) {
    const staff = staffOf(request)
    const ctx = viewContext(deps, assets, request, locale(request))
    const page = h(ApiKeysPage, { ctx, csrfToken: staff.csrfToken, user: adminUserOf(staff), keys: await listApiKeys(deps.db), apiPublic: deps.frame().settings.apiPublic, ...props })
    return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(page))
  }

  app.addHook('onRequest', requireArea('apiKeys'))

  app.get('/newsroom/api-keys', async (request, reply) => {
    const done = (request.query as { done?: unknown }).done
    const notices = { revoke: 'api.keys.revokedNotice', access: 'api.keys.access.saved' } as const
    const notice = typeof done === 'string' && done in notices ? t(notices[done as keyof typeof notices], {}, locale(request)) : undefined
    return render(request, reply, 200, { notice })
  })

  app.post('/newsroom/api-keys', async (request, reply) => {
    const body = formOf(request)
    assertCsrf(request, body._csrf)
    const name = text(body.name)
    try {
      const created = await createApiKey(deps.db, { name }, staffOf(request).user.id, deps.clock.now())
      return await render(request, reply, 201, { created: { name: created.name, key: created.key } })
    } catch (error) {
      if (error instanceof AppError && error.status === 422) return render(request, reply, 422, { name, nameError: t(error.messageKey, error.vars, locale(request)) })
      throw error
    }
  })

  app.post<{ Params: { id: string } }>('/newsroom/api-keys/:id/revoke', async (request, reply) => {
    assertCsrf(request, formOf(request)._csrf)
    const id = /^\d{1,10}$/.test(request.params.id) ? Number(request.params.id) : 0
    try {
      if (id < 1 || id > 2_147_483_647) throw new AppError('API_KEY_NOT_FOUND', 404, 'api.keys.error.notFound')
      const revoked = await revokeApiKey(deps.db, id, staffOf(request).user.id, deps.clock.now())
      if (!revoked) return render(request, reply, 409, { error: t('api.keys.alreadyRevoked', {}, locale(request)) })
      return reply.redirect('/newsroom/api-keys?done=revoke', 303)
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return render(request, reply, 404, { error: t('api.keys.error.notFound', {}, locale(request)) })
      throw error
    }
  })

  app.post('/newsroom/api-keys/access', async (request, reply) => {
    const body = formOf(request)
    assertCsrf(request, body._csrf)
    const apiPublic = body.apiPublic === '1' || body.apiPublic === 'on'
    if (apiPublic !== deps.frame().settings.apiPublic) {
      await deps.db.transaction().execute(async (trx) => {
        await writeSiteSettings(trx, { apiPublic })
        await recordAudit(trx, { userId: staffOf(request).user.id, action: 'settings.update', subjectType: 'settings', detail: `apiPublic: ${apiPublic ? 'on' : 'off'}` }, deps.clock.now())
      })
      deps.events.changed()
      await deps.refreshFrame()
    }
    return reply.redirect('/newsroom/api-keys?done=access', 303)
  })
}
