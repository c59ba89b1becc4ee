"""The client's address behind the TLS proxy: X-Forwarded-For only from trusted proxies, read from the right."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import RequestFactory

from cus.clients.models import ClientAccessLog
from cus.core.client_address import client_ip, parse_address, parse_networks

from ..factories import ClientFactory
from .test_settings import run

PROXY = "10.0.0.5"
CLIENT = "198.51.100.7"
SPOOFED = "6.6.6.6"


def ip(remote_addr: str | None, forwarded_for: str | None = None) -> str | None:
    meta = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    request = RequestFactory().get("/", **meta)
    if remote_addr is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = remote_addr
    return client_ip(request)


# --- without CUS_TRUSTED_PROXIES: the peer, whatever the header says -------------------------------------------


def test_without_trusted_proxies_the_peer_is_the_client_and_the_header_is_ignored(settings):
    settings.CUS_TRUSTED_PROXIES = []
    assert ip(CLIENT) == CLIENT
    assert ip(PROXY, f"{SPOOFED}, {CLIENT}") == PROXY
    assert ip("2001:db8::1", SPOOFED) == "2001:db8::1"


def test_an_unusable_peer_address_is_none(settings):
    settings.CUS_TRUSTED_PROXIES = []
    assert ip(None) is None
    assert ip("") is None
    assert ip("not an address") is None


# --- with CUS_TRUSTED_PROXIES ----------------------------------------------------------------------------------


@pytest.fixture
def behind_proxy(settings):
    settings.CUS_TRUSTED_PROXIES = ["10.0.0.0/8", "fd00::/8"]


@pytest.mark.usefixtures("behind_proxy")
class TestBehindTrustedProxies:
    def test_the_address_the_proxy_appended_is_the_client(self):
        assert ip(PROXY, CLIENT) == CLIENT

    def test_what_the_client_wrote_into_the_header_itself_is_never_reached(self):
        assert ip(PROXY, f"{SPOOFED}, {CLIENT}") == CLIENT
        assert ip(PROXY, f"{SPOOFED}, 127.0.0.1, {CLIENT}") == CLIENT

    def test_a_chain_of_trusted_proxies_is_skipped_from_the_right(self):
        assert ip(PROXY, f"{SPOOFED}, {CLIENT}, 10.1.2.3, 10.9.9.9") == CLIENT

    def test_a_spoofed_header_from_a_peer_that_is_not_a_proxy_is_ignored(self):
        assert ip("203.0.113.9", f"{CLIENT}, {PROXY}") == "203.0.113.9"
        assert ip("203.0.113.9", CLIENT) == "203.0.113.9"

    def test_without_the_header_the_proxy_itself_is_all_there_is(self):
        assert ip(PROXY) == PROXY
        assert ip(PROXY, "") == PROXY

    def test_when_every_hop_is_a_trusted_proxy_the_leftmost_is_the_client(self):
        assert ip(PROXY, "10.7.7.7, 10.8.8.8") == "10.7.7.7"

    def test_ipv6_ports_and_mapped_addresses_are_understood(self):
        assert ip("fd00::1", "[2001:db8::7]:4711") == "2001:db8::7"
        assert ip("::ffff:10.0.0.5", f"{CLIENT}:51234") == CLIENT
        assert ip(PROXY, "::ffff:198.51.100.7") == CLIENT

    def test_something_that_is_not_an_address_stops_at_the_nearest_verified_hop(self):
        assert ip(PROXY, "unknown") == PROXY
        assert ip(PROXY, f"{CLIENT}, garbage, 10.1.1.1") == "10.1.1.1"


def test_single_addresses_are_trusted_as_well_as_networks(settings):
    settings.CUS_TRUSTED_PROXIES = [PROXY]
    assert ip(PROXY, CLIENT) == CLIENT
    assert ip("10.0.0.6", CLIENT) == "10.0.0.6"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.2.3.4", "1.2.3.4"), (" 1.2.3.4:80 ", "1.2.3.4"), ("[::1]", "::1"), ("[::1]:8000", "::1"), ("::1", "::1"),
     ("fe80::1%eth0", "fe80::1"), ('"1.2.3.4"', "1.2.3.4"), ("unknown", None), ("", None), ("1.2.3", None)],
)
def test_addresses_are_parsed_as_proxies_write_them(text, expected):
    parsed = parse_address(text)
    assert (str(parsed) if parsed else None) == expected


def test_trusted_proxy_entries_must_be_addresses_or_networks():
    assert [str(n) for n in parse_networks(["10.0.0.5", " 10.0.0.0/8", "", "fd00::/8"])] == [
        "10.0.0.5/32", "10.0.0.0/8", "fd00::/8"]
    with pytest.raises(ValueError, match=r"proxy\.example"):
        parse_networks(["proxy.example"])


def test_a_wrong_cus_trusted_proxies_stops_the_server_at_start_up(tmp_path):
    result = run(["-c", "import django; django.setup()"], CUS_DATA_DIR=str(tmp_path),
                 CUS_TRUSTED_PROXIES="10.0.0.0/8,proxy.example")
    assert result.returncode != 0
    assert "CUS_TRUSTED_PROXIES: 'proxy.example' is not an IP address or network" in result.stderr

    result = run(["-c", "import django; django.setup(); from django.conf import settings as s; "
                        "print(s.CUS_TRUSTED_PROXIES)"],
                 CUS_DATA_DIR=str(tmp_path), CUS_TRUSTED_PROXIES="10.0.0.0/8, 192.0.2.1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['10.0.0.0/8', '192.0.2.1']"


# --- where addresses are recorded or counted ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("trusted", "remote_addr", "forwarded_for", "logged"),
    [
        ([], PROXY, f"{SPOOFED}, {CLIENT}", PROXY),  # no setting: the peer; the header is not believed
        (["10.0.0.0/8"], PROXY, f"{SPOOFED}, {CLIENT}", CLIENT),  # behind the proxy: the client
        (["10.0.0.0/8"], "203.0.113.9", f"{SPOOFED}, {PROXY}", "203.0.113.9"),  # spoofed, not from the proxy
    ],
)
def test_the_access_log_records_the_clients_address(api, coordinator, centre, settings, trusted, remote_addr,
                                                     forwarded_for, logged):
    settings.CUS_TRUSTED_PROXIES = trusted
    client = ClientFactory(centre=centre, coordinator=coordinator)

    response = api(coordinator).get(
        f"/api/v1/clients/{client.pk}/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded_for
    )

    assert response.status_code == 200
    assert ClientAccessLog.objects.get(client=client).ip_address == logged


def test_the_sign_in_lockout_counts_failures_by_the_same_address(settings):
    if not apps.is_installed("axes"):
        pytest.skip("django-axes is not installed")
    from axes import helpers

    settings.CUS_TRUSTED_PROXIES = ["10.0.0.0/8"]

    def address(remote_addr: str) -> str | None:
        request = RequestFactory().post("/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=f"{SPOOFED}, {CLIENT}")
        return helpers.get_client_ip_address(request)

    assert address(PROXY) == CLIENT
    assert address("203.0.113.9") == "203.0.113.9"


@pytest.mark.django_db
def test_a_new_x_forwarded_for_does_not_dodge_the_public_rate_limit(client, settings):
    settings.CUS_PUBLIC_API_RATE = "2/minute"
    settings.CUS_TRUSTED_PROXIES = ["10.0.0.0/8"]
    cache.clear()
    try:
        statuses = [
            client.get("/api/public/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
            for n in range(3)
        ]
        assert statuses == [200, 200, 429]
        # behind the proxy, each client has its own count
        assert client.get("/api/public/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT).status_code == 200
    finally:
        cache.clear()
