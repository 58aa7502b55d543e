/**
 * Digit conversion between Latin (0–9), Arabic-Indic (٠–٩, U+0660–U+0669) and Persian
 * (۰–۹, U+06F0–U+06F9) digits. A site shows numbers in one style by setting; search and
 * slugs always use Latin.
 */

/** How a site writes numbers: `latn` = 0123456789, `arab` = ٠١٢٣٤٥٦٧٨٩ (Intl numbering system names). */
export type DigitStyle = 'latn' | 'arab'

const NON_LATIN_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g
const NON_ARABIC_DIGITS = /[0-9\u06F0-\u06F9]/g
const ARABIC_INDIC_ZERO = 0x0660

/** Value 0–9 of any digit handled here; each block's zero sits at a multiple of 16. */
function digitValue(d: string): number {
  return (d.codePointAt(0) ?? 0) & 0xf
}

/**
 * Converts Arabic-Indic and Persian digits to Latin; everything else is untouched.
 *
 * Why: numbers typed on an Arabic or Persian keyboard must match, sort and parse like Latin ones.
 *
 * @example toLatinDigits('٢٠٢٢ و۱۴') // '2022 و14'
 */
export function toLatinDigits(s: string): string {
  return s.replace(NON_LATIN_DIGITS, (d) => String(digitValue(d)))
}

/**
 * Converts Latin and Persian digits to Arabic-Indic; everything else is untouched. Apply it
 * to display text only (a URL or code inside the string would change too).
 *
 * Why: sites set to `arab` digits show counts and figures that did not come through Intl.
 *
 * @example toArabicIndicDigits('76 دولة') // '٧٦ دولة'
 */
export function toArabicIndicDigits(s: string): string {
  return s.replace(NON_ARABIC_DIGITS, (d) => String.fromCodePoint(ARABIC_INDIC_ZERO + digitValue(d)))
}

/**
 * Writes every digit of `s` in the given style.
 *
 * @example toDigitStyle('١١ مايو 2022', 'latn') // '11 مايو 2022'
 */
export function toDigitStyle(s: string, style: DigitStyle): string {
  return style === 'arab' ? toArabicIndicDigits(s) : toLatinDigits(s)
}
