import type { Role } from '../../db/schema.js'

/** Who may moderate reader comments: admins, editors and moderators (never authors/contributors). */
export function canModerateComments(role: Role): boolean {
  return role === 'admin' || role === 'editor' || role === 'moderator'
}

/** Who may change the comment policy (moderation mode, word lists, limits): admins and editors. */
export function canConfigureComments(role: Role): boolean {
  return role === 'admin' || role === 'editor'
}
