"""`frontdoor run-cluster`: Frontdoor as replicas on PostgreSQL, Redis and nginx, on one machine.

    nginx  :8080  (the only port visitors reach)  ->  API replicas  (2, no worker inside)
           :rasa  (loopback)                      ->  Rasa servers  (2; SQL tracker store on PostgreSQL, Redis locks)
           :actions (loopback)                    ->  action servers (2)
    worker (1): e-mail outbox, auto-close, retention

Every process binds to loopback and is restarted by the runner's supervisor when it dies. nginx passes a request to
the next replica when one refuses the connection, so a replica that dies is not felt beyond the turns it was
working on. The API replicas share the database (the FAQ index follows its version row within a second), Redis
(rate-limit counters) and nothing else: each has its own data folder for its saved index.
"""
from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from api import runner
from api.runner import ROOT, STATE, Ports, Stack, _wait_healthy

NGINX = STATE / "nginx" / "usr" / "sbin" / "nginx"  # Debian's nginx, unpacked by `make nginx`


@dataclass
class ClusterPorts:
    public: int = 8080
    rasa: int = 5004  # nginx in front of the Rasa servers
    actions: int = 5054  # nginx in front of the action servers
    apis: tuple[int, ...] = (8001, 8002)
    rasas: tuple[int, ...] = (5006, 5007)
    action_servers: tuple[int, ...] = (5056, 5057)
    host: str = "127.0.0.1"


def nginx_binary() -> str:
    found = str(NGINX) if NGINX.exists() else shutil.which("nginx")
    if not found:
        raise RuntimeError("nginx is missing: `make nginx` unpacks Debian's nginx into .state/nginx")
    return found


def nginx_conf(ports: ClusterPorts, folder: Path) -> Path:
    """nginx's configuration: one upstream per kind, a retry on the next replica when one is down, no query
    strings (which can hold personal data) in the access log."""
    h = ports.host

    def upstream(name: str, members: tuple[int, ...]) -> str:
        servers = "".join(f"    server {h}:{p} max_fails=1 fail_timeout=2s;\n" for p in members)
        return f"  upstream {name} {{\n{servers}    keepalive 32;\n  }}\n"

    def server(port: int, name: str, extra: str = "") -> str:
        return (f"  server {{\n    listen {h}:{port};\n    location / {{\n      proxy_pass http://{name};\n"
                f"      proxy_http_version 1.1;\n      proxy_set_header Connection \"\";\n"
                f"      proxy_next_upstream error timeout http_502 http_503;\n"
                f"      proxy_next_upstream_tries 2;\n      proxy_connect_timeout 2s;\n"
                f"      proxy_read_timeout 30s;\n{extra}    }}\n  }}\n")

    forwarded = ("      proxy_set_header Host $http_host;\n      proxy_set_header X-Forwarded-For $remote_addr;\n"
                 "      proxy_set_header X-Forwarded-Proto $scheme;\n")
    temp = folder / "temp"
    temp.mkdir(parents=True, exist_ok=True)
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""  # as root, the workers drop it
    conf = folder / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 4096; }\n"
        "http {\n"
        "  log_format frontdoor '$remote_addr [$time_local] \"$request_method $uri\" $status $request_time '\n"
        "                       '$upstream_addr';\n"
        f"  access_log {folder / 'access.log'} frontdoor;\n"
        f"  client_body_temp_path {temp}/body;\n  proxy_temp_path {temp}/proxy;\n"
        f"  fastcgi_temp_path {temp}/fastcgi;\n  uwsgi_temp_path {temp}/uwsgi;\n  scgi_temp_path {temp}/scgi;\n"
        # bodies and answers stay in memory: the workers never write a file (no temp folder they must own)
        "  client_max_body_size 2m;\n  client_body_buffer_size 2m;\n  proxy_max_temp_file_size 0;\n"
        "  server_tokens off;\n"
        + upstream("api", ports.apis) + upstream("rasa", ports.rasas) + upstream("actions", ports.action_servers)
        + server(ports.public, "api", forwarded) + server(ports.rasa, "rasa") + server(ports.actions, "actions")
        + "}\n")
    return conf


def _databases(database_url: str, statement) -> str:
    """Run statement(conn, name) for the API's database and Rasa's tracker database (`<name>_rasa`) from the
    server's `postgres` database; returns Rasa's URL."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    tracker = url.set(database=f"{url.database}_rasa")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for name in (url.database, tracker.database):
                statement(conn, name)
    finally:
        admin.dispose()
    return tracker.set(drivername="postgresql").render_as_string(hide_password=False)


def ensure_databases(database_url: str) -> str:
    """Create the cluster's two databases when missing; Rasa's URL."""
    from sqlalchemy import text

    def create(conn, name):
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))

    return _databases(database_url, create)


def drop_databases(database_url: str) -> None:
    """Drop the cluster's two databases (tests and benchmarks clean up after themselves)."""
    from sqlalchemy import text

    _databases(database_url, lambda conn, name: conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')))


def start_cluster(ports: ClusterPorts, model: Path, database_url: str, redis_url: str,
                  api_env: dict[str, str] | None = None, folder: Path | None = None, wait: float = 300) -> Stack:
    """Start every process of the cluster and wait until nginx answers for a ready API."""
    if not database_url.startswith("postgresql"):
        raise RuntimeError("the cluster keeps its state in PostgreSQL: set FRONTDOOR_DATABASE_URL=postgresql+psycopg://...")
    folder = folder or STATE / "cluster"
    logs = folder / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    stack = Stack(Ports(api=ports.public, rasa=ports.rasa, actions=ports.actions, host=ports.host), logs=logs)
    h = ports.host
    public = f"http://{h}:{ports.public}"
    tracker_url = ensure_databases(database_url)
    shared = {**(api_env or {}), "FRONTDOOR_DATABASE_URL": database_url, "FRONTDOOR_REDIS_URL": redis_url,
              "FRONTDOOR_RASA_TRACKER_URL": tracker_url, "FRONTDOOR_TRUSTED_PROXIES": f'["{h}"]',
              "FRONTDOOR_PUBLIC_URL": (api_env or {}).get("FRONTDOOR_PUBLIC_URL") or public}
    try:
        stack.spawn("nginx", [nginx_binary(), "-p", str(folder), "-e", str(folder / "error.log"),
                              "-c", str(nginx_conf(ports, folder)),
                              "-g", "daemon off;"], dict(os.environ))
        env = runner.api_environment(stack, f"http://{h}:{ports.rasa}", shared)
        facts = runner.desk_facts(env)
        for n, port in enumerate(ports.action_servers, 1):
            runner.spawn_actions(stack, f"actions-{n}", port, public, facts)
        endpoints = runner.write_endpoints(folder / "endpoints.yml", f"http://{h}:{ports.actions}/webhook",
                                           stack.action_token, tracker_url, redis_url)
        runner.spawn_rasa(stack, "rasa-1", ports.rasas[0], model, endpoints)
        for n, port in enumerate(ports.apis, 1):
            replica = {**env, "FRONTDOOR_EMBEDDED_WORKER": "false", "FRONTDOOR_DATA_DIR": str(folder / f"api-{n}")}
            runner.spawn_api(stack, f"api-{n}", port, replica)
        stack.spawn("worker", [sys.executable, "-m", "api.cli", "worker"],
                    {**env, "FRONTDOOR_DATA_DIR": str(folder / "data")})
        # the other Rasa servers start once the first has made the tracker tables (two CREATE TABLEs at once on
        # a new PostgreSQL database can fail one of them)
        runner.wait_rasa(stack, "rasa-1", ports.rasas[0], wait)
        for n, port in enumerate(ports.rasas[1:], 2):
            runner.spawn_rasa(stack, f"rasa-{n}", port, model, endpoints)
        for n, port in enumerate(ports.apis, 1):
            _wait_healthy(stack, f"api-{n}", f"http://{h}:{port}/healthz", wait)
        for n, port in enumerate(ports.action_servers, 1):
            _wait_healthy(stack, f"actions-{n}", f"http://{h}:{port}/health", wait)
        for n, port in enumerate(ports.rasas[1:], 2):
            runner.wait_rasa(stack, f"rasa-{n}", port, wait)
        _wait_healthy(stack, "nginx", f"{public}/readyz", wait)
    except BaseException:
        stack.stop()
        raise
    return stack


def run_cluster_forever(ports: ClusterPorts, database_url: str, redis_url: str, log=print) -> None:
    """`frontdoor run-cluster`."""
    runner.serve_forever(lambda model: start_cluster(ports, model, database_url, redis_url),
                         "nginx, 2 API replicas, 2 Rasa servers, 2 action servers and the worker", log)
