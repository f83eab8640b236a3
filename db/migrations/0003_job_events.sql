-- Every change a person would see on a job (inserted, status, progress, log) is announced on the
-- channel lifeboat_jobs, whoever made it: a web process, a worker on another host, the CLI, the
-- scheduler. The dashboard's server-sent events listen to it. Lease heartbeats stay silent.
CREATE OR REPLACE FUNCTION lifeboat_job_notify() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD.status IS NOT DISTINCT FROM NEW.status
     AND OLD.bytes_done IS NOT DISTINCT FROM NEW.bytes_done
     AND OLD.bytes_total IS NOT DISTINCT FROM NEW.bytes_total
     AND OLD.files_done IS NOT DISTINCT FROM NEW.files_done
     AND OLD.files_total IS NOT DISTINCT FROM NEW.files_total
     AND OLD.cancel_requested IS NOT DISTINCT FROM NEW.cancel_requested
     AND length(OLD.log) = length(NEW.log) THEN
    RETURN NEW;
  END IF;
  PERFORM pg_notify('lifeboat_jobs', json_build_object(
    'id', NEW.id,
    'kind', NEW.kind,
    'status', NEW.status,
    'assetId', NEW.asset_id,
    'policyId', NEW.policy_id,
    'bytesDone', NEW.bytes_done,
    'bytesTotal', NEW.bytes_total,
    'filesDone', NEW.files_done,
    'filesTotal', NEW.files_total,
    'startedAt', NEW.started_at,
    'finishedAt', NEW.finished_at
  )::text);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER IF EXISTS jobs_notify ON jobs;
--> statement-breakpoint
CREATE TRIGGER jobs_notify AFTER INSERT OR UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION lifeboat_job_notify();
