"""Draw a held-out part of the licence bench from offline material (run once per part).

``python tests/data/licences/bench/draw.py OUT --venv VENV [--scancode-site SITE]
[--split NAME] [--counts H1=10,H2=9,...]`` gathers candidate files into the pools below
by fixed rules, leaves out every file (by content) and every package already in
``labels.json``, and copies the first files of each pool by ``sha1(output name)`` into
``OUT``, with ``OUT/drawn.json`` naming pool, source path, output name and split
(``--split``: ``fresh``, the third part, by default; ``fresh2`` the fourth, ``fresh3`` the
fifth). ``--counts`` sets how many files some pools give (the others keep the counts of the
third part). It never runs the detector: the copies are labelled by reading them, and the
labels are committed before the detector first runs on them.

``explored.tsv`` (this folder) lists the files of an unlabelled exploration draw that the
detector's developer looked at. They are left out like the files of ``labels.json``: every
file named there (by output name and by content, read from its source path), and every
package its output names encode (the same package keys as for ``labels.json``; and, since
those keys give the Python standard library's modules none, the first component of a
``python3.11-`` name too, so ``python3.11-email--mime--text.py`` leaves out every
``python3.11-email--*`` file). Source paths of the third column may start with
``<scancode site-packages>``, ``<provscan venv site-packages>`` or
``.venv/lib/python3.X/site-packages``, read as ``--scancode-site`` and ``VENV``'s
site-packages. ``--keep-explored`` turns this off, to reproduce a part drawn before
``explored.tsv`` existed (``fresh``, ``fresh2``).

Roots (Debian bookworm paths, and the environments named on the command line):
``/usr/share/doc`` (copyright files, READMEs, NEWS, changelogs, licence files; ``.gz``
read decompressed), ``/usr/share/maven-repo`` (POMs), ``/usr/lib/node_modules`` (npm as
Debian's nodejs ships it), ``/usr/lib/python3/dist-packages`` and ``/usr/lib/python3.11``
(Debian's Python), ``VENV``'s site-packages (provscan's environment) and, for the ScanCode
LicenseDB records, ``SITE/licensedcode/data/licenses``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
DOC = Path("/usr/share/doc")
MAVEN = Path("/usr/share/maven-repo")
NODE = Path("/usr/lib/node_modules")
DEB_PY = Path("/usr/lib/python3/dist-packages")
STDLIB = Path("/usr/lib/python3.11")

HEAD = 6_000  # source files, manifests
DOC_HEAD = 20_000  # copyright files, READMEs, changelogs
LIST_HEAD = 60_000  # licence files, id lists
SOURCE_EXT = {".py", ".pyi", ".pyx", ".pxd", ".c", ".h", ".cc", ".cpp", ".hpp", ".js",
              ".mjs", ".cjs"}
LIST_EXT = SOURCE_EXT | {".json", ".txt", ".yml", ".yaml", ".toml", ".cfg", ".csv", ".rb",
                         ".tsv", ".md", ".rst"}
LICENCE_FILE = re.compile(r"(?i)^(?:licen[cs]e|copying|notice)")
HEADER_WORDS = re.compile(r"(?i)copyright|licen[cs]|spdx")
NAMES = re.compile(r"(?i)licen[cs]|\b(?:MIT|[AL]?GPL|BSD|Apache|MPL)\b")
# A file that holds this many distinct ids of the SPDX list as tokens is an id list or table.
MIN_IDS = 8
ID_TOKEN = re.compile(r"(?<![\w.-])[A-Za-z0-9][A-Za-z0-9.+-]*[A-Za-z0-9+]")


def spdx_ids() -> frozenset[str]:
    """The SPDX licence ids of license-expression's list (three characters or more)."""
    import license_expression

    known = license_expression.get_spdx_licensing().known_symbols
    return frozenset(str(k) for k in known if len(str(k)) > 2)


@dataclass(frozen=True)
class Candidate:
    name: str  # output file name, also the sha1 key
    path: Path  # source file
    package: str  # one file per package in pools that say so
    head: int  # characters kept
    front_matter: bool = False  # keep only the YAML front matter (``---`` to ``---``)

    def text(self) -> str | None:
        raw = self.path.read_bytes()
        if self.path.suffix == ".gz":
            raw = gzip.decompress(raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if self.front_matter:
            end = text.find("\n---", 3)
            text = text[:end + 4] + "\n" if text.startswith("---") and end != -1 else ""
        return text[: self.head]


def sha(name: str) -> str:
    return hashlib.sha1(name.encode("utf-8")).hexdigest()


def flat(rel: Path | str) -> str:
    return str(rel).replace("/", "--").removesuffix(".gz")


def _files(root: Path, exts: set[str] | None = None) -> Iterator[Path]:
    if not root.is_dir():
        return
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink() and "__pycache__" not in p.parts and (
                exts is None or p.suffix in exts):
            yield p


def npm_packages() -> Iterator[tuple[str, Path]]:
    """(name, folder) of every npm package under ``/usr/lib/node_modules``, nested too."""
    for pj in sorted(NODE.rglob("package.json")):
        folder = pj.parent
        scoped = folder.parent.name.startswith("@")
        if (folder.parent.parent if scoped else folder.parent).name == "node_modules":
            yield (f"{folder.parent.name}-{folder.name}" if scoped else folder.name), folder


def _source_name(prefix: str, rel: Path) -> str:
    """``pypi-attr--_compat.py``, ``npm-undici--lib--core--util.js``."""
    return f"{prefix}--{flat(rel)}" if prefix.startswith("npm-") else f"{prefix}-{flat(rel)}"


def dist_infos(sites: list[Path]) -> Iterator[tuple[str, Path]]:
    for site in sites:
        for d in sorted(site.glob("*.dist-info")):
            yield d.name.split("-")[0].lower().replace("_", "-"), d


def source_trees(sites: list[Path]) -> Iterator[tuple[str, str, Path, Path]]:
    """(prefix, package, root, file) of every source file of the Python trees and npm."""
    roots = [("pypi", s) for s in sites] + [("debian-py", DEB_PY), ("python3.11", STDLIB)]
    for prefix, root in roots:
        for p in _files(root, SOURCE_EXT):
            rel = p.relative_to(root)
            if rel.parts[0].endswith((".dist-info", ".egg-info")) or (
                    prefix == "python3.11" and rel.parts[0] in ("dist-packages", "site-packages")):
                continue
            yield prefix, rel.parts[0].removesuffix(".py"), root, p
    for name, folder in npm_packages():
        for p in _files(folder, SOURCE_EXT):
            rel = p.relative_to(folder)
            if "node_modules" not in rel.parts:
                yield f"npm-{name}", name, folder, p


def pools(sites: list[Path], scancode: Path | None) -> dict[str, tuple[str, int, list[Candidate]]]:
    """Pool id -> (what, how many to draw, candidates)."""
    out: dict[str, tuple[str, int, list[Candidate]]] = {}

    def add(pool: str, what: str, k: int, cands: Iterator[Candidate]) -> None:
        out[pool] = (what, k, list(cands))

    def licence_files() -> Iterator[Candidate]:
        for dist, d in dist_infos(sites):
            for p in _files(d):
                if LICENCE_FILE.match(p.name):
                    yield Candidate(f"pypi-{dist}--{flat(p.relative_to(d))}", p, dist, LIST_HEAD)
        for name, folder in npm_packages():
            for p in sorted(folder.iterdir()):
                if p.is_file() and LICENCE_FILE.match(p.name):
                    yield Candidate(f"npm-{name}--{p.name}", p, name, LIST_HEAD)
        for p in _files(DOC):
            if LICENCE_FILE.match(p.name):
                pkg = p.relative_to(DOC).parts[0]
                yield Candidate(f"debian-doc-{pkg}--{flat(p.relative_to(DOC / pkg))}", p, pkg,
                                LIST_HEAD)

    def copyright_files() -> Iterator[Candidate]:
        for p in sorted(DOC.glob("*/copyright")):
            if p.is_file() and not p.is_symlink() and p.stat().st_size <= DOC_HEAD:
                pkg = p.parent.name
                yield Candidate(f"debian-copyright-{pkg}", p, pkg, DOC_HEAD)

    def sources(keep: Callable[[str], bool]) -> Iterator[Candidate]:
        for prefix, pkg, root, p in source_trees(sites):
            if LICENCE_FILE.match(p.name):
                continue
            try:
                head = p.read_bytes()[: HEAD * 4].decode("utf-8")[:HEAD]
            except UnicodeDecodeError:
                continue
            if keep(head):
                yield Candidate(_source_name(prefix, p.relative_to(root)), p, pkg, HEAD)

    def manifests(with_licence: bool) -> Iterator[Candidate]:
        found: list[Candidate] = []
        for dist, d in dist_infos(sites):
            if (d / "METADATA").is_file():
                found.append(Candidate(f"pypi-{dist}--METADATA", d / "METADATA", dist, HEAD))
        for name, folder in npm_packages():
            found.append(Candidate(f"npm-{name}--package.json", folder / "package.json",
                                   name, HEAD))
        for p in _files(MAVEN, {".pom"}):
            found.append(Candidate(f"maven-{p.name}", p, p.stem, HEAD))
        for c in found:
            t = c.text()
            if t is not None and bool(re.search(r"(?i)licen[cs]", t)) == with_licence:
                yield c

    def id_lists() -> Iterator[Candidate]:
        trees = [*(("pypi", s) for s in sites), ("debian-py", DEB_PY), ("python3.11", STDLIB)]
        if scancode is not None:  # ScanCode's environment: license-expression, licensedcode
            trees.append(("pypi", scancode))
        trees += [(f"npm-{n}", f) for n, f in npm_packages()]
        ids = spdx_ids()
        for prefix, root in trees:
            for p in _files(root, LIST_EXT):
                rel = p.relative_to(root)
                # CycloneDX SBOMs in dist-info folders are left out: whether a list of
                # components applies their licences is a question the labels have no rule for
                if (prefix.startswith("npm-") and "node_modules" in rel.parts) or (
                        LICENCE_FILE.match(p.name)) or rel.parts[0].endswith(".dist-info") or (
                        p.stat().st_size > 5_000_000):
                    continue
                try:
                    t = p.read_text("utf-8")[:LIST_HEAD]
                except UnicodeDecodeError:
                    continue
                if len(set(ID_TOKEN.findall(t)) & ids) >= MIN_IDS:
                    pkg = prefix[4:] if prefix.startswith("npm-") else rel.parts[0]
                    yield Candidate(_source_name(prefix, rel), p, pkg, LIST_HEAD)

    def readmes() -> Iterator[Candidate]:
        doc = re.compile(r"^(?:readme|news|changelog)", re.IGNORECASE)
        for p in _files(DOC):
            if doc.match(p.name) and p.parent.parent == DOC:
                c = Candidate(f"debian-doc-{p.parent.name}--{flat(p.name)}", p, p.parent.name,
                              DOC_HEAD)
                t = c.text()
                if t is not None and re.search(r"(?i)licen[cs]", t):
                    yield c
        for name, folder in npm_packages():
            for p in sorted(folder.glob("[Rr][Ee][Aa][Dd][Mm][Ee]*")):
                c = Candidate(f"npm-{name}--{p.name}", p, name, DOC_HEAD)
                t = c.text()
                if p.is_file() and t is not None and re.search(r"(?i)licen[cs]", t):
                    yield c

    def licensedb() -> Iterator[Candidate]:
        if scancode is None:
            return
        for p in sorted((scancode / "licensedcode" / "data" / "licenses").glob("*.LICENSE")):
            yield Candidate(f"scancode-licensedb-{p.stem}.yml", p, p.stem, LIST_HEAD, True)

    add("H1", "licence files (LICENSE*, LICENCE*, COPYING*, NOTICE*) of PyPI dist-info "
        "folders, npm packages and Debian docs", 8, licence_files())
    add("H2", "Debian copyright files of at most 20,000 characters", 7, copyright_files())
    add("H3", "heads of source files with 'copyright', 'licen…' or 'spdx' in their first "
        "3,000 characters", 9, sources(lambda h: bool(HEADER_WORDS.search(h[:3000]))))
    add("H4", "package manifests (PyPI METADATA, npm package.json, Maven POMs) with "
        "'licen…'", 4, manifests(True))
    add("H5", "package manifests without 'licen…'", 5, manifests(False))
    add("H6", "files with 8 or more SPDX-list ids as tokens (id lists, tables), outside "
        "licence files and dist-info folders", 4, id_lists())
    add("H7", "Debian READMEs, NEWS and changelogs and npm READMEs that mention a licence", 8,
        readmes())
    add("H8", "heads of source files that name a licence but have no header in their first "
        "3,000 characters", 8, sources(
            lambda h: not HEADER_WORDS.search(h[:3000]) and bool(NAMES.search(h))))
    add("H9", "heads of any source files", 6, sources(lambda h: bool(h.strip())))
    add("H10", "ScanCode LicenseDB records (YAML front matter)", 6, licensedb())
    return out


def package_keys(name: str) -> set[str]:
    """Package keys an output file name encodes (``pypi-attr--_compat.py`` -> attr, ...)."""
    keys = {name.split("--")[0].lower()}
    for prefix in ("pypi-", "debian-py-", "debian-copyright-", "debian-doc-", "maven-",
                   "scancode-licensedb-", "npm-"):
        if name.startswith(prefix):
            keys.add(name[len(prefix):].split("--")[0].removesuffix(".yml")
                     .removesuffix(".pom").removesuffix(".py").lower())
    return keys


def in_set() -> tuple[set[str], set[str]]:
    """Content hashes and package keys of the files already in labels.json."""
    cases = json.loads((HERE / "labels.json").read_text("utf-8"))["cases"]
    digests, packages = set(), set()
    for c in cases:
        digests.add(sha((HERE / c["file"]).read_text("utf-8").strip()))
        packages |= package_keys(Path(c["file"]).name)
    return digests, packages


# characters each pool keeps, and whether only the YAML front matter is kept
POOL_HEAD = {"H1": (LIST_HEAD, False), "H2": (DOC_HEAD, False), "H3": (HEAD, False),
             "H4": (HEAD, False), "H5": (HEAD, False), "H6": (LIST_HEAD, False),
             "H7": (DOC_HEAD, False), "H8": (HEAD, False), "H9": (HEAD, False),
             "H10": (LIST_HEAD, True)}


def explored(site: Path, scancode: Path | None) -> tuple[set[str], set[str], set[str], int]:
    """(file names, content hashes, package keys, unreadable files) of ``explored.tsv``.

    Package keys are those of :func:`package_keys`, plus ``python3.11-<module>`` for the
    standard library, matched against a candidate's own output name (see :func:`draw`).
    """
    names: set[str] = set()
    digests: set[str] = set()
    packages: set[str] = set()
    missing = 0
    path = HERE / "explored.tsv"
    if not path.is_file():
        return names, digests, packages, missing
    places = [("<provscan venv site-packages>", site)]
    if scancode is not None:
        places.append(("<scancode site-packages>", scancode))
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pool, name, source = line.split("\t")[:3]
        names.add(name)
        packages |= package_keys(name)
        src = re.sub(r"^\.venv/lib/python3[^/]*/site-packages", str(site), source)
        for mark, root in places:
            if src.startswith(mark):
                src = str(root) + src[len(mark):]
        head, front = POOL_HEAD[pool]
        p = Path(src)
        t = Candidate(name, p, "", head, front).text() if p.is_file() else None
        if t is None:
            missing += 1
        else:
            digests.add(sha(t.strip()))
    return names, digests, packages, missing


def draw(out: Path, site: Path, scancode: Path | None, split: str = "fresh",
         counts: dict[str, int] | None = None, keep_explored: bool = False,
         extra: tuple[Path, ...] = ()) -> list[dict[str, str]]:
    digests, packages = in_set()
    seen_names: set[str] = set()
    own_keys: set[str] = set()  # explored packages matched on a candidate's own name
    if not keep_explored:
        names, ex_digests, ex_packages, missing = explored(site, scancode)
        seen_names |= names
        digests |= ex_digests
        packages |= ex_packages
        own_keys = {k for k in ex_packages if k.startswith("python3.11-")}
        print(f"explored.tsv: {len(names)} files and their packages left out"
              f" ({missing} not readable here: left out by name and package only)")
    drawn: list[dict[str, str]] = []
    # Folders that hold packages rather than belong to one (npm's bundled packages, the
    # LicenseDB records): once npm or licensedcode itself is in the set, the packages in
    # them are not its vendored copies, so path components are read below these folders.
    containers = [NODE / "npm" / "node_modules"]
    if scancode is not None:
        containers.append(scancode / "licensedcode" / "data" / "licenses")
    for pool, (what, k, cands) in pools([site, *extra], scancode).items():
        k = (counts or {}).get(pool, k)
        best: dict[str, Candidate] = {}  # first file by sha1 per package
        for c in cands:
            below = next((c.path.relative_to(r) for r in containers if c.path.is_relative_to(r)),
                         c.path)
            parts = {x.lower().removesuffix(".py") for x in below.parts}
            if (c.package.lower() in packages or parts & packages or c.name in seen_names
                    or c.name.split("--")[0].lower() in own_keys):
                continue
            t = c.text()
            if t is None or len(t.strip()) < 50 or sha(t.strip()) in digests:
                continue
            if c.package not in best or sha(c.name) < sha(best[c.package].name):
                best[c.package] = c
        picked = sorted(best.values(), key=lambda c: sha(c.name))
        taken = 0
        for c in picked:
            t = c.text()
            assert t is not None
            if taken == k or sha(t.strip()) in digests:
                continue
            digests.add(sha(t.strip()))
            seen_names.add(c.name)
            (out / c.name).write_text(t, "utf-8")
            drawn.append({"pool": pool, "what": what, "candidates": str(len(best)),
                          "file": c.name, "source": str(c.path), "split": split})
            taken += 1
        short = "" if taken == k else f" (pool exhausted: {k} asked)"
        print(f"{pool}: {len(cands)} files, {len(best)} packages, drew {taken}{short}: {what}")
    return drawn


def _counts(arg: str) -> dict[str, int]:
    """``H1=10,H2=9`` -> {"H1": 10, "H2": 9}."""
    out = {}
    for item in filter(None, arg.split(",")):
        pool, _, n = item.partition("=")
        if not re.fullmatch(r"H(?:[1-9]|10)", pool.strip()) or not n.strip().isdigit():
            raise argparse.ArgumentTypeError(f"{item!r}: write POOL=N with POOL H1..H10")
        out[pool.strip()] = int(n)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--venv", type=Path, required=True, help="provscan's virtualenv")
    ap.add_argument("--scancode-site", type=Path, help="site-packages with licensedcode")
    ap.add_argument("--split", default="fresh", help="name of the part drawn (default fresh)")
    ap.add_argument("--counts", type=_counts, default={},
                    help="files per pool, e.g. H1=10,H2=9 (others as for the third part)")
    ap.add_argument("--keep-explored", action="store_true",
                    help="do not leave out the files and packages of explored.tsv (to "
                    "reproduce fresh and fresh2, drawn before it existed)")
    ap.add_argument("--extra-venv", type=Path, action="append", default=[],
                    help="another virtualenv whose PyPI packages join the pools (widens "
                    "them once provscan's own packages are used up)")
    args = ap.parse_args()
    site = next(args.venv.glob("lib/python3*/site-packages"))
    extra = tuple(next(v.glob("lib/python3*/site-packages")) for v in args.extra_venv)
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    drawn = draw(args.out, site, args.scancode_site, args.split, args.counts,
                 args.keep_explored, extra)
    (args.out / "drawn.json").write_text(json.dumps(drawn, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
