"""Start the course's tools about 2.5 s sooner, by skipping one import nothing uses.

The tools that read notebooks (pytest with nbval and each of its workers,
`make run`, `make notebooks`, `make progress`, the practice generator) import
nbformat, which imports jsonschema to validate notebooks. On import, jsonschema
loads every optional format checker that is installed. One of them,
rfc3987-syntax, comes with JupyterLab (through jupyter-events) and builds an
Earley parser for internationalised URLs as it is imported: about 2.5 s of CPU
on a 2-core laptop, in every one of those processes. The notebook format's
schema has no IRI field, so nothing in the course ever calls that checker.

Importing this module before nbformat marks rfc3987_syntax as absent for this
process only (jsonschema then treats IRIs as it does when the package is not
installed). pytest imports it first of all, through `-p course_utils.fast_start`
in pyproject.toml; the tools in tools/ import it at their top.
"""

import sys

SKIPPED = "rfc3987_syntax"

# None in sys.modules makes `import rfc3987_syntax` raise ImportError, which
# jsonschema catches. setdefault: if something already imported it, keep it.
sys.modules.setdefault(SKIPPED, None)
