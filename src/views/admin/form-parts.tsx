import type { ComponentChildren } from 'preact'

/** A labelled form field with its hint and error message (linked from the input by fieldAria). */
export function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  )
}

/** aria attributes of a field: invalid with its error, or described by its hint. */
export function fieldAria(id: string, error?: string, hint?: boolean) {
  if (error) return { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` }
  return hint ? { 'aria-describedby': `${id}-hint` } : {}
}

/** A page's outcome line ("saved") and its form-level error, each only when given. */
export function FormBanners({ notice, error }: { notice?: string; error?: string }) {
  return (
    <>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  )
}
