"""gunicorn settings, used by `make run` and meant for production:

gunicorn -c portal/gunicorn_conf.py portal.wsgi --bind 0.0.0.0:8000
"""

import os

worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
accesslog = "-"
# The path only, never the query string or the referrer: staff search cases by phone
# number and name (?q=…), and those must not reach a log. Method, path, status,
# bytes, time in ms, user agent.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
# Only the reverse proxies may say which scheme the client used: the same list the
# portal trusts for X-Forwarded-For (TRUSTED_PROXIES, portal/proxies.py).
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1")
