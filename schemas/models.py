"""pandera (polars) models for the warehouse tables: the contracts between stages (DESIGN §2).

Every column carries a description; the data dictionary is generated from these models.
Column-level checks use the vocabularies in `schemas/vocab/`; cross-field checks are dataframe checks
that return one boolean per row, so a failure maps back to the offending row.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.api.polars.model_config import BaseConfig

from schemas.vocab import (
    acled_event_types,
    actor_type_names,
    cameo_code_list,
    cameo_codes,
    disorder_type_names,
    event_type_names,
    sub_event_type_names,
)

SCHEMA_VERSION = "1.0.0"
UTC_DATETIME = pl.Datetime("us", "UTC")
HEX64 = r"^[0-9a-f]{64}$"


class _Config(BaseConfig):
    strict = True
    coerce = False


class Articles(pa.DataFrameModel):
    """One row per distinct article (deduplicated by `article_id`)."""

    article_id: str = pa.Field(
        unique=True,
        str_matches=HEX64,
        description="sha256 of the normalised article text (hex); the article's key",
    )
    doc_id: str = pa.Field(description="Identifier from the input: its `id`, else the item URL or file path")
    url: str = pa.Field(nullable=True, description="URL of the article when known")
    title: str = pa.Field(nullable=True, description="Headline when known")
    source: str = pa.Field(nullable=True, description="Publisher or feed name when known")
    published: pl.Date = pa.Field(
        nullable=True, description="Publication date (UTC) when known; anchors relative dates"
    )
    text: str = pa.Field(
        str_length={"min_value": 1},
        description="Article text after cleaning (HTML removed, whitespace normalised)",
    )
    n_chars: pl.Int64 = pa.Field(
        ge=1, description="Length of `text` in characters; evidence offsets index into it"
    )
    input_path: str = pa.Field(nullable=True, description="File the article was read from (empty for URLs)")
    run_id: str = pa.Field(description="Run that first loaded the article")
    ingested_at: UTC_DATETIME = pa.Field(description="When the article was extracted (UTC)")

    class Config(_Config):
        name = "articles"

    @pa.dataframe_check
    def n_chars_matches_text(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """`n_chars` equals the length of `text`."""
        return data.lazyframe.select(pl.col("n_chars") == pl.col("text").str.len_chars())


class Events(pa.DataFrameModel):
    """One row per coded event; every coded field is traceable to its evidence sentence."""

    # identity
    event_id: str = pa.Field(
        unique=True,
        str_matches=r"^[0-9a-f]{20}$",
        description="Deterministic id: hash of article, coder version and the coding itself",
    )
    article_id: str = pa.Field(
        str_matches=HEX64, description="Article the event was coded from (articles.article_id)"
    )
    doc_id: str = pa.Field(description="Input identifier of that article")
    run_id: str = pa.Field(description="Run that loaded the event")
    coder_version: str = pa.Field(description="Coder release plus a hash of its dictionaries")
    coded_at: UTC_DATETIME = pa.Field(description="When the event was coded (UTC)")
    # when
    event_date: pl.Date = pa.Field(
        nullable=True, description="Date the event happened, resolved against `published`"
    )
    time_precision: pl.Int8 = pa.Field(isin=[1, 2, 3], description="1 day, 2 week or approximate, 3 month")
    # what (ACLED)
    disorder_type: str = pa.Field(
        nullable=True,
        isin=disorder_type_names(),
        description="ACLED disorder type; NULL when the event is outside ACLED's scope",
    )
    event_type: str = pa.Field(
        nullable=True,
        isin=event_type_names(),
        description="ACLED event type (6 values); NULL outside ACLED's scope, e.g. a visit",
    )
    sub_event_type: str = pa.Field(
        nullable=True,
        isin=sub_event_type_names(),
        description="ACLED sub-event type (25 values); must belong to `event_type`",
    )
    civilian_targeting: bool = pa.Field(
        nullable=True, description="True when civilians were the target (ACLED)"
    )
    # what (CAMEO)
    cameo_code: str = pa.Field(
        nullable=True,
        isin=cameo_code_list(),
        description='CAMEO event code as a string, leading zero kept ("042")',
    )
    cameo_root: str = pa.Field(
        nullable=True,
        str_matches=r"^(0[1-9]|1[0-9]|20)$",
        description='CAMEO root code "01".."20": the first two digits of `cameo_code`',
    )
    quad_class: pl.Int8 = pa.Field(
        nullable=True,
        isin=[1, 2, 3, 4],
        description="CAMEO quad class: 1 verbal coop., 2 material coop., 3 verbal confl., 4 material confl.",
    )
    goldstein: pl.Float64 = pa.Field(
        nullable=True, ge=-10, le=10, description="Goldstein scale value of `cameo_code`"
    )
    # who
    actor1: str = pa.Field(
        nullable=True, description='Initiator, named by ACLED\'s conventions ("Military Forces of Syria")'
    )
    assoc_actor1: str = pa.Field(nullable=True, description="Actors acting with actor1, '; '-separated")
    actor1_type: str = pa.Field(
        nullable=True, isin=actor_type_names(), description="ACLED actor type of actor1"
    )
    actor1_cameo: str = pa.Field(
        nullable=True, description="CAMEO actor code of actor1 (country + role, e.g. SYRMIL)"
    )
    actor1_country: str = pa.Field(
        nullable=True, str_matches=r"^[A-Z]{3}$", description="ISO3 country of actor1"
    )
    actor2: str = pa.Field(nullable=True, description="Target or counterpart, ACLED naming")
    assoc_actor2: str = pa.Field(nullable=True, description="Actors acting with actor2, '; '-separated")
    actor2_type: str = pa.Field(
        nullable=True, isin=actor_type_names(), description="ACLED actor type of actor2"
    )
    actor2_cameo: str = pa.Field(nullable=True, description="CAMEO actor code of actor2")
    actor2_country: str = pa.Field(
        nullable=True, str_matches=r"^[A-Z]{3}$", description="ISO3 country of actor2"
    )
    interaction: str = pa.Field(
        nullable=True, description="ACLED interaction of the two actor types, e.g. 'State forces-Rebel group'"
    )
    # where
    location: str = pa.Field(nullable=True, description="Place name (GeoNames) where the event happened")
    admin1: str = pa.Field(nullable=True, description="First-level administrative division of the location")
    admin2: str = pa.Field(nullable=True, description="Second-level administrative division when known")
    country: str = pa.Field(nullable=True, description="Country where the event happened")
    iso3: str = pa.Field(nullable=True, str_matches=r"^[A-Z]{3}$", description="ISO3 code of `country`")
    latitude: pl.Float64 = pa.Field(
        nullable=True, ge=-90, le=90, description="Latitude (WGS84) of the location"
    )
    longitude: pl.Float64 = pa.Field(
        nullable=True, ge=-180, le=180, description="Longitude (WGS84) of the location"
    )
    geo_precision: pl.Int8 = pa.Field(
        nullable=True,
        isin=[1, 2, 3],
        description="1 the place itself, 2 near it or part of a region, 3 admin1 or country",
    )
    geonames_id: pl.Int64 = pa.Field(nullable=True, description="GeoNames id of the resolved place")
    # how many
    fatalities: pl.Int32 = pa.Field(
        ge=0, description="ACLED rule: lowest credible reported number; none reported = 0"
    )
    fatalities_low: pl.Int32 = pa.Field(ge=0, description="Lowest number of deaths reported")
    fatalities_high: pl.Int32 = pa.Field(ge=0, description="Highest number of deaths reported")
    # evidence
    evidence: str = pa.Field(str_length={"min_value": 1}, description="The sentence the event was coded from")
    evidence_start: pl.Int64 = pa.Field(
        ge=0, description="Character offset of `evidence` in the article text"
    )
    evidence_end: pl.Int64 = pa.Field(
        ge=1, description="End offset (exclusive) of `evidence` in the article text"
    )
    rule_id: str = pa.Field(description="Coder rule that produced the event (e.g. 'verb:strike')")
    confidence: pl.Float64 = pa.Field(ge=0, le=1, description="Strength of the evidence, 0..1")
    notes: str = pa.Field(description="One-line summary of the event")
    # source
    source: str = pa.Field(nullable=True, description="Publisher of the article")
    source_url: str = pa.Field(nullable=True, description="URL of the article")
    published: pl.Date = pa.Field(nullable=True, description="Publication date of the article")

    class Config(_Config):
        name = "events"

    @pa.dataframe_check
    def sub_type_belongs_to_type(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """`sub_event_type` is one of `event_type`'s sub-types, and `disorder_type` matches them."""
        pairs = (
            acled_event_types()
            .select(pl.concat_str("disorder_type", "event_type", "sub_event_type", separator="|"))
            .to_series()
            .to_list()
        )
        key = pl.concat_str("disorder_type", "event_type", "sub_event_type", separator="|")
        all_null = (
            pl.col("event_type").is_null()
            & pl.col("sub_event_type").is_null()
            & pl.col("disorder_type").is_null()
        )
        return data.lazyframe.select(all_null | key.is_in(pairs).fill_null(False))

    @pa.dataframe_check
    def cameo_fields_agree(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """`cameo_root`, `quad_class` and `goldstein` are those of `cameo_code` in the codebook."""
        book = cameo_codes()
        root = pl.col("cameo_code").replace_strict(book["cameo_code"], book["cameo_root"], default=None)
        quad = pl.col("cameo_code").replace_strict(book["cameo_code"], book["quad_class"], default=None)
        gold = pl.col("cameo_code").replace_strict(book["cameo_code"], book["goldstein"], default=None)
        all_null = (
            pl.col("cameo_code").is_null()
            & pl.col("cameo_root").is_null()
            & pl.col("quad_class").is_null()
            & pl.col("goldstein").is_null()
        )
        agree = (
            (pl.col("cameo_root") == root)
            & (pl.col("quad_class") == quad)
            & ((pl.col("goldstein") - gold).abs() < 1e-9)
        )
        return data.lazyframe.select(all_null | agree.fill_null(False))

    @pa.dataframe_check
    def fatalities_ordered(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """`fatalities_low <= fatalities <= fatalities_high`."""
        return data.lazyframe.select(
            (pl.col("fatalities_low") <= pl.col("fatalities"))
            & (pl.col("fatalities") <= pl.col("fatalities_high"))
        )

    @pa.dataframe_check
    def coordinates_paired(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Latitude and longitude are both set or both NULL."""
        return data.lazyframe.select(pl.col("latitude").is_null() == pl.col("longitude").is_null())

    @pa.dataframe_check
    def date_not_after_published(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """`event_date` is not later than `published` + 1 day."""
        late = pl.col("event_date") > pl.col("published") + pl.duration(days=1)
        return data.lazyframe.select(late.fill_null(False).not_())

    @pa.dataframe_check
    def evidence_span_consistent(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """`evidence_end - evidence_start` equals the evidence length."""
        return data.lazyframe.select(
            (pl.col("evidence_end") - pl.col("evidence_start")) == pl.col("evidence").str.len_chars()
        )

    @pa.dataframe_check
    def has_a_taxonomy(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Every event carries an ACLED type or a CAMEO code."""
        return data.lazyframe.select(pl.col("event_type").is_not_null() | pl.col("cameo_code").is_not_null())


class Rejects(pa.DataFrameModel):
    """Input or rows that could not be loaded, with the reason; nothing is dropped silently."""

    reject_id: str = pa.Field(
        unique=True, description="Deterministic id of the rejection (stage, doc, field, check, value)"
    )
    run_id: str = pa.Field(description="Run that first rejected it")
    stage: str = pa.Field(isin=["extract", "code", "validate", "load"], description="Stage that rejected it")
    doc_id: str = pa.Field(
        nullable=True, description="Input identifier (id, URL or path[:line]) of the rejected item"
    )
    article_id: str = pa.Field(nullable=True, description="Article id when the text was readable")
    reason: str = pa.Field(description="What is wrong and what to do about it")
    field: str = pa.Field(nullable=True, description="Offending field or column")
    failed_check: str = pa.Field(nullable=True, description="Name of the failed check")
    value: str = pa.Field(nullable=True, description="Offending value (truncated)")
    payload: str = pa.Field(
        nullable=True, description="The rejected row or input excerpt as JSON (truncated)"
    )
    at: UTC_DATETIME = pa.Field(description="When it was rejected (UTC)")

    class Config(_Config):
        name = "rejects"


class Runs(pa.DataFrameModel):
    """One row per pipeline run; written at start (running) and completed in the load transaction."""

    run_id: str = pa.Field(unique=True, description="Run identifier: UTC timestamp plus random suffix")
    started_at: UTC_DATETIME = pa.Field(description="When the run started (UTC)")
    finished_at: UTC_DATETIME = pa.Field(nullable=True, description="When the run completed (UTC)")
    status: str = pa.Field(isin=["running", "complete", "failed"], description="running, complete or failed")
    source: str = pa.Field(description="The --source the run read")
    coder_version: str = pa.Field(description="Coder version used")
    parameters: str = pa.Field(description="Run parameters as JSON")
    articles_in: pl.Int64 = pa.Field(ge=0, description="Input items seen (articles and unreadable items)")
    articles_loaded: pl.Int64 = pa.Field(
        ge=0, description="Items accepted as articles (new or already stored)"
    )
    articles_new: pl.Int64 = pa.Field(ge=0, description="Articles added to the warehouse by this run")
    articles_rejected: pl.Int64 = pa.Field(
        ge=0, description="Items rejected; articles_in = articles_loaded + articles_rejected"
    )
    events_coded: pl.Int64 = pa.Field(ge=0, description="Events the coder produced")
    events_new: pl.Int64 = pa.Field(ge=0, description="Events added to the warehouse by this run")
    events_rejected: pl.Int64 = pa.Field(ge=0, description="Events that failed validation")

    class Config(_Config):
        name = "runs"

    @pa.dataframe_check
    def articles_balance(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Every input item is either loaded or rejected."""
        return data.lazyframe.select(
            pl.col("articles_in") == pl.col("articles_loaded") + pl.col("articles_rejected")
        )


class Feeds(pa.DataFrameModel):
    """One row per RSS/Atom feed read: its conditional-request validators as of the last complete run."""

    url: str = pa.Field(unique=True, description="The feed's URL as given in --source or sources.toml")
    etag: str = pa.Field(nullable=True, description="ETag of the last full response (sent as If-None-Match)")
    last_modified: str = pa.Field(
        nullable=True, description="Last-Modified of the last full response (sent as If-Modified-Since)"
    )
    status: str = pa.Field(
        isin=["fetched", "not_modified"],
        description="fetched: the feed was read; not_modified: the server answered 304",
    )
    items_seen: pl.Int64 = pa.Field(
        ge=0, description="Items the feed listed in the last response (0 when not modified)"
    )
    checked_at: UTC_DATETIME = pa.Field(description="When a complete run last requested the feed (UTC)")
    run_id: str = pa.Field(description="The run that last requested the feed")

    class Config(_Config):
        name = "feeds"


MODELS: dict[str, type[pa.DataFrameModel]] = {
    "articles": Articles,
    "events": Events,
    "rejects": Rejects,
    "runs": Runs,
    "feeds": Feeds,
}


def empty_frame(table: str) -> pl.DataFrame:
    """An empty DataFrame with the exact columns and dtypes of `table`."""
    return pl.DataFrame(schema=polars_schema(table))


def polars_schema(table: str) -> pl.Schema:
    """Column names and polars dtypes of `table`, in contract order."""
    schema = MODELS[table].to_schema()
    return pl.Schema({name: col.dtype.type for name, col in schema.columns.items()})


def conform(df: pl.DataFrame, table: str) -> pl.DataFrame:
    """Select and order the contract columns of `table`, adding missing ones as NULL and casting dtypes."""
    target = polars_schema(table)
    if df.width == 0:  # a select of literals alone would make one all-NULL row
        return empty_frame(table)
    return df.select(
        (pl.col(name) if name in df.columns else pl.lit(None)).cast(dtype, strict=False).alias(name)
        for name, dtype in target.items()
    )
