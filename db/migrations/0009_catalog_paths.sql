CREATE TABLE "catalog_paths" (
	"path" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
-- Whoever writes catalog rows (the catalog job's batches, tests, imports), their paths land here:
-- once per INSERT statement, from the statement's new rows.
CREATE FUNCTION catalog_paths_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO catalog_paths (path) SELECT DISTINCT path FROM inserted ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER catalog_entries_paths AFTER INSERT ON catalog_entries
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION catalog_paths_add();
--> statement-breakpoint
-- Every path the catalog holds already, once.
INSERT INTO "catalog_paths" ("path") SELECT DISTINCT "path" FROM "catalog_entries" ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- As in 0002: with pg_trgm a name part is an index scan over the distinct paths; without it the
-- same query scans them, which is still far fewer rows than the catalog.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  EXECUTE 'CREATE INDEX IF NOT EXISTS catalog_paths_trgm_idx ON catalog_paths USING gin (lower(path) gin_trgm_ops)';
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm is not available (%); catalog search works without the trigram index', SQLERRM;
END
$$;
