import { roles, type Role } from '../../db/schema.js'
import { canOpen } from '../users/access.policy.js'

/** Who may upload: every writing role (the newsroom's media section is open to exactly these). */
export function canUploadMedia(role: Role): boolean {
  return role === 'admin' || role === 'editor' || role === 'author' || role === 'contributor'
}

/** Who may edit an image's text or delete it: admins and editors, or whoever uploaded it. */
export function canManageMedia(role: Role, userId: number, uploadedBy: number | null): boolean {
  return role === 'admin' || role === 'editor' || (canUploadMedia(role) && uploadedBy === userId)
}

/**
 * Profile photos. Every staff role may give itself a photo — moderators and contributors
 * included — by uploading a file or removing the photo: the upload goes through the same path
 * as the library's (`uploadMedia` with purpose 'profilePhoto': magic bytes, size limit, variants,
 * audit) and lands in the library as the uploader's own image. Choosing an existing image by id
 * is browsing the library, so it needs the library's door: `canOpen(role, 'media')` (the writing
 * roles). Library images are public once uploaded, so any of them may be chosen.
 */
export function canUploadProfilePhoto(role: Role): boolean {
  return roles.includes(role)
}

/** Who may make an existing library image their profile photo: whoever may open the library. */
export function canChooseLibraryPhoto(role: Role): boolean {
  return canOpen(role, 'media')
}
