"""An openapi.json that tells the truth: the error body is ours ({"detail", "code"}), not FastAPI's default 422
with a `detail` array, and each operation lists the error statuses it can return.

Which statuses follow from what a route is: input can be invalid (422), a public route is rate-limited (429), an
account route needs a valid token (401) of the right role (403), a path or a body names something that may not
exist (404), a write can conflict with the current state (409). Checked by schemathesis in tests/api/test_schema.py.
"""
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, readable (NL and FR for a visitor's 429)"},
        "code": {"type": "string", "description": "A stable code, e.g. missing_field, rate_limited"},
        "errors": {"type": "array", "items": {"type": "object"}, "description": "Per-field details, when several"},
    },
    "required": ["detail", "code"],
}
DESCRIPTIONS = {400: "Bad request", 401: "No valid token", 403: "Wrong role", 404: "Not found",
                409: "Conflicts with the current state", 413: "Too large", 422: "Invalid input",
                429: "Too many requests (see Retry-After)"}


def api_routes(app: FastAPI):
    """(full path, methods, route context) of every API route, through included routers too."""
    for ctx in iter_route_contexts(app.routes):
        if isinstance(ctx.original_route, APIRoute):
            yield ctx.path_format, ctx.methods, ctx


def needs_account(ctx) -> bool:
    def names(dependant):
        for d in dependant.dependencies:
            yield getattr(d.call, "__name__", "")
            yield from names(d)
    return "current_user" in set(names(ctx.dependant))


def rate_limited(ctx) -> bool:
    return any(hasattr(d.call, "rate_limit") for d in ctx.dependant.dependencies)


def error_statuses(path: str, method: str, ctx) -> list[int]:
    codes = {422}
    if rate_limited(ctx):
        codes.add(429)
    if needs_account(ctx) or path in ("/auth/login", "/metrics"):  # a password, or a token that is not an account
        codes |= {401, 403}
    if "{" in path or method != "get":  # a path, or a body, names something that may not exist
        codes.add(404)
    if method in ("post", "put", "patch", "delete"):
        codes.add(409)
    if path == "/faq/import":
        codes.add(413)
    return sorted(codes)


def install(app: FastAPI) -> None:
    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            components.pop(unused, None)
        components["Error"] = ERROR
        routes = {(path, m.lower()): ctx for path, methods, ctx in api_routes(app) for m in methods}
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                route = routes.get((path, method))
                if route is None:
                    continue
                if "parameters" in operation:  # a route's openapi_extra parameters replace FastAPI's own
                    last = {(p["name"], p["in"]): p for p in operation["parameters"]}
                    operation["parameters"] = list(last.values())
                responses = operation.setdefault("responses", {})
                for status in error_statuses(path, method, route):
                    responses[str(status)] = {"description": DESCRIPTIONS[status], "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi
