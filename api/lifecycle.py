"""What starts and stops with the API process: the FAQ index holder and the embedded worker."""
from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def running(app: FastAPI):
    yield
