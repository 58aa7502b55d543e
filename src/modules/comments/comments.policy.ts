import type { Role } from '../../db/schema.js'

/** Who may moderate reader comments: admins, editors and moderators (never authors/contributors). */
export function canModerateComments(role: Role): boolean {
  return role === 'admin' || role === 'editor' || role === 'moderator'
}
