import type { ArticleStatus, Role } from '../../db/schema.js'

/** What can be done to an article. */
export type ArticleAction =
  | 'create'
  | 'edit'
  | 'submit'
  | 'publish'
  | 'schedule'
  | 'unpublish'
  | 'trash'
  | 'restore'
  | 'delete'
  | 'correct'
  | 'preview'
  | 'revisions'

export const articleActions: readonly ArticleAction[] = ['create', 'edit', 'submit', 'publish', 'schedule', 'unpublish', 'trash', 'restore', 'delete', 'correct', 'preview', 'revisions']

export interface Actor {
  id: number
  role: Role
}

/** Whose article it is and where it stands. */
export interface ArticleStanding {
  createdBy: number | null
  authorIds: readonly number[]
  status: ArticleStatus
}

/** Statuses a contributor may still change: before an editor has published or scheduled it. */
const unpublishedWork: readonly ArticleStatus[] = ['draft', 'review', 'unpublished']

/**
 * The article policy, the one place that decides (every route asks it):
 * - editors and admins do everything;
 * - authors write and publish their own (created by them or naming them as an author), and
 *   correct their own; they never delete for good;
 * - contributors write their own drafts and submit them for review; once an editor publishes
 *   or schedules the piece it is out of their hands;
 * - moderators do not touch articles.
 */
export function canArticle(actor: Actor, action: ArticleAction, article?: ArticleStanding): boolean {
  if (actor.role === 'admin' || actor.role === 'editor') return true
  if (actor.role === 'moderator') return false
  if (action === 'create') return true
  if (!article) return false
  const own = article.createdBy === actor.id || article.authorIds.includes(actor.id)
  if (!own) return false
  if (actor.role === 'author') return action !== 'delete'
  // contributor
  const stillTheirs = unpublishedWork.includes(article.status)
  switch (action) {
    case 'edit':
    case 'preview':
    case 'revisions':
      return stillTheirs
    case 'submit':
      return article.status === 'draft' || article.status === 'unpublished'
    case 'trash':
      return article.status === 'draft'
    case 'restore':
      return article.status === 'trashed'
    default:
      return false
  }
}
