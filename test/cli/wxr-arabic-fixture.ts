/**
 * A small WordPress export of an Arabic news site, written for the importer's tests: percent-
 * encoded Arabic slugs (one with tashkeel), a category tree, every post status, a draft without
 * a GMT date, classic content with shortcodes, an embed and a script, an attachment used by a
 * gallery and as a featured image, threaded comments of every status (one reply listed before
 * its parent), pages with a child page and comments, and a menu item.
 */

export interface FixtureComment {
  id: string
  parent: string
  status: 'approved' | 'pending' | 'spam' | 'trash'
  email: string
  ip: string
  text: string
  /** Within the IP retention period (30 days before the test clock, 2026-05-11). */
  recent: boolean
}

const enc = (s: string) => encodeURIComponent(s).toLowerCase()
const cdata = (s: string) => `<![CDATA[${s}]]>`
const approvedCode = { approved: '1', pending: '0', spam: 'spam', trash: 'trash' } as const

const comments: FixtureComment[] = [
  { id: '1', parent: '0', status: 'approved', email: 'Reader.One@Mail.Example', ip: '203.0.113.7', text: 'تعليق أول على الاجتماع.', recent: false },
  { id: '3', parent: '2', status: 'approved', email: 'reader3@mail.example', ip: '203.0.113.9', text: 'ردّ على الرد، مكتوب قبل أصله في الملف.', recent: true },
  { id: '2', parent: '1', status: 'approved', email: 'reader2@mail.example', ip: '203.0.113.8', text: 'ردّ على التعليق الأول.', recent: true },
  { id: '4', parent: '0', status: 'pending', email: 'waiting@mail.example', ip: '203.0.113.10', text: 'تعليق ينتظر المراجعة.', recent: true },
  { id: '5', parent: '0', status: 'spam', email: 'spam@spam.example', ip: '198.51.100.1', text: 'رسالة دعائية مزعجة.', recent: true },
  { id: '6', parent: '1', status: 'trash', email: 'gone@mail.example', ip: '198.51.100.2', text: 'تعليق محذوف.', recent: false },
]

function commentXml(c: FixtureComment): string {
  const date = c.recent ? '2026-05-01 10:00:00' : '2025-03-15 12:00:00'
  return `<wp:comment>
<wp:comment_id>${c.id}</wp:comment_id>
<wp:comment_author>${cdata(`قارئ ${c.id}`)}</wp:comment_author>
<wp:comment_author_email>${cdata(c.email)}</wp:comment_author_email>
<wp:comment_author_url>https://reader.example/</wp:comment_author_url>
<wp:comment_author_IP>${c.ip}</wp:comment_author_IP>
<wp:comment_date>${date}</wp:comment_date>
<wp:comment_date_gmt>${date}</wp:comment_date_gmt>
<wp:comment_content>${cdata(c.text)}</wp:comment_content>
<wp:comment_approved>${approvedCode[c.status]}</wp:comment_approved>
<wp:comment_type>comment</wp:comment_type>
<wp:comment_parent>${c.parent}</wp:comment_parent>
<wp:comment_user_id>0</wp:comment_user_id>
</wp:comment>`
}

interface Item {
  id: string
  type?: string
  title: string
  slug: string
  status: string
  date: string
  gmt: string
  content?: string
  parent?: string
  password?: string
  link?: string
  extra?: string
}

function itemXml(i: Item): string {
  return `<item>
<title>${cdata(i.title)}</title>
<link>${i.link ?? `https://news.example/?p=${i.id}`}</link>
<dc:creator>${cdata('editor1')}</dc:creator>
<guid isPermaLink="false">https://news.example/?p=${i.id}</guid>
<content:encoded>${cdata(i.content ?? '<p>نص قصير.</p>')}</content:encoded>
<excerpt:encoded>${cdata('')}</excerpt:encoded>
<wp:post_id>${i.id}</wp:post_id>
<wp:post_date>${i.date}</wp:post_date>
<wp:post_date_gmt>${i.gmt}</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status>
<wp:post_name>${cdata(i.slug)}</wp:post_name>
<wp:status>${i.status}</wp:status>
<wp:post_parent>${i.parent ?? '0'}</wp:post_parent>
<wp:post_type>${i.type ?? 'post'}</wp:post_type>
<wp:post_password>${cdata(i.password ?? '')}</wp:post_password>
<wp:is_sticky>0</wp:is_sticky>
${i.extra ?? ''}
</item>`
}

/** The export's XML, with what the tests check it against. */
export function arabicExport() {
  const encodedSlug = enc('اجْتِماع-وزراء-الخارجية-العرب')
  const about = enc('من-نحن')
  const team = enc('فريق-التحرير')
  const content = [
    'القاهرة - عقد وزراء الخارجية العرب اجتماعهم الدوري اليوم لبحث ملفات المنطقة.',
    'وقال مسؤول إن الاجتماع ناقش\nالتعاون الاقتصادي.',
    '[caption id="attachment_202" align="aligncenter" width="600"]<img src="http://news.example/wp-content/uploads/2025/03/meeting.jpg" alt="الوزراء" width="600" height="400" /> صورة الاجتماع[/caption]',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    '[gallery ids="201"]',
    '<script>alert(1)</script>[contact-form-7 id="5" title="اتصل بنا"]',
    'عاجل: ختام الاجتماع.',
  ].join('\n\n')
  const items: Item[] = [
    {
      id: '101',
      title: 'اجتماعٌ لوزراء الخارجية العرب في القاهرة',
      slug: encodedSlug,
      status: 'publish',
      date: '2025-03-15 11:30:00',
      gmt: '2025-03-15 08:30:00',
      content,
      link: `https://news.example/2025/03/15/${encodedSlug}/`,
      extra: [
        `<category domain="category" nicename="${enc('سياسة')}">${cdata('سياسة')}</category>`,
        `<category domain="post_tag" nicename="${enc('الجامعة-العربية')}">${cdata('الجامعة العربية')}</category>`,
        ...comments.map(commentXml),
      ].join('\n'),
    },
    { id: '102', title: 'مسودة خبر لم ينشر', slug: '', status: 'draft', date: '2025-03-16 10:00:00', gmt: '0000-00-00 00:00:00' },
    { id: '103', title: 'خبر مجدول للنشر', slug: enc('خبر-مجدول'), status: 'future', date: '2026-06-01 12:00:00', gmt: '2026-06-01 09:00:00' },
    { id: '104', title: 'خبر بانتظار المراجعة', slug: enc('بانتظار'), status: 'pending', date: '2025-03-17 10:00:00', gmt: '2025-03-17 07:00:00' },
    { id: '105', title: 'خبر خاص', slug: enc('خاص'), status: 'private', date: '2025-03-18 10:00:00', gmt: '2025-03-18 07:00:00' },
    { id: '106', title: 'خبر محمي بكلمة سر', slug: enc('محمي'), status: 'publish', password: 'secret', date: '2025-03-19 10:00:00', gmt: '2025-03-19 07:00:00' },
    {
      id: '107',
      title: 'خبر في سلة المهملات',
      slug: enc('محذوف'),
      status: 'trash',
      date: '2025-03-20 10:00:00',
      gmt: '2025-03-20 07:00:00',
      extra: '<wp:postmeta><wp:meta_key>_wp_trash_meta_status</wp:meta_key><wp:meta_value>publish</wp:meta_value></wp:postmeta>',
    },
    {
      id: '108',
      title: 'صورة القاعة قبل الافتتاح',
      slug: enc('القاعة'),
      status: 'publish',
      date: '2025-03-21 10:00:00',
      gmt: '2025-03-21 07:00:00',
      content: 'القاعة جاهزة.\n\n<img src="https://news.example/wp-content/uploads/2025/03/hall-300x200.jpg" alt="القاعة" width="300" height="200" />',
      extra: `<category domain="category" nicename="${enc('أخبار')}">${cdata('أخبار')}</category><wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>201</wp:meta_value></wp:postmeta>`,
    },
    {
      id: '201',
      type: 'attachment',
      title: 'hall',
      slug: 'hall',
      status: 'inherit',
      parent: '101',
      date: '2025-03-14 10:00:00',
      gmt: '2025-03-14 07:00:00',
      content: '',
      extra:
        '<wp:attachment_url>https://news.example/wp-content/uploads/2025/03/hall.jpg</wp:attachment_url>' +
        `<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2025/03/hall.jpg</wp:meta_value></wp:postmeta><wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>${cdata('القاعة')}</wp:meta_value></wp:postmeta>`,
    },
    {
      id: '202',
      type: 'attachment',
      title: 'meeting',
      slug: 'meeting',
      status: 'inherit',
      parent: '101',
      date: '2025-03-14 10:00:00',
      gmt: '2025-03-14 07:00:00',
      content: '',
      extra: '<wp:attachment_url>http://news.example/wp-content/uploads/2025/03/meeting.jpg</wp:attachment_url>',
    },
    {
      id: '301',
      type: 'page',
      title: 'من نحن',
      slug: about,
      status: 'publish',
      date: '2024-01-01 10:00:00',
      gmt: '2024-01-01 07:00:00',
      content: 'صحيفة إخبارية عربية.',
      link: `https://news.example/${about}/`,
      extra: commentXml({ id: '9', parent: '0', status: 'approved', email: 'page@mail.example', ip: '203.0.113.50', text: 'تعليق على صفحة.', recent: true }),
    },
    { id: '302', type: 'page', title: 'فريق التحرير', slug: team, status: 'publish', parent: '301', date: '2024-01-02 10:00:00', gmt: '2024-01-02 07:00:00', link: `https://news.example/${about}/${team}/` },
    { id: '401', type: 'nav_menu_item', title: '', slug: '401', status: 'publish', date: '2024-01-01 10:00:00', gmt: '2024-01-01 07:00:00' },
  ]
  const xml = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>صحيفة الاختبار</title>
<link>https://news.example</link>
<language>ar</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://news.example</wp:base_site_url>
<wp:base_blog_url>https://news.example</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>editor1</wp:author_login><wp:author_email>Editor1@News.Example</wp:author_email><wp:author_display_name>${cdata('أشرف كمال')}</wp:author_display_name><wp:author_first_name></wp:author_first_name><wp:author_last_name></wp:author_last_name></wp:author>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login>writer2</wp:author_login><wp:author_email></wp:author_email><wp:author_display_name>${cdata('سارة الأحمد')}</wp:author_display_name><wp:author_first_name></wp:author_first_name><wp:author_last_name></wp:author_last_name></wp:author>
<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>${enc('سياسة')}</wp:category_nicename><wp:category_parent>${enc('أخبار')}</wp:category_parent><wp:cat_name>${cdata('سياسة')}</wp:cat_name></wp:category>
<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>${enc('أخبار')}</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>${cdata('أخبار')}</wp:cat_name></wp:category>
<wp:tag><wp:term_id>3</wp:term_id><wp:tag_slug>${enc('الجامعة-العربية')}</wp:tag_slug><wp:tag_name>${cdata('الجامعة العربية')}</wp:tag_name></wp:tag>
${items.map(itemXml).join('\n')}
</channel>
</rss>
`
  return { xml, comments, encodedSlug }
}
