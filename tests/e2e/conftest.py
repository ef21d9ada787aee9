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


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.e2e)
