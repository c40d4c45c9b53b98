"""Finding blame in spaCy-tokenised text: a person as the actor of a blame phrase.

A blame phrase ("forgot to", "broke", "should have", "took 20 minutes to respond") is blame only
when its actor is a person: a name, an ``@handle``, a pronoun such as "he" or "someone", or a role
such as "the engineer on call". "We forgot", "the health check failed" and "the OOM broke the
proxy" are not blame. With a trained pipeline the dependency parse says who the actor is; without
one, the actor is the phrase written directly before the blame phrase, which is how blame is
almost always written ("John forgot", "the developer forgot", "he didn't check").
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pmlint.language.pipeline import import_spacy

import_spacy()  # spaCy without its command line (see import_spacy), whichever module imports it first

from spacy.tokens import Doc, Span, Token

from pmlint.language.blame_lexicon import (
    BELIEF_VERBS,
    BETWEEN,
    CAUSE_WORDS,
    CAUSED_BY_FOLLOWERS,
    CLAUSE_ENDS,
    COORDINATORS,
    DETERMINERS,
    DISCOVERY_VERBS,
    FAULT_NOUNS,
    HANDLE,
    HYPOTHETICAL,
    MISHAP_ADVERBS,
    NOT_A_CAUSE,
    OBJECT_ENDS,
    PARTICIPLE_OBJECTS,
    QUESTION_VERBS,
    RELATIVE_STOPS,
    RESPONSE_OMISSIONS,
    ROLE_TAILS,
    SEARCH_VERBS,
    SURFACE_VERBS,
    TIME_UNITS,
    USER_IMPACT_PHRASES,
    USER_WORDS,
    BlameLexicon,
    BlameMatchers,
    base_gerund,
    gerund_of,
    is_adverb,
    looks_past,
)
from pmlint.language.doc_reads import (
    doc_text,
    end_char,
    lower_set,
    lower_words,
    span_text,
    start_of_sentence,
    tokens_in,
)

_MAX_RELATIVE_TOKENS = 10
_MAX_COORDINATED_TOKENS = 30
_MAX_REST_TOKENS = 20
_GENERIC_REWRITE = "the process did not include a safeguard for this step"
_SLOW_REWRITE = "the alerting did not bring a response within the expected time"


@dataclass(frozen=True)
class Blame:
    start: int  # character offsets in the parsed text
    end: int
    kind: str  # "action", "possessive", "human-error"
    phrase: str
    actor: str
    suggestion: str
    # Character ranges that must not be inline code (default: the whole span). A clause between the
    # actor and the phrase may hold code: "the user repointed `latest`; and forgot to ...".
    parts: tuple[tuple[int, int], ...] = ()


class BlameFinder:
    """Finds blame in Docs, given what is known about people and the pipeline's phrase matchers."""

    def __init__(self, lexicon: BlameLexicon, matchers: BlameMatchers) -> None:
        self.lexicon = lexicon
        self._code_ranges: tuple[tuple[int, int], ...] = ()
        self._role_words = frozenset(word for role in lexicon.roles for word in role)
        # The roles by their last word, in the lexicon's order: a role can only end on its last word.
        self._roles_by_last: dict[str, list[tuple[str, ...]]] = {}
        for role in lexicon.roles:
            if role:
                self._roles_by_last.setdefault(role[-1], []).append(role)
        # The document's multi-word names by their last word, longest first as in the lexicon: a name can
        # only end on its last word, so each place asks the few names ending there, not every name.
        self._people_by_last: dict[str, list[tuple[str, ...]]] = {}
        for person in lexicon.people:
            if person:
                self._people_by_last.setdefault(person[-1], []).append(person)
        self._actions = matchers.actions
        self._human_error = matchers.human_error
        self._human_error_first_words = matchers.human_error_first_words

    def find(self, doc: Doc, use_parse: bool = False, code_ranges: Iterable[tuple[int, int]] = ()) -> list[Blame]:
        """Blame in ``doc``. ``code_ranges`` are character ranges of inline code: never blame, and
        shown in backticks when a rewrite repeats them."""
        self._code_ranges = tuple(code_ranges)
        found = list(self._find_actions(doc, use_parse))
        found.extend(self._find_possessives(doc))
        found.extend(self._find_human_error(doc))
        # One finding per place: a longer blame covering a shorter one wins. A blame whose actor is
        # written apart from its phrase ("John forgot to update the flag and broke the build") holds
        # only those two places, and gives way to a blame that already names the same person there.
        if len(found) == 1 and not self._code_ranges:
            return found  # one blame, no inline code: nothing it could give way to
        found.sort(key=lambda blame: (_held(blame)[-1][0], -(blame.end - blame.start)))
        kept: list[Blame] = []
        # The ranges the kept blames hold never overlap one another: looked up by bisection, so that
        # a paragraph with thousands of blames is not quadratic.
        taken = _Ranges()
        code = _Ranges(self._code_ranges)
        for blame in found:
            held = _held(blame)
            if any(taken.overlaps(low, high) for low, high in held):
                continue
            parts = blame.parts or ((blame.start, blame.end),)
            if self._code_ranges and any(code.overlaps(low, high) for low, high in parts):
                continue  # (no inline code: nothing to overlap)
            kept.append(blame)
            for low, high in held:
                taken.add(low, high)
        kept.sort(key=lambda blame: blame.start)
        return kept

    # -- blame phrases ---------------------------------------------------------------------------

    def _find_actions(self, doc: Doc, use_parse: bool) -> Iterator[Blame]:
        matches = sorted(self._actions(doc), key=lambda match: (match[1], -(match[2] - match[1])))
        taken_until = -1
        for match_id, start, end in matches:
            if start < taken_until:
                continue  # "forgot to" already matched: skip its "forgot"
            phrase = doc.vocab.strings[match_id]
            predicate = self._predicate(doc, phrase, start, end)
            if predicate is None:
                continue
            predicate_end, suggestion = predicate
            actor = self._actor_by_parse(doc[start:predicate_end]) if use_parse else None
            if actor is None and not (use_parse and self._parse_found_other_subject(doc[start:predicate_end])):
                actor = self._actor_before(doc, start)
            if actor is None or (phrase in USER_IMPACT_PHRASES and _is_user(actor)):
                continue
            taken_until = predicate_end
            yield self._action(doc, actor, start, predicate_end, suggestion)
        yield from self._find_slow_responses(doc, use_parse)
        yield from self._find_questions(doc)
        yield from self._find_mishaps(doc)
        yield from self._find_caused_by(doc)

    def _action(self, doc: Doc, actor: Span, start: int, end: int, suggestion: str) -> Blame:
        """A blame from ``actor`` to the end of the phrase ``doc[start:end]``.

        When a clause stands between them ("the developer creating the pull request misjudged"),
        the message quotes the actor and the phrase with an ellipsis for the clause.
        """
        first = min(actor.start, start)
        last_end = end_char(doc[end - 1])
        start_char = doc[start].idx
        first_char = start_char if first == start else doc[first].idx
        # Nothing between the actor and the phrase (the actor written right before it, or after it) needs
        # no Span for the words between: an empty one, for which ``all`` is true.
        if actor.end >= start or all(token.text == "," or token.lower_ in BETWEEN or is_adverb(token)
                                     for token in doc[actor.end:start]):
            phrase = span_text(doc, first, end, first_char, last_end)
        else:
            phrase = f"{actor.text} … {doc[start:end].text}"
        parts = ((actor[0].idx, end_char(actor[-1])), (start_char, last_end))
        return Blame(first_char, last_end, "action", phrase, _as_object(actor, self._role_words), suggestion, parts)

    def _find_caused_by(self, doc: Doc) -> Iterator[Blame]:
        """"The outage was caused by the on-call engineer": a person named as the cause."""
        for token in tokens_in(doc, _CAUSED):
            if token.i + 2 >= len(doc) or doc[token.i + 1].lower_ != "by":
                continue
            first = token.i + 2
            actor = None
            for last in range(min(len(doc), first + 6) - 1, first - 1, -1):
                candidate = self._actor_ending_at(doc, last, first)
                if candidate is not None and candidate.start == first:
                    actor = candidate
                    break
            if actor is None or _is_user(actor) or doc[first].lower_ in ("he", "she"):
                continue  # "caused by a user uploading a file" names the trigger; "by he" is no English
            following = doc[actor.end] if actor.end < len(doc) else None
            if following is not None and not (following.is_punct and following.text not in ("'s", "’s")
                                              or following.lower_ in CAUSED_BY_FOLLOWERS
                                              or following.lower_.endswith("ing")):
                continue  # "caused by John's change", "caused by the developer portal"
            yield Blame(token.idx, end_char(actor[-1]), "action", doc[token.i:actor.end].text,
                        _as_object(actor, self._role_words), self._rewrite("a gap in the process led to this", ""))

    def _find_mishaps(self, doc: Doc) -> Iterator[Blame]:
        """"John accidentally deleted the table": a person's action called a mistake."""
        for token in tokens_in(doc, MISHAP_ADVERBS):
            if token.i + 1 >= len(doc):
                continue
            verb = doc[token.i + 1]
            if not looks_past(verb) or verb.lower_ in ("been", "had", "was", "were") or verb.lower_ in DISCOVERY_VERBS:
                continue
            actor = self._actor_before(doc, token.i)
            if actor is None:
                continue
            gerund = None if verb.lower_ in BELIEF_VERBS else gerund_of(verb.lower_)
            rest = self._rest_of_clause(doc, verb.i + 1)
            if gerund is None or not rest:
                suggestion = self._rewrite(_GENERIC_REWRITE, "")
            else:
                suggestion = self._rewrite(f"the process did not prevent {gerund} {{rest}}", rest)
            yield self._action(doc, actor, token.i, verb.i + 1, suggestion)

    def _find_questions(self, doc: Doc) -> Iterator[Blame]:
        """"Why did the developer forget to check ...?": the five whys asked about a person."""
        for token in tokens_in(doc, QUESTION_VERBS):
            verb = token.lower_
            if token.i < 2:
                continue
            actor = self._actor_ending_at(doc, token.i - 1, start_of_sentence(doc, token.i))
            if actor is None or actor.start == 0 or doc[actor.start - 1].lower_ not in ("did", "does", "do"):
                continue
            end = token.i + 1
            takes_to = end < len(doc) and doc[end].lower_ == "to" and verb in ("forget", "fail", "neglect")
            if takes_to:
                end += 1
            rest = self._rest_of_clause(doc, end).rstrip(" ?")
            if takes_to and rest:
                suggestion = self._rewrite("why did the process not include a step to {rest}?", rest)
            else:
                suggestion = self._rewrite("why did the process not catch this?", "")
            yield Blame(doc[actor.start - 1].idx, end_char(doc[end - 1]), "action",
                        doc[actor.start - 1:end].text, _as_object(actor, self._role_words), suggestion)

    def _predicate(self, doc: Doc, phrase: str, start: int, end: int) -> tuple[int, str] | None:
        """Where the blame phrase really ends and the rewrite it suggests, or None if it is not blame."""
        template = self.lexicon.actions[phrase]
        if phrase == "failed to" and end < len(doc) and doc[end].lower_ in SEARCH_VERBS:
            return None  # "Bob failed to reproduce it locally": an investigation's outcome, not a mistake
        if phrase == "failed to" and _an_unanswered_attempt(doc, end):
            return None  # "Kim failed to get a response from the vendor": the vendor did not answer
        if phrase == "bypassed" and _for_a_diagnosis(doc, end):
            return None  # "Kim bypassed the load balancer to test the backend directly": a deliberate step
        if phrase == "broke" and _broke_is_no_breakage(doc, end):
            return None  # "someone broke into the panel" (an intrusion), "broke the glass" (emergency access)
        clause = any(marker in template for marker in ("step to {rest}", "{verb} {rest}", "{gerund} {rest}"))
        gerund = None
        if "{verb}" in template:
            if end >= len(doc) or doc[end].lower_ not in self.lexicon.omissions:
                return None
            verb = doc[end].lower_
            end += 1
            if verb in RESPONSE_OMISSIONS:
                # "He did not respond to the page": the guide's slow response, not a missing step.
                return end, self._rewrite(_SLOW_REWRITE, "")
            if verb in SURFACE_VERBS and template.startswith("the process did not include a step to {verb}"):
                template = "the process did not surface {rest}"
            else:
                template = template.replace("{verb}", verb)
        elif "{gerund}" in template:
            if end >= len(doc) or not doc[end].is_alpha:
                return None
            participle = doc[end].lower_
            if participle == "been":
                # "should have been paged" blames the paging; "should have been more careful" the person.
                follower = doc[end + 1].lower_ if end + 1 < len(doc) else ""
                if follower not in ("more", "careful", "aware", "attentive", "cautious", "thorough"):
                    return None
                end += 3 if follower == "more" and end + 2 < len(doc) and doc[end + 2].is_alpha else 2
                return end, self._rewrite("the process relied on individual care instead of a safeguard", "")
            elif not _reads_as_participle(doc, end):
                return None  # "Engineers should have a one-click way", "should have read access": having, not blame
            else:
                gerund = gerund_of(participle)
                end += 1
        rest = self._rest_of_clause(doc, end, noun_phrase=not clause)
        if "{gerund}" in template:
            if gerund is None:
                return end, self._rewrite(_GENERIC_REWRITE, "")
            template = template.replace("{gerund}", gerund)
        if "{rest}" in template and not rest and (not clause or "{gerund}" in self.lexicon.actions[phrase]):
            return end, self._rewrite(_GENERIC_REWRITE, "")
        return end, self._rewrite(template, rest)

    def _rewrite(self, template: str, rest: str) -> str:
        # The subject is put in before the writer's words, which may say "the process" themselves.
        template = template.replace("the process", self.lexicon.subject, 1)
        text = " ".join(template.replace("{rest}", rest).split())
        return text[:1].upper() + text[1:]

    def _rest_of_clause(self, doc: Doc, start: int, noun_phrase: bool = False) -> str:
        """The words after a blame phrase up to the end of its clause (only its object if ``noun_phrase``).

        Inline code keeps its backticks. A clause ends at punctuation, a subordinating word, or an
        "and" that starts a new clause with its own subject ("... and Mary broke the build").
        """
        # Read by index from the Doc's lower-case words: a Token object is made only for the words
        # that need more than their lower-case form.
        lowers = lower_words(doc)
        taken: list[int] = []  # the indices of the clause's tokens
        for index in range(start, len(doc)):
            lower = lowers[index]
            # _opens_unfinished_clause reads at most the last seven tokens.
            if lower == "," and not noun_phrase and _opens_unfinished_clause([doc[i] for i in taken[-7:]]):
                taken.append(index)  # "anticipate the fact that during the week-end, there would be ...": go on
                continue
            if lower in CLAUSE_ENDS or (index > start and doc[index].is_sent_start is True) or (
                    noun_phrase and lower in OBJECT_ENDS):
                break
            if lower in ("and", "or", "then", "but") and index + 1 < len(doc) and (
                    self._starts_clause(doc[index + 1]) or looks_past(doc[index + 1])):
                break  # "... and Mary broke the build", "... and broke the build": a clause of its own
            taken.append(index)
            if len(taken) >= _MAX_REST_TOKENS:
                break
        if not taken:
            return ""
        first, last = doc[taken[0]].idx, end_char(doc[taken[-1]])
        text = _without_stray_quotes(_with_backticks(doc_text(doc), first, last, self._code_ranges))
        return text + (" …" if len(taken) >= _MAX_REST_TOKENS else "")

    def _starts_clause(self, token: Token) -> bool:
        return (token.lower_ in self.lexicon.pronouns or token.lower_ in ("we", "i", "they", "it")
                or (token.is_title and token.i > 0) or token.lower_ in DETERMINERS)

    def _find_slow_responses(self, doc: Doc, use_parse: bool) -> Iterator[Blame]:
        """"The engineer on call took 20 minutes to respond": slowness blamed on a person."""
        for token in tokens_in(doc, _SLOW_VERBS):
            to_index = _slow_to(doc, token.i)
            if to_index is None or to_index + 1 >= len(doc) or doc[to_index + 1].lower_ not in self.lexicon.response_verbs:
                continue
            end = to_index + 2
            actor = self._actor_by_parse(doc[token.i:end]) if use_parse else None
            if actor is None and not (use_parse and self._parse_found_other_subject(doc[token.i:end])):
                actor = self._actor_before(doc, token.i)
            if actor is None or _is_user(actor):
                continue  # "the user took an hour to respond to our e-mail" is not the alerting's delay
            suggestion = self._rewrite(_SLOW_REWRITE, "")
            yield self._action(doc, actor, token.i, end, suggestion)

    # -- possessives and "human error" -------------------------------------------------------------

    def _find_possessives(self, doc: Doc) -> Iterator[Blame]:
        """"John's mistake", "the developer's fault", "his error"."""
        for token in tokens_in(doc, FAULT_NOUNS):
            if token.i == 0:
                continue
            owner = doc[token.i - 1]
            if owner.lower_ in ("'s", "’s") and token.i >= 2:
                actor = self._actor_ending_at(doc, token.i - 2)
            elif owner.lower_ in ("his", "her"):
                actor = doc[owner.i:owner.i + 1]
            else:
                continue
            if actor is None:
                continue
            # "It was not his fault" clears the person.
            if any(word.lower_ in ("not", "n't", "n’t", "never", "no") for word in doc[max(0, actor.start - 3):actor.start]):
                continue
            phrase = doc[actor.start:token.i + 1]
            yield Blame(phrase[0].idx, end_char(token), "possessive", phrase.text, actor.text,
                        self._possessive_rewrite(doc, token.i + 1))

    def _possessive_rewrite(self, doc: Doc, after: int) -> str:
        """"It was John's mistake to run the script on production" names what the process allowed:
        "A gap in the process allowed running the script on production"; otherwise "A gap in the process"."""
        if after + 1 < len(doc) and doc[after].lower_ == "to" and doc[after + 1].is_alpha:
            gerund = base_gerund(doc[after + 1].lower_)
            rest = self._rest_of_clause(doc, after + 2)
            if gerund is not None:
                return self._rewrite(f"a gap in the process allowed {gerund} {{rest}}", rest)
        return self._rewrite("a gap in the process", "")

    def _find_human_error(self, doc: Doc) -> Iterator[Blame]:
        """"Human error" given as the cause; "to reduce the risk of human error" is not."""
        if self._human_error_first_words.isdisjoint(lower_set(doc)):
            return  # a phrase matched on lower-case words starts with its first word's lower-case form
        for _, start, end in self._human_error(doc):
            sentence = doc[start].sent
            sentence_start, sentence_end = sentence.start, sentence.end
            lowers = lower_words(doc)
            before = lowers[max(sentence_start, start - 8):start]
            after = lowers[end:min(sentence_end, end + 4)]
            if any(word in NOT_A_CAUSE for word in before[-3:]):
                continue
            if not (any(word in CAUSE_WORDS for word in before) or (before and before[-1] in (":", "was", "is"))
                    or any(word in ("caused", "led", "resulted", "cause") for word in after)):
                continue
            yield Blame(doc[start].idx, end_char(doc[end - 1]), "human-error", doc[start:end].text, "",
                        self._rewrite("a gap in the process made the error possible", ""))

    # -- who acted ---------------------------------------------------------------------------------

    def _actor_before(self, doc: Doc, start: int) -> Span | None:
        """The person who is the subject of the verb at ``doc[start]``, in the same sentence.

        Usually written directly before it ("John forgot"); adverbs in between are skipped, and so is
        an aside in commas ("John, crucially, forgot"). A verb joined to an earlier one by "and" or
        "but" shares its subject ("the user repointed `latest`; and crucially, forgot"), and a short
        relative or participle clause may sit between the person and the verb ("the developer
        creating the pull request misjudged").
        """
        sentence_start = start_of_sentence(doc, start) if doc.has_annotation("SENT_START") else 0
        index, commas = self._skip_asides(doc, start - 1, sentence_start)
        if index < sentence_start:
            return None
        token = doc[index]
        if token.lower_ in COORDINATORS:
            return self._coordinated_subject(doc, index, sentence_start)
        if commas and not (commas == 2 and doc[index + 1].text == "," and doc[start - 1].text == ","):
            return None  # "The job, assigned to John, failed to start": John is not its subject
        actor = self._actor_ending_at(doc, index, sentence_start)
        if actor is None and not commas:
            actor = self._subject_before_clause(doc, index, sentence_start)
        return None if actor is None or self._hypothetical(doc, actor) else actor

    def _skip_asides(self, doc: Doc, index: int, floor: int) -> tuple[int, int]:
        """The index before adverbs and commas that end at ``index``, and how many commas there were."""
        commas = 0
        while index >= floor:
            token = doc[index]
            if token.text == ",":
                commas += 1
            elif token.lower_ == "then" and index > floor and doc[index - 1].text in (",", ";"):
                break  # "restarted the proxy, then forgot": a coordinator like "and"
            elif not (token.lower_ in BETWEEN or is_adverb(token)):
                break
            index -= 1
        return index, commas

    @staticmethod
    def _hypothetical(doc: Doc, actor: Span) -> bool:
        # "If someone forgot to set the flag, the deploy would fail": a weakness, not blame.
        return actor.start > 0 and doc[actor.start - 1].lower_ in HYPOTHETICAL

    def _coordinated_subject(self, doc: Doc, index: int, floor: int) -> Span | None:
        """The subject of the verb before "and"/"but" at ``index``, when it is a person.

        The nearest earlier verb decides: "the user repointed `latest` manually; and forgot" is the
        user's, "the proxy crashed and failed to restart" is not a person's.
        """
        for verb_index in range(index - 1, max(floor, index - _MAX_COORDINATED_TOKENS) - 1, -1):
            verb = doc[verb_index]
            if verb.text in (".", "!", "?", ":") or verb.lower_ in ("if", "unless", "when", "whenever"):
                return None
            if not looks_past(verb):
                continue
            subject_end, _ = self._skip_asides(doc, verb_index - 1, floor)
            if subject_end < floor or doc[subject_end].text == ",":
                return None
            actor = self._actor_ending_at(doc, subject_end, floor)
            return None if actor is None or self._hypothetical(doc, actor) else actor
        return None

    def _subject_before_clause(self, doc: Doc, index: int, floor: int) -> Span | None:
        """A person followed by a short relative or participle clause that ends at ``index``:
        "the engineer who deployed the change", "the developer creating the pull request"."""
        token = doc[index]
        if not token.is_alpha or looks_past(token) or token.lower_ in RELATIVE_STOPS or token.lower_ in (
                "who", "it", "they", "we", "i", "this", "he", "she", "there"):
            return None
        for cursor in range(index, max(floor, index - _MAX_RELATIVE_TOKENS) - 1, -1):
            word = doc[cursor]
            lower = word.lower_
            if word.is_punct or lower in RELATIVE_STOPS:
                return None
            is_relative = lower == "who"
            # A participle takes an object or a preposition: "creating the pull request", "working on
            # the fix"; "the developer tooling failed" and "the engineer onboarding doc" are nouns.
            is_participle = (lower.endswith("ing") and word.is_alpha and word.is_lower and len(lower) > 4
                             and cursor < index and (doc[cursor + 1].lower_ in DETERMINERS
                                                     or doc[cursor + 1].lower_ in PARTICIPLE_OBJECTS))
            if (is_relative or is_participle) and cursor > floor:
                actor = self._actor_ending_at(doc, cursor - 1, floor)
                if actor is not None:
                    return actor
                if is_relative:
                    return None
            elif looks_past(word) and not (cursor > floor and doc[cursor - 1].lower_ == "who"):
                return None  # "the engineer said the deploy failed": the deploy failed
        return None

    def _actor_ending_at(self, doc: Doc, index: int, floor: int = 0) -> Span | None:
        token = doc[index]
        lower = token.lower_
        if lower in self.lexicon.pronouns:
            return doc[index:index + 1]
        if lower == "they":
            return doc[index:index + 1] if self._they_means_a_person(doc, index, floor) else None
        if HANDLE.fullmatch(token.text):
            return doc[index:index + 1]
        name = self._name_ending_at(doc, index, floor)
        if name is not None:
            return name
        role = self._role_ending_at(doc, index, floor)
        if role is not None:
            return role
        # "the engineer on call", "someone from networking": a role or pronoun, then a short tail.
        for tail in ROLE_TAILS:
            first = index - len(tail) + 1
            if first - 1 < floor or not all(want == "*" or doc[first + k].lower_ == want for k, want in enumerate(tail)):
                continue
            if any(want == "*" and not doc[first + k].is_alpha for k, want in enumerate(tail)):
                continue
            head = doc[first - 1]
            if head.lower_ in self.lexicon.pronouns:
                return doc[first - 1:index + 1]
            role = self._role_ending_at(doc, first - 1, floor)
            if role is not None:
                return doc[role.start:index + 1]
        return None

    def _they_means_a_person(self, doc: Doc, index: int, floor: int) -> bool:
        """"They" reporting a person's own words: "the contractor said they forgot to renew it", "Sam
        told us that they skipped the check". Elsewhere "they" is usually a system or a team ("the
        engineer restarted the pods, but they failed to start"), which no parse-free reading can tell
        apart, so it is left alone."""
        position = index - 1
        if position >= floor and doc[position].lower_ == "that":
            position -= 1
        if position >= floor and doc[position].lower_ in ("us", "me", "him", "her", "them"):
            position -= 1
        if position - 1 < floor or doc[position].lower_ not in _SAYING_VERBS:
            return False
        actor = self._actor_ending_at(doc, position - 1, floor)
        return actor is not None and not _is_user(actor) and doc[actor.start].lower_ != "they"

    def _name_ending_at(self, doc: Doc, index: int, floor: int) -> Span | None:
        for person in self._people_by_last.get(doc[index].text, ()):
            first = index - len(person) + 1
            if first >= floor and tuple(token.text for token in doc[first:index + 1]) == person:
                return doc[first:index + 1]
        token = doc[index]
        if token.text in self.lexicon.names and token.text[:1].isupper():
            return doc[index:index + 1]
        # "John Smith": a known given name, then a capitalised surname.
        if (index - 1 >= floor and token.is_title and token.is_alpha
                and doc[index - 1].text in self.lexicon.names):
            return doc[index - 1:index + 1]
        return None

    def _role_ending_at(self, doc: Doc, index: int, floor: int) -> Span | None:
        """A determiner or a possessive, up to three modifiers, then a role: "the new on-call engineer",
        "the vendor's account manager"."""
        for role in self._roles_by_last.get(doc[index].lower_, ()):
            first = index - len(role) + 1
            if first < floor or tuple(lower_words(doc)[first:index + 1]) != role:
                continue
            cursor = first - 1
            while cursor >= floor and first - cursor <= 6:
                word = doc[cursor]
                if word.lower_ in DETERMINERS:
                    return doc[cursor:index + 1]
                if word.text in ("'s", "’s") and cursor - 1 >= floor and doc[cursor - 1].is_alpha:
                    # A possessive is a determiner too: "the vendor's account manager", "Acme's admin".
                    owner = cursor - 1
                    if owner - 1 >= floor and doc[owner - 1].lower_ in DETERMINERS:
                        owner -= 1
                    return doc[owner:index + 1]
                if not (word.is_alpha and word.is_lower) and word.text != "-":
                    break
                cursor -= 1
            # A plural role needs no determiner: "engineers forgot to ...".
            if role[-1].endswith("s") and (first == floor or not doc[first - 1].is_alpha):
                return doc[first:index + 1]
        return None

    def _is_person(self, token: Token) -> bool:
        if token.lower_ in self.lexicon.pronouns or HANDLE.fullmatch(token.text):
            return True
        if token.ent_type_ == "PERSON" or token.text in self.lexicon.names:
            return True
        return any(role[-1] in (token.lower_, token.lemma_.lower()) for role in self.lexicon.roles)

    def _subject_of(self, predicate: Span) -> Token | None:
        verb = predicate.root
        for _ in range(4):
            subjects = [child for child in verb.children if child.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                return subjects[0]
            if verb.dep_ not in ("xcomp", "conj", "advcl", "ccomp") or verb.head is verb:
                return None
            verb = verb.head
        return None

    def _actor_by_parse(self, predicate: Span) -> Span | None:
        subject = self._subject_of(predicate)
        if subject is None or not self._is_person(subject):
            return None
        doc = predicate.doc
        return doc[subject.left_edge.i:subject.right_edge.i + 1]

    def _parse_found_other_subject(self, predicate: Span) -> bool:
        """The parse names a subject and it is not a person ("the health check failed to restart")."""
        subject = self._subject_of(predicate)
        return subject is not None and not self._is_person(subject)


class _Ranges:
    """Character ranges [start, end), asked whether any overlaps a range.

    Overlapping ranges are merged, which answers the same: a range overlaps the union of ranges that
    overlap one another exactly when it overlaps one of them. (Ranges that only touch stay apart, and
    an empty range, which no token makes, is not stored.)
    """

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(ranges):
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        if start >= end:
            return
        position = bisect.bisect_right(self._starts, start)
        # Merge with every range it touches or overlaps.
        low = position
        while low > 0 and self._ends[low - 1] > start:
            low -= 1
        high = position
        while high < len(self._starts) and self._starts[high] < end:
            high += 1
        if low < high:
            start = min(start, self._starts[low])
            end = max(end, max(self._ends[low:high]))
        self._starts[low:high] = [start]
        self._ends[low:high] = [end]

    def overlaps(self, start: int, end: int) -> bool:
        position = bisect.bisect_left(self._starts, end)  # ranges starting before ``end``
        return position > 0 and self._ends[position - 1] > start


def _held(blame: Blame) -> tuple[tuple[int, int], ...]:
    """The character ranges a blame stands on: its actor and phrase when a clause separates them."""
    if blame.parts and " … " in blame.phrase:
        return blame.parts
    return ((blame.start, blame.end),)


def _with_backticks(text: str, start: int, end: int, code_ranges: tuple[tuple[int, int], ...]) -> str:
    pieces = []
    cursor = start
    for low, high in sorted(code_ranges):
        if high <= start or low >= end:
            continue
        low, high = max(low, start), min(high, end)
        pieces.append(text[cursor:low])
        pieces.append("`" + text[low:high] + "`")
        cursor = high
    pieces.append(text[cursor:end])
    return "".join(pieces)


_ROUGHLY = frozenset("about almost around nearly over roughly some".split())


def _slow_to(doc: Doc, index: int) -> int | None:
    """The index of "to" when ``doc[index:]`` says a response was slow: "took 20 minutes to",
    "took too long to", "took a while to", "took hours to", "was slow to"; else None."""
    words = lower_words(doc)[index:index + 6]
    if words[0] in ("was", "were"):
        return index + 2 if words[1:3] == ["slow", "to"] else None
    position = 1
    if position < len(words) and words[position] in _ROUGHLY:
        position += 1
    rest = words[position:]
    for pattern in (["too", "long"], ["a", "long", "time"], ["a", "while"], ["long"]):
        if rest[:len(pattern)] == pattern:
            position += len(pattern)
            break
    else:
        if rest[:1] and rest[0] in TIME_UNITS and rest[0].endswith("s"):
            position += 1  # "took hours to"
        elif len(rest) >= 2 and (doc[index + position].like_num or rest[0] in ("a", "an", "several", "many")) \
                and rest[1] in TIME_UNITS:
            position += 2
        else:
            return None
    return index + position if index + position < len(doc) and doc[index + position].lower_ == "to" else None


# Past participles that are neither past tenses nor known to gerund_of: "should have chosen".
_EN_PARTICIPLES = frozenset("""begun broken chosen driven drawn eaten fallen flown forgotten frozen grown hidden
    overridden rewritten ridden shown spoken thrown torn undone withdrawn woken""".split())
# Nouns after "read" that make it a kind of access, not a participle: "should have read access".
_READ_NOUNS = frozenset("access permission permissions privileges rights role roles scope scopes".split())


def _reads_as_participle(doc: Doc, index: int) -> bool:
    """Whether the word after "should have" at ``index`` is a past participle ("should have checked",
    "should have run"), not a thing had ("should have a runbook", "should have access", "should have
    read access"): only then is "should have" about what a person did."""
    token = doc[index]
    if not (looks_past(token) or gerund_of(token.lower_) is not None or token.lower_ in _EN_PARTICIPLES):
        return False
    if token.lower_ == "read" and index + 1 < len(doc) and doc[index + 1].lower_ in _READ_NOUNS:
        return False
    return True


# Verbs after "failed to" that report someone else's silence: "failed to reach the vendor".
_CONTACT_VERBS = frozenset("contact reach".split())
# After "failed to get/obtain/receive", what an unanswered attempt gets: "failed to get a response", "get hold of".
_ANSWERS = frozenset("acknowledgement acknowledgment answer answers hold reply replies response responses through".split())


def _an_unanswered_attempt(doc: Doc, index: int) -> bool:
    """Whether "failed to" before ``doc[index]`` says someone else did not answer: "failed to reach the vendor",
    "failed to get a response", "failed to get hold of the DBA", "failed to get through"."""
    if index >= len(doc):
        return False
    verb = doc[index].lower_
    if verb in _CONTACT_VERBS:
        return True
    if verb not in ("get", "obtain", "receive"):
        return False
    following = lower_words(doc)[index + 1:index + 3]
    if following[:1] and following[0] in ("a", "an", "any"):
        following = following[1:]
    return bool(following) and following[0] in _ANSWERS


# Purposes that make "bypassed ... to <verb>" a diagnostic step: "bypassed the load balancer to test the backend".
_DIAGNOSTIC_VERBS = frozenset("""check compare confirm debug diagnose isolate measure probe reproduce test
    troubleshoot verify""".split())
_PURPOSE_REACH = 10


def _for_a_diagnosis(doc: Doc, index: int) -> bool:
    """Whether a diagnostic purpose follows "bypassed" within its clause: "bypassed the load balancer to
    test the backend directly", "bypassed the cache in order to isolate the fault"."""
    lowers = lower_words(doc)
    for position in range(index, min(len(doc) - 1, index + _PURPOSE_REACH)):
        word = lowers[position]
        if word in CLAUSE_ENDS or doc[position].is_punct:
            return False
        if word == "to" and lowers[position + 1] in _DIAGNOSTIC_VERBS:
            return True
    return False


# Words after "broke" that make it no breakage: an intrusion ("broke into", "broke in", "broke through"),
# "broke down the problem", "broke even"; and what is broken on purpose: break-glass access, the news.
_BROKE_PARTICLES = frozenset("away down even in into loose off open out through up".split())
_BROKE_ON_PURPOSE = frozenset("glass news".split())


def _broke_is_no_breakage(doc: Doc, index: int) -> bool:
    """Whether "broke" before ``doc[index]`` takes a particle or an object that makes it no breakage."""
    if index >= len(doc):
        return False
    following = doc[index].lower_
    if following in _BROKE_PARTICLES or following in _BROKE_ON_PURPOSE:
        return True
    return following == "the" and index + 1 < len(doc) and doc[index + 1].lower_ in _BROKE_ON_PURPOSE


def _without_stray_quotes(text: str) -> str:
    """``text`` without double quotation marks that open or close outside it: the rest of a clause quoted in a
    chat line ends with the quotation's closing mark ('turn the WAF rule back on"'), which the rewrite must not
    repeat. A quotation the text holds whole ('set "max_conns" to 10') keeps its marks."""
    if text.count('"') % 2:
        text = text.replace('"', "")
    if text.count("“") != text.count("”") or text.find("”") < text.find("“"):
        text = text.replace("“", "").replace("”", "")
    return text


def _opens_unfinished_clause(tokens: list[Token]) -> bool:
    """Whether ``tokens`` end in "that" (or "whether") and a few words with no verb yet: a comma
    there sits inside the clause ("the fact that during the week-end, there would be ...")."""
    for back, token in enumerate(reversed(tokens)):
        if token.lower_ in ("that", "whether"):
            return 0 < back <= 6
        if token.text == "," or looks_past(token) or back >= 6:
            return False
    return False


def _is_user(actor: Span) -> bool:
    return any(token.lower_ in USER_WORDS for token in actor)


# Verbs that report what a person said about their own action: "the contractor said they forgot".
_SAYING_VERBS = frozenset("""acknowledged admitted confirmed explained mentioned noted recalled reported said stated
    told wrote""".split())


_OBJECT_PRONOUNS = {"he": "him", "she": "her", "they": "them", "we": "us", "i": "me"}


def _as_object(actor: Span, role_words: frozenset[str]) -> str:
    """The actor as it reads mid-sentence: "The engineer" -> "the engineer", "He" -> "him"."""
    first = actor[0].lower_
    if len(actor) == 1 and first in _OBJECT_PRONOUNS:
        return _OBJECT_PRONOUNS[first]
    if first in DETERMINERS or first in ("someone", "somebody") or first in role_words:
        return first + actor.text[len(actor[0].text):]
    return actor.text


_CAUSED = frozenset(("caused",))
_SLOW_VERBS = frozenset(("took", "was", "were"))
