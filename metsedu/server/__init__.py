"""The lesson server: Voilà with metsedu's settings and page template."""

from .launch import addresses, serve
from .settings import ServerSettings

__all__ = ["ServerSettings", "addresses", "serve"]
