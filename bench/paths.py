"""Where the bench keeps its generated data: bench/.data/, never committed.

Kept free of Django imports so that the load client can use it too.
"""

from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
DATA_DIR = BENCH_DIR / ".data"
DATABASE = DATA_DIR / "bench.sqlite3"
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "static"
# The exact bytes of the bench post's v2 detail, served back by the bare view.
DETAIL_BYTES = DATA_DIR / "post-detail.json"
# What the dataset step made (post id, block count, posts listed), for the runner.
DATASET_INFO = DATA_DIR / "dataset.json"
PERFORMANCE_DOC = PROJECT_DIR / "docs" / "performance.md"
