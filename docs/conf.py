"""Sphinx configuration of trustscore's documentation site (scripts/docs builds it).

The pages are the repository's Markdown (docs/guide, docs/design: MyST), the C and C++
references from the headers' comments (Doxygen XML through Breathe; scripts/docs runs
Doxygen first and passes the XML's folder in TRUSTSCORE_DOXYGEN_XML), the Python reference
from the package's docstrings (autodoc, napoleon), the changelog and the generated benchmark
report (included from CHANGELOG.md and bench/REPORT.md as they are).
"""

import os
import posixpath
import re
import sys

from sphinx import addnodes
from sphinx.util import logging

DOCS = os.path.dirname(os.path.abspath(__file__))
logger = logging.getLogger(__name__)
REPO = os.path.dirname(DOCS)


def library_version():
    """MAJOR.MINOR.PATCH from include/trustscore/version.h, the version's one source."""
    with open(os.path.join(REPO, "include", "trustscore", "version.h"), encoding="utf-8") as f:
        return re.search(r'#define TRUSTSCORE_VERSION_STRING "([^"]+)"', f.read()).group(1)


project = "trustscore"
author = "the trustscore authors"
copyright = "the trustscore authors, Apache-2.0"
release = version = library_version()

extensions = [
    "myst_parser",
    "breathe",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
# docs/README.md is the index people read on GitHub (its links leave docs/ and it has no
# toctree); the site's index is index.md.
exclude_patterns = ["README.md", "doxygen"]

myst_heading_anchors = 4  # GitHub's slugs, so links like scoring.md#model-kinds resolve
myst_enable_extensions = ["colon_fence"]

html_theme = "furo"
html_title = f"trustscore {release}"
html_show_sourcelink = False
pygments_style = "friendly"

# C and C++ references: Doxygen's XML of the headers.
breathe_projects = {
    "trustscore": os.environ.get(
        "TRUSTSCORE_DOXYGEN_XML", os.path.join(REPO, "build", "docs", "doxygen", "xml")
    )
}
breathe_default_project = "trustscore"
breathe_domain_by_extension = {"h": "c", "hpp": "cpp"}
breathe_default_members = ("members", "undoc-members")
breathe_show_include = False

# Python reference: the package as bindings/python holds it; it loads libtrustscore as it
# always does (TRUSTSCORE_LIBRARY, which scripts/docs sets, else the build tree).
sys.path.insert(0, os.path.join(REPO, "bindings", "python"))
import trustscore  # noqa: E402 (after sys.path); its __all__ is the public API

_PUBLIC = set(trustscore.__all__)
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {
    "members": True,
    "show-inheritance": True,
    # Methods of the package's private mixins (EvidenceStore's journal methods) are the
    # classes' own; those of Python's base classes are not shown.
    "inherited-members": "BaseException, tuple, object",
}
napoleon_google_docstring = False
napoleon_numpy_docstring = True

# Nitpicky references (scripts/docs --strict): names from the standard libraries that no
# page of this site documents.
nitpick_ignore_regex = [
    (r"c:identifier", r"u?int(8|16|32|64)_t|size_t"),
    (r"cpp:identifier", r"(std|Eigen|detail)(::.*)?"),
    (r"py:class", r"(numpy|np|pandas|pd|dask|distributed|ctypes|os)\..*"),
]

# Pages that the guide links to outside docs/ (relative to the repository root) and the
# page of this site that shows each.
REPOSITORY_PAGES = {
    "CHANGELOG.md": "reference/changelog.md",
    "bench/REPORT.md": "reference/benchmark-report.md",
}


def retarget_repository_links(app, doctree):
    """Points the guide's links to CHANGELOG.md and bench/REPORT.md (right on GitHub) at
    the pages of the site that include those files."""
    docdir = posixpath.dirname(app.env.docname)
    for node in doctree.findall(addnodes.pending_xref):
        if node.get("reftype") != "myst":
            continue
        path, hash_, anchor = node["reftarget"].partition("#")
        in_repository = posixpath.normpath(posixpath.join("docs", docdir, path))
        page = REPOSITORY_PAGES.get(in_repository)
        if page:
            node["reftarget"] = posixpath.relpath(page, docdir or ".") + hash_ + anchor


def public_bases(app, name, obj, options, bases):
    """Leaves the package's private mixins out of "Bases:"."""
    bases[:] = [
        b for b in bases if not b.__module__.startswith("trustscore._") or b.__name__ in _PUBLIC
    ]


def resolve_private_module_names(app, env, node, contnode):
    """trustscore._results.ScoreResult (a type hint's module) is documented as
    trustscore.ScoreResult."""
    if node.get("refdomain") != "py":
        return None
    match = re.fullmatch(r"trustscore\._\w+\.(\w+)", node["reftarget"])
    if not match or match.group(1) not in _PUBLIC:
        return None
    return env.get_domain("py").resolve_xref(
        env,
        node["refdoc"],
        app.builder,
        node["reftype"],
        "trustscore." + match.group(1),
        node,
        contnode,
    )


def skip_namedtuple_fields(app, what, name, obj, skip, options):
    """Leaves out the "Alias for field number N" of result namedtuples' fields (the class's
    docstring describes them)."""
    if (getattr(obj, "__doc__", None) or "").startswith("Alias for field number"):
        return True
    return None


def check_github_index(app):
    """docs/README.md, the index GitHub shows, links every page of the guide and the design
    notes, as index.md's toctrees do (Sphinx warns about a page missing there)."""
    with open(os.path.join(DOCS, "README.md"), encoding="utf-8") as f:
        index = f.read()
    for folder in ("guide", "design"):
        for name in sorted(os.listdir(os.path.join(DOCS, folder))):
            if name.endswith(".md") and f"]({folder}/{name})" not in index:
                logger.warning(
                    f"docs/README.md (the index on GitHub) does not link {folder}/{name}"
                )


def setup(app):
    app.connect("builder-inited", check_github_index)
    app.connect("doctree-read", retarget_repository_links)
    app.connect("autodoc-process-bases", public_bases)
    app.connect("autodoc-skip-member", skip_namedtuple_fields)
    app.connect("missing-reference", resolve_private_module_names)
