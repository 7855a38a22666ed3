from alembic import context

from api.db import Base, engine_for
from api.settings import get_settings
import api.models  # noqa: F401  (registers every table on Base.metadata)

url = context.config.get_main_option("sqlalchemy.url") or get_settings().sqlalchemy_url


def run() -> None:
    with engine_for(url).connect() as conn:
        context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        conn.commit()


run()
