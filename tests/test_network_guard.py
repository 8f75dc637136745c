import socket
import urllib.request

import pytest

from tests.conftest import NetworkUsed


def test_socket_connect_is_refused():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NetworkUsed):
            sock.connect(("127.0.0.1", 9))
    finally:
        sock.close()


def test_url_fetch_is_refused():
    with pytest.raises(NetworkUsed):
        urllib.request.urlopen("http://example.com", timeout=1)
