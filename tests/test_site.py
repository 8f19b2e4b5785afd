"""The course site that `make run` writes, opened as a learner on a train would:
build/index.html and two lessons in headless Chromium with the network off.

MathJax must have rendered every formula (no raw `$$` left on the page), the
"next" link must lead to the next lesson, and no page may fetch anything from
outside build/. Run by `make test-site` after `make run` (it needs build/, so
plain `make test` skips it); skipped where Debian's `chromium` is absent.

    python tests/test_site.py [build]   # formulas rendered on every page

The browser is driven through the DevTools protocol (tests/browser.py, shared
with tests/test_lab.py).
"""

import os
import sys
from pathlib import Path

import pytest
from browser import Browser, find_browser

ROOT = Path(__file__).resolve().parent.parent
# `make test-site` sets COURSE_SITE=build; without it the site may be missing or
# stale, so the test is skipped rather than run against whatever lies there.
SITE = os.environ.get("COURSE_SITE")
LESSONS = ("02_neuron_predictions", "09_backpropagation")  # both full of formulas

# Once MathJax has typeset the page ("End" fires after the first typesetting,
# and replays to a late listener): what it rendered, and what is left raw.
MATH_STATE = """
new Promise((resolve) => {
  const state = () => ({
    mathjax: Boolean(window.MathJax && window.MathJax.Hub),
    rendered: document.querySelectorAll('.MathJax_CHTML, .MathJax, .MathJax_SVG').length,
    sources: document.querySelectorAll('script[type^="math/tex"]').length,
    errors: document.querySelectorAll('.MathJax_Error, .mjx-merror, merror').length,
    rawDisplayMath: (document.body.innerText.match(/\\$\\$/g) || []).length,
    title: document.title,
  });
  if (!window.MathJax || !window.MathJax.Hub) { resolve(state()); return; }
  window.MathJax.Hub.Register.StartupHook("End", () => resolve(state()));
})
"""


def math_state(browser, url):
    browser.open(url)
    return browser.evaluate(MATH_STATE)


@pytest.fixture(scope="module")
def site():
    if not SITE:
        pytest.skip("the site test runs under `make test-site` (after `make run`), "
                    "which sets COURSE_SITE=build")
    build = (ROOT / SITE).resolve()
    if not (build / "index.html").is_file():
        pytest.fail(f"{build / 'index.html'} is missing: run `make run` first")
    return build


@pytest.fixture(scope="module")
def browser(site):
    executable = find_browser()
    if executable is None:
        pytest.skip("no headless Chromium here (Debian: apt-get install chromium); "
                    "the offline site is not checked")
    browser = Browser(executable)
    yield browser
    browser.close()


def lesson_pages(build):
    return sorted(p for p in build.glob("[0-9][0-9]_*.html"))


def local_to(build, url):
    """True when the request stays inside build/ (or is inline data)."""
    if url.startswith(("data:", "about:", "blob:")):
        return True
    return url.startswith(build.as_uri() + "/")


def test_index_lists_every_lesson_and_loads_nothing_from_outside(site, browser):
    state = math_state(browser, (site / "index.html").as_uri())
    assert state["mathjax"], "MathJax did not load on index.html"
    links = browser.evaluate(
        "Array.from(document.querySelectorAll('ul.lessons a')).map(a => a.getAttribute('href'))")
    assert links == [p.name for p in lesson_pages(site)]
    goals = browser.evaluate("document.querySelectorAll('ul.lessons .goal').length")
    assert goals == len(links), "every lesson has its one-line goal"
    outside = [r["url"] for r in browser.requests.values() if not local_to(site, r["url"])]
    assert outside == []


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_lesson_renders_its_formulas_offline_and_links_the_next(site, browser, lesson):
    page = site / f"{lesson}.html"
    assert page.is_file(), f"{page.name} is missing from build/"
    browser.requests.clear()

    state = math_state(browser, page.as_uri())

    assert state["mathjax"], f"MathJax did not load on {page.name}"
    assert state["sources"] > 0, f"no formula found on {page.name}"
    assert state["rendered"] >= state["sources"], state
    assert state["errors"] == 0, state
    assert state["rawDisplayMath"] == 0, f"raw $$ left in the text of {page.name}"
    requests = list(browser.requests.values())
    assert [r["url"] for r in requests if not local_to(site, r["url"])] == []
    assert [r for r in requests if r["failed"] and r["url"].startswith("file:")] == [], (
        "a file of build/ failed to load")
    assert any(r["url"].startswith((site / "mathjax").as_uri()) for r in requests)

    sections = browser.evaluate("document.querySelectorAll('nav.course-toc li a').length")
    assert sections > 0, "the table of sections is empty"

    pages = [p.name for p in lesson_pages(site)]
    expected = pages[pages.index(page.name) + 1]
    browser.events.clear()
    browser.evaluate("document.querySelector('a[rel=next]').click()")
    browser.wait_for("Page.loadEventFired")
    assert browser.evaluate("location.pathname").endswith("/" + expected)


def formulas_per_page(build):
    """{page: (rendered, formulas)} for index.html and every lesson."""
    browser = Browser(find_browser())
    try:
        counts = {}
        for page in [build / "index.html", *lesson_pages(build)]:
            state = math_state(browser, page.as_uri())
            counts[page.name] = (state["rendered"], state["sources"])
        return counts
    finally:
        browser.close()


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build").resolve()
    for name, (rendered, sources) in formulas_per_page(folder).items():
        print(f"{rendered:5d} of {sources:4d} formulas rendered  {name}")
