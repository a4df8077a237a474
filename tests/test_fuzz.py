"""Property tests over generated report-like text (issue 14): any mixture of headings,
titles, quantities, organ names, markup, stylesheet junk, full-width, traditional,
zero-width and control characters and surrogates gives a valid record.

The generator and the checks are benchmarks/fuzz.py's, which runs them for long.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import rulegov_nlp
from benchmarks.fuzz import check_record, report_texts


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=report_texts)
def test_any_report_like_text_gives_a_valid_record(nlp, text):
    check_record(text, rulegov_nlp.extract(text, nlp=nlp))
    nlp(text)


# Found by `python benchmarks/fuzz.py --count 200 --seed 1` before values were kept finite:
# a surrogate, CSS, an organ and a number too large for a float in one text.
FOUND_BY_FUZZING = ["县委依法治县办\ud8adfont-family:宋体;增长1" + "0" * 305 + "万元}《某省信访条例》\ud8f3"]


def test_inputs_found_by_fuzzing(nlp):
    for text in FOUND_BY_FUZZING:
        check_record(text, rulegov_nlp.extract(text, nlp=nlp))
        nlp(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=report_texts)
def test_any_report_like_text_read_in_pieces_gives_a_valid_record(nlp, text):
    """The same with a max_length of 120 characters, so that most texts are cut into pieces."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(nlp, "max_length", 120)
        check_record(text, rulegov_nlp.extract(text, nlp=nlp))
