import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

/**
 * Table types for Kysely. Timestamps are stored as ISO-8601 UTC strings (`toISOString()`) on
 * both engines so that ordering, comparison and round-trips are identical; booleans are 0/1.
 */
export interface Database {
  users: UsersTable
  sessions: SessionsTable
  login_attempts: LoginAttemptsTable
  categories: CategoriesTable
  tags: TagsTable
  articles: ArticlesTable
  article_authors: ArticleAuthorsTable
  article_categories: ArticleCategoriesTable
  article_tags: ArticleTagsTable
  pages: PagesTable
  redirects: RedirectsTable
  settings: SettingsTable
  comments: CommentsTable
  commenters: CommentersTable
  comment_ip_minutes: CommentIpMinutesTable
  moderation_log: ModerationLogTable
  article_revisions: ArticleRevisionsTable
  article_corrections: ArticleCorrectionsTable
  media: MediaTable
  article_media: ArticleMediaTable
  audit_log: AuditLogTable
  user_tokens: UserTokensTable
  search_documents: SearchDocumentsTable
  import_map: ImportMapTable
  api_keys: ApiKeysTable
  change_signals: ChangeSignalsTable
}

export type Role = 'admin' | 'editor' | 'author' | 'contributor' | 'moderator'
export const roles: readonly Role[] = ['admin', 'editor', 'author', 'contributor', 'moderator']

export type ArticleStatus = 'draft' | 'review' | 'scheduled' | 'published' | 'unpublished' | 'trashed'

export interface UsersTable {
  id: Generated<number>
  email: string
  name: string
  slug: string
  role: Role
  password_hash: string
  bio: string
  active: number
  created_at: string
  updated_at: string
  /** Base32 TOTP secret once two-factor sign-in is being set up; enabled by totp_enabled. */
  totp_secret: string | null
  totp_enabled: Generated<number>
  photo_media_id: number | null
  /** The time step (unix seconds / 30) of the last two-step code accepted: no code is accepted twice. */
  totp_last_step: number | null
}

export interface SessionsTable {
  /** SHA-256 of the session token; the token itself lives only in the cookie. */
  id: string
  user_id: number
  csrf_token: string
  created_at: string
  expires_at: string
  last_seen_at: string
}

export interface LoginAttemptsTable {
  id: Generated<number>
  /** `account:<email>` or `ip:<keyed hash>` */
  key: string
  at: string
}

export interface CategoriesTable {
  id: Generated<number>
  parent_id: number | null
  slug: string
  name: string
  description: string
  position: number
}

export interface TagsTable {
  id: Generated<number>
  slug: string
  name: string
  /** normalizeForMatch(name): what tag suggestions match typed text against. Kept by the taxonomy repository. */
  name_match: Generated<string>
}

export interface ArticlesTable {
  id: Generated<number>
  slug: string
  title: string
  excerpt: string
  body_html: string
  body_text: string
  status: ArticleStatus
  byline: string
  source_line: string
  dateline: string
  comment_status: 'open' | 'closed'
  is_breaking: number
  is_lead: number
  seo_title: string
  seo_description: string
  published_at: string | null
  created_at: string
  updated_at: string
  version: number
  comment_count: Generated<number>
  /** The staff member who created it ("authors publish their own"). */
  created_by: number | null
  featured_media_id: number | null
  /** Token of the private preview URL (`/preview/{token}`); null when no preview was made. */
  preview_token: string | null
  /** The status an article had when it was trashed (restore puts it back). */
  trashed_from: string | null
}

export interface ArticleAuthorsTable {
  article_id: number
  user_id: number
  position: number
}

export interface ArticleCategoriesTable {
  article_id: number
  category_id: number
  /** 0 for the primary category (shown on the article, used in breadcrumbs). */
  position: number
}

export interface ArticleTagsTable {
  article_id: number
  tag_id: number
}

export interface PagesTable {
  id: Generated<number>
  slug: string
  title: string
  body_html: string
  status: 'draft' | 'published'
  created_at: string
  updated_at: string
}

export interface RedirectsTable {
  id: Generated<number>
  from_path: string
  /** Target path; null with status 410 for content that is gone. */
  to_path: string | null
  status_code: number
  created_at: string
}

export interface SettingsTable {
  key: string
  /** JSON-encoded value. */
  value: string
}

export type UserRow = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type ArticleRow = Selectable<ArticlesTable>
export type NewArticle = Insertable<ArticlesTable>
export type ArticleUpdate = Updateable<ArticlesTable>
export type CategoryRow = Selectable<CategoriesTable>
export type TagRow = Selectable<TagsTable>
export type PageRow = Selectable<PagesTable>

export type CommentStatus = 'pending' | 'approved' | 'spam' | 'trash'

export interface CommentsTable {
  id: Generated<number>
  article_id: number
  parent_id: number | null
  depth: number
  author_name: string
  /** Private: never leaves the database through any public output. */
  author_email: string
  author_url: string
  body: string
  status: CommentStatus
  /** Set when a staff member wrote the comment (badged on the page). */
  user_id: number | null
  /** Keyed hash of the IP address (never the address); purged after the retention period. */
  ip_hash: string | null
  user_agent: string
  /** Why the filters held or rejected it (shown to moderators). */
  hold_reason: string
  created_at: string
  updated_at: string
}

export interface CommentersTable {
  email: string
  trusted: number
  blocked: number
  updated_at: string
}

/**
 * Comments accepted per IP per minute, for the per-IP rate limit (kept by insertComment, a day
 * at most). The IP only as the same keyed hash as comments.ip_hash.
 */
export interface CommentIpMinutesTable {
  ip_hash: string
  /** Minutes since the Unix epoch. */
  minute: number
  n: number
}

export interface ModerationLogTable {
  id: Generated<number>
  user_id: number | null
  action: string
  comment_id: number | null
  detail: string
  created_at: string
}

export type CommentRow = Selectable<CommentsTable>

export interface ArticleRevisionsTable {
  id: Generated<number>
  article_id: number
  /** The article's version this revision saved. */
  version: number
  user_id: number | null
  title: string
  excerpt: string
  body_html: string
  /** JSON of the other editable fields (slug, byline, categories, tags…). */
  fields: string
  created_at: string
  /** Null for an explicit save; for an autosave revision, when the autosaves it coalesces began. */
  autosave_started_at: string | null
}

export interface ArticleCorrectionsTable {
  id: Generated<number>
  article_id: number
  kind: 'correction' | 'update'
  note: string
  user_id: number | null
  created_at: string
}

export interface MediaTable {
  id: Generated<number>
  storage_key: string
  original_name: string
  mime: string
  bytes: number
  width: number
  height: number
  /** JSON array of { width, height, format, file, bytes }. */
  variants: string
  alt: string
  caption: string
  credit: string
  uploaded_by: number | null
  created_at: string
  /** Where an imported attachment lives on the old site (null for uploads). */
  source_url: Generated<string | null>
}

export interface ArticleMediaTable {
  article_id: number
  media_id: number
}

export interface AuditLogTable {
  id: Generated<number>
  user_id: number | null
  /** e.g. article.create, article.publish, article.unpublish, article.trash, user.role … */
  action: string
  subject_type: string
  subject_id: number | null
  detail: string
  created_at: string
}

export interface UserTokensTable {
  /** SHA-256 of the token. */
  id: string
  user_id: number
  purpose: 'invite' | 'reset'
  expires_at: string
  used_at: string | null
  created_at: string
}

export type MediaRow = Selectable<MediaTable>
export type AuditRow = Selectable<AuditLogTable>

/**
 * The search index's input: one row per published article (the search module keeps it). On
 * SQLite the FTS5 tables `article_search` and `article_search_vocab` index it; on PostgreSQL a
 * generated column `document` (tsvector, GIN index). Those are only reached through raw SQL in
 * the search module, so they have no types here.
 */
export interface SearchDocumentsTable {
  article_id: number
  published_at: string
  /** Number of indexed terms, title and body (BM25's document length). */
  term_count: number
  /** Analysed terms, space-separated. */
  title_terms: string
  body_terms: string
}

/**
 * What each imported thing became (migration 0009): re-running an import updates these targets
 * instead of adding new rows. `target_stamp` is what the target looked like when the import last
 * wrote it (an article's version, a page's or comment's updated_at): a different value now means
 * it was changed here since, and a re-run leaves it alone.
 */
export interface ImportMapTable {
  /** The site imported from, e.g. `wordpress:https://example.com`. */
  source: string
  kind: 'author' | 'category' | 'tag' | 'post' | 'page' | 'attachment' | 'comment'
  source_id: string
  target_id: number
  /** The parent's id on the old site (an attachment's post, a page's parent page). */
  source_parent: string | null
  target_stamp: string | null
}

/** Read-only content API keys (migration 0010); the key itself is never stored, only its SHA-256. */
export interface ApiKeysTable {
  id: Generated<number>
  name: string
  /** SHA-256 of the key, hex. */
  key_hash: string
  /** The key's first characters, to tell keys apart in the newsroom. */
  prefix: string
  created_by: number | null
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
}

/** One counter per change scope (migration 0011): bumped on every content change, polled by servers. */
export interface ChangeSignalsTable {
  scope: 'content' | 'pages'
  version: number
}
