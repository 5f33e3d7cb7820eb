"""`python3 dev.py test` spreads the test files over pytest-xdist workers unless told otherwise."""

import dev


def test_the_whole_suite_runs_one_file_per_worker(monkeypatch):
    monkeypatch.delenv("OCOP_TEST_WORKERS", raising=False)
    monkeypatch.setattr(dev.os, "cpu_count", lambda: 2)
    assert dev.test_workers([]) == ["-n", "2", "--dist", "loadfile"]
    assert dev.test_workers(["tests/test_seeds.py", "-x"]) == ["-n", "2", "--dist", "loadfile"]


def test_many_cpus_use_at_most_four_workers_and_one_cpu_none(monkeypatch):
    monkeypatch.delenv("OCOP_TEST_WORKERS", raising=False)
    monkeypatch.setattr(dev.os, "cpu_count", lambda: 16)
    assert dev.test_workers([])[:2] == ["-n", "4"]
    monkeypatch.setattr(dev.os, "cpu_count", lambda: 1)
    assert dev.test_workers([]) == []


def test_the_arguments_and_the_environment_choose_first(monkeypatch):
    monkeypatch.setattr(dev.os, "cpu_count", lambda: 2)
    monkeypatch.delenv("OCOP_TEST_WORKERS", raising=False)
    assert dev.test_workers(["-n", "3"]) == []
    assert dev.test_workers(["-n3"]) == []
    assert dev.test_workers(["-p", "no:xdist"]) == []
    assert dev.test_workers(["tests/test_seeds.py::test_one"]) == []
    monkeypatch.setenv("OCOP_TEST_WORKERS", "0")
    assert dev.test_workers([]) == []
    monkeypatch.setenv("OCOP_TEST_WORKERS", "3")
    assert dev.test_workers([]) == ["-n", "3", "--dist", "loadfile"]
