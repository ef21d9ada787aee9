"""Run work at the same moment from several threads, each with its own database connection."""

import threading

from django.db import connection
from django.utils import translation

from mokum.workflow import WorkflowError


def run_at_once(jobs, *, timeout=60):
    """Run each job in its own thread and connection, released together; return what each returned or raised.

    A thread starts in the site's default language; the jobs run in English, as the tests read messages.
    """
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):
                results[index] = job()
        except Exception as error:  # noqa: BLE001 - the caller inspects what each job ran into
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results


def failures(results):
    """Return the exceptions among `run_at_once`'s results."""
    return [result for result in results if isinstance(result, Exception)]


def run_together(*jobs, refusal: type[Exception] = WorkflowError):
    """Run the jobs at the same moment; return ("ok", result) or ("refused", error) for each.

    Any other exception fails the test: a race may refuse a step, never break it.
    """
    results = run_at_once(jobs)
    unexpected = [result for result in failures(results) if not isinstance(result, refusal)]
    assert not unexpected, unexpected
    return [("refused", result) if isinstance(result, refusal) else ("ok", result) for result in results]
