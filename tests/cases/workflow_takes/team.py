"""How the workflow table test takes the steps of 承办人, 协办 (see __init__)."""

TAKE = {}
MAY_TAKE = {}
PREPARE = {}
ACTOR = {}
