"""How the workflow table test takes the steps of 补充材料, 并单, 拆分 (see __init__)."""

TAKE = {}
MAY_TAKE = {}
PREPARE = {}
ACTOR = {}
