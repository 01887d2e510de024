"""A Doxygen filter for trustscore's headers: plain comments become doc comments.

The headers document every declaration in ordinary comments (``/* ... */`` in the C headers,
``// ...`` in the C++ ones), which Doxygen ignores. This filter hands Doxygen a copy in which

- a comment (or a run of ``//`` lines) that directly precedes a declaration, with no blank
  line between, becomes ``/** ... */`` (``/// ...``), the declaration's documentation;
- a comment after a member or enumerator on its line (``int32_t version; /* ... */``)
  becomes ``/**< ... */`` (``///< ...``);
- the comment the file starts with becomes the file's documentation (``@file``);

and leaves every other comment alone: section banners (a blank line follows them), comments
inside function bodies and initialisers, and before ``#include``/``#if``. The one change to
code: ``inline namespace v1 {`` and its closing brace become blanks, so that the reference
spells names as users do (``trustscore::Model``). No line moves, so Doxygen's line numbers
are the header's.
``comments_to_docs.py FILE`` writes one header's copy to standard output (Doxygen's
INPUT_FILTER form); ``comments_to_docs.py --tree include OUT`` writes every header's copy
under OUT, which scripts/docs gives Doxygen (one process instead of one per file that
Doxygen reads: 4 s of Doxygen instead of 18).
"""

from __future__ import annotations

import os
import re
import sys

# Heads of a brace that opens a scope of declarations (not a function body or an
# initialiser); template parameter lists are removed from the head first.
_DECLARATION_SCOPE = re.compile(r'\b(namespace|struct|class|union|enum)\b|^\s*extern\s*"C"\s*$')
_TEMPLATE_HEAD = re.compile(r"\btemplate\s*<")
# `inline namespace v1 {`: the version namespace is part of the ABI (the mangled names), not
# of how names are spelled, and Breathe renders its members twice; Doxygen sees them in
# namespace trustscore.
_INLINE_NAMESPACE = re.compile(r"\binline\s+namespace\s+\w+\s*$")
# Doxygen markup in the comments' text that must stay text.
_DOXYGEN_SPECIAL = re.compile(r"([\\@<>&%#$\"])")
# A header's name: Doxygen would link it to the file's page, which the site has not.
_HEADER_NAME = re.compile(r"(?<![\w/%])((?:\w+/)*\w+\.(?:h|hpp))\b")


def tokens(text):
    """Splits C or C++ source into (kind, text) pairs: "code", "line" (a // comment
    without its newline), "block" (a /* */ comment) and "literal" (a string or character
    literal, raw strings included). Joining the texts gives the source back."""
    out = []
    i, n, start = 0, len(text), 0

    def emit(kind, end):
        nonlocal start
        if start < end:
            out.append((kind, text[start:end]))
        start = end

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            emit("code", i)
            end = text.find("\n", i)
            end = n if end < 0 else end
            emit("line", end)
            i = end
        elif text.startswith("/*", i):
            emit("code", i)
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            emit("block", end)
            i = end
        elif c == "R" and text.startswith('R"', i) and not (text[i - 1 : i].isalnum()):
            emit("code", i)
            open_paren = text.find("(", i)
            delimiter = ")" + text[i + 2 : open_paren] + '"'
            end = text.find(delimiter, open_paren)
            end = n if end < 0 else end + len(delimiter)
            emit("literal", end)
            i = end
        elif c in "\"'":
            # A ' between digits is a digit separator (1'000), not a literal.
            if c == "'" and i > 0 and text[i - 1].isalnum() and text[i + 1 : i + 2].isalnum():
                i += 1
                continue
            emit("code", i)
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            emit("literal", min(j + 1, n))
            i = min(j + 1, n)
        else:
            i += 1
    emit("code", n)
    return out


def strip_template_parameters(head):
    """head without its ``template <...>`` parameter lists."""
    while True:
        match = _TEMPLATE_HEAD.search(head)
        if not match:
            return head
        depth, j = 1, match.end()
        while j < len(head) and depth:
            depth += {"<": 1, ">": -1}.get(head[j], 0)
            j += 1
        head = head[: match.start()] + head[j:]


def escape(comment_text):
    """The comment's text with Doxygen's command and HTML characters escaped and header
    names unlinked (%name), except in `code spans` (whose text Doxygen keeps as it is)."""
    pieces = comment_text.split("`")
    for i in range(0, len(pieces), 2):  # outside the spans
        pieces[i] = _HEADER_NAME.sub(r"%\1", _DOXYGEN_SPECIAL.sub(r"\\\1", pieces[i]))
    return "`".join(pieces)


def filter_source(text):
    parts = tokens(text)
    scopes = []  # one bool per open brace: True for a scope of declarations
    inline_braces = []  # per open brace: whether it opens an inline namespace
    head = ""  # the code since the last ';', '{' or '}'
    # For each comment: whether it sits in a scope of declarations.
    in_declarations = {}
    code = [list(part) if kind == "code" else None for kind, part in parts]
    for index, (kind, part) in enumerate(parts):
        if kind in ("line", "block"):
            in_declarations[index] = all(scopes)
            continue
        if kind == "literal":
            head += part
            continue
        for offset, c in enumerate(part):
            if c == "{":
                scopes.append(bool(_DECLARATION_SCOPE.search(strip_template_parameters(head))))
                inline = _INLINE_NAMESPACE.search(part[:offset])
                inline_braces.append(bool(inline))
                if inline:  # blanked, with its closing brace below
                    code[index][inline.start() : offset + 1] = " " * (offset + 1 - inline.start())
                head = ""
            elif c == "}":
                if scopes:
                    scopes.pop()
                if inline_braces and inline_braces.pop():
                    code[index][offset] = " "
                head = ""
            elif c == ";":
                head = ""
            elif c == "\n" and head.lstrip().startswith("#"):
                head = ""  # a preprocessor line ends at its newline
            else:
                head += c

    def line_before(index):
        """The text on the comment's line before it."""
        before = "".join(p for _, p in parts[:index])
        return before[before.rfind("\n") + 1 :]

    def text_after(index):
        return "".join(p for _, p in parts[index + 1 :])

    def documents_next(after):
        """Whether the code after a comment (its newline included) is a declaration
        the comment belongs to: on the next line, not a closing brace or directive."""
        if not after.startswith("\n"):
            return False
        next_line = after[1:].split("\n", 1)[0].strip()
        if not next_line or next_line.startswith("}") or next_line.startswith("//"):
            return False
        return not next_line.startswith("#") or next_line.startswith("#define")

    result = ["".join(code[i]) if kind == "code" else part for i, (kind, part) in enumerate(parts)]
    index = 0
    while index < len(parts):
        kind, part = parts[index]
        if kind not in ("line", "block") or not in_declarations[index]:
            index += 1
            continue
        if part.startswith(("///", "//!", "/**", "/*!")):
            index += 1  # already a doc comment
            continue
        before = line_before(index)
        if before.strip():
            # After code on its line: a member's or an enumerator's comment.
            if before.rstrip().endswith((";", ",")):
                result[index] = (
                    "///< " + escape(part[2:].lstrip())
                    if kind == "line"
                    else "/**< " + escape(part[2:-2].strip()) + " */"
                )
            index += 1
            continue
        # A whole-line comment: gather a run of // lines, one line each.
        group = [index]
        if kind == "line":
            while (
                group[-1] + 2 < len(parts)
                and parts[group[-1] + 2][0] == "line"
                and re.fullmatch(r"\n[ \t]*", parts[group[-1] + 1][1])
            ):
                group.append(group[-1] + 2)
        file_comment = not "".join(p for _, p in parts[:index]).strip()
        if file_comment or documents_next(text_after(group[-1])):
            for member in group:
                body = parts[member][1]
                result[member] = (
                    "///" + escape(body[2:])
                    if kind == "line"
                    else "/**" + escape(body[2:-2]) + "*/"
                )
            if file_comment:
                last = result[group[-1]]
                result[group[-1]] = last[:-2] + " @file */" if kind == "block" else last + " @file"
        index = group[-1] + 1
    return "".join(result)


def filter_tree(source_root, out_root):
    """Writes every header under source_root, filtered, to the same path under out_root."""
    for directory, _, names in os.walk(source_root):
        for name in names:
            if not name.endswith((".h", ".hpp", ".inl")):
                continue
            source = os.path.join(directory, name)
            target = os.path.join(out_root, os.path.relpath(source, source_root))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(source, encoding="utf-8") as f:
                text = filter_source(f.read())
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)


def main(argv):
    if len(argv) == 4 and argv[1] == "--tree":
        filter_tree(argv[2], argv[3])
    elif len(argv) == 2:
        with open(argv[1], encoding="utf-8") as f:
            sys.stdout.write(filter_source(f.read()))
    else:
        sys.exit("usage: comments_to_docs.py FILE (to standard output) | --tree SOURCE OUT")


if __name__ == "__main__":
    main(sys.argv)
