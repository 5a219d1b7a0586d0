"""pacli: a command-line knowledge base of the Pacific Alliance."""

from __future__ import annotations

__version__ = "0.1.0"
