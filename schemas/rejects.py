"""Finishing reject rows: deterministic ids, run id and time, in the `rejects` table layout."""

from __future__ import annotations

import hashlib
from datetime import datetime

import polars as pl

from schemas.models import conform


def finalize_rejects(rejects: pl.DataFrame, run_id: str, at: datetime) -> pl.DataFrame:
    """Add `reject_id` (hash of stage, doc, article, field, check and value), `run_id` and `at`."""
    if rejects.height == 0:
        return conform(pl.DataFrame(), "rejects")
    key = pl.concat_str(
        [
            pl.col(c).cast(pl.String).fill_null("")
            for c in ("stage", "doc_id", "article_id", "field", "failed_check", "value", "reason")
        ],
        separator="|",
    )
    ids = [hashlib.sha256(k.encode()).hexdigest()[:32] for k in rejects.select(key).to_series().to_list()]
    out = rejects.with_columns(
        pl.Series("reject_id", ids), pl.lit(run_id).alias("run_id"), pl.lit(at).alias("at")
    ).unique("reject_id", keep="first", maintain_order=True)
    return conform(out, "rejects")
