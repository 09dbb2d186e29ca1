"""Ctrl-C stops the engine: a SIGINT during a long run, step or experiment ends the call
within a moment with KeyboardInterrupt (the engine's stop flag is set), and Python goes on."""

import os
import signal
import subprocess
import sys
import textwrap
import time

from conftest import SOURCE

# The child announces the call, makes it and reports how it ended. The tutorial with
# thousands of firms on one thread takes minutes, so only the stop ends it this soon.
CHILD = textwrap.dedent("""
    import sys, time
    import clustersim
    scenario = clustersim.load(sys.argv[1], {"firms.software_smes.count": 10000})
    call = sys.argv[2]
    print("started", flush=True)
    start = time.monotonic()
    try:
        if call == "run":
            clustersim.run(scenario, replications=100, threads=1)
        elif call == "step":
            stepper = clustersim.Stepper(scenario, replications=8, threads=1)
            print("built", flush=True)
            stepper.step(120)
        elif call == "grid":
            clustersim.grid(scenario, {"parameters.transfer.rate": [0.0, 0.05, 0.1]},
                            replications=50, threads=1)
        print("finished", flush=True)
    except KeyboardInterrupt:
        print("KeyboardInterrupt after %.3f" % (time.monotonic() - start), flush=True)
        if call == "step":
            try:
                stepper.firms(0)
            except RuntimeError as error:
                print("unusable:", error, flush=True)
        print("alive", flush=True)  # Python goes on after the interrupt
""")


def interrupt(call, wait_for="started"):
    scenario = os.path.join(SOURCE, "scenarios", "tutorial.toml")
    child = subprocess.Popen([sys.executable, "-c", CHILD, scenario, call],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in child.stdout:
        if line.strip() == wait_for:
            break
    time.sleep(1.5)  # well inside the engine's work
    assert child.poll() is None, "the call ended before the signal"
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    try:
        out, err = child.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        child.kill()
        out, err = child.communicate()
        raise AssertionError("still running 30 s after SIGINT:\n" + out + err)
    return out, err, time.monotonic() - sent


def check_stopped(out, err, seconds):
    assert "finished" not in out, "the call ran to its end: the signal did not stop it"
    assert "KeyboardInterrupt after" in out, out + err
    assert "alive" in out
    assert seconds < 3, "took %.2f s to stop" % seconds


def test_ctrl_c_stops_a_run():
    check_stopped(*interrupt("run"))


def test_ctrl_c_stops_a_step_and_the_stepper_says_it_is_unusable():
    out, err, seconds = interrupt("step", wait_for="built")
    check_stopped(out, err, seconds)
    assert "unusable: this stepper was interrupted" in out


def test_ctrl_c_stops_an_experiment():
    check_stopped(*interrupt("grid"))
