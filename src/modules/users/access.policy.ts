import type { Role } from '../../db/schema.js'

/** The newsroom's sections, each a route prefix under /newsroom. */
export type NewsroomArea = 'dashboard' | 'articles' | 'media' | 'comments' | 'commentSettings' | 'taxonomy' | 'users' | 'settings' | 'apiKeys' | 'audit'

const writers: readonly Role[] = ['admin', 'editor', 'author', 'contributor']

/**
 * Who may open which newsroom section. Moderators see only the comment pages; contributors and
 * authors do not moderate; editors run everything editorial but not users and settings; admins
 * everything. What a role may do *inside* a section is decided by that resource's policy
 * (articles.policy.ts, comments.policy.ts…); this is the door.
 */
const access: Record<NewsroomArea, readonly Role[]> = {
  dashboard: writers,
  articles: writers,
  media: writers,
  comments: ['admin', 'editor', 'moderator'],
  commentSettings: ['admin', 'editor'],
  taxonomy: ['admin', 'editor'],
  audit: ['admin', 'editor'],
  users: ['admin'],
  settings: ['admin'],
  apiKeys: ['admin'],
}

export function canOpen(role: Role, area: NewsroomArea): boolean {
  return access[area].includes(role)
}

/** The sections this role may open, in navigation order. */
export function openAreas(role: Role): NewsroomArea[] {
  return (Object.keys(access) as NewsroomArea[]).filter((area) => canOpen(role, area))
}
