"""Opens the built documentation site in headless Chromium and checks that its pages render.

For each page checked, one run of Chromium: its screenshot is a PNG of the window's size that is not
blank (a share of its pixels differ from the background, in several colours), and the text
of the DOM Chromium dumps (after the page's scripts ran) holds the names the page must show
and no Markdown or reStructuredText left unrendered (a directive shown as text).

    /usr/bin/python3 tests/docs/check_site.py [--site build/docs/html] [--out build/docs/check]

scripts/docs builds the site first. Needs Debian's chromium and python3-pil.
"""

from __future__ import annotations

import argparse
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WINDOW = (1280, 1600)

# page: names its rendered text must contain.
PAGES = {
    "index.html": ["trustscore", "User guide", "C API reference", "Python API reference"],
    "reference/c.html": [
        "trustscore_model_create",
        "trustscore_store_add_signals",
        "trustscore_score",
        "trustscore_score_options",
        "trustscore_last_error",
    ],
    "reference/python.html": ["EvidenceStore", "Model", "read_csv", "trustscore.dask"],
}
# Text that means a page shows its source instead of rendering it.
UNRENDERED = ["```{", ".. py:", ".. c:", ".. cpp:", ".. automodule::", ":members:"]


class TextOf(html.parser.HTMLParser):
    """The text of an HTML document, without its scripts and styles."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def chromium(args, profile, timeout=120):
    command = [
        shutil.which("chromium") or "chromium",
        "--headless",
        "--no-sandbox",  # as root, and in containers without user namespaces
        "--disable-gpu",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ] + args
    try:
        return subprocess.run(command, capture_output=True, timeout=timeout)
    except FileNotFoundError:
        sys.exit("check_site: chromium is missing: run scripts/bootstrap (as root)")


def screenshot_problem(path):
    """Why the screenshot at path is not a rendered page, or None."""
    from PIL import Image  # python3-pil

    if not os.path.isfile(path) or os.path.getsize(path) == 0:
        return "Chromium wrote no screenshot"
    with Image.open(path) as image:
        if image.format != "PNG" or image.size != WINDOW:
            return f"a {image.format} of {image.size}, not a PNG of {WINDOW}"
        pixels = image.convert("RGB").resize((WINDOW[0] // 4, WINDOW[1] // 4))
        colours = pixels.getcolors(maxcolors=1 << 20)
    background_count = max(count for count, _ in colours)
    drawn = 1 - background_count / (pixels.width * pixels.height)
    if drawn < 0.02 or len(colours) < 16:
        return (
            f"looks blank: {drawn:.1%} of its pixels differ from the background, "
            f"in {len(colours)} colours"
        )
    return None


def check_page(site, page, names, out, profile):
    """The problems of one page (an empty list when it renders)."""
    path = os.path.join(site, page)
    if not os.path.isfile(path):
        return [f"{path} does not exist (run scripts/docs)"]
    url = "file://" + os.path.abspath(path)
    problems = []
    shot = os.path.join(out, page.replace("/", "_").replace(".html", ".png"))
    if os.path.exists(shot):
        os.remove(shot)
    # One run takes the screenshot and dumps the DOM (after the page's scripts ran).
    proc = chromium(
        [f"--screenshot={shot}", f"--window-size={WINDOW[0]},{WINDOW[1]}", "--dump-dom", url],
        profile,
    )
    problem = screenshot_problem(shot)
    if problem:
        problems.append(f"screenshot {shot}: {problem} (chromium exit {proc.returncode})")
    dom = proc.stdout.decode("utf-8", "replace")
    if proc.returncode != 0 or not dom.strip():
        return problems + [
            f"chromium --dump-dom exited {proc.returncode} with {len(dom)} characters: "
            + proc.stderr.decode("utf-8", "replace")[-2000:]
        ]
    with open(os.path.join(out, page.replace("/", "_")), "w", encoding="utf-8") as f:
        f.write(dom)
    parser = TextOf()
    parser.feed(dom)
    text = " ".join(parser.parts)
    missing = [name for name in names if name not in text]
    if missing:
        problems.append(f"its text lacks {', '.join(missing)}")
    shown = [source for source in UNRENDERED if source in text]
    if shown:
        problems.append(f"it shows unrendered source: {', '.join(shown)}")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default=os.path.join(REPO, "build", "docs", "html"))
    parser.add_argument(
        "--out",
        default=os.path.join(REPO, "build", "docs", "check"),
        help="where the screenshots and dumped pages go",
    )
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    failures = []
    with tempfile.TemporaryDirectory(prefix="check-site-") as profile:
        for page, names in PAGES.items():
            problems = check_page(args.site, page, names, args.out, profile)
            print(f"{page}: {'FAILED' if problems else 'renders'}", flush=True)
            failures += [f"{page}: {problem}" for problem in problems]
    if failures:
        print(
            "\n".join(["", "The documentation site does not render:"] + failures), file=sys.stderr
        )
        return 1
    print(f"check_site: {len(PAGES)} pages render (screenshots and DOM in {args.out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
