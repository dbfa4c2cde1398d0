"""gunicorn settings for production and for `make prod-like`.

gthread workers: a request waiting on the database or the file store holds a thread, not a whole
process. Slow phones never hold one at all, because nginx takes the whole upload (and buffers
each download) before and after gunicorn sees it.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS", "3"))
threads = int(os.environ.get("WEB_THREADS", "4"))
# A pack is built by a task worker, never in a request; a request taking this long is stuck.
timeout = 60
graceful_timeout = 20
# The app writes one JSON line per request itself (operations/logs.py); gunicorn's access log
# would add a second line holding the client's address and the query string.
accesslog = None
errorlog = "-"
loglevel = "warning"
