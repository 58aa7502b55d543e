import type { Db } from '../../db/database.js'
import type { CommentStatus } from '../../db/schema.js'
import { AppError } from '../../lib/errors.js'
import { findComment, logModeration, setCommentStatus, updateCommentBody, upsertCommenter, insertComment } from './comments.repository.js'
import { replyPlacement, validateCommentForm } from './comments.service.js'

export type BulkAction = 'approve' | 'spam' | 'trash' | 'restore'
export const bulkActions: readonly BulkAction[] = ['approve', 'spam', 'trash', 'restore']

const target: Record<BulkAction, CommentStatus> = { approve: 'approved', spam: 'spam', trash: 'trash', restore: 'pending' }

/** Applies a bulk action to comments and logs one entry per changed comment; returns the count. */
export async function moderateComments(db: Db, moderatorId: number, ids: number[], action: BulkAction, now: Date): Promise<number> {
  const unique = [...new Set(ids)].slice(0, 500)
  const changed = await setCommentStatus(db, unique, target[action], now)
  for (const id of changed) await logModeration(db, { userId: moderatorId, action, commentId: id }, now)
  return changed.length
}

/** Edits a comment's text, name and website (validated like a reader's), logged. */
export async function editComment(db: Db, moderatorId: number, id: number, changes: { body: string; authorName: string; authorUrl: string }, now: Date): Promise<void> {
  const comment = await findComment(db, id)
  if (!comment) throw new AppError('COMMENT_NOT_FOUND', 404, 'error.notFound.title')
  // The email is not editable here, so a stored one that today's rules refuse (an old import)
  // must not make the comment uneditable.
  const { email: _email, ...fields } = validateCommentForm({ name: changes.authorName, email: comment.author_email, url: changes.authorUrl, body: changes.body, parentId: '', website2: '', token: '' })
  if (Object.keys(fields).length > 0) throw new AppError('COMMENT_INVALID', 422, 'comment.error.invalid', {}, fields)
  await updateCommentBody(db, id, { body: changes.body, authorName: changes.authorName.trim(), authorUrl: changes.authorUrl.trim() }, now)
  await logModeration(db, { userId: moderatorId, action: 'edit', commentId: id }, now)
}

/**
 * Replies to a comment as the newsroom: approved at once, badged as staff, logged. Placed in
 * the thread like a reader's reply (replyPlacement): under a comment already at the depth
 * limit (`maxDepth`, the commentMaxDepth setting) it joins the thread at the deepest allowed level.
 */
export async function replyAsNewsroom(db: Db, staff: { id: number; name: string; email: string }, parentId: number, body: string, now: Date, { maxDepth }: { maxDepth: number }): Promise<number> {
  const parent = await findComment(db, parentId)
  if (!parent) throw new AppError('COMMENT_NOT_FOUND', 404, 'error.notFound.title')
  // Under a spam or trashed comment the reply would be counted but never shown.
  if (parent.status === 'spam' || parent.status === 'trash') throw new AppError('COMMENT_PARENT_HIDDEN', 422, 'comment.error.invalid', {}, { body: 'moderation.error.replyToHidden' })
  // The reader's rules for the text (required, length, no control characters such as NUL,
  // which PostgreSQL refuses): a reply must not be the one door to a 500.
  const bodyError = validateCommentForm({ name: staff.name, email: staff.email, url: '', body, parentId: '', website2: '', token: '' }).body
  if (bodyError) throw new AppError('COMMENT_INVALID', 422, 'comment.error.invalid', {}, { body: bodyError })
  const placement = await replyPlacement(db, parent, maxDepth)
  const id = await insertComment(db, {
    article_id: parent.article_id,
    parent_id: placement.parentId,
    depth: placement.depth,
    author_name: staff.name,
    author_email: staff.email,
    author_url: '',
    body,
    status: 'approved',
    user_id: staff.id,
    ip_hash: null,
    user_agent: '',
    hold_reason: '',
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  })
  if (parent.status === 'pending') await setCommentStatus(db, [parent.id], 'approved', now)
  await logModeration(db, { userId: staff.id, action: 'reply', commentId: id, detail: `reply to #${parent.id}` }, now)
  return id
}

export type CommenterAction = 'trust' | 'untrust' | 'block' | 'unblock'

/** Trusts or blocks a commenter by email (trusted: never held; blocked: always spam), logged. */
export async function setCommenterStanding(db: Db, moderatorId: number, email: string, action: CommenterAction, now: Date): Promise<void> {
  const flags = action === 'trust' ? { trusted: true, blocked: false } : action === 'untrust' ? { trusted: false } : action === 'block' ? { blocked: true, trusted: false } : { blocked: false }
  await upsertCommenter(db, email.toLowerCase(), flags, now)
  await logModeration(db, { userId: moderatorId, action, detail: email.toLowerCase() }, now)
}
