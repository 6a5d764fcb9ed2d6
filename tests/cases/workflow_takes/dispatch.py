"""How the workflow table test takes the steps of 分拨, 签收, 退单 review, 紧急 (see __init__)."""

TAKE = {}
MAY_TAKE = {}
PREPARE = {}
ACTOR = {}
