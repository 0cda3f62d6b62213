"""The geo stage: place names → GeoNames places, without the language pipeline.

``name (+ context) → Place``. `gazetteer` opens (building once) the SQLite alias index that
`build` makes from the GeoNames data installed with sitrep and resolves names against it; it
imports no spaCy, so fusion, maps and reports can resolve and describe places on their own.
"""
