"""Text primitives: the one home of each building block the components share.

* :mod:`.intervals`: character ranges with overlap and cover queries by bisection;
* :mod:`.brackets`: titles in 《》 and other paired brackets;
* :mod:`.headings`: heading and list-item openings (一、 （一） 1.);
* :mod:`.wordlists`: reading the package's word-list and table files;
* :mod:`.names`: the 中华人民共和国 prefix of official names;
* :mod:`.folding`: width and traditional->simplified folding (one table, ``resources/t2s.tsv``);
* :mod:`.dates`: years and dates in digits or Chinese numerals (二〇二三年), signature dates.

Rules (word lists, labels) live in data files and in :mod:`rulegov_nlp.vocabulary`; these
modules only hold the mechanics, so a component never writes its own copy of them.
"""
