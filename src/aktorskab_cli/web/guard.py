"""The safety of the phone page, before any route runs: Host and Origin checks, a body limit, headers.

A pure ASGI middleware (no body buffering of its own beyond the 16 KiB it allows), plus the helpers
routes use for forms: strict UTF-8 parsing of a url-encoded body and CSRF tokens bound to a phone.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import parse_qsl

from aktorskab_cli.rules.numbers import parse_number

MAX_BODY = 16 * 1024  # bytes; a phone's answer is at most 2,000 characters (≤ 8 KiB of UTF-8, ×3 encoded)

# default-src 'self' without inline script; no HSTS and no upgrade-insecure-requests: plain http on a LAN
CSP = ("default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make Chromium send Origin: null
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


IN_DANISH = {b"Invalid host header": "Ukendt adresse."}  # Starlette's TrustedHostMiddleware, as a phone reads it


class BadForm(ValueError):
    """A form body that is not url-encoded UTF-8."""


async def _plain(send, status: int, text: str) -> None:  # noqa: ANN001 - ASGI send
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *HEADERS]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """Refuses what no phone in the room would send, and adds the security headers to every answer.

    - a POST whose Origin (or, without Origin, Sec-Fetch-Site) says another site → 400;
    - a body over 16 KiB → 413, by Content-Length or while it streams in;
    - Starlette's own refusals in Danish: a Host that is not one of the laptop's own addresses is refused
      by Starlette's TrustedHostMiddleware inside this guard (no DNS rebinding), in English, and leaves as
      »Ukendt adresse.«
    """

    def __init__(self, app) -> None:  # noqa: ANN001 - an ASGI app
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "").lower()
        if scope["method"] not in ("GET", "HEAD"):
            origin = headers.get("origin")
            if origin is not None and origin.lower() != f"http://{host}":
                await _plain(send, 400, "Formularen kom fra en anden side.")
                return
            if origin is None and headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
                await _plain(send, 400, "Formularen kom fra en anden side.")
                return
            length = headers.get("content-length")
            if length is not None and ((size := parse_number(length)) is None or size > MAX_BODY):
                await _plain(send, 413, "For meget tekst på én gang.")
                return
        if scope["method"] not in ("GET", "HEAD"):
            body = b""
            while True:  # at most 16 KiB is ever held: the body is read here and handed on whole
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                body += message.get("body", b"")
                if len(body) > MAX_BODY:
                    await _plain(send, 413, "For meget tekst på én gang.")
                    return
                if not message.get("more_body", False):
                    break
            sent = False

            async def replay():  # noqa: ANN202
                nonlocal sent
                if sent:
                    return await receive()
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
        else:
            replay = receive

        held = None  # a 400's start, until its body says whether it is one of Starlette's English refusals

        async def secured_send(message) -> None:  # noqa: ANN001
            nonlocal held
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *HEADERS]}
                if message["status"] == 400:
                    held = message
                    return
            elif held is not None:
                start, held = held, None
                danish = IN_DANISH.get(message.get("body", b""))
                if danish is not None and not message.get("more_body", False):
                    await _plain(send, 400, danish)
                    return
                await send(start)
            await send(message)

        await self.app(scope, replay, secured_send)




def parse_form(body: bytes, content_type: str) -> dict[str, str]:
    """A url-encoded form body as a dict, strictly: UTF-8 or BadForm (never a guess at another encoding)."""
    if content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        raise BadForm("content type")
    try:
        text = body.decode("ascii")
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict",
                          max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        raise BadForm("encoding") from None
    return dict(pairs)


def signed_phone(secret: str, phone: str) -> str:
    """The `phone` cookie: the id the server issued and its signature under the room's secret, so a phone
    cannot mint ids of its own (nor take another's answers by guessing one)."""
    mac = hmac.new(secret.encode(), b"phone:" + phone.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{phone}.{mac}"


def phone_of(secret: str, cookie: str) -> str | None:
    """The phone id in a `phone` cookie, when the server signed it; else None."""
    phone, _, mac = cookie.partition(".")
    if not phone or not mac:
        return None
    return phone if hmac.compare_digest(signed_phone(secret, phone), cookie) else None


def csrf_token(secret: str, phone: str) -> str:
    """The token every form of this phone carries in a hidden field: bound to its cookie, keyed by the room."""
    return hmac.new(secret.encode(), phone.encode(), hashlib.sha256).hexdigest()[:32]


def csrf_ok(secret: str, phone: str | None, token: str | None) -> bool:
    return bool(phone) and same_token(csrf_token(secret, phone), token)


def same_token(expected: str, given: str | None) -> bool:
    """`given` (from a form: any text) is the token `expected`, compared in constant time; as bytes, since
    hmac.compare_digest raises on a str with letters beyond ASCII (»æ« sent as a token was a 500)."""
    return bool(given) and hmac.compare_digest(expected.encode(), given.encode())
