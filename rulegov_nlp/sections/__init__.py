"""Section typing: each top-level unit the structure component finds gets a section type.

* ``keywords`` - the heading keyword tables (package data ``data/keywords.json``);
* ``features`` - what the model reads of a unit (text n-grams, structural features);
* ``model`` - the fitted model as plain arrays, inference in numpy;
* ``train`` - fitting with scikit-learn, on units the pipeline's own structure component finds;
* ``component`` - the ``rulegov_section_types`` spaCy component.
"""
