-- "Every version of nginx.conf" is a substring search on catalog paths. Where the server has the
-- pg_trgm extension (PostgreSQL contrib, and PGlite with the extension loaded), a trigram index
-- makes it an index scan; where it has not, the same ILIKE queries still work, just by scanning.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  EXECUTE 'CREATE INDEX IF NOT EXISTS catalog_entries_path_trgm_idx ON catalog_entries USING gin (lower(path) gin_trgm_ops)';
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm is not available (%); catalog search works without the trigram index', SQLERRM;
END
$$;
