"""How tests/cases/test_workflow_table.py takes each step, one module per domain.

Each module has:
- TAKE: step name -> (case, actor, department B) -> None, through the step's
  service with valid inputs;
- MAY_TAKE: step name -> the users who may take it, of officer_a (the case's
  department), head_a, officer_b (department B), supervisor, dispatcher,
  unassigned (staff with no department), anonymous; written out, not read from
  the table, so a change to who may take a step has to change a test too;
- PREPARE: step name -> (case, department B) -> None, what the case needs before
  the step (a pending request, a co-handling invitation), optional;
- ACTOR: step name -> who takes it in the status test ("supervisor" unless named:
  "system" for None, or a user fixture's name), optional.
"""

from tests.cases.workflow_takes import (
    base,
    callback,
    dispatch,
    merging,
    team,
    waiting,
)
from tests.cases.workflow_takes.base import _pending_request

_MODULES = (base, dispatch, team, waiting, merging, callback)
TAKE = {name: take for module in _MODULES for name, take in module.TAKE.items()}
MAY_TAKE = {name: who for module in _MODULES for name, who in module.MAY_TAKE.items()}
PREPARE = {name: f for module in _MODULES for name, f in module.PREPARE.items()}
ACTOR = {name: who for module in _MODULES for name, who in module.ACTOR.items()}

__all__ = ["ACTOR", "MAY_TAKE", "PREPARE", "TAKE", "_pending_request"]
