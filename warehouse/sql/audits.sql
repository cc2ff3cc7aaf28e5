-- dyads audits: each SELECT returns the offending rows; a clean warehouse returns none.
-- run_audits() runs every block below; a block starts with a `-- audit: <name>` line.
-- `acled_event_types` is the schemas vocabulary, registered by run_audits before these run.

-- audit: duplicate_article_id
SELECT article_id, count(*) AS n FROM articles GROUP BY article_id HAVING count(*) > 1;

-- audit: duplicate_event_id
SELECT event_id, count(*) AS n FROM events GROUP BY event_id HAVING count(*) > 1;

-- audit: duplicate_reject_id
SELECT reject_id, count(*) AS n FROM rejects GROUP BY reject_id HAVING count(*) > 1;

-- audit: duplicate_run_id
SELECT run_id, count(*) AS n FROM runs GROUP BY run_id HAVING count(*) > 1;

-- The same text stored under two article ids means the content hash is not deterministic.
-- audit: duplicate_article_text
SELECT md5(text) AS text_md5, list(article_id ORDER BY article_id) AS article_ids
FROM articles GROUP BY text HAVING count(*) > 1;

-- The same coding of the same sentence under two event ids: event ids are not deterministic, and
-- reruns would double the event.
-- audit: duplicate_event_coding
SELECT article_id, coder_version, evidence_start, evidence_end, rule_id,
       list(event_id ORDER BY event_id) AS event_ids
FROM events
GROUP BY article_id, coder_version, evidence_start, evidence_end, rule_id, event_type, sub_event_type,
         cameo_code, actor1, actor2, event_date, location
HAVING count(*) > 1;

-- audit: events_without_article
SELECT e.event_id, e.article_id FROM events AS e ANTI JOIN articles AS a USING (article_id);

-- Loaded rows must belong to a run that completed its load transaction.
-- audit: rows_without_complete_run
SELECT 'articles' AS "table", article_id AS key, run_id FROM articles
WHERE run_id NOT IN (SELECT run_id FROM runs WHERE status = 'complete')
UNION ALL
SELECT 'events', event_id, run_id FROM events
WHERE run_id NOT IN (SELECT run_id FROM runs WHERE status = 'complete')
UNION ALL
SELECT 'rejects', reject_id, run_id FROM rejects
WHERE run_id NOT IN (SELECT run_id FROM runs WHERE status = 'complete');

-- audit: runs_unbalanced
SELECT run_id, articles_in, articles_loaded, articles_rejected FROM runs
WHERE status = 'complete' AND articles_in <> articles_loaded + articles_rejected;

-- audit: sub_event_type_not_in_event_type
SELECT e.event_id, e.disorder_type, e.event_type, e.sub_event_type
FROM events AS e
WHERE NOT (e.disorder_type IS NULL AND e.event_type IS NULL AND e.sub_event_type IS NULL)
  AND NOT EXISTS (
      SELECT 1 FROM acled_event_types AS v
      WHERE v.disorder_type IS NOT DISTINCT FROM e.disorder_type
        AND v.event_type IS NOT DISTINCT FROM e.event_type
        AND v.sub_event_type IS NOT DISTINCT FROM e.sub_event_type);
