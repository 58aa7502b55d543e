import { sql, type Kysely } from 'kysely'
import type { Engine } from '../dialect/index.js'

/**
 * Full-text search over published articles (the search module fills it; see its README).
 *
 * `search_documents`: one row per published article with its analysed terms (space-separated,
 * already normalized and stemmed by the search module), its publication time (ranking, date
 * filters) and its number of terms (BM25's document length). Writes go to this table only, with
 * the same SQL on both engines; each engine indexes it itself:
 *
 * - SQLite: `article_search`, an FTS5 table over it (external content, rowid = article id) kept
 *   by triggers, and a covering index (article_id, published_at) for what ranking reads. Tokenizer `ascii`: it splits only on ASCII spaces and punctuation, which the
 *   analysed terms never contain, and changes nothing else (no Unicode folding, no diacritic
 *   removal), so FTS5 indexes exactly our terms. `detail=full` (the default) keeps positions for
 *   phrases; `prefix='2 3'` indexes 2- and 3-letter prefixes for type-ahead. `article_search_vocab`
 *   (fts5vocab) lists indexed terms with document counts, for "did you mean".
 * - PostgreSQL: `document`, a tsvector generated from the same terms, title at weight A and body at
 *   weight B, with a GIN index. It is built by `search_document_vector` straight from the terms,
 *   not by to_tsvector: a text-search parser would split some terms again (hyphens, digits,
 *   joiners), while this gives exactly the 'simple' result on our terms with exact positions. Body
 *   positions start one after the title's last, so a phrase never spans title and body (as in
 *   FTS5, whose columns are separate). `title_document`, the title's own tsvector with its own GIN
 *   index, answers title-only queries (type-ahead) from the index alone. The long values (terms,
 *   tsvectors) are kept out of line (`toast_tuple_target`; published_at never is): the table's
 *   rows stay ~130 bytes, so counting matches and sorting them by date read ~2,000 pages at
 *   100,000 articles, not ~15,000.
 *
 * The table starts empty: the search module's `ensureSearchIndex`, run at start after migrations,
 * indexes existing articles (db/ may not import modules, and the analysis may change later).
 */
export function search(engine: Engine) {
  return {
    async up(db: Kysely<any>) {
      if (engine === 'postgres') {
        await sql`
          create function search_document_vector(title_terms text, body_terms text) returns tsvector
          language sql immutable strict parallel safe as $$
            select coalesce(string_agg('''' || replace(replace(t.term, '\\', '\\\\'), '''', '''''') || ''':' || t.pos || t.weight, ' '), '')::tsvector
            from (
              select u.term, u.n as pos, 'A' as weight from unnest(string_to_array(title_terms, ' ')) with ordinality as u(term, n)
              union all
              select u.term, u.n + cardinality(string_to_array(title_terms, ' ')) + 1, 'B' from unnest(string_to_array(body_terms, ' ')) with ordinality as u(term, n)
            ) t
            where t.term <> ''
          $$`.execute(db)
      }
      await db.schema
        .createTable('search_documents')
        .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
        // Before the long term columns: SQLite reads it from the row's first page.
        .addColumn('published_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('term_count', 'integer', (c) => c.notNull())
        .addColumn('title_terms', 'text', (c) => c.notNull())
        .addColumn('body_terms', 'text', (c) => c.notNull())
        .$call((t) =>
          engine === 'postgres'
            ? t
                .addColumn('document', sql`tsvector`, (c) => c.generatedAlwaysAs(sql`search_document_vector(title_terms, body_terms)`).stored().notNull())
                .addColumn('title_document', sql`tsvector`, (c) => c.generatedAlwaysAs(sql`search_document_vector(title_terms, '')`).stored().notNull())
                .modifyEnd(sql`with (toast_tuple_target = 128)`)
            : t,
        )
        .execute()

      if (engine === 'postgres') {
        await sql`create index search_documents_document on search_documents using gin (document)`.execute(db)
        await sql`create index search_documents_title on search_documents using gin (title_document)`.execute(db)
        // Never out of line, whatever toast_tuple_target asks: date sorts compare it for every match.
        await sql`alter table search_documents alter column published_at set storage plain`.execute(db)
        // BM25 needs the number of documents and their total length on every query: kept in one row
        // by statement triggers (counting them took an index-only scan, 15 ms at 100,000 articles).
        await sql`create table search_stats (id integer primary key check (id = 1), documents bigint not null, terms bigint not null)`.execute(db)
        await sql`insert into search_stats values (1, 0, 0)`.execute(db)
        await sql`
          create function search_stats_change() returns trigger language plpgsql as $$
          begin
            if tg_op in ('INSERT', 'UPDATE') then
              update search_stats set documents = documents + (select count(*) from new_rows), terms = terms + (select coalesce(sum(term_count), 0) from new_rows) where id = 1;
            end if;
            if tg_op in ('DELETE', 'UPDATE') then
              update search_stats set documents = documents - (select count(*) from old_rows), terms = terms - (select coalesce(sum(term_count), 0) from old_rows) where id = 1;
            end if;
            return null;
          end $$`.execute(db)
        await sql`create trigger search_stats_insert after insert on search_documents referencing new table as new_rows for each statement execute function search_stats_change()`.execute(db)
        await sql`create trigger search_stats_update after update on search_documents referencing old table as old_rows new table as new_rows for each statement execute function search_stats_change()`.execute(db)
        await sql`create trigger search_stats_delete after delete on search_documents referencing old table as old_rows for each statement execute function search_stats_change()`.execute(db)
        return
      }
      await sql`
        create virtual table article_search using fts5(
          title_terms, body_terms,
          content = 'search_documents', content_rowid = 'article_id',
          tokenize = 'ascii', prefix = '2 3'
        )`.execute(db)
      await sql`create virtual table article_search_vocab using fts5vocab(article_search, 'row')`.execute(db)
      // What ranking and filters read of each match, without touching the long rows (at 100,000
      // articles, 33,000 matches: 10 ms instead of 180 ms). Queries name it (INDEXED BY): the
      // planner would otherwise take the table's own rowid lookup.
      await db.schema.createIndex('search_documents_published').on('search_documents').columns(['article_id', 'published_at']).execute()
      // Newest first: a page of a common word sorted by date walks the newest articles and probes
      // FTS5 for each (search.repository.ts), instead of date-sorting every match.
      await db.schema.createIndex('search_documents_date').on('search_documents').columns(['published_at', 'article_id']).execute()
      await sql`
        create trigger search_documents_insert after insert on search_documents begin
          insert into article_search (rowid, title_terms, body_terms) values (new.article_id, new.title_terms, new.body_terms);
        end`.execute(db)
      await sql`
        create trigger search_documents_delete after delete on search_documents begin
          insert into article_search (article_search, rowid, title_terms, body_terms) values ('delete', old.article_id, old.title_terms, old.body_terms);
        end`.execute(db)
      await sql`
        create trigger search_documents_update after update on search_documents begin
          insert into article_search (article_search, rowid, title_terms, body_terms) values ('delete', old.article_id, old.title_terms, old.body_terms);
          insert into article_search (rowid, title_terms, body_terms) values (new.article_id, new.title_terms, new.body_terms);
        end`.execute(db)
    },
  }
}
