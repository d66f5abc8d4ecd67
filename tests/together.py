"""Races, for the tests that prove two people pressing at once are served right: each call in a
thread of its own, all released together by a barrier, each with its own database connection."""

import threading

from django.db import connection


def together(*calls) -> list:
    """Run each call (a function of no arguments) at the same moment; returns what each returned,
    in the order given, or the exception it raised in its place."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - the test asserts on it
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
