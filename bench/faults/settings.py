"""Production settings for the fault drills, with static files in a private directory.

Everything else is cms.settings.production as deployed, configured from the
environment that bench/faults/apps.py sets (private PostgreSQL and Redis).
Only STATIC_ROOT moves, since collectstatic would otherwise write into the
working tree that `make serve` uses, and workflow emails go nowhere (there
is no SMTP server here, and its errors would bury the drills' log lines).
"""

from pathlib import Path

from cms.settings import env
from cms.settings.production import *  # noqa: F403

STATIC_ROOT = Path(env.get_str("FAULTS_STATIC_ROOT"))
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
