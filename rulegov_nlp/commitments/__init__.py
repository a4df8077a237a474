"""COMMITMENT capability: numeral parsing (``numerals``) and the ``rulegov_commitments`` component."""

from rulegov_nlp.commitments.numerals import Quantity, parse_quantity

__all__ = ["Quantity", "parse_quantity"]
