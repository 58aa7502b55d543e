import type { ComponentChildren } from 'preact'

/**
 * A newsroom table: column headings, then the rows given as children, in a wrapper that scrolls
 * sideways on a phone instead of widening the page.
 */
export function AdminTable({ class: className, headings, children }: { class: string; headings: string[]; children: ComponentChildren }) {
  return (
    <div class="table-scroll">
      <table class={className}>
        <thead>
          <tr>
            {headings.map((heading) => (
              <th scope="col">{heading}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}
