-- Extensions and the IMMUTABLE unaccent wrapper used by generated search columns and trigram indexes.
-- The same file runs on PGlite (which must be opened with these extensions) and on PostgreSQL.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pgcrypto;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
-- unaccent() is only STABLE (it reads a dictionary); naming the dictionary makes the wrapper safe to mark
-- IMMUTABLE so that it can be used in generated columns and indexes. đ/Đ are mapped by the rules file.
CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$;
