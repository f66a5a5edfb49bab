"""The admin's import screen: upload a legacy file, review the dry run, confirm.

It runs the same code as `manage.py import_posts` (news/importers/run.py): the
preview is a dry run, and confirming imports exactly that file with exactly
those choices. Only users with `news.import_posts` (Editors) see it.
"""
