#
# Copyright 2014 ko-zu <causeless@gmail.com>
#
# This Source Code Form is subject to the terms of the Mozilla Public
# License, v. 2.0. If a copy of the MPL was not distributed with this
# file, You can obtain one at http://mozilla.org/MPL/2.0/.
#

import os
from collections.abc import Iterable as iterable
from typing import Iterable, Optional, Tuple, Union, overload

__all__ = ["PublicSuffixList"]

__version__ = "1.1.2.20261023"

ENCODING = "utf8"
ERRORMODE = "surrogateescape"

PSLURL = "https://publicsuffix.org/list/public_suffix_list.dat"

PSLFILE = os.path.join(os.path.dirname(__file__), "public_suffix_list.dat")

BytesTuple = Tuple[bytes, ...]
ByteString = Union[bytes, bytearray]
Domain = Union[str, BytesTuple]
RelaxDomain = Union[str, BytesTuple, Iterable[ByteString]]
RelaxFileSource = Union[Iterable[Union[str, ByteString]], str, ByteString]

Labels = Tuple[str, ...]
AnyStr = Union[str, ByteString]


def u(s: AnyStr) -> str:
    return s if isinstance(s, str) else s.decode(ENCODING, ERRORMODE)


def b(s: AnyStr) -> bytes:
    return bytes(s) if isinstance(s, (bytes, bytearray)) else s.encode(ENCODING, ERRORMODE)


def encode_idn(domain: AnyStr) -> str:
    return u(domain).encode("idna").decode("ascii")


def decode_idn(domain: AnyStr) -> str:
    return b(domain).decode("idna")


class PublicSuffixList:
    """PublicSuffixList parser.

    After __init__(), all instance methods become thread-safe.
    Most methods accept str (not bytes) or tuple of bytes.
    """

    def __init__(
        self,
        source: Optional[RelaxFileSource] = None,
        accept_unknown: bool = True,
        accept_encoded_idn: bool = True,
        only_icann: bool = False,
    ):
        """Parse PSL source file and Return PSL object

        source: file (line iterable) object, or flat str to parse. (Default: built-in PSL file)
        accept_unknown: bool, assume unknown TLDs to be public suffix. (Default: True)
        accept_encoded_idn: bool, if False, do not generate punycoded version of PSL.
            Without punycoded PSL object, parsing punycoded IDN cause incorrect results. (Default: True)
        only_icann: bool, if True, only ICANN suffixes are honored, not private ones.
            The markers '// ===BEGIN ICANN DOMAINS===' and '// ===END ICANN DOMAINS==='
            are needed for ICANN section detection. (Default: False)
        """

        self.accept_unknown = accept_unknown

        if source is None:
            with open(PSLFILE, "rb") as source:
                self._parse(source, accept_encoded_idn, only_icann=only_icann)
        else:
            self._parse(source, accept_encoded_idn, only_icann=only_icann)

    def _parse(self, source, accept_encoded_idn, only_icann=False):
        """PSL parser core"""

        publicsuffix = set()
        maxlabel = 0
        section_is_icann = None

        if isinstance(source, (str, bytes, bytearray)):
            source = source.splitlines()

        ln = 0
        for line in source:
            ln += 1
            if only_icann:
                ul = u(line).rstrip()
                if ul == "// ===BEGIN ICANN DOMAINS===":
                    section_is_icann = True
                    continue
                elif ul == "// ===END ICANN DOMAINS===":
                    section_is_icann = False
                    continue
                if not section_is_icann:
                    continue

            s = u(line).lower().split(" ")[0].rstrip()
            if s == "" or s.startswith("//"):
                continue

            maxlabel = max(maxlabel, s.count(".") + 1)
            publicsuffix.add(s)
            if accept_encoded_idn:
                e = encode_idn(s.lstrip("!"))
                if s[0] == "!":
                    publicsuffix.add("!" + e)
                else:
                    publicsuffix.add(e)

        self._publicsuffix = frozenset(publicsuffix)
        self._maxlabel = maxlabel

    def _joinlabels(self, domain, labels, start, *, keep_case=False):
        if isinstance(domain, str):
            if keep_case:
                return ".".join(domain.split(".")[start:])
            else:
                return ".".join(labels[start:])

        else:
            if keep_case:
                return domain[start:]
            else:
                return tuple(x.lower() for x in domain[start:])

    def _preparedomain(self, domain) -> Optional[Tuple[Union[str, BytesTuple], Labels]]:

        if isinstance(domain, str):
            # From PSL definition,
            # Empty labels are not permitted, meaning that leading and trailing
            # dots are ignored.
            if domain.endswith("."):
                domain = domain[:-1]
            labels = domain.lower().split(".")

        elif isinstance(domain, (bytes, bytearray)):
            raise TypeError("Only str, Iter[ByteString] are supported.")

        elif isinstance(domain, iterable):
            domain = tuple(bytes(x) for x in domain)
            labels = tuple(str(x, "ascii", ERRORMODE).lower() for x in domain)
        else:
            raise TypeError("Only str, Iter[ByteString] are supported.")

        if "" in labels:
            # not a valid domain
            return None
        return domain, labels

    def _countpublic(self, labels, accept_unknown=None) -> int:

        if accept_unknown is None:
            accept_unknown = self.accept_unknown

        if not labels:
            return 0

        ll = len(labels)

        # shortcut for tld
        if ll == 1 and accept_unknown:
            return 1

        # There is confusion in rule evaluation.
        #
        # The test data, test_psl.txt states that
        # city.kobe.jp -> city.kobe.jp
        # so kobe.jp is public, although kobe.jp is not listed.  That means
        # test_psl.txt assumes !city.example.com or *.example.com implicitly
        # declares example.com as also public.
        #
        # This implicit declaration of wildcard is required and checked by
