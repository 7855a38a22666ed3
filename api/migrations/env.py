from alembic import context

from api.db import Base, engine_for
from api.settings import get_settings
import api.models  # noqa: F401  (registers every table on Base.metadata)

url = context.config.get_main_option("sqlalchemy.url") or get_settings().sqlalchemy_url


def run() -> None:
    with engine_for(url).connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # A batch operation on SQLite copies a table and drops the old one; with foreign keys on, that drop
            # would cascade and delete the rows of every child table (a ticket's messages, events, tokens). The
            # pragma only takes effect outside a transaction, so it goes straight to the driver.
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migration left rows without their parent: {broken[:5]}")
        conn.commit()
        if sqlite:
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")


run()
