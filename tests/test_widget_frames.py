"""The frame benchmark's reading of a Chromium trace (benchmarks/widget_frames.py)."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from widget_frames import MARK, frame_cpu

MAIN, OTHER = 1, 2


def task(ts, tdur, tid=MAIN):
    return {"name": "ThreadControllerImpl::RunTask", "ph": "X", "ts": ts, "dur": tdur + 5,
            "tdur": tdur, "tid": tid}


def dispatch(ts):
    return {"name": "EventDispatch", "ph": "X", "ts": ts, "dur": 1, "tdur": 1, "tid": MAIN,
            "args": {"data": {"type": "input"}}}


def mark(ts):
    return {"name": MARK, "ph": "R", "ts": ts, "tid": MAIN}


@pytest.fixture
def trace(tmp_path):
    def write(events, wrapped=True):
        path = tmp_path / "trace.json"
        path.write_text(json.dumps({"traceEvents": events} if wrapped else events))
        return path
    return write


def test_a_measured_frame_runs_from_its_input_to_the_next_input(trace):
    events = [
        task(-500, 400),                          # before the first input: not counted
        task(0, 90), mark(5), dispatch(10),       # measured input 1
        task(200, 50),                            # its frame's rendering
        task(300, 999, tid=OTHER),                # another thread: not counted
        task(995, 30), dispatch(1000),            # an input that is not measured
        task(1100, 20),
        task(2000, 70), mark(2005), dispatch(2010),   # measured input 2
        task(2995, 10), dispatch(3000),           # the input that ends the last frame
        task(3100, 5),
    ]
    assert frame_cpu(trace(events)) == pytest.approx([0.14, 0.07])
    assert frame_cpu(trace(events, wrapped=False)) == pytest.approx([0.14, 0.07])


def test_a_trace_without_marks_has_no_measured_frames(trace):
    assert frame_cpu(trace([task(0, 90), dispatch(10)])) == []
