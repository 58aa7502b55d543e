/**
 * The stemmer's exception lists (`stem.ts`). Written by hand for news vocabulary; each entry
 * is a word as it is spelled, and `stem.ts` derives what it needs from it.
 */

/** Words with a fixed term whatever Snowball would make of them, by folded spelling. */
export const FIXED_TERMS: ReadonlyMap<string, string> = new Map([
  ['الله', 'الله'],
  ['لله', 'الله'],
  ['بالله', 'الله'],
  ['والله', 'الله'],
  ['فالله', 'الله'],
  ['تالله', 'الله'],
  ['اللهم', 'اللهم'],
])

/**
 * Nouns whose first letter و ف ب ل س is part of the word, though Snowball or the wrapper would
 * take it for a proclitic (or سي ست سن for a verb's future prefix): وزير would become زير,
 * برنامج رنامج, فيصل يصل ("arrives"), بطاقة طاق (as طاقة, "energy"), بحوث حوث (as الحوثي),
 * and للجنة would be ل + الجنة. A word whose stem, with its first letter kept, is an entry's
 * keeps its first letter in every form: وزير, الوزير, للوزير, ووزيرة and الوزيرين give وزير.
 *
 * Listed: frequent news nouns and names where the wrong split would meet another word or split
 * the forms of one word apart. Broken plurals are listed on their own (وزراء beside وزير).
 * Every entry starts with و ف ب ل or س and keeps a stem of 3 letters or more (stem.test.ts).
 */
export const PROTECTED_NOUNS: readonly string[] = [
  // و
  'وزير', 'وزراء', 'وزارة', 'وكالة', 'وكيل', 'وكلاء', 'ولاية', 'وحدة', 'وثيقة', 'وثائق',
  'وسيلة', 'وسائل', 'وظيفة', 'وظائف', 'وصول', 'وجود', 'وفاة', 'وفد', 'وفود', 'وطن', 'وطني',
  'ورقة', 'ورشة', 'وقود', 'وقوف', 'وقوع', 'وفاء', 'ولاء', 'وداع', 'وديعة',
  'ودائع', 'وسيط', 'وساطة', 'وحيد', 'ولادة', 'وراء', 'وقاية', 'وقائي', 'وباء', 'وبائي',
  'واردات', 'واجب', 'واجبات', 'وافد', 'واقعي', 'وجبة', 'وجوه', 'وهمي', 'وصية',
  'وسط', 'وسطى', 'وحشي', 'وليد', 'واشنطن', 'وارسو',
  // ف
  'فريق', 'فرقة', 'فترة', 'فكرة', 'فرصة', 'فيلم', 'فندق', 'فنادق', 'فنان', 'فنون',
  'فساد', 'فضاء', 'فضائي', 'فيروس', 'فيصل', 'فرع', 'فروع', 'فرار', 'فراغ', 'فقر', 'فقير',
  'فقراء', 'فعالية', 'فعال', 'فصيل', 'فصائل', 'فضيحة', 'فوضى', 'فريضة', 'فوائد', 'فائدة',
  'فلسفة', 'فقرة', 'فتاة', 'فتوى', 'فحص', 'فحوص', 'فلاح', 'فيديو', 'فيدرالي',
  'فيسبوك', 'فلسطين', 'فلسطيني', 'فلسطينيين', 'فرنسا', 'فرنسي', 'فنزويلا', 'فنلندا', 'فيتنام', 'فيينا',
  'فلوريدا',
  // ب
  'برنامج', 'برامج', 'بلاد', 'بلد', 'بلدان', 'بلدية', 'بيان', 'بيانات', 'بناء', 'بنية', 'بنك',
  'بنوك', 'بطولة', 'بطل', 'بطاقة', 'بطالة', 'بريد', 'برلمان', 'برلماني', 'بحث', 'بحوث', 'بؤرة', 'بحري', 'بحرين', 'بداية', 'بشري', 'بقية', 'بصري',
  'بديل', 'بدائل', 'بعيد', 'بسيط', 'بقاء', 'بورصة', 'بوابة', 'بترول', 'بنزين', 'بند', 'بنود',
  'بضائع', 'بيئة', 'بيئي', 'بيت', 'بيوت', 'بعثة', 'براءة', 'بطارية', 'بلاستيك', 'بكالوريوس',
  'بروفيسور', 'باحث', 'بارز', 'بريطانيا', 'بريطاني', 'برازيلي', 'برتغالي',
  'بلجيكا', 'بغداد', 'بيروت', 'بكين', 'برلين', 'بولندا', 'بوتين', 'باكستان', 'باكستاني',
  'بروكسل', 'بلغاريا', 'بنغلاديش', 'بشير',
  // س (Snowball reads سي ست سن as the future prefix of a verb)
  'سياسة', 'سياسي', 'سيارة', 'سينما', 'سينمائي', 'سيناريو', 'سيطرة', 'سيادة', 'سيدة',
  'سيول', 'سيناء', 'ستاد', 'ستوديو', 'سنغافورة', 'سنوات',
  // ل
  'لجنة', 'لجان', 'لاعب', 'لقاء', 'لغة', 'ليلة', 'ليالي', 'لحظة', 'لوحة', 'لائحة', 'لوائح',
  'لواء', 'لياقة', 'لقطة', 'لاجئ', 'لاتيني', 'ليبرالي', 'لبنان', 'لبناني', 'لندن', 'ليبيا',
]

/**
 * Word families Snowball stems apart although readers search them as one: every member gets
 * the first member's term. Only where the member terms belong to no other word.
 */
export const WORD_FAMILIES: ReadonlyArray<readonly string[]> = [
  ['فلسطين', 'فلسطيني', 'فلسطينيين'],
  ['لبنان', 'لبناني'],
  ['باكستان', 'باكستاني'],
]
