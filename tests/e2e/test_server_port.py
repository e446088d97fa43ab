"""The browser tests' server survives its port being taken between choosing and binding it.

:func:`streamlit_browser.free_port` closes its socket before streamlit binds the port, so a
process running in parallel (pytest-xdist workers, a benchmark) can take it in between.
"""

from __future__ import annotations

import socket

import pytest
import streamlit_browser
from streamlit_browser import StreamlitServer

pytestmark = pytest.mark.e2e


def test_server_moves_to_another_port_when_its_port_is_taken(tmp_path, seeds_dir, monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        ports = iter([busy])
        real = streamlit_browser.free_port
        monkeypatch.setattr(streamlit_browser, "free_port", lambda: next(ports, None) or real())
        server = StreamlitServer(
            seeds_dir, cache_dir=tmp_path / "cache", log=tmp_path / "log.txt", model=None
        )
        try:
            server.wait_healthy()
            assert server.port != busy
            assert streamlit_browser._PORT_TAKEN in server.log.read_text()
        finally:
            server.stop()
