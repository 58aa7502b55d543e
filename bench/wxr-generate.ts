/**
 * Writes a synthetic WordPress export (WXR 1.2) of Arabic news: posts with threaded comments,
 * authors, a category tree, tags. Streamed to disk (backpressure respected), so any size can be
 * made in constant memory. The text comes from a small word list written here (no corpus text):
 * it reads as word salad, but has the lengths, letters, diacritics and markup of a real site.
 *
 * Used by bench/import.ts; also `node --import tsx bench/wxr-generate.ts OUT.xml POSTS [COMMENTS]`.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { seededRandom } from '../test/support/seeded-random.js'

const words = (
  'الحكومة الوزير الرئيس البرلمان المجلس الوطني الدولي العربي الاقتصاد السوق الأسعار النفط الغاز الطاقة المياه ' +
  'الزراعة الصناعة التجارة الاستثمار البنك المركزي العملة الدولار التضخم الميزانية الضرائب الرواتب العمال الشركات ' +
  'المدينة العاصمة القرية المحافظة المنطقة الحدود الجنوب الشمال الشرق الغرب الساحل الصحراء الجبال النهر البحر ' +
  'المدرسة الجامعة الطلاب المعلمين التعليم الصحة المستشفى الأطباء المرضى الدواء اللقاح الوباء الأمن الشرطة الجيش ' +
  'المفاوضات الاتفاق الهدنة السلام الحرب النزاع اللاجئين المساعدات الإغاثة الأمم المتحدة الجامعة مسؤول مسؤولون ' +
  'قال أكد أعلن أوضح أشار كشف نفى دعا طالب حذر رحب أضاف تابع يوم أمس اليوم غدا الأسبوع الشهر العام الماضي المقبل ' +
  'خلال بعد قبل أثناء منذ حتى بين عن على في من إلى مع ضد حول لدى عبر نحو أكثر أقل جديد جديدة كبير كبيرة صغير ' +
  'مهم مهمة عاجل رسمي رسمية مصادر مطلعة تقرير بيان مؤتمر صحفي اجتماع زيارة قمة لقاء حوار مشروع قانون قرار ' +
  'الانتخابات المرشحين الناخبين الأحزاب المعارضة الحكومية الشعبية الاحتجاجات المظاهرات الإضراب المحكمة القاضي ' +
  'الدستور الحقوق الحريات الصحافة الإعلام التلفزيون الإذاعة الإنترنت الهاتف التقنية الذكاء الاصطناعي البيانات ' +
  'الرياضة المنتخب الفريق المباراة الهدف الملعب البطولة الكأس اللاعب المدرب الجمهور الفوز الخسارة التعادل ' +
  'الثقافة الفن السينما المسرح الكتاب الرواية الشعر المعرض المهرجان الجائزة التراث التاريخ الحضارة المتحف ' +
  'الطقس الأمطار الحرارة الرياح العاصفة الفيضانات الجفاف المناخ البيئة التلوث الغابات الشمس القمر السماء'
).split(' ')
/** Vowelled spellings: slugs and search must strip the marks. */
const vowelled = ['الحُكومةُ', 'الوَزيرُ', 'اجْتِماعٌ', 'جَدِيدٌ', 'السَّلامُ', 'مُؤْتَمَرٌ']
const places = ['القاهرة', 'الرياض', 'عمّان', 'بيروت', 'الرباط', 'تونس', 'الدوحة', 'دبي', 'بغداد', 'الخرطوم']
const sections: Array<[name: string, parent: string]> = [
  ['سياسة', ''],
  ['اقتصاد', ''],
  ['رياضة', ''],
  ['ثقافة', ''],
  ['تقنية', ''],
  ['شؤون عربية', 'سياسة'],
  ['شؤون دولية', 'سياسة'],
  ['أسواق', 'اقتصاد'],
  ['كرة القدم', 'رياضة'],
  ['سينما', 'ثقافة'],
]


const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`
const encodeSlug = (s: string) => encodeURIComponent(s.replace(/\s+/g, '-')).toLowerCase()
const pad = (n: number) => String(n).padStart(2, '0')
const wpDate = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`

export interface GeneratedCounts {
  posts: number
  pages: number
  comments: number
  commentsByStatus: Record<'1' | '0' | 'spam' | 'trash', number>
  authors: number
  categories: number
  tags: number
  bytes: number
}

/**
 * Writes `file`: `posts` posts (with `comments` comments spread over them, a third of them
 * replies), 5 pages, 20 authors, the 10 sections above (two levels), 500 tags.
 */
export async function generateWxr(file: string, { posts, comments, seed = 20260511 }: { posts: number; comments: number; seed?: number }): Promise<GeneratedCounts> {
  const rand = seededRandom(seed)
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!
  const sentence = (min: number, max: number) => {
    const n = min + Math.floor(rand() * (max - min + 1))
    const out: string[] = []
    for (let i = 0; i < n; i++) out.push(rand() < 0.02 ? pick(vowelled) : pick(words))
    return out.join(' ')
  }
  const out = createWriteStream(file, { highWaterMark: 1 << 20 })
  let bytes = 0
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s)
    if (!out.write(s)) await once(out, 'drain')
  }
  const counts: GeneratedCounts = { posts, pages: 5, comments: 0, commentsByStatus: { '1': 0, '0': 0, spam: 0, trash: 0 }, authors: 20, categories: sections.length, tags: 500, bytes: 0 }

  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>صحيفة الاختبار</title>
<link>https://news.example</link>
<description>موقع إخباري تجريبي</description>
<language>ar</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://news.example</wp:base_site_url>
<wp:base_blog_url>https://news.example</wp:base_blog_url>
`)
  for (let a = 1; a <= counts.authors; a++) {
    await write(`<wp:author><wp:author_id>${a}</wp:author_id><wp:author_login>${cdata(`writer${a}`)}</wp:author_login><wp:author_email>${cdata(`writer${a}@news.example`)}</wp:author_email><wp:author_display_name>${cdata(`${pick(words)} ${pick(words)}`)}</wp:author_display_name><wp:author_first_name>${cdata('')}</wp:author_first_name><wp:author_last_name>${cdata('')}</wp:author_last_name></wp:author>\n`)
  }
  for (const [i, [name, parent]] of sections.entries()) {
    await write(`<wp:category><wp:term_id>${i + 1}</wp:term_id><wp:category_nicename>${cdata(encodeSlug(name))}</wp:category_nicename><wp:category_parent>${cdata(parent ? encodeSlug(parent) : '')}</wp:category_parent><wp:cat_name>${cdata(name)}</wp:cat_name></wp:category>\n`)
  }
  const tags: string[] = []
  for (let t = 0; t < counts.tags; t++) {
    const name = `${pick(words)} ${t}`
    tags.push(name)
    await write(`<wp:tag><wp:term_id>${1000 + t}</wp:term_id><wp:tag_slug>${cdata(encodeSlug(name))}</wp:tag_slug><wp:tag_name>${cdata(name)}</wp:tag_name></wp:tag>\n`)
  }

  let commentId = 0
  const start = Date.UTC(2015, 0, 1)
  const span = Date.UTC(2025, 0, 1) - start
  for (let p = 1; p <= posts + counts.pages; p++) {
    const isPage = p > posts
    const id = p * 3
    const date = new Date(start + Math.floor((span * p) / (posts + counts.pages)))
    const title = sentence(5, 11)
    const slug = encodeSlug(title.normalize('NFD').replace(/[\u064b-\u0652]/g, '').normalize('NFC'))
    const paragraphs: string[] = []
    for (let i = 0, n = 4 + Math.floor(rand() * 5); i < n; i++) paragraphs.push(`${i === 0 ? `${pick(places)} - ` : ''}${sentence(25, 55)}.`)
    if (rand() < 0.05) paragraphs.splice(2, 0, `[caption id="attachment_1" align="aligncenter" width="600"]<img src="https://news.example/wp-content/uploads/${date.getUTCFullYear()}/01/photo-${p}.jpg" alt="${pick(words)}" width="600" height="400" /> ${sentence(4, 8)}[/caption]`)
    if (rand() < 0.03) paragraphs.push('https://www.youtube.com/watch?v=dQw4w9WgXcQ')
    if (rand() < 0.02) paragraphs.push('<script>alert(1)</script>[contact-form-7 id="12"]')
    const content = paragraphs.join('\n\n')
    const author = 1 + Math.floor(rand() * counts.authors)
    const status = isPage ? 'publish' : rand() < 0.97 ? 'publish' : pick(['draft', 'pending', 'private'])
    const link = isPage ? `https://news.example/${slug}/` : `https://news.example/${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}/${slug}/`
    let item = `<item>
<title>${cdata(title)}</title>
<link>${link}</link>
<pubDate>${date.toUTCString()}</pubDate>
<dc:creator>${cdata(`writer${author}`)}</dc:creator>
<guid isPermaLink="false">https://news.example/?p=${id}</guid>
<description></description>
<content:encoded>${cdata(content)}</content:encoded>
<excerpt:encoded>${cdata(rand() < 0.5 ? sentence(12, 25) : '')}</excerpt:encoded>
<wp:post_id>${id}</wp:post_id>
<wp:post_date>${cdata(wpDate(new Date(date.getTime() + 3 * 3600_000)))}</wp:post_date>
<wp:post_date_gmt>${cdata(status === 'draft' ? '0000-00-00 00:00:00' : wpDate(date))}</wp:post_date_gmt>
<wp:comment_status>${cdata('open')}</wp:comment_status>
<wp:ping_status>${cdata('closed')}</wp:ping_status>
<wp:post_name>${cdata(status === 'draft' ? '' : slug)}</wp:post_name>
<wp:status>${cdata(status)}</wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:menu_order>0</wp:menu_order>
<wp:post_type>${cdata(isPage ? 'page' : 'post')}</wp:post_type>
<wp:post_password>${cdata('')}</wp:post_password>
<wp:is_sticky>0</wp:is_sticky>
`
    if (!isPage) {
      const [section, parent] = pick(sections)
      if (parent) item += `<category domain="category" nicename="${encodeSlug(parent)}">${cdata(parent)}</category>\n`
      item += `<category domain="category" nicename="${encodeSlug(section)}">${cdata(section)}</category>\n`
      for (let t = 0, n = Math.floor(rand() * 5); t < n; t++) {
        const tag = pick(tags)
        item += `<category domain="post_tag" nicename="${encodeSlug(tag)}">${cdata(tag)}</category>\n`
      }
      // Comments: the remaining ones spread evenly over the remaining posts.
      const quota = Math.round((comments * p) / posts) - commentId
      const ids: number[] = []
      for (let c = 0; c < quota; c++) {
        const cid = ++commentId
        const parent = ids.length > 0 && rand() < 0.33 ? pick(ids) : 0
        ids.push(cid)
        const roll = rand()
        const approved = roll < 0.85 ? '1' : roll < 0.93 ? '0' : roll < 0.98 ? 'spam' : 'trash'
        counts.commentsByStatus[approved]++
        const when = new Date(date.getTime() + (c + 1) * 600_000)
        item += `<wp:comment>
<wp:comment_id>${cid}</wp:comment_id>
<wp:comment_author>${cdata(`${pick(words)} ${pick(words)}`)}</wp:comment_author>
<wp:comment_author_email>${cdata(`reader${cid % 5000}@mail.example`)}</wp:comment_author_email>
<wp:comment_author_url>${cdata('')}</wp:comment_author_url>
<wp:comment_author_IP>${cdata(`10.${cid % 250}.${(cid >> 8) % 250}.${cid % 200}`)}</wp:comment_author_IP>
<wp:comment_date>${cdata(wpDate(new Date(when.getTime() + 3 * 3600_000)))}</wp:comment_date>
<wp:comment_date_gmt>${cdata(wpDate(when))}</wp:comment_date_gmt>
<wp:comment_content>${cdata(`${sentence(8, 35)}.`)}</wp:comment_content>
<wp:comment_approved>${cdata(approved)}</wp:comment_approved>
<wp:comment_type>${cdata('comment')}</wp:comment_type>
<wp:comment_parent>${parent}</wp:comment_parent>
<wp:comment_user_id>0</wp:comment_user_id>
</wp:comment>
`
      }
    }
    await write(`${item}</item>\n`)
  }
  await write('</channel>\n</rss>\n')
  out.end()
  await once(out, 'finish')
  counts.comments = commentId
  counts.bytes = bytes
  return counts
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, posts, comments] = process.argv.slice(2)
  if (!file || !posts) throw new Error('usage: wxr-generate.ts OUT.xml POSTS [COMMENTS]')
  const counts = await generateWxr(file, { posts: Number(posts), comments: Number(comments ?? Number(posts) * 3) })
  console.log(counts)
}
