"""The blame vocabulary: the English words the blame finder reads, and what it knows from wordlists.

The fixed word sets and word forms (determiners, role tails, clause ends, past tenses, gerunds) say how
blame is written in English; a ``BlameLexicon`` holds the names, roles and blame phrases of one
configuration and document, and ``BlameMatchers`` the phrase matchers built from them.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pmlint.language.pipeline import JUDGING_ADVERBS, import_spacy

import_spacy()  # spaCy without its command line (see import_spacy), whichever module imports it first

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

HANDLE = re.compile(r"@[A-Za-z0-9][A-Za-z0-9_.-]*")
# Words that sit between an actor and the blame phrase without changing who acted.
BETWEEN = frozenset("""accidentally again also apparently completely evidently further had has have
    inadvertently initially just later mistakenly obviously once originally previously probably simply
    somehow subsequently then unfortunately unknowingly unwittingly""".split())
DETERMINERS = frozenset("a an another any her his its my one our that the their this your".split())
# What may follow a role before the blame phrase: "the engineer on call", "someone from networking".
ROLE_TAILS: tuple[tuple[str, ...], ...] = (
    ("on", "call"), ("on", "-", "call"), ("on", "duty"), ("on", "shift"), ("in", "charge"),
    ("on", "the", "*", "team"), ("in", "the", "*", "team"), ("from", "the", "*", "team"),
    ("from", "the", "*"), ("from", "*"), ("on", "the", "*"), ("in", "the", "*"),
)
FAULT_NOUNS = frozenset("blunder carelessness error fault mistake negligence oversight screwup".split())
TIME_UNITS = frozenset("day days h hour hours hr hrs min mins minute minutes s sec secs second seconds".split())
CLAUSE_ENDS = frozenset(". ; : ! ? , ( ) [ ] — – because since which so but while whereas although".split())
CAUSE_WORDS = frozenset("attributed blame blamed cause caused causes due because result resulted down".split())
NOT_A_CAUSE = frozenset("""against any avoid avoiding chance chances eliminate eliminating fewer less likelihood
    minimise minimize mitigate no not possibility potential prevent preventing prone reduce reducing risk
    room without""".split())
_IRREGULAR_GERUNDS = {"been": "being", "built": "building", "caught": "catching", "done": "doing",
                      "given": "giving", "gone": "going", "got": "getting", "gotten": "getting", "kept": "keeping",
                      "known": "knowing", "left": "leaving", "made": "making", "put": "putting", "ran": "running",
                      "read": "reading", "run": "running", "seen": "seeing", "sent": "sending", "set": "setting",
                      "shut": "shutting", "taken": "taking", "thought": "thinking", "told": "telling",
                      "written": "writing"}
# Adverbs that make a person's action a mistake: "John accidentally deleted the table", or judge how the
# person acted: "Bob carelessly deleted the bucket" is blame, reported here once (PM402 leaves the
# adverb to this rule when a person acted; see pmlint.checks.charged).
MISHAP_ADVERBS = frozenset("""accidentally erroneously inadvertently mistakenly unintentionally unknowingly
    unwittingly wrongly""".split()) | JUDGING_ADVERBS
# Verbs of belief: "John mistakenly assumed ..." has no action a process could prevent.
BELIEF_VERBS = frozenset("assumed believed concluded expected figured presumed supposed thought understood".split())
# "The admin accidentally discovered the leak": finding something by chance is no mistake.
DISCOVERY_VERBS = frozenset("""came caught detected discovered found learned learnt noticed realised realized saw
    spotted stumbled uncovered""".split())
# Past tenses without "-ed", so that a verb can be told from a noun without a trained pipeline.
_IRREGULAR_PASTS = frozenset("""began bought broke brought built caught chose cut did drove found forgot gave got had held hit
    froze kept knew led left lost made meant met misread paid put quit ran read said sat saw sent set shut spent split
    spun stood struck swapped took told thought threw tore understood went woke won wrote""".split())
# Words ending in "-ed" that are not verbs.
_ED_NOUNS = frozenset("bed embed feed hundred need red seed shed speed".split())
# Words ending in "-ly" that are not adverbs.
_LY_NOUNS = frozenset("ally apply assembly family fly italy july only reply rely supply".split())
# Words that join a second verb to the first one's subject: "the user repointed `latest`; and crucially, forgot".
COORDINATORS = frozenset("and but then".split())  # "then" only after a comma: see _skip_asides
# Words that end the search for a subject before a relative or participle clause.
RELATIVE_STOPS = frozenset("""after although as because before but if since so than that though unless until what
    when whenever where whereas whether which while why""".split())
PARTICIPLE_OBJECTS = frozenset("at for from in into it on the through to with".split())
# A user is more often the one an incident happened to than an actor: "the user failed to log in",
# "the user missed the notification", "the user did not see the build logs" are the impact. Only a
# phrase that says the user did something wrong is blame ("the user forgot to", "ran the wrong").
USER_WORDS = frozenset("user users".split())
USER_IMPACT_PHRASES = frozenset(("did not", "failed to", "missed", "overlooked"))
# What may follow the person in "caused by <person>": the end of the clause, a clause of its own.
CAUSED_BY_FOLLOWERS = frozenset("""after and at before but during in on so when which while who with without
    accidentally mistakenly inadvertently""".split())
# Verbs after "failed to" that report what a search found: "failed to reproduce the bug".
SEARCH_VERBS = frozenset("""determine explain find identify locate pinpoint replicate reproduce trace
    understand""".split())
HYPOTHETICAL = frozenset("if unless whenever".split())
# Base forms that blame in a question: "Why did the developer forget to check ...?"
QUESTION_VERBS = frozenset("break fail forget ignore miss neglect overlook".split())
# Words that end the object of "broke ..." or "missed ...": "broke the build by deleting a file".
OBJECT_ENDS = frozenset("""about after and at before by during for from in into on since through to until
    via when where while with without""".split())
# "He didn't notice the alert" -> "The process did not surface the alert", as for "missed".
SURFACE_VERBS = frozenset("notice see".split())
RESPONSE_OMISSIONS = frozenset("acknowledge answer react reply respond".split())
_CONTRACTIONS = {"not": ["not", "n't", "n’t"], "have": ["have", "'ve", "’ve"]}


@dataclass(frozen=True)
class BlameLexicon:
    """Everything the blame finder knows, from wordlists, rule options and the document's people."""

    names: frozenset[str]  # given names and people named in the document, as written
    people: tuple[tuple[str, ...], ...]  # multi-word names of people in the document
    roles: tuple[tuple[str, ...], ...]  # lower-case role words ("release", "manager")
    actions: dict[str, str]  # blame phrase -> rewrite template
    omissions: frozenset[str]
    pronouns: frozenset[str]
    response_verbs: frozenset[str]
    human_error: tuple[str, ...]
    subject: str  # what a rewrite makes the actor instead, such as "the process"


class BlameMatchers:
    """Phrase matchers built once per pipeline vocabulary and set of blame phrases."""

    def __init__(self, vocab: Vocab, make_doc: Callable[[str], Doc], actions: Iterable[str],
                 human_error: Iterable[str]) -> None:
        # Each word of a phrase matches one token, and also its contracted forms: "didn't",
        # "should’ve". A phrase matcher over every spelling (a few per phrase) finds the same
        # matches as a token-pattern Matcher with "IN" lists, several times faster.
        self.actions = PhraseMatcher(vocab, attr="LOWER")
        for phrase in actions:
            spellings = [[]]  # type: list[list[str]]
            for word in phrase.lower().split():
                spellings = [spelling + [form] for spelling in spellings for form in _CONTRACTIONS.get(word, [word])]
            if spellings[0]:
                self.actions.add(phrase, [Doc(vocab, words=spelling) for spelling in spellings])
        self.human_error = PhraseMatcher(vocab, attr="LOWER")
        # The lower-case first word of each "human error" pattern: a Doc without any of them has no match.
        first_words: set[str] = set()
        for phrase in human_error:
            pattern = make_doc(phrase)
            self.human_error.add("human-error", [pattern])
            if len(pattern):
                first_words.add(pattern[0].lower_)
        self.human_error_first_words = frozenset(first_words)


def is_adverb(token: Token) -> bool:
    lower = token.lower_
    return token.is_alpha and token.is_lower and lower.endswith("ly") and len(lower) > 4 and lower not in _LY_NOUNS


def looks_past(token: Token) -> bool:
    """Whether a word reads as a verb in the past tense ("repointed", "ran"), without a trained pipeline."""
    lower = token.lower_
    if not token.is_alpha:
        return False
    return lower in _IRREGULAR_PASTS or (lower.endswith("ed") and len(lower) > 3 and lower not in _ED_NOUNS)


def gerund_of(participle: str) -> str | None:
    """"checked" -> "checking", "verified" -> "verifying", "run" -> "running"; None when unsure."""
    if participle in _IRREGULAR_GERUNDS:
        return _IRREGULAR_GERUNDS[participle]
    if participle.endswith("ied") and len(participle) > 4:
        return participle[:-3] + "ying"
    if participle.endswith("ed") and len(participle) > 4:
        return participle[:-2] + "ing"
    return None


_VOWELS = frozenset("aeiou")


def base_gerund(verb: str) -> str | None:
    """"run" -> "running", "update" -> "updating", "check" -> "checking"; None for what is no plain verb."""
    if verb in _IRREGULAR_GERUNDS.values() or verb in ("be", "have") or not verb.isalpha():
        return None
    if verb in _IRREGULAR_GERUNDS:
        return _IRREGULAR_GERUNDS[verb]
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    # One syllable ending consonant-vowel-consonant doubles the consonant: "run", "stop", "skip" (not "open").
    onset = verb[:-2]
    if (verb[-1] not in _VOWELS and verb[-1] not in "wxy" and verb[-2] in _VOWELS and onset
            and len(onset) <= 2 and not any(letter in _VOWELS for letter in onset)):
        return verb + verb[-1] + "ing"
    return verb + "ing"
