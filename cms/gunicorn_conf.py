"""gunicorn settings for `make serve` and deployments: ``gunicorn -c cms/gunicorn_conf.py``.

The same shape as the bench's server (bench/server.py): gthread workers, so a
worker's threads share one process while slow clients and keep-alive
connections wait in its poller rather than holding a thread. Sizes come from
the environment (docs/operations.md); the defaults suit a small machine.
Every worker sees a publish at once, with Redis or without it
(cms/delivery/tokens.py, API_CACHE_TOKEN_STORE).
"""

from cms.settings import env

wsgi_app = "cms.wsgi:application"
proc_name = "newsroom-cms"

# Bind to loopback unless told otherwise: a reverse proxy terminates TLS in front.
bind = [f"{env.get_str('HOST', '127.0.0.1')}:{env.get_int('PORT', 8000)}"]
workers = env.get_int("WEB_CONCURRENCY", 2)
worker_class = "gthread"
threads = env.get_int("GUNICORN_THREADS", 4)

# A request running longer than this is killed with its worker (and logged).
timeout = 30
# On SIGTERM, requests in flight get this long to finish; a service manager's
# stop timeout should be longer (systemd's default is 90 s, Docker's only 10 s).
graceful_timeout = 30

# Both logs to the console, for the service manager or container runtime to collect;
# the access log adds each request's duration in milliseconds.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

# gunicorn 25+ opens a control socket for `gunicornc` at one path per user, which a
# second server on the host (a test, another checkout) would fight over; unused here.
control_socket_disable = True
