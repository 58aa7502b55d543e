/** What the document says about itself (also printed in `sahifa export --help`). */
export const PRIVACY_NOTICE =
  'PRIVATE BACKUP: holds staff and commenter email addresses, unpublished drafts and the newsroom history. ' +
  'Keep it like the database itself; never publish it. It holds no credentials: no password hashes, sessions, ' +
  'two-step secrets, API keys, one-time links or the site secret.'
