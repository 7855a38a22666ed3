"""Domain errors map to HTTP problems {"detail", "code"} in one place."""
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)
UNAVAILABLE = ("De dienst is even niet beschikbaar; probeer het over enkele seconden opnieuw. / "
               "Le service est momentanément indisponible ; réessayez dans quelques secondes.")


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, detail: str, code: str | None = None, status: int | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.headers = headers
        if code:
            self.code = code
        if status:
            self.status = status


class NotFound(DomainError):
    status, code = 404, "not_found"


class Conflict(DomainError):
    status, code = 409, "conflict"


class Invalid(DomainError):
    status, code = 422, "invalid"


class TooMany(DomainError):
    """429 with Retry-After; the detail is in Dutch and French, for whoever reads it."""
    status, code = 429, "rate_limited"

    def __init__(self, retry_after: int, what_nl: str = "Te veel verzoeken", what_fr: str = "Trop de demandes",
                 code: str | None = None):
        seconds = max(1, int(retry_after))
        super().__init__(f"{what_nl}; probeer het over {seconds} seconden opnieuw. / "
                         f"{what_fr} ; réessayez dans {seconds} secondes.", code, headers={"Retry-After": str(seconds)})


class Unauthorized(DomainError):
    status, code = 401, "unauthorized"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


def _describe(err: dict) -> str:
    where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header"))
    if err.get("type") == "json_invalid":
        return "The request body is not valid JSON."
    if err.get("type") == "extra_forbidden":
        return f"Unknown field '{where}'."
    msg = err.get("msg", "invalid value").removeprefix("Value error, ")
    return f"{where}: {msg}" if where else msg


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError):
        return JSONResponse({"detail": exc.detail, "code": exc.code}, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def _database_gone(_: Request, exc: Exception):
        """The database cannot be reached (restarting, failing over): nothing was written; the client retries
        (with its Idempotency-Key, for a ticket)."""
        log.error("database unavailable: %s", type(getattr(exc, "orig", exc)).__name__)
        return JSONResponse({"detail": UNAVAILABLE, "code": "service_unavailable"}, status_code=503,
                            headers={"Retry-After": "5"})

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError):
        errors = exc.errors()
        code = "malformed_json" if any(e.get("type") == "json_invalid" for e in errors) else "validation_error"
        if code == "validation_error" and any(e.get("type") == "extra_forbidden" for e in errors):
            code = "unknown_field"
        detail = "; ".join(_describe(e) for e in errors)
        safe = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in errors]
        return JSONResponse({"detail": detail, "code": code, "errors": safe}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden"}.get(
            exc.status_code, "http_error")
        return JSONResponse({"detail": str(exc.detail), "code": code}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))
