-- dyads views: what analysts query. Every view reads only events of complete runs.
-- Recreated by start_run (CREATE OR REPLACE), so a new release's views reach old warehouses.

-- Events whose run finished its load transaction.
CREATE OR REPLACE VIEW events_complete AS
SELECT e.*
FROM events AS e
WHERE e.run_id IN (SELECT r.run_id FROM runs AS r WHERE r.status = 'complete');

-- ACLED's own column names and order, for tools that read ACLED exports. Only events inside ACLED's
-- scope (an ACLED event type); inter1/inter2 and interaction use ACLED's actor type labels; `iso` is
-- ISO 3166 numeric as in ACLED; `timestamp` is when the event was coded (Unix seconds).
CREATE OR REPLACE VIEW events_acled AS
SELECT
    e.event_id                                                           AS event_id_cnty,
    e.event_date                                                         AS event_date,
    CAST(year(e.event_date) AS INTEGER)                                  AS "year",
    e.time_precision                                                     AS time_precision,
    e.disorder_type                                                      AS disorder_type,
    e.event_type                                                         AS event_type,
    e.sub_event_type                                                     AS sub_event_type,
    e.actor1                                                             AS actor1,
    e.assoc_actor1                                                       AS assoc_actor1,
    e.actor1_type                                                        AS inter1,
    e.actor2                                                             AS actor2,
    e.assoc_actor2                                                       AS assoc_actor2,
    e.actor2_type                                                        AS inter2,
    e.interaction                                                        AS interaction,
    CASE WHEN e.civilian_targeting THEN 'Civilian targeting' ELSE '' END AS civilian_targeting,
    c.iso_numeric                                                        AS iso,
    CAST(NULL AS VARCHAR)                                                AS region,
    e.country                                                            AS country,
    e.admin1                                                             AS admin1,
    e.admin2                                                             AS admin2,
    CAST(NULL AS VARCHAR)                                                AS admin3,
    e.location                                                           AS location,
    e.latitude                                                           AS latitude,
    e.longitude                                                          AS longitude,
    e.geo_precision                                                      AS geo_precision,
    e.source                                                             AS source,
    CAST(NULL AS VARCHAR)                                                AS source_scale,
    e.notes                                                              AS notes,
    e.fatalities                                                         AS fatalities,
    CAST(NULL AS VARCHAR)                                                AS tags,
    CAST(floor(epoch(e.coded_at)) AS BIGINT)                             AS "timestamp"
FROM events_complete AS e
LEFT JOIN iso_countries AS c ON c.iso3 = e.iso3
WHERE e.event_type IS NOT NULL;

-- The same real-world event reported by several articles: same day, country, place, type and actor
-- pair (either direction). Events without a date or a place stay alone. `fatalities` follows ACLED's
-- conservative rule across reports (the lowest); `fatalities_high` is the highest any report gave.
CREATE OR REPLACE VIEW event_clusters AS
WITH keyed AS (
    SELECT
        e.*,
        coalesce(e.location, e.admin1) AS place,
        CASE
            WHEN e.event_date IS NULL OR coalesce(e.location, e.admin1) IS NULL THEN e.event_id
            ELSE concat_ws('|',
                CAST(e.event_date AS VARCHAR),
                coalesce(e.iso3, ''),
                coalesce(e.location, e.admin1),
                coalesce(e.event_type, 'cameo:' || e.cameo_root, ''),
                least(coalesce(e.actor1, ''), coalesce(e.actor2, '')),
                greatest(coalesce(e.actor1, ''), coalesce(e.actor2, '')))
        END AS cluster_key
    FROM events_complete AS e
)
SELECT
    substr(md5(cluster_key), 1, 20)                       AS cluster_id,
    min(event_date)                                       AS event_date,
    min(iso3)                                             AS iso3,
    min(country)                                          AS country,
    min(place)                                            AS location,
    min(event_type)                                       AS event_type,
    mode(sub_event_type)                                  AS sub_event_type,
    mode(cameo_code)                                      AS cameo_code,
    mode(actor1)                                          AS actor1,
    mode(actor2)                                          AS actor2,
    count(*)                                              AS num_events,
    count(DISTINCT article_id)                            AS num_articles,
    count(DISTINCT source)                                AS num_sources,
    min(fatalities)                                       AS fatalities,
    max(fatalities_high)                                  AS fatalities_high,
    list(event_id ORDER BY event_id)                      AS event_ids,
    list(DISTINCT article_id ORDER BY article_id)         AS article_ids
FROM keyed
GROUP BY cluster_key;

-- Counted over event clusters, so an event reported by three articles counts once.
CREATE OR REPLACE VIEW fatalities_by_country_month AS
SELECT
    iso3,
    country,
    CAST(date_trunc('month', event_date) AS DATE) AS month,
    count(*)                                      AS n_events,
    CAST(sum(num_events) AS BIGINT)               AS n_reports,
    CAST(sum(fatalities) AS BIGINT)               AS fatalities
FROM event_clusters
WHERE event_date IS NOT NULL
GROUP BY iso3, country, month;

-- Who acts on whom; counted over event clusters like fatalities_by_country_month.
CREATE OR REPLACE VIEW actor_dyads AS
SELECT
    actor1,
    actor2,
    count(*)                        AS n_events,
    CAST(sum(fatalities) AS BIGINT) AS fatalities,
    min(event_date)                 AS first_date,
    max(event_date)                 AS last_date
FROM event_clusters
WHERE actor1 IS NOT NULL
GROUP BY actor1, actor2;
