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


def test_a_test_run_leaves_running_the_services_it_found_running(monkeypatch):
    """`dev.py run` in one terminal and `dev.py test` in another: the tests end without stopping the
    shop's database (they used to stop every embedded service on the way out)."""
    from ocop.core import embedded

    assert "postgres" in embedded.running()  # these tests run on it
    stopped = []
    monkeypatch.setattr(embedded, "stop_postgres", lambda: stopped.append("postgres"))
    monkeypatch.setattr(embedded, "stop_localstripe", lambda: stopped.append("localstripe"))
    embedded.stop_all(keep=["postgres"])
    assert stopped == ["localstripe"]
    embedded.stop_all()
    assert stopped == ["localstripe", "localstripe", "postgres"]
    calls = []
    monkeypatch.setattr(dev, "running_services", lambda: ["postgres"])
    monkeypatch.setattr(dev, "stop_services", lambda keep=(): calls.append(list(keep)))
    monkeypatch.setattr(dev, "ensure_venv", lambda lock: None)
    monkeypatch.setattr(dev, "ensure_browser", lambda: {})
    monkeypatch.setattr(dev.subprocess, "run", lambda *a, **k: type("Done", (), {"returncode": 0})())
    assert dev.run_tests(["tests/none.py"]) == 0 and calls == [["postgres"]]
