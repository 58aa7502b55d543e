import type { SessionUser } from '../../modules/auth/sessions.repository.js'
import { canConfigureComments, canModerateComments } from '../../modules/comments/comments.policy.js'
import type { AdminUser } from '../../views/layouts/admin-layout.js'

/** The signed-in staff member as the newsroom layout shows them, with what their role may open. */
export function adminUserOf(staff: SessionUser): AdminUser {
  return { name: staff.user.name, role: staff.user.role, canModerate: canModerateComments(staff.user.role), canConfigureComments: canConfigureComments(staff.user.role) }
}
