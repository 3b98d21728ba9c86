"""What passes between a lesson page and its kernel over the websocket, in both directions.

Why a filter of our own, on top of Voilà's list of allowed message types:

* **To the page**, a kernel's ``stream`` output (its stdout and stderr) and ``error`` messages
  are the kernel's business, never the learner's. A lesson shows everything it means to show
  as widgets and displays; a warning, a log line or a traceback on the wire would hand a
  browser the server's file paths and what another part refused. They go to the server log
  (see :mod:`metsedu._lesson_kernel`), and this filter drops any that still come.
* jupyter_server's own treatment of ``error`` messages when tracebacks are hidden
  (``allow_tracebacks = False``) raises ``AttributeError`` on every one (it looks for
  ``traceback_replacement_message`` on the wrong manager), and the exception stops that
  page's iopub stream for good: one odd message from the browser left a quiz answering
  nothing. Dropping errors before that code runs keeps the stream alive.
* **From the page**, a browser may send only what a lesson page's own script sends: the
  widget manager's ``jupyter.widget.control`` comm, comm messages of the widget protocol's
  shape, and the kernel and comm info requests. Anything else (a comm that would create any
  widget the kernel knows, with up to megabytes of state; a message with no ``data``; an
  unknown channel; a message larger than a lesson ever sends) is refused here, logged in one
  line without its content, and the page and its kernel go on as before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

from .join_guard import JoinGuard
from .page_kernels import PageKernels

V1 = "v1.kernel.websocket.jupyter.org"

#: Kernel messages a page never receives (they go to the server log instead).
KEPT_FROM_THE_PAGE = frozenset({"stream", "error"})

#: The largest message a lesson page sends is a quiz answer: well under a kilobyte.
MAX_FROM_THE_PAGE = 64 * 1024

#: Parts a page's message has: header, parent header, metadata, content (and no buffers);
#: a few more are allowed to reach the check that names what is wrong.
MAX_PARTS = 8

#: The only comm a page opens: ipywidgets' widget manager asks for every widget's state.
PAGE_COMMS = frozenset({"jupyter.widget.control"})

#: The widget protocol's methods a page uses.
WIDGET_METHODS = frozenset({"update", "request_state", "request_states", "custom"})

#: Requests a page sends on the shell channel, and what each must look like.
PAGE_REQUESTS = frozenset(
    {"kernel_info_request", "comm_info_request", "comm_open", "comm_msg", "comm_close"}
)


@dataclass
class PageMessage:
    """A message a page sent, as read: its channel, its parts (v1) or whole (JSON), content."""

    channel: str
    msg: Any
    content: dict

    def quiz_action(self) -> dict | None:
        """The quiz action this carries (``{"action": ..., ...}``), if it carries one."""
        data = self.content.get("data")
        inner = data.get("content") if isinstance(data, dict) else None
        if isinstance(inner, dict) and data.get("method") == "custom" and "action" in inner:
            return inner
        return None

    def opens_the_widget_manager(self) -> bool:
        return self.content.get("target_name") in PAGE_COMMS

    def frame(self, v1: bool) -> bytes | str:
        """The message again, with whatever was changed in :attr:`content`."""
        if v1:
            self.msg[3] = json.dumps(self.content).encode()
            return serialize_msg_to_ws_v1(self.msg, self.channel)
        return json.dumps({**self.msg, "content": self.content})


class RefusedMessageError(ValueError):
    """A message from a browser that no lesson page sends; the reason is safe to log."""


class LessonKernelChannels(ZMQChannelsWebsocketConnection):
    """jupyter_server's websocket connection, with metsedu's checks in both directions."""

    #: Join codes typed on this server's pages (the server sets its store at start).
    guard = JoinGuard()
    #: The kernels serving pages, told when a page's widgets come alive (set at start).
    page_kernels: PageKernels | None = None

    def handle_incoming_message(self, incoming_msg: Any) -> None:
        v1 = self.subprotocol == V1
        try:
            message = check_from_page(incoming_msg, v1)
        except RefusedMessageError as why:
            self.log.warning(
                "metsedu: kernel %s: refused a message from the browser: %s", self.kernel_id, why
            )
            return
        if self.page_kernels is not None and message.opens_the_widget_manager():
            self.page_kernels.came_alive(self.kernel_id)
        action = message.quiz_action()
        if action is not None:
            # Only this server says which browser a page is in and whether it must wait.
            for told in ("seat", "slowed"):
                action.pop(told, None)
            if action.get("action") == "join":
                self.guard.vouch(action, self.websocket_handler, self.log)
            incoming_msg = message.frame(v1)
        super().handle_incoming_message(incoming_msg)

    def handle_outgoing_message(self, stream: Any, outgoing_msg: list[Any]) -> None:
        channel = stream if isinstance(stream, str) else getattr(stream, "channel", None)
        if channel == "iopub" and self._kept_from_page(outgoing_msg):
            return
        super().handle_outgoing_message(stream, outgoing_msg)

    def _on_error(self, channel: Any, msg: Any, msg_list: Any) -> None:
        """Nothing: errors never reach the page (see the module's docstring)."""

    def _kept_from_page(self, outgoing_msg: list[Any]) -> bool:
        try:
            _, parts = self.session.feed_identities(outgoing_msg)
            msg_type = self.session.unpack(parts[1]).get("msg_type")
        except Exception:  # unreadable: nothing a page could use either
            self.log.warning("metsedu: kernel %s sent an unreadable message", self.kernel_id)
            return True
        return msg_type in KEPT_FROM_THE_PAGE


def check_from_page(message: Any, v1: bool) -> PageMessage:
    """What ``message`` says; :class:`RefusedMessageError` unless a lesson page sends it."""
    if len(message) > MAX_FROM_THE_PAGE:
        raise RefusedMessageError(f"{len(message)} bytes, more than a lesson page sends")
    try:
        if v1:
            if not isinstance(message, bytes):
                raise RefusedMessageError("text frame on the binary protocol")
            channel, parts = _v1_parts(message)
            header, content = json.loads(parts[0]), json.loads(parts[3])
            buffers = parts[4:]
            msg: Any = parts
        else:
            if not isinstance(message, str):
                raise RefusedMessageError("binary frame on the JSON protocol")
            msg = json.loads(message)
            if not isinstance(msg, dict):
                raise RefusedMessageError("not a message")
            channel, header, content = msg.get("channel"), msg.get("header"), msg.get("content")
            buffers = msg.get("buffers") or []
    except RefusedMessageError:
        raise
    except Exception:
        raise RefusedMessageError("unreadable") from None
    if not isinstance(header, dict) or not isinstance(content, dict):
        raise RefusedMessageError("header or content is not an object")
    msg_type = header.get("msg_type")
    if channel != "shell" or msg_type not in PAGE_REQUESTS:
        raise RefusedMessageError(f"{_name(msg_type)} on {_name(channel)}")
    if buffers:
        raise RefusedMessageError(f"{msg_type} with binary buffers")
    if msg_type == "comm_open" and content.get("target_name") not in PAGE_COMMS:
        raise RefusedMessageError(f"comm_open for {_name(content.get('target_name'))}")
    if msg_type in {"comm_open", "comm_msg", "comm_close"}:
        if not isinstance(content.get("comm_id"), str):
            raise RefusedMessageError(f"{msg_type} without a comm id")
        data = content.get("data")
        if not isinstance(data, dict):
            raise RefusedMessageError(f"{msg_type} without data")
        if msg_type == "comm_msg" and data.get("method") not in WIDGET_METHODS:
            raise RefusedMessageError(f"comm_msg with method {_name(data.get('method'))}")
    return PageMessage(channel, msg, content)


def _v1_parts(message: bytes) -> tuple[str, list[bytes]]:
    """The channel and parts of a v1 frame, read only after its offsets are checked.

    Why not jupyter_server's reader alone: it trusts the frame's first eight bytes as the
    number of offsets, so a frame claiming 2**64 of them keeps the server's only thread
    counting for ever (every page on the server stops). Here the count must fit the frame,
    and every offset must lie inside it, in order.
    """
    if len(message) < 8:
        raise RefusedMessageError("cut short")
    count = int.from_bytes(message[:8], "little")
    if not 2 + 4 <= count <= min(MAX_PARTS + 2, len(message) // 8 - 1):
        raise RefusedMessageError("frame with a wrong number of parts")
    offsets = [int.from_bytes(message[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(count)]
    if offsets[0] != 8 * (count + 1) or offsets != sorted(offsets) or offsets[-1] != len(message):
        raise RefusedMessageError("frame whose offsets do not fit it")
    channel, parts = deserialize_msg_from_ws_v1(message)
    return channel, parts


def _name(value: Any) -> str:
    """A name from the browser, fit for the log only if it looks like one."""
    text = str(value)
    ok = len(text) <= 40 and text.replace("_", "").replace(".", "").isalnum()
    return repr(text) if ok else "an odd name"
