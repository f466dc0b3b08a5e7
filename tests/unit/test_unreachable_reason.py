"""Why a live API could not be reached, in words an operator reads in one line."""

from __future__ import annotations

import requests

from stemspine import unreachable_reason

URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"


def test_dns_failure_says_no_network():
    exc = requests.ConnectionError(
        "HTTPSConnectionPool(host='eutils.ncbi.nlm.nih.gov', port=443): Max retries exceeded with "
        "url: /entrez/eutils/einfo.fcgi (Caused by NameResolutionError(\"<urllib3.connection."
        "HTTPSConnection object at 0x7f>: Failed to resolve 'eutils.ncbi.nlm.nih.gov'\"))")
    assert unreachable_reason(exc, URL, 5) == (
        "cannot resolve eutils.ncbi.nlm.nih.gov: no network or DNS")


def test_refused_timeout_and_other_failures():
    refused = requests.ConnectionError("... [Errno 111] Connection refused'))")
    assert unreachable_reason(refused, URL, 5) == "eutils.ncbi.nlm.nih.gov refused the connection"
    assert unreachable_reason(requests.ConnectTimeout("x"), URL, 5) == (
        "eutils.ncbi.nlm.nih.gov did not answer within 5 s")
    assert unreachable_reason(requests.ConnectionError("reset by peer"), URL, 5) == (
        "cannot connect to eutils.ncbi.nlm.nih.gov")
    long = requests.exceptions.InvalidURL("word " * 60)
    reason = unreachable_reason(long, URL, 5)
    assert reason.endswith("word ...") and len(reason) <= 125
