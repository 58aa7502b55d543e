import type { Translation } from './translation.js'

/**
 * Newsroom rich-text editor messages, Arabic first (spread into ../ar.ts and ../en.ts).
 * `editor.ui.*` are the island's labels: the form renders them with editorLabels(locale) into the
 * textarea's `data-labels` attribute. `editor.embed.*` label the public embed cards (renderEmbeds).
 */
export const ar = {
  'editor.ui.toolbar': 'أدوات التحرير',
  'editor.ui.body': 'نص الخبر',
  'editor.ui.paragraph': 'فقرة',
  'editor.ui.heading2': 'عنوان فرعي',
  'editor.ui.heading3': 'عنوان من المستوى الثالث',
  'editor.ui.heading4': 'عنوان من المستوى الرابع',
  'editor.ui.bold': 'غامق',
  'editor.ui.italic': 'مائل',
  'editor.ui.bulletList': 'قائمة نقطية',
  'editor.ui.orderedList': 'قائمة مرقمة',
  'editor.ui.blockquote': 'اقتباس',
  'editor.ui.link': 'رابط',
  'editor.ui.linkPrompt': 'أدخل عنوان الرابط (http أو https أو mailto). اتركه فارغًا لإزالة الرابط.',
  'editor.ui.linkInvalid': 'الرابط غير مقبول. استخدم عنوانًا يبدأ بـ https:// أو mailto:',
  'editor.ui.image': 'صورة من مكتبة الوسائط',
  'editor.ui.embed': 'تضمين من يوتيوب أو إكس أو فيسبوك',
  'editor.ui.embedPrompt': 'ألصق رابط الفيديو أو المنشور من يوتيوب أو إكس أو فيسبوك.',
  'editor.ui.embedInvalid': 'لا يمكن تضمين هذا الرابط. المسموح: يوتيوب، إكس، فيديو فيسبوك.',
  'editor.ui.dirLtr': 'اتجاه الفقرة من اليسار إلى اليمين',
  'editor.ui.dirRtl': 'اتجاه الفقرة من اليمين إلى اليسار',
  'editor.ui.dirAuto': 'اتجاه الفقرة تلقائي',
  'editor.ui.undo': 'تراجع',
  'editor.ui.redo': 'إعادة',
  'editor.ui.pickerTitle': 'مكتبة الوسائط',
  'editor.ui.pickerClose': 'إغلاق',
  'editor.ui.pickerPrevious': 'الصفحة السابقة',
  'editor.ui.pickerNext': 'الصفحة التالية',
  'editor.ui.pickerEmpty': 'لا توجد صور في المكتبة بعد.',
  'editor.ui.pickerError': 'تعذّر تحميل مكتبة الوسائط. حاول مرة أخرى.',
  'editor.ui.pickerLoading': 'جارٍ التحميل…',
  'editor.embed.youtube': 'شاهد الفيديو على يوتيوب',
  'editor.embed.x': 'اقرأ المنشور على إكس',
  'editor.embed.facebook': 'شاهد الفيديو على فيسبوك',
} as const

export const en: Translation<typeof ar> = {
  'editor.ui.toolbar': 'Formatting',
  'editor.ui.body': 'Article body',
  'editor.ui.paragraph': 'Paragraph',
  'editor.ui.heading2': 'Subheading',
  'editor.ui.heading3': 'Level 3 heading',
  'editor.ui.heading4': 'Level 4 heading',
  'editor.ui.bold': 'Bold',
  'editor.ui.italic': 'Italic',
  'editor.ui.bulletList': 'Bulleted list',
  'editor.ui.orderedList': 'Numbered list',
  'editor.ui.blockquote': 'Quote',
  'editor.ui.link': 'Link',
  'editor.ui.linkPrompt': 'Enter the link address (http, https or mailto). Leave it empty to remove the link.',
  'editor.ui.linkInvalid': 'That link is not accepted. Use an address starting with https:// or mailto:',
  'editor.ui.image': 'Image from the media library',
  'editor.ui.embed': 'Embed from YouTube, X or Facebook',
  'editor.ui.embedPrompt': 'Paste the link of the YouTube, X or Facebook video or post.',
  'editor.ui.embedInvalid': 'This link cannot be embedded. Allowed: YouTube, X, Facebook video.',
  'editor.ui.dirLtr': 'Paragraph direction left to right',
  'editor.ui.dirRtl': 'Paragraph direction right to left',
  'editor.ui.dirAuto': 'Paragraph direction automatic',
  'editor.ui.undo': 'Undo',
  'editor.ui.redo': 'Redo',
  'editor.ui.pickerTitle': 'Media library',
  'editor.ui.pickerClose': 'Close',
  'editor.ui.pickerPrevious': 'Previous page',
  'editor.ui.pickerNext': 'Next page',
  'editor.ui.pickerEmpty': 'The library has no images yet.',
  'editor.ui.pickerError': 'The media library could not be loaded. Try again.',
  'editor.ui.pickerLoading': 'Loading…',
  'editor.embed.youtube': 'Watch the video on YouTube',
  'editor.embed.x': 'Read the post on X',
  'editor.embed.facebook': 'Watch the video on Facebook',
}

const uiPrefix = 'editor.ui.'
type UiKey = Extract<keyof typeof ar, `editor.ui.${string}`>
/** Label names the editor island reads from `data-labels`, e.g. `bold`, `linkPrompt`. */
export type EditorLabelName = UiKey extends `editor.ui.${infer Name}` ? Name : never
export type EditorLabels = Record<EditorLabelName, string>

/**
 * The editor island's labels for one locale, keyed without the `editor.ui.` prefix.
 * @example <textarea data-rich-editor data-labels={JSON.stringify(editorLabels(ctx.locale))} … />
 */
export function editorLabels(locale: 'ar' | 'en'): EditorLabels {
  const messages: Record<string, string> = locale === 'en' ? en : ar
  const labels: Record<string, string> = {}
  for (const [key, text] of Object.entries(messages)) if (key.startsWith(uiPrefix)) labels[key.slice(uiPrefix.length)] = text
  return labels as EditorLabels
}
