"""The baseline planners compare against: fill slots by priority, each with its best free unit (pure)."""

from __future__ import annotations

import math
import time

import numpy as np

from pko.forcegen.optimiser import Model, Solution, grouped, state_caps, women_of


def greedy(model: Model) -> Solution:
    """Baseline: slots by priority, each takes its best-scoring free unit that keeps the policy caps."""
    started = time.perf_counter()
    caps = state_caps(model)
    score = model.score
    by_slot = dict(grouped(model.pair_slot))
    used: set[int] = set()
    sent: dict[tuple[str, str], int] = {}
    chosen = []
    order = sorted(range(len(model.slots)), key=lambda j: (-model.slots[j].priority, model.slots[j].need_by, j))
    for j in order:
        slot = model.slots[j]
        target = model.policy.women_target_of(slot.mission)
        for i in sorted(by_slot.get(j, []), key=lambda i: -score[i]):
            unit = model.units[model.pair_unit[i]]
            if model.pair_unit[i] in used or (caps and sent.get((slot.mission, unit.state), 0) >= caps[slot.mission]):
                continue
            if target and women_of(unit) < target * unit.strength:
                continue  # keeps every mission's running share at or above target
            used.add(int(model.pair_unit[i]))
            sent[(slot.mission, unit.state)] = sent.get((slot.mission, unit.state), 0) + 1
            chosen.append(i)
            break
    chosen_arr = np.array(sorted(chosen), dtype=np.int64)
    return Solution("greedy", "feasible", int(score[chosen_arr].sum()) if len(chosen) else 0, math.nan,
                    time.perf_counter() - started, chosen_arr)
