"""What the plugin's ``asgi_wrapper`` hooks share: the ASGI app's type, and the wrapper
that hands HTTP requests to a concern's handler and passes anything else (lifespan
events) to the app as it is."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

ASGIApp = Callable[[dict, Callable, Callable], Awaitable[None]]
Handler = Callable[[ASGIApp, dict, Callable, Callable], Awaitable[None]]


def http_wrapper(handle: Handler) -> Callable[[ASGIApp], ASGIApp]:
    """An ``asgi_wrapper`` hook's answer: ``handle(app, scope, receive, send)`` for each
    HTTP request, the app itself for everything else."""

    def wrap(app: ASGIApp) -> ASGIApp:
        async def wrapped(scope: dict, receive: Callable, send: Callable) -> None:
            if scope.get("type") != "http":
                await app(scope, receive, send)
                return
            await handle(app, scope, receive, send)

        return wrapped

    return wrap
