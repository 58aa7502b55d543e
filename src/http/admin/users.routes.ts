import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import { z } from 'zod'
import type { Deps } from '../../container.js'
import { roles, type Role } from '../../db/schema.js'
import { pickLocale, t, type Locale } from '../../i18n/index.js'
import { AppError } from '../../lib/errors.js'
import { changeUserRole, inviteSchema, inviteUser, issuePasswordReset, setUserActive } from '../../modules/users/staff.service.js'
import { findUserById, listStaff } from '../../modules/users/users.repository.js'
import { UsersPage, type InviteField, type InviteValues, type UsersPageProps } from '../../views/admin/users-page.js'
import { renderDocument } from '../../views/render.js'
import type { Assets } from '../plugins/assets.js'
import { viewContext } from '../view-context.js'
import { assertCsrf, requireArea, staffOf } from './guard.js'
import { adminUserOf } from './staff-view.js'

const idParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 31) })
const roleBody = z.object({ role: z.enum(roles as [Role, ...Role[]]) })
const emptyInvite: InviteValues = { email: '', name: '', role: 'author' }

const formOf = (request: FastifyRequest) => (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>
const text = (value: unknown) => (typeof value === 'string' ? value : '')

/**
 * /newsroom/users, for admins: the staff list, invitations, roles, deactivation and reset links.
 * One-time links are shown once, in the answer to the POST that made them (never in a URL).
 */
export async function usersRoutes(app: FastifyInstance, { deps, assets }: { deps: Deps; assets: Assets }) {
  const locale = (request: FastifyRequest): Locale => pickLocale(request.query, request.headers['accept-language'])

  async function render(request: FastifyRequest, reply: FastifyReply, status: number, props: Partial<Omit<UsersPageProps, 'ctx' | 'csrfToken' | 'user' | 'meId' | 'users' | 'roles'>> = {}) {
    const staff = staffOf(request)
    const ctx = viewContext(deps, assets, request, locale(request))
    const page = h(UsersPage, { ctx, csrfToken: staff.csrfToken, user: adminUserOf(staff), meId: staff.user.id, users: await listStaff(deps.db), roles, invite: emptyInvite, ...props })
    return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(page))
  }

  /** Runs an action on one user; contract errors (last admin, not found) re-render the list with the message. */
  async function act(request: FastifyRequest, reply: FastifyReply, work: (userId: number, actorId: number) => Promise<FastifyReply | void>, done: string) {
    assertCsrf(request, formOf(request)._csrf)
    const params = idParams.safeParse(request.params)
    const lang = locale(request)
    if (!params.success) return render(request, reply, 404, { error: t('users.error.notFound', {}, lang) })
    try {
      const answered = await work(params.data.id, staffOf(request).user.id)
      return answered ?? reply.redirect(`/newsroom/users?done=${done}`, 303)
    } catch (error) {
      if (error instanceof AppError && error.status < 500) {
        const key = error.code === 'USER_NOT_FOUND' ? 'users.error.notFound' : error.messageKey
        return render(request, reply, error.status, { error: t(key, error.vars, lang) })
      }
      throw error
    }
  }

  app.addHook('onRequest', requireArea('users'))

  app.get('/newsroom/users', async (request, reply) => {
    const done = (request.query as { done?: unknown }).done
    const notices = { role: 'users.saved.role', deactivate: 'users.saved.deactivate', activate: 'users.saved.activate' } as const
    const notice = typeof done === 'string' && done in notices ? t(notices[done as keyof typeof notices], {}, locale(request)) : undefined
    return render(request, reply, 200, { notice })
  })

  app.post('/newsroom/users', async (request, reply) => {
    const body = formOf(request)
    assertCsrf(request, body._csrf)
    const lang = locale(request)
    const invite: InviteValues = { email: text(body.email), name: text(body.name), role: text(body.role) }
    const parsed = inviteSchema.safeParse(invite)
    if (!parsed.success) {
      const messages = { email: 'users.error.email', name: 'users.error.name', role: 'users.error.role' } as const
      const inviteErrors: Partial<Record<InviteField, string>> = {}
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as InviteField
        if (field in messages) inviteErrors[field] = t(messages[field], {}, lang)
      }
      return render(request, reply, 422, { invite, inviteErrors })
    }
    try {
      const { token } = await inviteUser(deps.db, parsed.data, staffOf(request).user.id, deps.clock.now())
      const link = { text: t('users.invite.created', { name: parsed.data.name }, lang), path: `/newsroom/invite/${token}` }
      return await render(request, reply, 201, { link })
    } catch (error) {
      if (error instanceof AppError && error.code === 'USER_EXISTS') return render(request, reply, 409, { invite, inviteErrors: { email: t('users.error.emailTaken', {}, lang) } })
      throw error
    }
  })

  app.post('/newsroom/users/:id/role', async (request, reply) =>
    act(
      request,
      reply,
      async (userId, actorId) => {
        const parsed = roleBody.safeParse(formOf(request))
        if (!parsed.success) return render(request, reply, 422, { error: t('users.error.role', {}, locale(request)) })
        await changeUserRole(deps.db, userId, parsed.data.role, actorId, deps.clock.now())
      },
      'role',
    ),
  )

  app.post('/newsroom/users/:id/deactivate', async (request, reply) =>
    act(request, reply, (userId, actorId) => setUserActive(deps.db, userId, false, actorId, deps.clock.now()), 'deactivate'),
  )

  app.post('/newsroom/users/:id/activate', async (request, reply) =>
    act(request, reply, (userId, actorId) => setUserActive(deps.db, userId, true, actorId, deps.clock.now()), 'activate'),
  )

  app.post('/newsroom/users/:id/reset', async (request, reply) =>
    act(
      request,
      reply,
      async (userId, actorId) => {
        const token = await issuePasswordReset(deps.db, userId, actorId, deps.clock.now())
        const user = await findUserById(deps.db, userId)
        const link = { text: t('users.reset.created', { name: user?.name ?? '' }, locale(request)), path: `/newsroom/reset/${token}` }
        return render(request, reply, 200, { link })
      },
      'reset',
    ),
  )
}
