"""Personal names per document, for the deterministic sample: rules by default, or a
trained spaCy pipeline the user names.

The default needs no model: a blank multi-language spaCy pipeline (``spacy.blank("xx")``,
its tokenizer only) and two entity rulers. The first marks spans that look like names but
are places, organisations or brands ("Rue Victor Hugo", "Max Planck Institute",
"Albert Heijn"); the second marks PERSON spans where they do not overlap those:

1. an honorific ("Dr.", "Frau", "Mme", "señora", "sig.", "dhr.", "pani", ...) followed by
   one to three title-case tokens ("Herr Dr. Müller", "mevrouw De Vries");
2. a given name from ``provscan/data/given_names.txt`` followed by one or two title-case
   tokens ("Angela Merkel", "Vincent van Gogh", "Maria Skłodowska-Curie").

Precision comes first: the count is reported as a lower-bound-style estimate. A lone given
name ("thanks, Julia") or surname ("Merkel said") does not count. Measured precision and
recall, speed and limits: docs/detectors-pii-language.md ("Personal names").

``load_name_counter("en_core_web_sm")`` (or a directory saved with ``nlp.to_disk``) uses a
trained pipeline instead and counts its PERSON/PER entities. spaCy is imported only when
a counter is loaded.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from provscan.detect.name_match import BLOCKING, RuleMatches
from provscan.errors import InputError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["MAX_CHARS", "PERSON_LABELS", "NameCounter", "given_names", "load_name_counter"]

PERSON_LABELS = frozenset({"PERSON", "PER"})
MAX_CHARS = 100_000  # longer texts are counted in pieces cut at white space
_OTHER = BLOCKING  # label of the blocking spans; never counted
_KEPT_WORDS = 100_000  # vocabulary kept across calls, ~60 MB (see NameCounter.count)
_FIRST_FLAG = 40  # lexeme flag bits 40.. (spaCy's FLAG19..FLAG63 are free for users)

# --- tables (lower case unless said otherwise) ----------------------------------------------
# Abbreviations, with or without their full stop, in lower case and title case.
_ABBREVIATIONS = """mr mrs dr prof mme mlle mgr sr sra srta dña sig sig.ra sig.na dott
dott.ssa prof.ssa avv ing dhr mevr drs ir ks inż"""
# Words, in lower case and title case, never with a full stop ("... der Herr. Morgen ...").
_WORDS = """herr frau monsieur madame mademoiselle señor señora señorita don doña signor
signora signore signorina meneer mevrouw heer juffrouw pan pani pana panu panem panią senhor
senhora"""
# In lower case only: title case is common in headings ("Find A Doctor Near You").
_LOWER_ONLY = """doctor doctora docteur dottor dottore dottoressa profesor profesora
professor professore professoressa"""
# Exactly as written: these are also words ("miss", "dame", "sir") or initials, or they
# qualify a degree ("Dr. med. dent. Müller").
_EXACT = "Ms Miss Sir Dame M. med. dent. vet. jur. phil. rer. nat. pol. oec. h.c."

_PARTICLES = "van von de di da du des del della dei degli dos das do le la ten ter zu"
_PARTICLES_SECOND = "der den dem de la las los le 't"  # only after a first particle

# Never a name token: function words that start title-case headings, months, weekdays,
# titles and roles, the place/organisation words below, initials.
_STOP = """the a an and or of in on at to for with from by is are was were be your you my
our we he she they it its this that these those how what why when where who which not no
all new best top vs via about after before into over under up out near here there
der die den dem des und oder im am um zum zur vom mit für auf aus bei nach über unter ist
sind war hat ein eine einer einem einen sie er es wir ihr ich zu wie was wer wo
les et ou au aux en pour par sur dans avec est sont un une il elle nous vous ce cette
el los las y o al con por para es son una lo gli e è nel nella per su sono
het een op met voor zijn i w z na od dla po jest oraz się
american european african asian pacific atlantic arab america europe asia africa world
universe
january february april june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec januar februar märz mai juni juli oktober
dezember janvier février mars avril juin juillet août septembre octobre novembre décembre
enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre januari februari
maart mei augustus styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień
październik listopad grudzień monday tuesday wednesday thursday friday saturday sunday
montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi
vendredi samedi dimanche lunes martes miércoles jueves viernes sábado domingo lunedì
martedì mercoledì giovedì venerdì sabato domenica maandag dinsdag woensdag donderdag
vrijdag zaterdag zondag poniedziałek wtorek środa czwartek piątek sobota niedziela
president präsident präsidentin président présidente presidente prezydent minister
ministerin ministre ministro premier chancellor kanzler kanzlerin mayor bürgermeister
bürgermeisterin maire alcalde sindaco burgemeester senator speaker chairman judge doktor
professeur king queen könig königin roi reine rey reina koning koningin król królowa
prince prinz principe príncipe prins pope papst pape paus papież bishop bischof kollege
kollegin lehrer lehrerin pfarrer pro plus mini ultra max edition series model app code
studio cloud theme framework library language programming sonnet opus haiku"""
# After a name they make it a place or organisation ("John Lennon Airport"); before one,
# in title case, a street or place ("Via Giuseppe Verdi", "Santa Maria Novella").
_SUFFIXES = """street road avenue lane square place park bridge station airport hospital
huis haus school college university institute foundation museum library gallery hall centre
center stadium arena church cathedral chapel abbey castle palace tower building house hotel
theatre theater prize award trophy cup medal fund trust memorial lecture society company
group bank ltd inc gmbh ag sa spa bv nv plc llc straße strasse platz weg allee gasse brücke
bahnhof flughafen krankenhaus klinik schule gymnasium universität hochschule institut
stiftung bibliothek halle stadion kirche schloss preis gesellschaft verlag straat laan plein
gracht kade brug luchthaven ziekenhuis universiteit stichting bibliotheek kerk kasteel
paleis prijs zentrum centrum museo"""
_PREFIXES = """Rue Avenue Boulevard Place Quai Pont Gare Aéroport Hôpital École Lycée
Collège Université Institut Fondation Musée Maison Casa Stade Église Calle Avenida Plaza
Paseo Puente Centro Estación Aeropuerto Hospital Escuela Colegio Instituto Universidad Fundación
Museo Estadio Iglesia Teatro Via Viale Piazza Piazzale Corso Largo Ponte Stazione Aeroporto
Ospedale Scuola Liceo Istituto Università Fondazione Stadio Chiesa Palazzo Ulica Aleja Plac
Osiedle Rondo Mount Lake Fort Port Cape Saint St Ste San Santa Santo São Sankt Sint Sainte
Święty Sveti"""
_PREFIXES_LOWER = "rue calle avenida piazza via viale corso ulica aleja plac"
_PREFIXES_DOTTED = "ul al pl os św st"  # abbreviations, only with their full stop
# "Jan Pieterszoon Coenstraat", "Karl Marx Allee": a compound street name ends the span.
_STREET_END = r"(straße|strasse|straat|laan|plein|gracht|kade|singel|platz|allee|gasse|weg)$"
# Brands and places named after people, more often meant than the person.
_PHRASES = """Albert Heijn|Hugo Boss|Tommy Hilfiger|Calvin Klein|Ralph Lauren|Louis Vuitton
|Christian Dior|Giorgio Armani|Yves Saint Laurent|Dr. Oetker|Dr. Martens|Marc O'Polo|Tom Tailor
|Max Planck|Roland Garros|Aloe Vera|Notre-Dame"""


def _split(table: str) -> list[str]:
    return table.split()


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The shipped given-name lexicon (``provscan/data/given_names.txt``)."""
    path = resources.files("provscan") / "data" / "given_names.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(s.strip() for s in lines if s.strip() and not s.startswith("#"))


def _cased(words: list[str]) -> frozenset[str]:
    return frozenset(w for word in words for w in (word, word[:1].upper() + word[1:]))


_INITIALS = frozenset(f"{c}." for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZÁÄÅÆÇČÉÍŁÓÖØŚŠÚÜŽŻ")
# Surnames with a capital inside: McDonald, MacArthur, DiCaprio, LeBlanc, FitzGerald.
_CAMEL = re.compile(r"(?:Mc|Mac|Di|De|Da|Del|La|Le|Van|Von|Fitz)[A-Z][a-z]+")
_STREET = re.compile(_STREET_END)


def _dotted_abbreviations() -> list[str]:
    """Honorific abbreviations with their full stop, which the tokenizer is told to keep
    as one token ("Dr." rather than "Dr" "."), so a pattern needs one token for them."""
    titles = [f"{a}." for a in _cased(_split(_ABBREVIATIONS)) if "." not in a]
    return sorted(titles + [w for w in _split(_EXACT) if w.endswith(".") and len(w) > 2])


def _flag_getters() -> dict[str, Callable[[str], bool]]:
    """The word properties the patterns test, as spaCy lexeme flags: each is computed once
    per distinct word, and the matcher tests flags in C (Python predicates such as
    {"IN": [...]} cost a call per token and pattern, ~10x slower)."""
    stop = frozenset(_split(_STOP) + _split(_SUFFIXES))
    honorifics = (_cased(_split(_ABBREVIATIONS)) | frozenset(_dotted_abbreviations())
                  | _cased(_split(_WORDS)) | frozenset(_split(_LOWER_ONLY) + _split(_EXACT)))
    particles, seconds = frozenset(_split(_PARTICLES)), frozenset(_split(_PARTICLES_SECOND))
    suffixes = frozenset(_split(_SUFFIXES))
    prefixes = frozenset(_split(_PREFIXES) + _split(_PREFIXES_LOWER))
    dotted = frozenset(_split(_PREFIXES_DOTTED))

    def name(s: str) -> bool:
        return (len(s) >= 2 and "." not in s and (s.istitle() or _CAMEL.fullmatch(s) is not None)
                and s.lower() not in stop and s not in honorifics)

    return {
        "given": given_names().__contains__,
        "name": name,
        "honorific": honorifics.__contains__,
        "particle": particles.__contains__,
        "second": seconds.__contains__,
        "initial": _INITIALS.__contains__,
        "suffix": lambda s: s.istitle() and s.lower() in suffixes,
        "prefix": prefixes.__contains__,
        "dotted": lambda s: s.lower() in dotted,
        "street": lambda s: s.istitle() and _STREET.search(s.lower()) is not None,
    }


def _patterns(flag: Callable[[str], dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    """(blocking patterns, PERSON patterns) for the two entity rulers; ``flag(key)`` is the
    token spec that tests one of the flags of ``_flag_getters``. Few patterns: the matcher's
    cost grows with their number."""
    name, given, particle = flag("name"), flag("given"), flag("particle")
    honorific, title, hyphen = flag("honorific"), {"IS_TITLE": True}, {"ORTH": "-"}

    def opt(spec: dict[str, Any], op: str = "?") -> dict[str, Any]:
        return {**spec, "OP": op}

    # A second particle only after a first: "von der Leyen", but not "Herr der Ringe".
    particles: list[list[dict[str, Any]]] = [[], [particle], [particle, flag("second")]]
    initials = opt(flag("initial"), "*")
    person = []
    for parts in particles:
        # 1. honorific(s), then one to three name tokens: "Prof. Dr. Christian Drosten"
        person.append([honorific, opt(honorific), opt(honorific), initials, *parts, name,
                       opt(hyphen), opt(name), opt(hyphen), opt(name)])
        # 2. a given name, then one or two name tokens (and a second given name or
        # initials): "Johann Wolfgang von Goethe", "John F. Kennedy", "Skłodowska-Curie"
        person.append([given, opt(name), initials, *parts, name, opt(hyphen), opt(name)])
    # 2b. a hyphenated given name, then a surname ("Jean-Paul Sartre"), or alone when both
    # parts are given names ("Willem-Alexander", but not "Claude-Web")
    person.append([given, hyphen, name, initials, opt(particle), name, opt(hyphen), opt(name)])
    person.append([given, hyphen, given])

    loose = [title, opt(particle), opt(particle), opt(title), opt(title), opt(title)]
    other: list[Any] = [
        [flag("prefix"), *loose],  # "Via Giuseppe Verdi", "Santa Maria Novella"
        [flag("dotted"), {"ORTH": "."}, *loose],  # "ul. Jana Pawła II", "St. Peter"
        # "John Lennon Airport", "Leonardo da Vinci Airport"
        [given, opt(hyphen), opt(title), opt(particle), opt(particle), opt(title), opt(title),
         flag("suffix")],
        [given, opt(title), opt(title), flag("street")],  # "Jan Pieterszoon Coenstraat"
        [given, hyphen, title, hyphen, title],  # "Max-Planck-Gesellschaft"
    ]
    other += [p.strip() for p in _PHRASES.split("|")]  # phrase patterns
    return ([{"label": _OTHER, "pattern": p} for p in other],
            [{"label": "PERSON", "pattern": p} for p in person])


@dataclass(frozen=True)
class NameCounter:
    """Counts PERSON entities per text with a loaded spaCy pipeline.

    ``method`` describes it for reports. Pickling sends only the ``pipeline`` argument: the
    receiving process loads (and caches) its own counter.
    """

    nlp: Language
    method: str
    pipeline: str | None = None
    batch_size: int = 64
    rules: RuleMatches | None = None  # provscan's rules: counted without setting doc.ents

    def count(self, texts: Sequence[str | None]) -> np.ndarray:
        """Number of PERSON/PER entities in each text (int32); 0 for empty or null text."""
        out = np.zeros(len(texts), dtype=np.int32)
        owners: list[int] = []

        def pieces() -> Iterator[str]:
            for i, text in enumerate(texts):
                for piece in _pieces(text or ""):
                    owners.append(i)
                    yield piece

        # spaCy keeps every word it sees in its vocabulary. The first _KEPT_WORDS stay (the
        # frequent words, computed once); after that, a memory zone frees new words. (The
        # vocabulary's length counts the freed words too, so the zone stays on.)
        zone: Any = contextlib.nullcontext
        if len(self.nlp.vocab) >= _KEPT_WORDS and hasattr(self.nlp, "memory_zone"):
            zone = self.nlp.memory_zone
        with zone():
            if self.rules is not None:  # the tokenizer and one matcher pass per text
                tokenizer: Any = self.nlp.tokenizer
                docs = tokenizer.pipe(pieces(), batch_size=self.batch_size)
                for k, doc in enumerate(docs):
                    out[owners[k]] += self.rules.count(doc)
                return out
            for k, doc in enumerate(self.nlp.pipe(pieces(), batch_size=self.batch_size)):
                out[owners[k]] += sum(1 for e in doc.ents if e.label_ in PERSON_LABELS)
        return out

    def __reduce__(self) -> tuple[Any, tuple[str | None]]:
        return load_name_counter, (self.pipeline,)


def _pieces(text: str, limit: int = MAX_CHARS) -> list[str]:
    """The text in pieces of at most ``limit`` characters, cut at a line break or space in
    the second half of each piece where there is one. No pieces for white space only."""
    out: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", limit // 2, limit)
        if cut < 0:
            cut = text.rfind(" ", limit // 2, limit)
        if cut < 0:
            cut = limit
        out.append(text[:cut])
        text = text[cut:]
    if text.strip():
        out.append(text)
    return out


def check_available(pipeline: str | None = None) -> None:
    """Fail early, in the coordinating process and without importing spaCy, when the
    name counter could not load in the workers."""
    import importlib.util
    import os

    if importlib.util.find_spec("spacy") is None:
        raise InputError("counting personal names needs spaCy, which is not installed: "
                         "pip install spacy, or set options.person_names.enabled: false")
    if pipeline and not os.path.isdir(pipeline) and importlib.util.find_spec(pipeline) is None:
        raise InputError(
            f"person_names.pipeline {pipeline!r} is neither an installed spaCy pipeline "
            "package nor a folder. Install it (e.g. python -m spacy download "
            f"{pipeline}), give a folder saved with nlp.to_disk, or leave the option out "
            "to use provscan's rules")


def load_name_counter(pipeline: str | None = None) -> NameCounter:
    """The rules (``None``), or the installed spaCy pipeline package or pipeline directory
    named by ``pipeline``. Cached per thread (a spaCy pipeline is not for concurrent
    use; threads of one process share the import). Raises InputError when the pipeline cannot
    be loaded or has no entity recogniser for PERSON/PER."""
    import threading

    return _load(pipeline, threading.get_ident())


def forget_counters() -> None:
    """Drop the loaded counters (each thread's spaCy pipeline)."""
    _load.cache_clear()


def rules_method(spacy_version: str) -> str:
    """How the default counter finds names, for reports."""
    return (f"rules: blank spaCy {spacy_version} + EntityRuler (provscan honorifics and "
            f"{len(given_names()):,} given names)")


@lru_cache(maxsize=8)
def _load(pipeline: str | None, thread: int) -> NameCounter:
    import spacy

    if pipeline is None:
        nlp: Any = spacy.blank("xx")
        nlp.max_length = MAX_CHARS
        for abbreviation in _dotted_abbreviations():
            nlp.tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
        ids = {key: nlp.vocab.add_flag(getter, flag_id=_FIRST_FLAG + i)
               for i, (key, getter) in enumerate(_flag_getters().items())}
        blocking, person = _patterns(lambda key: {f"FLAG{ids[key]}": True})
        # The pipeline keeps the two entity rulers (what a user inspecting ``nlp`` sees);
        # counting runs ``_Rules``: the same patterns in one matcher pass, same result.
        nlp.add_pipe("entity_ruler", name="not_person").add_patterns(blocking)
        nlp.add_pipe("entity_ruler", name="person").add_patterns(person)
        method = rules_method(spacy.about.__version__)
        return NameCounter(nlp, method, None, batch_size=256,
                           rules=RuleMatches.build(nlp, blocking, person, ids))
    return _trained(spacy, pipeline)


def _trained(spacy: Any, pipeline: str) -> NameCounter:
    try:
        nlp = spacy.load(pipeline)
    except Exception as err:  # spaCy raises OSError, ValueError, ImportError, ...
        raise InputError(
            f"person names: cannot load the spaCy pipeline {pipeline!r} ({err}). Install "
            f"it (for a package, e.g. `python -m spacy download en_core_web_sm`), give the "
            f"directory of a pipeline saved with nlp.to_disk, or leave the pipeline option "
            f"out to count names with provscan's rules") from err
    producers = [
        name for name, pipe in nlp.pipeline
        if "doc.ents" in nlp.get_pipe_meta(name).assigns
        and PERSON_LABELS & set(getattr(pipe, "labels", ()))
    ]
    if not producers:
        raise InputError(
            f"person names: the spaCy pipeline {pipeline!r} has no entity recogniser with a "
            f"PERSON or PER label (components: {', '.join(nlp.pipe_names) or 'none'}). Use a "
            f"pipeline whose NER finds persons (e.g. en_core_web_sm, de_core_news_sm), or "
            f"leave the pipeline option out to use provscan's rules")
    # Keep the recognisers and the shared embedding layers they listen to (tok2vec,
    # transformer); the tagger, parser, lemmatizer etc. are not needed.
    keep = set(producers)
    keep |= {name for name, pipe in nlp.pipeline
             if keep & set(getattr(pipe, "listening_components", ()))}
    nlp.select_pipes(enable=[name for name in nlp.pipe_names if name in keep])
    nlp.max_length = MAX_CHARS
    meta = nlp.meta
    label = f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '?')}"
    where = f" from directory {Path(pipeline).name!r}" if Path(pipeline).is_dir() else ""
    factories = ", ".join(nlp.get_pipe_meta(name).factory for name in producers)
    return NameCounter(nlp, f"spaCy pipeline {label}{where} ({factories})", pipeline)
