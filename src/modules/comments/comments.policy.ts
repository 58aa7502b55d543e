import type { Role } from '../../db/schema.js'
import { canOpen } from '../users/access.policy.js'

/** Who may moderate reader comments: admins, editors and moderators (never authors/contributors). */
export function canModerateComments(role: Role): boolean {
  return canOpen(role, 'comments')
}

/** Who may change the comment policy (moderation mode, word lists, limits): admins and editors. */
export function canConfigureComments(role: Role): boolean {
  return canOpen(role, 'commentSettings')
}
