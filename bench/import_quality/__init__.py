"""`make bench-import-quality`: how well the importer finds blocks in stories it was not
written against, measured on the annotated corpus in tests/importers/corpus/.

- `corpus.py`: the stories and their annotations (dev and held-out halves).
- `extract.py`: what the importer made of a story, in the annotations' terms.
- `score.py`: matching found blocks to expected ones; precision, recall, invented values.
- `__main__.py`: runs both halves, prints the tables, writes them into docs/import.md.
"""
