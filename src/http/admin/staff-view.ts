import type { SessionUser } from '../../modules/auth/sessions.repository.js'
import { openAreas } from '../../modules/users/access.policy.js'
import type { AdminUser } from '../../views/layouts/admin-layout.js'

/** The signed-in staff member as the newsroom layout shows them, with the sections their role may open. */
export function adminUserOf(staff: SessionUser): AdminUser {
  return { name: staff.user.name, role: staff.user.role, areas: openAreas(staff.user.role) }
}
