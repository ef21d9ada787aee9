from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

AXE = Axe()


def assert_accessible(page):
    """Fail with a readable list when axe finds any accessibility violation on the page."""
    results = AXE.run(page)
    violations = results.response["violations"]
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )
    assert not violations, f"axe found {len(violations)} violation(s) on {page.url}:\n{details}"


@pytest.fixture
def axe_check():
    return assert_accessible


E2E = Path(__file__).parent


def pytest_collection_modifyitems(items):
    # The hook sees every test of the run: mark only the browser tests in this folder. They share one xdist worker
    # (--dist loadgroup), so the HTML check (test_valid_html.py, last) reads the pages all of them loaded.
    for item in items:
        if E2E in item.path.parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("browser"))


# Every browser test also checks the Content-Security-Policy: the page reports each violation to Python (the
# reports survive navigation), and the test fails at its end if there was any.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__mokumCspViolation([document.location.pathname, event.effectiveDirective, event.blockedURI, event.sample]);
});
"""


@pytest.fixture(scope="session")
def visited_pages(tmp_path_factory):
    """A folder that receives the HTML of every page the browser tests load (for the HTML validator)."""
    return tmp_path_factory.mktemp("visited-pages")


@pytest.fixture(autouse=True)
def _page_checks(request, visited_pages):
    """Record CSP violations and keep each page's HTML as the server sent it, on every browser test's page."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations = []
    page.expose_function("__mokumCspViolation", lambda violation: violations.append(violation))
    page.add_init_script(CSP_LISTENER)

    def keep_html(response):
        if (
            response.request.resource_type == "document"
            and response.frame == page.main_frame
            and response.ok
            and "text/html" in (response.headers.get("content-type") or "")
        ):
            number = len(list(visited_pages.glob("*.html"))) + 1
            name = f"{number:04d}-{request.node.name.split('[')[0]}.html"
            (visited_pages / name).write_text(response.text(), encoding="utf-8")
            with (visited_pages / "index.tsv").open("a", encoding="utf-8") as index:
                index.write(f"{name}\t{response.url}\n")

    page.on("response", keep_html)
    yield
    page.remove_listener("response", keep_html)
    assert not violations, "Content-Security-Policy violations (page, directive, blocked, sample):\n" + "\n".join(
        map(str, violations)
    )
