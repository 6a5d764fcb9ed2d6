"""How the workflow table test takes the steps of 回访, 重办, 催办, 通报 (see __init__)."""

TAKE = {}
MAY_TAKE = {}
PREPARE = {}
ACTOR = {}
