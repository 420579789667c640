"""PII counts (docs/detectors-pii-language.md): what counts as an e-mail address, an
international phone number and an IP address, and what must not."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest

from provscan.detect.pii import pii_counts

EMAILS: list[tuple[str, int]] = [
    ("Contact jane.doe@example.com for details.", 1),
    ("first.last+newsletter@sub.mail.example.co.uk", 1),
    ("USER_99@Example-Mail.DE wrote:", 1),
    ("mailto:info@example.org", 1),
    ('<a href="mailto:sales@example.com">sales@example.com</a>', 2),
    ("punycode: support@xn--mnchen-3ya.de", 1),
    ("ends a sentence: bob@example.net.", 1),
    ("a@b.co, c@d.io; e.f@g.info", 3),
    ("(o'brien@example.ie)", 1),  # apostrophe not in the local part: "brien@…" still counts
    # obfuscated, partial or not an address
    ("name at example dot com", 0),
    ("name [at] example [dot] com", 0),
    ("name(at)example.com", 0),
    ("name@example[dot]com", 0),
    ("name@example", 0),
    ("user@localhost", 0),
    ("follow @provscan on social media", 0),
    ("npm install lodash@4.17.21", 0),
    ("<img src='logo@2x.png'> <img src='icon@1.5x.jpg'>", 0),
    ("5@3 each", 0),
]

PHONES: list[tuple[str, int]] = [
    ("Call +44 20 7946 0958 today", 1),  # United Kingdom
    ("Tel. (+49) 30 1234567", 1),  # Germany, country code in brackets
    ("+49 (0)30 12345678", 1),  # Germany, trunk prefix in brackets
    ("Bureau : +33 1 42 68 53 00", 1),  # France
    ("+1 202-456-1111", 1),  # United States
    ("+39 06 6982 2222", 1),  # Italy
    ("+34 915 23 88 00", 1),  # Spain
    ("+48 22 694 25 00", 1),  # Poland
    ("+353 1 234 5678", 1),  # Ireland
    ("+356 2122 4567", 1),  # Malta
    ("+81 3-1234-5678", 1),  # Japan
    ("+91 98765 43210", 1),  # India
    ("tel:+442079460958", 1),
    ("+44\u00a020\u00a07946\u00a00958", 1),  # no-break spaces
    ("＋44 20 7946 0958", 1),  # full-width plus
    ("+49 30 1234567 or +33 1 42 68 53 00", 2),
    ("+44 20 7946 0958/+44 20 7946 0959", 2),
    # not phone numbers, or not in international format
    ("Published 2024-05-01", 0),
    ("Order no. 1234567890", 0),
    ("ISBN 978-3-16-148410-0", 0),
    ("price +15.99 EUR", 0),
    ("Temperature rose +3.5 degrees", 0),
    ("+1234567890", 0),  # not a valid number
    ("030 1234567", 0),  # national format: no default region
    ("0049 30 1234567", 0),  # international prefix instead of "+"
    ("C++11 and 1+1=2", 0),
    ("Score +12 to +15, year 1999", 0),
    # libphonenumber reads digits that follow after a space as part of the number
    ("call +44 20 7946 0958 12 times", 0),
]

IPS: list[tuple[str, int]] = [
    ("ping 192.168.0.1", 1),
    ("Server 10.0.0.1:8080 is down", 1),
    ("DNS: 8.8.8.8 and 8.8.4.4", 2),
    ("http://127.0.0.1/admin", 1),
    ("subnet 192.168.1.0/24", 1),
    ("The address was 203.0.113.7.", 1),
    ("IP:198.51.100.23", 1),
    ("release 1.2.3.4", 1),  # a dotted quad of octets counts, version number or not
    ("2001:db8::1", 1),
    ("link-local fe80::1%eth0", 1),
    ("2001:0db8:85a3:0000:0000:8a2e:0370:7334", 1),
    ("mapped ::ffff:192.0.2.128", 1),
    ("https://[2001:db8::1]:443/", 1),
    # not addresses, or deliberately not counted
    ("999.1.1.1", 0),
    ("256.0.0.1", 0),
    ("1.2.3.4.5", 0),
    ("v1.2.3.4", 0),
    ("192.168.001.001", 0),  # leading zeros are ambiguous (octal); ipaddress rejects them
    ("10.0.0 and 12.05.2024", 0),
    ("::1 and ::", 0),
    ("std::vector<int>, a::b, Add::add", 0),
    ("opens 10:30:00, closes 18:00:00", 0),
    ("MAC 00:1a:2b:3c:4d:5e", 0),
]


def _one(text: str) -> tuple[int, int, int]:
    email, phone, ip = pii_counts(pa.array([text]))
    return email[0].as_py(), phone[0].as_py(), ip[0].as_py()


@pytest.mark.parametrize(("text", "expected"), EMAILS)
def test_email(text: str, expected: int) -> None:
    assert _one(text)[0] == expected


@pytest.mark.parametrize(("text", "expected"), PHONES)
def test_phone(text: str, expected: int) -> None:
    assert _one(text)[1] == expected


@pytest.mark.parametrize(("text", "expected"), IPS)
def test_ip(text: str, expected: int) -> None:
    assert _one(text)[2] == expected


def test_batch_types_nulls_and_order() -> None:
    texts = [None, "", "x@example.com, +44 20 7946 0958, 10.1.2.3", None, "plain text"]
    email, phone, ip = pii_counts(pa.array(texts, pa.string()))
    for col in (email, phone, ip):
        assert col.type == pa.int32()
        assert col.null_count == 0
    assert email.to_pylist() == [0, 0, 1, 0, 0]
    assert phone.to_pylist() == [0, 0, 1, 0, 0]
    assert ip.to_pylist() == [0, 0, 1, 0, 0]


def test_mixed_table_in_one_batch() -> None:
    """All cases at once: rows that hit are scattered back to their own positions."""
    texts = [t for t, _ in EMAILS + PHONES + IPS]
    email, phone, ip = pii_counts(pa.array(texts))
    assert email.to_pylist()[: len(EMAILS)] == [n for _, n in EMAILS]
    assert phone.to_pylist()[len(EMAILS): len(EMAILS) + len(PHONES)] == [n for _, n in PHONES]
    assert ip.to_pylist()[len(EMAILS) + len(PHONES):] == [n for _, n in IPS]


def test_empty_batch_large_string_and_chunked() -> None:
    assert [c.to_pylist() for c in pii_counts(pa.array([], pa.string()))] == [[], [], []]
    assert [c.to_pylist() for c in pii_counts(pa.nulls(2))] == [[0, 0], [0, 0], [0, 0]]
    text = ["a@example.com b@example.com", "+44 20 7946 0958", "10.0.0.1"]
    for arr in (pa.array(text, pa.large_string()), pa.chunked_array([text[:1], text[1:]])):
        email, phone, ip = pii_counts(arr)
        assert (email.to_pylist(), phone.to_pylist(), ip.to_pylist()) == (
            [2, 0, 0], [0, 1, 0], [0, 0, 1])
        assert email.type == phone.type == ip.type == pa.int32()


def test_replaced_surrogates_and_controls() -> None:
    bad = "caf\udce9 mail x@example.com".encode("utf-8", "surrogateescape")
    text = bad.decode("utf-8", "replace") + "\x00\x1f +44 20 7946 0958 \ufffd 10.0.0.1"
    assert _one(text) == (1, 1, 1)


def test_twenty_megabyte_document() -> None:
    filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 360_000  # ~20 MB
    planted = " jane@example.com, +44 20 7946 0958, 192.0.2.1. "
    half = len(filler) // 2
    doc = planted + filler[:half] + planted + filler[half:] + planted
    assert len(doc.encode()) > 20_000_000
    assert _one(doc) == (3, 3, 3)  # its speed is measured in benchmarks/, not here


PIECES = [
    "192.168.0.1", "10.0.0.1:8080", "999.1.1.1", "1.2.3.4.5", "v1.2.3.4", "IP:8.8.8.8",
    "2001:db8::1", "fe80::1", "::ffff:192.0.2.1", "::1", "std::vector", "10:30:00",
    "+44 20 7946 0958", "(+49) 30 1234567", "+33 1 42 68 53 00", "＋44 20 7946 0958",
    "+15.99", "+1234567890", "2024-05-01", "a@example.com", "x@2x.png", "0049 30 1234567",
    "word", "Wort", "слово", "词", ".", ":", "+", "(", ")", "/", "-", " ", " ", "\u00a0", "\n",
    "1", "23", "456", "abc", "dead", "beef",
]


# One phone number and one IP address, set apart from the text before it by more white
# space than a number may hold and by characters that end an address.
PLANT = "\n\n\n\n\n +44 20 7946 0958 \n\n 192.0.2.1"


def test_prefilters_keep_every_row_the_exact_step_counts() -> None:
    """The RE2 row filters are an optimisation only: a row they drop has nothing to count.
    Planting a phone number and an IP address after each text makes every row pass the
    filters; its counts must then be the batch's counts plus the two planted."""
    rng = random.Random(20261128)
    texts = ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    _, phone, ip = pii_counts(pa.array(texts))
    _, phone_all, ip_all = pii_counts(pa.array([t + PLANT for t in texts]))
    assert phone_all.to_pylist() == [k + 1 for k in phone.to_pylist()]
    assert ip_all.to_pylist() == [k + 1 for k in ip.to_pylist()]
    assert sum(phone.to_pylist()) > 100 and sum(ip.to_pylist()) > 100
    dropped = [t for t, k, j in zip(texts, phone.to_pylist(), ip.to_pylist(), strict=True)
               if k == 0 and j == 0]
    assert len(dropped) > 100  # many rows have nothing to count: the filters are exercised
