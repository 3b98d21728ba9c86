"""A lesson page's kernel websocket, spoken to as the page's own script speaks it.

Shared by the server tests (what a browser may send, and what it is sent) and the benchmark's
learners. The page asks for the ``v1.kernel.websocket.jupyter.org`` protocol, in which the
server relays each message's frames without parsing them, so this does the same.
"""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from typing import Any

#: The websocket subprotocol a lesson page's own script asks for (JupyterLab's services, in
#: Voilà's bundle).
WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"


def frame(
    msg_type: str,
    content: Any,
    session: str,
    channel: str = "shell",
    buffers: tuple[bytes, ...] = (),
) -> bytes:
    """A client message in the v1 framing: offsets, channel, then the JSON parts."""
    header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "username": "learner",
        "session": session,
        "date": datetime.now(UTC).isoformat(),
        "version": "5.3",
    }
    metadata = {"version": "1.0.0"} if msg_type == "comm_open" else {}
    parts = [json.dumps(part).encode() for part in (header, {}, metadata, content)]
    parts += list(buffers)
    name = channel.encode()
    offsets = [8 * (1 + 1 + len(parts) + 1)]
    offsets.append(offsets[-1] + len(name))
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    head = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + name + b"".join(parts)


def read(message: bytes | str) -> dict:
    """A kernel message from a v1 frame: its channel, type and content."""
    if isinstance(message, str):  # the legacy JSON protocol, if a server ever chose it
        msg = json.loads(message)
        return {
            "channel": msg.get("channel"),
            "msg_type": msg.get("msg_type"),
            "content": msg.get("content", {}),
        }
    count = int.from_bytes(message[:8], "little")
    offsets = [int.from_bytes(message[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(count)]
    channel = message[offsets[0] : offsets[1]].decode()
    parts = [message[offsets[i] : offsets[i + 1]] for i in range(1, count - 1)]
    header, content = json.loads(parts[0]), json.loads(parts[3])
    return {"channel": channel, "msg_type": header.get("msg_type"), "content": content}


def page_config(body: str) -> dict:
    """The ``jupyter-config-data`` a lesson page carries (its kernel id among it)."""
    start = body.index('<script id="jupyter-config-data" type="application/json">')
    return json.loads(body[start:].split(">", 1)[1].split("</script>", 1)[0])


class LessonSocket:
    """One learner's page: its kernel websocket, with every message received kept in order."""

    def __init__(
        self, url: str, notebook: str, timeout: float = 60, cookies: CookieJar | None = None
    ) -> None:
        """Open ``notebook``'s page; ``cookies`` are the browser's (a fresh one's if None)."""
        import websocket

        self.cookies = CookieJar() if cookies is None else cookies
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        with opener.open(f"{url}/voila/render/{notebook}", timeout=timeout) as reply:
            self.kernel = page_config(reply.read().decode())["kernelId"]
        self.session = uuid.uuid4().hex
        address = url.replace("http", "ws", 1)
        self.ws = websocket.create_connection(
            f"{address}/api/kernels/{self.kernel}/channels?session_id={self.session}",
            subprotocols=[WS_PROTOCOL],
            timeout=timeout,
            cookie="; ".join(f"{c.name}={c.value}" for c in self.cookies),
        )
        self.received: list[dict] = []
        self.widgets: dict[str, dict] = {}

    def send(self, msg_type: str, content: Any, **options: Any) -> None:
        self.ws.send_binary(frame(msg_type, content, self.session, **options))

    def send_raw(self, message: bytes | str) -> None:
        if isinstance(message, bytes):
            self.ws.send_binary(message)
        else:
            self.ws.send(message)

    def listen(self, seconds: float) -> list[dict]:
        """Every message that arrives within ``seconds`` (kept in :attr:`received` too)."""
        import websocket

        got = []
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self.ws.settimeout(max(left, 0.05))
            try:
                got.append(read(self.ws.recv()))
            except websocket.WebSocketTimeoutException:
                break
        self.received += got
        return got

    def bring_widgets_to_life(self, timeout: float = 60) -> dict[str, dict]:
        """What the page's widget manager does first: ask for every widget's state."""
        control = uuid.uuid4().hex
        self.send(
            "comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}}
        )
        self.send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
        end = time.monotonic() + timeout
        while not self.widgets and time.monotonic() < end:
            for msg in self.listen(1):
                data = msg["content"].get("data") or {}
                if msg["msg_type"] == "comm_msg" and data.get("method") == "update_states":
                    self.widgets = {k: v["state"] for k, v in data["states"].items()}
        return self.widgets

    def quiz(self) -> str:
        """The quiz widget's model id."""
        return next(k for k, state in self.widgets.items() if "quiz_id" in state)

    def ask_quiz(self, action: str, item: str, **extra: Any) -> list[dict]:
        """Send the quiz an action as its page does; the quiz's replies within a few seconds."""
        quiz = self.quiz()
        content = {"action": action, "item": item, **extra}
        self.send("comm_msg", {"comm_id": quiz, "data": {"method": "custom", "content": content}})
        return self.replies_of(quiz, 10)

    def replies_of(self, comm_id: str, seconds: float) -> list[dict]:
        """State updates from ``comm_id``: waits until one comes and the kernel is idle."""
        replies: list[dict] = []
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            for msg in self.listen(0.5):
                if msg["content"].get("comm_id") == comm_id and msg["msg_type"] == "comm_msg":
                    replies.append(msg["content"]["data"].get("state", {}))
                idle = msg["msg_type"] == "status"
                if idle and msg["content"].get("execution_state") == "idle" and replies:
                    return replies
        return replies

    def close(self) -> None:
        self.ws.close()
