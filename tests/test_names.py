"""Personal-name counts (docs/detectors-pii-language.md, "Personal names"): what the rules
count and what they must not, precision and recall on the labelled set in
tests/data/person_names.jsonl, speed, and trained spaCy pipelines loaded from a directory.

Run with ``-s`` to see the measured figures."""

from __future__ import annotations

import json
import pickle
import random
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from provscan.detect import names
from provscan.detect.names import (
    MAX_CHARS,
    NameCounter,
    given_names,
    load_name_counter,
)
from provscan.errors import InputError

LABELLED = Path(__file__).parent / "data" / "person_names.jsonl"

# (text, PERSON count) in several languages: honorifics, given name + surname, particles,
# hyphens, initials, inflected Polish forms.
NAMES: list[tuple[str, int]] = [
    ("Dr. Sarah Mitchell said the results were encouraging.", 1),
    ("Thanks to Mrs Patel for organising the bake sale.", 1),
    ("Narrated by Sir David Attenborough.", 1),
    ("John F. Kennedy was born in 1917.", 1),
    ("Contact Linda O'Connor or Ronald McDonald.", 2),
    ("Marie Curie and Pierre Curie shared the prize.", 2),
    ("Theresa May and Brian May", 2),
    ("Sehr geehrte Frau Schneider,", 1),
    ("Laut Prof. Dr. Christian Drosten ist die Lage stabil.", 1),
    ("Herr Dr. med. Weber hat heute keine Sprechstunde.", 1),
    ("Johann Wolfgang von Goethe wurde 1749 geboren.", 1),
    ("Frau von der Leyen sprach in Straßburg.", 1),
    ("Wir gratulieren Karl-Heinz Rummenigge.", 1),
    ("Prof. Müller-Lüdenscheidt", 1),
    ("Selon M. Bernard, le chantier sera terminé.", 1),
    ("Mme Nathalie Girard, notaire à Lyon", 1),
    ("Le docteur Lefèvre reçoit sur rendez-vous.", 1),
    ("Simone de Beauvoir et Jean-Paul Sartre", 2),
    ("La señora García llamó ayer.", 1),
    ("Miguel de Cervantes murió en 1616.", 1),
    ("Según Dña. Carmen Ruiz, las clases empiezan el lunes.", 1),
    ("Don Quijote y Sancho Panza salieron al amanecer.", 2),
    ("Gentile sig. Rossi, la sua richiesta è registrata.", 1),
    ("La dott.ssa Bianchi riceve il martedì.", 1),
    ("Il professor Conti terrà la lezione.", 1),
    ("Leonardo da Vinci dipinse la Gioconda.", 1),
    ("Geachte heer De Vries,", 1),
    ("Mevrouw Jansen is afwezig; bel dhr. Bakker.", 2),
    ("Mr. drs. Pieter Visser, advocaat te Utrecht", 1),
    ("Koning Willem-Alexander opende het gebouw.", 1),
    ("Pani Nowak prosi o kontakt.", 1),
    ("Rozmawialiśmy z panem Kowalskim.", 1),
    ("Według dr. Tomasza Wiśniewskiego szczepionka jest bezpieczna.", 1),
    ("Wywiad z Agnieszką Holland o filmie.", 1),
    ("Maria Skłodowska-Curie otrzymała Nagrodę Nobla.", 1),
    ("Ο Γιώργος Παπαδόπουλος είπε", 1),
]

# Capitalised words that are not person names: headings, places, organisations, brands,
# months, titles without a name, code.
NOT_NAMES: list[str] = [
    "Top 10 Things To Do In Edinburgh This Summer",
    "Victoria Station will be closed; use London Bridge instead.",
    "Will Parliament approve the budget?",
    "May Day celebrations in Oxford begin at dawn.",
    "The Christian Democratic Union won the most seats.",
    "Max Planck Institute for Intelligent Systems, Stuttgart",
    "Die Max-Planck-Gesellschaft fördert Grundlagenforschung.",
    "Johann-Wolfgang-Goethe-Universität Frankfurt und Friedrich-Ebert-Stiftung",
    "Karl-Marx-Straße 12, 12043 Berlin",
    "Der Herr der Ringe läuft am Sonntag.",
    "...sprach mit dem Herr. Morgen gehen wir.",
    "Herr Präsident, meine Damen und Herren",
    "Monsieur le Président, Madame la Ministre",
    "Notre-Dame de Paris a rouvert ses portes.",
    "Rue Victor Hugo, 69002 Lyon",
    "Via Giuseppe Garibaldi 12, 10122 Torino",
    "Aeroporto Leonardo da Vinci di Fiumicino",
    "Basilica di Santa Maria Maggiore",
    "San Francisco, Santa Monica and St. Peter's Basilica",
    "ul. Jana Pawła II 15, 00-828 Warszawa",
    "Jan Pieterszoon Coenstraat 7, Den Haag",
    "Albert Heijn verlaagt de prijzen.",
    "Hugo Boss, Tommy Hilfiger and Calvin Klein",
    "Pan Am była kiedyś największą linią lotniczą.",
    "Find A Doctor Near You",
    "I miss Paris",
    "MS Word and MS Excel",
    "Dear Sir or Madam,",
    "Jan Feb Mar Apr",
    "Claude Code and Claude-Web",
    "Mercedes-Benz und BMW",
    "Ernst & Young",
    "class UserProfile(models.Model):\n    first_name = models.CharField(max_length=50)",
]

# Counted although no person is meant: names inside names of things, and German nouns
# after "Frau"/"Herr". Acceptable: rare, and each still contains a name-shaped phrase.
ACCEPTED_HITS: list[str] = [
    "Martin Luther King Day",  # a holiday named after a person
    "l'école primaire Jules Ferry",  # lower-case "école" is not a place prefix
    "Heinz Tomato Ketchup",  # a brand named after a person
    "Jede Frau Kinder",  # a German noun after "Frau"
    "Miss France 2025",  # a pageant title
]

# Person names not counted: the rules need an honorific or a given name from the lexicon
# followed by a title-case surname, on one line.
ACCEPTED_MISSES: list[str] = [
    "Thanks, Julia!",  # a lone given name
    "Merkel said no.",  # a lone surname
    "BY JOHN SMITH",  # all capitals
    "john smith",  # lower case
    "Will Smith and Mark Twain",  # given names left out of the lexicon as common words
    "Rosa Parks",
    "Keir Starmer",  # a given name not in the lexicon
    "Orbán Viktor",  # surname first
    "Anna\nSchmidt",  # across a line break
    "Dr. Oetker",  # blocked on purpose: the brand is meant far more often
]


@pytest.fixture(scope="module")
def rules() -> NameCounter:
    return load_name_counter()


@pytest.mark.parametrize(("text", "expected"), NAMES)
def test_names(rules: NameCounter, text: str, expected: int) -> None:
    assert rules.count([text]).tolist() == [expected]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_not_names(rules: NameCounter, text: str) -> None:
    assert rules.count([text]).tolist() == [0]


@pytest.mark.parametrize("text", ACCEPTED_HITS)
def test_accepted_hits(rules: NameCounter, text: str) -> None:
    assert rules.count([text]).tolist() == [1]


@pytest.mark.parametrize("text", ACCEPTED_MISSES)
def test_accepted_misses(rules: NameCounter, text: str) -> None:
    assert rules.count([text]).tolist() == [0]


def labelled() -> list[dict[str, Any]]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]


def test_labelled_set_shape() -> None:
    rows = labelled()
    assert len(rows) >= 300
    assert {r["lang"] for r in rows} == {"en", "de", "fr", "es", "it", "nl", "pl"}
    assert all(isinstance(r["names"], int) and r["names"] >= 0 for r in rows)
    assert 0.4 < sum(r["names"] > 0 for r in rows) / len(rows) < 0.6
    assert {r["part"] for r in rows} == {"dev", "held-out"}


def scores(rows: list[dict[str, Any]], got: np.ndarray) -> tuple[float, float, int, int]:
    """Document-level precision and recall of "has at least one name", and the number of
    true and false positives."""
    gold = np.array([r["names"] > 0 for r in rows])
    pred = got > 0
    tp, fp = int((gold & pred).sum()), int((~gold & pred).sum())
    return tp / max(tp + fp, 1), tp / int(gold.sum()), tp, fp


def test_precision_and_recall_on_labelled_set(rules: NameCounter) -> None:
    rows = labelled()
    got = rules.count([r["text"] for r in rows])
    precision, recall, tp, fp = scores(rows, got)
    print(f"\nall {len(rows)}: precision {precision:.3f} ({tp} of {tp + fp}), "
          f"recall {recall:.3f}")
    for part in ("dev", "held-out"):
        sel = [i for i, r in enumerate(rows) if r["part"] == part]
        p, r, tp, fp = scores([rows[i] for i in sel], got[sel])
        print(f"{part} {len(sel)}: precision {p:.3f} ({tp} of {tp + fp}), recall {r:.3f}")
    by_lang: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_lang[row["lang"]].append(i)
    for lang, sel in sorted(by_lang.items()):
        p, r, _, _ = scores([rows[i] for i in sel], got[sel])
        print(f"  {lang}: precision {p:.3f} recall {r:.3f}")
    gold = np.array([r["names"] for r in rows])
    print(f"mentions: {int(got.sum())} counted, {int(gold.sum())} labelled, "
          f"{int(np.minimum(got, gold).sum())} matched")
    assert precision >= 0.95  # measured 1.000 (119 of 119)
    assert recall >= 0.72  # measured 0.799


def test_precision_and_recall_on_held_out_part(rules: NameCounter) -> None:
    """The part written before the rules were first run on it (the dev part was used while
    writing them). At that first run: precision 0.963, recall 0.531; the lexicon was then
    extended with common names it lacked (some from these misses)."""
    rows = [r for r in labelled() if r["part"] == "held-out"]
    precision, recall, _, _ = scores(rows, rules.count([r["text"] for r in rows]))
    assert precision >= 0.9  # measured 1.000 (33 of 33)
    assert recall >= 0.6  # measured 0.673


def test_batch_order_types_empty_and_null(rules: NameCounter) -> None:
    texts: list[str | None] = ["", None, "   \n ", "Frau Schneider und Herr Yilmaz", "nichts"]
    out = rules.count(texts)
    assert out.dtype == np.int32
    assert out.tolist() == [0, 0, 0, 2, 0]
    assert rules.count([]).tolist() == []


def test_long_texts_are_counted_in_pieces(rules: NameCounter) -> None:
    """Texts longer than spaCy's limit (MAX_CHARS) are counted in pieces: every name of
    the text is counted once, wherever it is."""
    filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 4_000  # 228 KB
    name = " Angela Merkel "
    half = len(filler) // 2
    text = name + filler[:half] + name + filler[half:] + name
    assert len(text) > 2 * MAX_CHARS
    assert rules.count([text, "Dr. Weber"]).tolist() == [3, 1]
    sentence = "Lorem ipsum dolor sit amet.\n"
    spread = "".join(f"Dr. Weber met Frau Schneider. {sentence * 300}" for _ in range(30))
    assert len(spread) > 2 * MAX_CHARS
    assert rules.count([spread]).tolist() == [60]
    # no white space to cut at: a hard cut, and the name after it is still found
    assert rules.count(["x" * (MAX_CHARS + 5) + " Dr. Weber"]).tolist() == [1]


def test_words_beyond_the_kept_vocabulary_are_freed(
    rules: NameCounter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past _KEPT_WORDS, new words live in a spaCy memory zone: same counts, no growth."""
    texts = [r["text"] for r in labelled()]
    expected = rules.count(texts)
    monkeypatch.setattr(names, "_KEPT_WORDS", 0)
    fresh = [f"Frau Zyxwvq{i} und Yolanda Qwxyz{i} lasen {i}." for i in range(50)]
    assert rules.count(fresh).tolist() == [2] * 50
    assert "Zyxwvq7" not in rules.nlp.vocab and "Zyxwvq7" not in rules.nlp.vocab.strings
    assert rules.count(texts).tolist() == expected.tolist()


def test_loaded_once_per_process_and_pickled_by_argument(rules: NameCounter) -> None:
    assert load_name_counter() is rules is load_name_counter(None)
    assert pickle.loads(pickle.dumps(rules)) is rules
    assert len(pickle.dumps(rules)) < 200  # the argument, not the pipeline
    assert rules.method.startswith("rules: blank spaCy 3.")
    assert "EntityRuler" in rules.method and f"{len(given_names()):,} given names" in rules.method


def test_importing_the_module_does_not_import_spacy() -> None:
    code = "import sys, provscan.detect.names; print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_lexicon() -> None:
    path = Path(__file__).parents[1] / "src" / "provscan" / "data" / "given_names.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and "names-dataset" in path.read_text(encoding="utf-8")
    names = [s for s in lines if s and not s.startswith("#")]
    assert len(names) == len(set(names)) == len(given_names())
    assert 1_000 <= len(names) <= 2_000
    assert all(s == s.strip() and s[0].isupper() and " " not in s for s in names)
    common_words = {"Will", "May", "Mark", "Bill", "Rose", "Grace", "Hope", "Victoria",
                    "Paris", "Christian", "Roman", "Jordan", "Mercedes", "Dolores", "August",
                    "April", "June", "Juli", "Natale", "Pascal", "Mai", "Marka", "Barbary"}
    assert not common_words & given_names()


def test_speed_on_web_like_documents(rules: NameCounter) -> None:
    """~2 KB documents made of the labelled texts and shuffled words from them (for new
    vocabulary), one core. Printed with -s; docs/detectors-pii-language.md has the figures."""
    rng = random.Random(7)
    texts = [r["text"] for r in labelled()]
    words = " ".join(texts).split()
    docs = []
    for _ in range(1_000):
        parts: list[str] = []
        while sum(map(len, parts)) < 2_100:
            parts.append(rng.choice(texts) if rng.random() < 0.5 else
                         " ".join(rng.choices(words, k=12)) + f" {rng.randrange(10**6)}.")
        docs.append(" ".join(parts)[:2_048])
    rules.count(docs[:100])
    start = time.perf_counter()
    rules.count(docs)
    seconds = time.perf_counter() - start
    print(f"\n{len(docs) / seconds:.0f} documents/s, {seconds / len(docs) * 1e6:.0f} us per "
          f"~2 KB document")
    assert len(docs) / seconds > 50  # measured ~550 on a shared 2-core machine


# --- trained pipelines ------------------------------------------------------------------------

def _save(nlp: Any, path: Path) -> str:
    nlp.to_disk(path)
    return str(path)


def test_pipeline_directory_with_entity_ruler(tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.meta["name"], nlp.meta["version"] = "people_rules", "1.2.3"
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "PERSON", "pattern": [{"LOWER": "ada"}, {"LOWER": "lovelace"}]},
        {"label": "PER", "pattern": "Grace Hopper"},
        {"label": "ORG", "pattern": "Analytical Society"},
    ])
    counter = load_name_counter(_save(nlp, tmp_path / "pipe"))
    assert counter.method == ("spaCy pipeline en_people_rules 1.2.3 from directory 'pipe' "
                              "(entity_ruler)")
    texts = ["Ada Lovelace and Grace Hopper", "the Analytical Society", "ADA LOVELACE", ""]
    assert counter.count(texts).tolist() == [2, 0, 1, 0]


def test_trained_ner_keeps_only_what_it_needs(tmp_path: Path) -> None:
    """A tiny NER, trained in the test on a shared tok2vec (as in en_core_web_sm), next to
    a tagger: the counter runs tok2vec and ner only and counts as the pipeline does."""
    spacy = pytest.importorskip("spacy")
    from spacy.training import Example

    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("en")
    nlp.meta["name"] = "tiny_ner"
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "*"}
    nlp.add_pipe("tok2vec")
    nlp.add_pipe("tagger").add_label("X")
    nlp.add_pipe("ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
        "extra_state_tokens": False, "hidden_width": 64, "maxout_pieces": 2,
        "use_upper": True, "nO": None, "tok2vec": listener}})
    train = [
        ("Yesterday Alice Moreau visited the harbour.", ["Alice Moreau"]),
        ("The report was written by Tomasz Nowak and Alice Moreau.",
         ["Tomasz Nowak", "Alice Moreau"]),
        ("Tomasz Nowak opened the meeting.", ["Tomasz Nowak"]),
        ("The harbour was quiet before the storm.", []),
        ("Engineers replaced the bridge bearings.", []),
        ("Ask Alice Moreau about the harbour.", ["Alice Moreau"]),
    ]
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": [
        (t.index(n), t.index(n) + len(n), "PERSON") for n in names]}) for t, names in train]
    optimizer = nlp.initialize(lambda: examples)
    with nlp.select_pipes(enable=["tok2vec", "ner"]):
        for _ in range(40):
            nlp.update(examples, sgd=optimizer, drop=0.0)
    texts = [t for t, _ in train]
    expected = [sum(e.label_ == "PERSON" for e in doc.ents) for doc in nlp.pipe(texts)]
    assert expected == [len(names) for _, names in train]  # it learned the examples

    counter = load_name_counter(_save(nlp, tmp_path / "tiny"))
    assert counter.method == "spaCy pipeline en_tiny_ner 0.0.0 from directory 'tiny' (ner)"
    assert counter.nlp.pipe_names == ["tok2vec", "ner"]
    assert counter.nlp.disabled == ["tagger"]
    assert counter.count(texts).tolist() == expected


@pytest.mark.parametrize("name", ["xx_provscan_no_such_pipeline", "no/such/directory"])
def test_pipeline_that_cannot_be_loaded(name: str) -> None:
    with pytest.raises(InputError) as err:
        load_name_counter(name)
    message = str(err.value)
    assert repr(name) in message
    for advice in ("python -m spacy download en_core_web_sm", "nlp.to_disk",
                   "leave the pipeline option out"):
        assert advice in message


def test_pipeline_without_person_labels(tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    orgs = spacy.blank("en")
    orgs.add_pipe("entity_ruler").add_patterns([{"label": "ORG", "pattern": "ACME"}])
    plain = spacy.blank("de")
    plain.add_pipe("sentencizer")
    for nlp, path in ((orgs, tmp_path / "orgs"), (plain, tmp_path / "plain")):
        with pytest.raises(InputError, match="no entity recogniser with a PERSON or PER"):
            load_name_counter(_save(nlp, path))


def _ruler_count(counter: NameCounter, text: str) -> int:
    """The count of the two entity rulers of the pipeline, run the ordinary spaCy way."""
    return sum(1 for e in counter.nlp(text).ents if e.label_ == "PERSON")


_WORDS = ["Dr.", "Frau", "Herr", "Mme", "pani", "Sir", "von", "der", "van", "de", "-", ".",
          "A.", "J.", "Angela", "Merkel", "Maria", "John", "Jean", "Paul", "Müller", "Street",
          "Airport", "Rue", "Via", "Santa", "St", "ul", "Hugo", "Boss", "Max", "Planck",
          "the", "and", "said", "Monday", "President", "McDonald", "O'Connor", ",", "\n"]


@pytest.mark.parametrize("seed", range(3))
def test_one_matcher_pass_counts_as_the_two_rulers(rules: NameCounter, seed: int) -> None:
    """Counting runs both rulers' patterns in one matcher pass (with a pre-check that a
    PERSON span can start at all) and redoes their choice among overlapping spans: on the
    labelled set and on random sequences of name-like words it gives exactly the count of
    the entity rulers themselves."""
    rng = random.Random(seed)
    texts = [r["text"] for r in labelled()] if seed == 0 else []
    texts += [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 40)))
              for _ in range(400)]
    want = [_ruler_count(rules, t) for t in texts]
    assert rules.count(texts).tolist() == want
    assert sum(want) > (50 if seed else 150)  # the texts do hold names to choose among
