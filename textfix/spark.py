"""Spark: repair a string column of a DataFrame (``pip install 'textfix[spark]'``).

:func:`repair_column` adds a pandas UDF over Arrow: each Python worker gets column batches
as pandas Series and repairs them with one :class:`~textfix.repairer.Repairer` (its
configuration travels with the task; the worker builds the rest once, and reuses it for
every batch while Spark reuses the worker).  Results are those of :func:`textfix.repair`,
value for value; nulls stay null.

.. code-block:: python

    from pyspark.sql import SparkSession
    from textfix.spark import repair_column

    spark = SparkSession.builder.getOrCreate()          # local[*], YARN, Kubernetes, Databricks ...
    df = spark.read.parquet("s3://bucket/crawl/*.parquet")
    df = repair_column(df, "text", findings="textfix")   # text repaired in place, findings beside it
    df.write.parquet("s3://bucket/crawl-repaired/")
"""

from __future__ import annotations

from typing import Any

from textfix.config import Config
from textfix.repairer import Repairer, is_missing

__all__ = ["FINDINGS_DDL", "repair_column"]

#: The Spark SQL type of the findings column: one struct per finding.
FINDINGS_DDL = ("array<struct<rule:string,kind:string,start:int,end:int,confidence:double,"
                "message:string,applied:boolean>>")


def _fix_series(repairer: Repairer):
    def fix(values):  # pandas Series -> pandas Series (Arrow batches)
        return repairer.repair_batch(values)

    return fix


def _repair_frame(repairer: Repairer):
    def repair(values):  # pandas Series -> pandas DataFrame(text, findings)
        import pandas as pd

        texts, found = repairer.repair_records(values)
        return pd.DataFrame({"text": [None if is_missing(t) else t for t in texts], "findings": found})

    return repair


def repair_column(df: Any, column: str, output: str | None = None, findings: str | None = None, *,
                  config: Config | None = None, **options: Any) -> Any:
    """``df`` with ``column`` repaired into ``output`` (default: in place) and, with
    ``findings``, a column of that name holding each row's findings (:data:`FINDINGS_DDL`;
    offsets in code points).  The keywords are :func:`textfix.repair`'s options."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import NullType, StringType

    repairer = Repairer(config, **options)
    target = output or column
    if column not in df.columns:
        raise ValueError(f"no column {column!r} (the frame has {', '.join(map(repr, df.columns))})")
    kind = df.schema[column].dataType
    if not isinstance(kind, StringType | NullType):
        raise TypeError(f"column {column!r} holds {kind.simpleString()}, not strings")
    if findings is not None and (findings == target or findings in df.columns):
        raise ValueError(f"the findings column {findings!r} would replace "
                         f"{'the repaired text' if findings == target else 'a column of the frame'}: "
                         "give it a name of its own")
    source = F.col(f"`{column}`")  # (backticks: a name with a dot is one column)
    if findings is None:
        fix = F.pandas_udf(_fix_series(repairer), "string")
        return df.withColumn(target, fix(source))
    both = F.pandas_udf(_repair_frame(repairer), f"text string, findings {FINDINGS_DDL}")
    temp = f"__textfix_{abs(hash((column, target, findings))) % 10**8}"
    return (df.withColumn(temp, both(source))
            .withColumn(target, F.col(f"{temp}.text"))
            .withColumn(findings, F.col(f"{temp}.findings"))
            .drop(temp))
