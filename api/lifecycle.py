"""What starts and stops with the API process: the FAQ index holder and the embedded worker."""
import asyncio
from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def running(app: FastAPI):
    from api.hours.calendar import current_calendar

    current_calendar()  # a malformed calendar file stops the API at start, not at the first visitor

    from api.tickets import privacy

    privacy.install()  # requester e-mail addresses and tokens never reach the access log

    from api.faq import service as faq

    await asyncio.to_thread(faq.start_up)  # seed on first start, load or build the FAQ index

    from api import worker
    from api.settings import get_settings

    settings = get_settings()
    jobs = asyncio.create_task(worker.run_embedded(settings.worker_interval)) if settings.embedded_worker else None
    try:
        yield
    finally:
        if jobs is not None:
            jobs.cancel()
            await asyncio.gather(jobs, return_exceptions=True)
        faq.shut_down()
