"""Gunicorn's configuration for the Wekeza sync server in production (Linux).

    gunicorn --config /etc/wekeza/gunicorn.conf.py sync_server.wsgi:application

The systemd unit (wekeza-server.service) runs exactly that, with the settings of
/etc/wekeza/server.env in the environment. Those are the server's own settings
(WEKEZA_DATABASE_URL, WEKEZA_SERVER_DATA_DIR, ...: server.env.example) plus the few this file
reads: where to listen (WEKEZA_HOST, WEKEZA_PORT) and how many workers (WEB_CONCURRENCY).
Any setting here can be overridden without editing the file, on the command line or through
GUNICORN_CMD_ARGS (e.g. GUNICORN_CMD_ARGS="--timeout 60" behind a buffering proxy).
"""

import os

# --- where to listen ----------------------------------------------------------------------------
# The same variables `wekeza-server serve` reads (sync_server/settings.py). Loopback by default:
# TLS and the public address belong to a reverse proxy in front (README: "Running the server in
# production"). Set WEKEZA_HOST=0.0.0.0 only where the network in front is trusted.
bind = f"{os.environ.get('WEKEZA_HOST', '127.0.0.1')}:{os.environ.get('WEKEZA_PORT', '8600')}"
forwarded_allow_ips = "127.0.0.1,::1"  # trust X-Forwarded-* from a proxy on this host only

# --- workers ------------------------------------------------------------------------------------
# The application is plain synchronous WSGI (Falcon) and each request is one short database
# transaction: sync workers, one request each at a time, (2 x CPUs) + 1 of them as gunicorn's
# documentation advises. The CPUs this process may use, not the machine's (containers, affinity).
try:
    _cpus = len(os.sched_getaffinity(0))
except AttributeError:  # not on Linux
    _cpus = os.cpu_count() or 1
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * _cpus + 1)
worker_class = "sync"

# No preloading: each worker imports sync_server.wsgi itself after the fork, so each makes its own
# database engine and connection pool (sync_server/db/engine.py: a pool made before a fork would be
# shared by every worker). The server key is read at that import; two workers making it at once
# still end with one key (sync_server/services/keys.py).
preload_app = False

# --- timeouts -----------------------------------------------------------------------------------
# A sync worker reads the request body itself, so a slow upload occupies it, and a worker silent
# for `timeout` seconds is killed. The largest body a device sends is one sync batch
# (shared_core.batch.batch_bytes_max, 4 MiB today); we plan for 16 MiB over an agent's weak
# mobile uplink (64 KiB/s, about 512 kbit/s), plus a minute for its ingest: 256 s + 60 s.
# Behind a proxy that buffers request bodies (nginx does by default) uploads reach gunicorn at
# LAN speed and this can be much shorter.
upload_bytes_planned = 16 * 1024 * 1024
slow_uplink_bytes_per_s = 64 * 1024
ingest_allowance_s = 60
timeout = upload_bytes_planned // slow_uplink_bytes_per_s + ingest_allowance_s

# On a restart or stop, a worker finishes its request for up to this long, then is killed. An upload
# cut short is not lost: the device sends the same batch again and the server answers it once.
graceful_timeout = 30

# Recycle each worker after about a thousand requests, at staggered times (jitter), so slow leaks in
# any library never grow unbounded and the workers never all restart at once.
max_requests = 1000
max_requests_jitter = 100

# --- logs ---------------------------------------------------------------------------------------
# To stdout/stderr, which systemd hands to the journal (`journalctl -u wekeza-server`).
accesslog = "-"
errorlog = "-"
loglevel = "info"
# Client (and the proxy's forwarded client), request line, status, body bytes, duration, and the
# device that signed the request. Never the signature or Authorization headers.
access_log_format = (
    '%(h)s forwarded=%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s bytes %(M)s ms '
    'device=%({wekeza-device}i)s "%(a)s"'
)
proc_name = "wekeza-server"

# --- the host around it ---------------------------------------------------------------------------
# Workers' heartbeat files on a memory file system: a disk-backed /tmp that stalls (full, slow)
# would make the arbiter kill healthy workers.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
# gunicorn >= 25.1 opens a control socket for `gunicornc`. Under systemd it goes in the service's
# runtime directory (RuntimeDirectory=, given as RUNTIME_DIRECTORY); elsewhere it is off, so
# several servers on one machine (tests, a demo beside production) never share one.
if os.environ.get("RUNTIME_DIRECTORY"):
    control_socket = os.path.join(os.environ["RUNTIME_DIRECTORY"].split(":")[0], "gunicorn.ctl")
else:
    control_socket_disable = True
