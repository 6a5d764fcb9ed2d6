"""微调研 / 微投票: surveys and polls, one response per device or per phone.
docs/surveys.md gives the rules."""
