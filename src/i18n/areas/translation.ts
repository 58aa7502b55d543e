/** The English side of an Arabic message file: the same keys, plural objects stay plural. */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Partial<Record<Intl.LDMLPluralRule, string>> & { other: string } }
