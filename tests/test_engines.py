"""The engines data teams run, each run for real on a local machine: Spark (a local
SparkSession, pandas UDF over Arrow), datatrove (its local executor), Hugging Face
datasets (``map`` with two processes).  Each must give exactly the library's results on the
same texts.  Skipped locally when the engine is not installed; under CI (``CI`` set) a
missing engine fails."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import textfix
from textfix.repairer import finding_record

ROOT = Path(__file__).resolve().parent.parent


def need(module: str):
    """The module, or a skip (a failure under CI) naming the extra that installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        reason = f"{module} is not installed (pip install '.[all]')"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def corpus(n_cases: int = 240) -> list[str | None]:
    """Damaged and clean texts of the corpus (every kind of damage), with missing values."""
    texts: list[str | None] = []
    for path in sorted((ROOT / "corpus_broken").glob("cases*.jsonl")):
        cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        step = max(1, len(cases) // (n_cases // 4))
        for case in cases[::step]:
            texts += [case["broken"], case["gold"]]
    texts += ["", "clean English text.", "깨끗한 한국어 문장입니다.", None, "×©×œ×•×", None]
    return texts


def library(texts):
    return [None if t is None else textfix.repair(t).text for t in texts]


def library_findings(texts):
    return [None if t is None else [finding_record(f) for f in textfix.repair(t).findings] for t in texts]


# ------------------------------------------------------------------------------------ Spark


@pytest.fixture(scope="module")
def spark():
    need("pyspark")
    need("pyarrow")
    need("pandas")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        if os.environ.get("CI"):
            pytest.fail("Spark needs Java (Debian: default-jre-headless)")
        pytest.skip("Spark needs Java")
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers run this interpreter
    session = (SparkSession.builder.master("local[2]").appName("textfix-test")
               .config("spark.pyspark.python", sys.executable)
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_repair_column_matches_the_library(spark):
    from textfix.spark import repair_column

    texts = corpus()
    df = spark.createDataFrame([(i, t) for i, t in enumerate(texts)], "id long, text string").repartition(3)
    rows = repair_column(df, "text", output="fixed", findings="textfix").orderBy("id").collect()
    assert [r["text"] for r in rows] == texts  # the input column is kept
    assert [r["fixed"] for r in rows] == library(texts)
    got = [None if r["textfix"] is None else [f.asDict() for f in r["textfix"]] for r in rows]
    assert got == library_findings(texts)
    in_place = repair_column(df, "text", min_confidence=0.5).orderBy("id").collect()
    assert [r["text"] for r in in_place] == [None if t is None else textfix.repair(t, min_confidence=0.5).text
                                             for t in texts]


def test_spark_refuses_what_would_lose_a_column_or_fail_in_the_workers(spark):
    from textfix.spark import repair_column

    df = spark.createDataFrame([(1, "x", 5)], "id long, text string, n int")
    with pytest.raises(ValueError, match="would replace the repaired text"):
        repair_column(df, "text", findings="text")
    with pytest.raises(ValueError, match="would replace a column of the frame"):
        repair_column(df, "text", output="fixed", findings="id")
    with pytest.raises(TypeError, match="column 'n' holds int, not strings"):
        repair_column(df, "n")
    dotted = spark.createDataFrame([(1, "ㅎㅏㄴㄱㅡㄹ")], "id long, `a.b` string")
    assert repair_column(dotted, "a.b", output="fixed").collect()[0]["fixed"] == "한글"


# -------------------------------------------------------------------------------- datatrove


def test_datatrove_formatter_in_the_local_executor(tmp_path):
    need("datatrove")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from textfix.datatrove import FINDINGS_KEY, TextfixFormatter

    texts = [t for t in corpus(120) if t]  # datatrove's reader drops documents without text
    inputs = tmp_path / "in"
    inputs.mkdir()
    for shard in range(2):  # one file a task
        with open(inputs / f"{shard}.jsonl", "w", encoding="utf-8") as fh:
            for i in range(shard, len(texts), 2):
                fh.write(json.dumps({"id": str(i), "text": texts[i]}, ensure_ascii=False) + "\n")
    LocalPipelineExecutor(pipeline=[
        JsonlReader(str(inputs)), TextfixFormatter(), JsonlWriter(str(tmp_path / "out"), compression=None),
    ], tasks=2, workers=2, logging_dir=str(tmp_path / "logs")).run()
    out = {}
    for path in (tmp_path / "out").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            out[int(doc["id"])] = doc
    assert sorted(out) == list(range(len(texts)))
    assert [out[i]["text"] for i in range(len(texts))] == library(texts)
    assert [out[i]["metadata"][FINDINGS_KEY] for i in range(len(texts))] == library_findings(texts)


def test_datatrove_passes_a_document_without_text_through():
    need("datatrove")
    from datatrove.data import Document

    from textfix.datatrove import TextfixFormatter

    docs = [Document(text=None, id="0"), Document(text="ㅎㅏㄴㄱㅡㄹ", id="1")]  # type: ignore[arg-type]
    out = list(TextfixFormatter().run(iter(docs)))
    assert [d.text for d in out] == [None, "한글"]


# ------------------------------------------------------------------------- Hugging Face datasets


def test_datasets_map_batch_with_two_processes():
    datasets = need("datasets")
    texts = corpus(120)
    ds = datasets.Dataset.from_dict({"id": list(range(len(texts))), "text": texts})
    repairer = textfix.Repairer()
    out = ds.map(repairer.map_batch, batched=True, batch_size=32, num_proc=2,
                 fn_kwargs={"output": "fixed", "findings": "textfix"})
    assert out["id"] == list(range(len(texts))) and out["text"] == texts
    assert out["fixed"] == library(texts)
    assert out["textfix"] == library_findings(texts)
    in_place = ds.map(repairer.map_batch, batched=True, num_proc=2)
    assert in_place["text"] == library(texts)


def test_datasets_findings_of_a_first_batch_of_clean_rows(tmp_path):
    # a findings column built from Python lists takes its type from the first batch (clean:
    # a list of nulls) and later batches cannot be cast to it; Arrow batches keep one type
    datasets = need("datasets")
    texts = ["clean text"] * 64 + ["¹®ÀÚ ±úÁü"] * 4
    ds = datasets.Dataset.from_dict({"text": texts}).with_format("arrow")
    out = ds.map(textfix.Repairer().map_batch, batched=True, batch_size=16, fn_kwargs={"findings": "tf"},
                 cache_file_name=str(tmp_path / "cache.arrow")).with_format(None)
    assert out["text"] == library(texts)
    assert out["tf"] == library_findings(texts)


# ------------------------------------------------------------------------------- Ray Data


def test_ray_data_map_batches_with_the_repairer():
    ray = need("ray")
    need("pandas")
    texts = corpus(120)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        ds = ray.data.from_items([{"id": i, "text": t} for i, t in enumerate(texts)])
        fixer = textfix.Repairer()  # pickled to each worker: its configuration only
        rows = ds.map_batches(fixer.map_batch, batch_format="pyarrow",
                              fn_kwargs={"output": "fixed", "findings": "textfix"}).take_all()
        pandas_rows = ds.map_batches(fixer.map_batch, batch_format="pandas").take_all()
    finally:
        ray.shutdown()
    rows.sort(key=lambda r: r["id"])
    pandas_rows.sort(key=lambda r: r["id"])
    assert [r["text"] for r in pandas_rows] == library(texts)
    assert [r["text"] for r in rows] == texts
    assert [r["fixed"] for r in rows] == library(texts)
    got = [None if r["textfix"] is None else [dict(f) for f in r["textfix"]] for r in rows]
    assert got == library_findings(texts)


def test_the_engines_are_importable_without_their_packages():
    code = ("import sys; sys.modules['pyspark'] = None; sys.modules['datatrove'] = None; "
            "import textfix.spark, textfix.datatrove, textfix.records; "
            "import textfix.datatrove as d\n"
            "try:\n    d.TextfixFormatter\nexcept ImportError as e:\n    print('needs', e)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "pip install 'textfix[datatrove]'" in done.stdout
