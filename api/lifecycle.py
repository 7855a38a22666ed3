"""What starts and stops with the API process: the FAQ index holder and the embedded worker."""
import asyncio
from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def running(app: FastAPI):
    from api.hours.calendar import current_calendar

    current_calendar()  # a malformed calendar file stops the API at start, not at the first visitor

    from api.faq import service as faq

    await asyncio.to_thread(faq.start_up)  # seed on first start, load or build the FAQ index
    try:
        yield
    finally:
        faq.shut_down()
