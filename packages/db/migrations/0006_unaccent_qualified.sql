-- f_unaccent named unaccent() and its dictionary without a schema: a restore (pg_restore sets an empty
-- search_path) could not fill the generated search columns. The same wrapper, qualified with the schema the
-- unaccent extension lives in (public in a default set-up). Same results: stored columns stay valid.
DO $$
DECLARE ext_schema text;
BEGIN
  SELECT n.nspname INTO ext_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'unaccent';
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT '
    'AS $f$ SELECT %1$I.unaccent(%2$L::regdictionary, $1) $f$',
    ext_schema, quote_ident(ext_schema) || '.unaccent');
END
$$;
