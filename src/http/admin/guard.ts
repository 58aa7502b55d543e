import type { FastifyRequest } from 'fastify'
import { AppError, ForbiddenError } from '../../lib/errors.js'
import type { SessionUser } from '../../modules/auth/sessions.repository.js'
import { canOpen, type NewsroomArea } from '../../modules/users/access.policy.js'
import { sameToken } from './csrf.js'

/**
 * An onRequest hook for a newsroom section: 403 unless the signed-in role may open `area`
 * (the session itself is checked by the newsroom's secured scope before this runs).
 */
export function requireArea(area: NewsroomArea) {
  return async (request: FastifyRequest) => {
    if (request.staff && !canOpen(request.staff.user.role, area)) throw new ForbiddenError(`AREA_FORBIDDEN_${area.toUpperCase()}`)
  }
}

/** The signed-in staff member (the secured scope guarantees one). */
export function staffOf(request: FastifyRequest): SessionUser {
  if (!request.staff) throw new ForbiddenError()
  return request.staff
}

/** Throws 403 unless the form's `_csrf` matches the session's token. */
export function assertCsrf(request: FastifyRequest, submitted: unknown): void {
  const staff = staffOf(request)
  const token = typeof submitted === 'string' ? submitted : request.headers['x-csrf-token']
  if (!sameToken(typeof token === 'string' ? token : undefined, staff.csrfToken)) throw new AppError('CSRF_INVALID', 403, 'error.csrf')
}
