import type { MessageKey, MessageVars } from '../i18n/index.js'

/**
 * An error that is part of the contract: a stable `code`, an HTTP status and an i18n message.
 * The HTTP error handler renders it (HTML or JSON) without leaking internals.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messageKey: MessageKey,
    readonly vars: MessageVars = {},
    /** Field-level problems for forms: field name → message key. */
    readonly fields: Record<string, MessageKey> = {},
  ) {
    super(code)
    this.name = 'AppError'
  }
}

export class NotFoundError extends AppError {
  constructor(code = 'NOT_FOUND') {
    super(code, 404, 'error.notFound.title')
  }
}

export class GoneError extends AppError {
  constructor(code = 'GONE') {
    super(code, 410, 'error.gone.title')
  }
}

export class ValidationError extends AppError {
  constructor(fields: Record<string, MessageKey>, code = 'VALIDATION_FAILED') {
    super(code, 422, 'error.validation', {}, fields)
  }
}

export class ForbiddenError extends AppError {
  constructor(code = 'FORBIDDEN') {
    super(code, 403, 'error.forbidden.title')
  }
}
