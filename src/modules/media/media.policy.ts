import type { Role } from '../../db/schema.js'

/** Who may upload: every writing role (the newsroom's media section is open to exactly these). */
export function canUploadMedia(role: Role): boolean {
  return role === 'admin' || role === 'editor' || role === 'author' || role === 'contributor'
}

/** Who may edit an image's text or delete it: admins and editors, or whoever uploaded it. */
export function canManageMedia(role: Role, userId: number, uploadedBy: number | null): boolean {
  return role === 'admin' || role === 'editor' || (canUploadMedia(role) && uploadedBy === userId)
}
