-- dyads warehouse tables. Columns, order and types mirror schemas.models (tests/warehouse/test_ddl.py
-- checks them); NOT NULL follows the pandera `nullable` flags. Value checks live in pandera, keys here.
-- Idempotent: start_run applies this file to every warehouse it opens.

CREATE TABLE IF NOT EXISTS runs (
    run_id            VARCHAR PRIMARY KEY,
    started_at        TIMESTAMPTZ NOT NULL,
    finished_at       TIMESTAMPTZ,
    status            VARCHAR NOT NULL,
    source            VARCHAR NOT NULL,
    coder_version     VARCHAR NOT NULL,
    parameters        VARCHAR NOT NULL,
    articles_in       BIGINT NOT NULL,
    articles_loaded   BIGINT NOT NULL,
    articles_new      BIGINT NOT NULL,
    articles_rejected BIGINT NOT NULL,
    events_coded      BIGINT NOT NULL,
    events_new        BIGINT NOT NULL,
    events_rejected   BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    article_id  VARCHAR PRIMARY KEY,
    doc_id      VARCHAR NOT NULL,
    url         VARCHAR,
    title       VARCHAR,
    source      VARCHAR,
    published   DATE,
    text        VARCHAR NOT NULL,
    n_chars     BIGINT NOT NULL,
    input_path  VARCHAR,
    run_id      VARCHAR NOT NULL,
    ingested_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS events (
    event_id           VARCHAR PRIMARY KEY,
    article_id         VARCHAR NOT NULL,
    doc_id             VARCHAR NOT NULL,
    run_id             VARCHAR NOT NULL,
    coder_version      VARCHAR NOT NULL,
    coded_at           TIMESTAMPTZ NOT NULL,
    event_date         DATE,
    time_precision     TINYINT NOT NULL,
    disorder_type      VARCHAR,
    event_type         VARCHAR,
    sub_event_type     VARCHAR,
    civilian_targeting BOOLEAN,
    cameo_code         VARCHAR,
    cameo_root         VARCHAR,
    quad_class         TINYINT,
    goldstein          DOUBLE,
    actor1             VARCHAR,
    assoc_actor1       VARCHAR,
    actor1_type        VARCHAR,
    actor1_cameo       VARCHAR,
    actor1_country     VARCHAR,
    actor2             VARCHAR,
    assoc_actor2       VARCHAR,
    actor2_type        VARCHAR,
    actor2_cameo       VARCHAR,
    actor2_country     VARCHAR,
    interaction        VARCHAR,
    location           VARCHAR,
    admin1             VARCHAR,
    admin2             VARCHAR,
    country            VARCHAR,
    iso3               VARCHAR,
    latitude           DOUBLE,
    longitude          DOUBLE,
    geo_precision      TINYINT,
    geonames_id        BIGINT,
    fatalities         INTEGER NOT NULL,
    fatalities_low     INTEGER NOT NULL,
    fatalities_high    INTEGER NOT NULL,
    evidence           VARCHAR NOT NULL,
    evidence_start     BIGINT NOT NULL,
    evidence_end       BIGINT NOT NULL,
    rule_id            VARCHAR NOT NULL,
    confidence         DOUBLE NOT NULL,
    notes              VARCHAR NOT NULL,
    source             VARCHAR,
    source_url         VARCHAR,
    published          DATE
);

-- "at" is an SQL keyword: quote it wherever it is named.
CREATE TABLE IF NOT EXISTS rejects (
    reject_id  VARCHAR PRIMARY KEY,
    run_id     VARCHAR NOT NULL,
    stage      VARCHAR NOT NULL,
    doc_id     VARCHAR,
    article_id VARCHAR,
    reason     VARCHAR NOT NULL,
    field      VARCHAR,
    failed_check VARCHAR,
    value      VARCHAR,
    payload    VARCHAR,
    "at"       TIMESTAMPTZ NOT NULL
);

-- Conditional-request state of feeds; written in the load transaction, so a crashed run leaves the
-- previous state and the next run reads the feed again (nothing is skipped that was never stored).
CREATE TABLE IF NOT EXISTS feeds (
    url           VARCHAR PRIMARY KEY,
    etag          VARCHAR,
    last_modified VARCHAR,
    status        VARCHAR NOT NULL,
    items_seen    BIGINT NOT NULL,
    checked_at    TIMESTAMPTZ NOT NULL,
    run_id        VARCHAR NOT NULL
);
