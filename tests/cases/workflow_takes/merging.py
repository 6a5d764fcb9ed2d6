"""How the workflow table test takes the steps of 并单 and 拆分 (see __init__)."""

TAKE = {}
MAY_TAKE = {}
PREPARE = {}
ACTOR = {}
