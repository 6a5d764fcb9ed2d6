"""`.env.example` is the operator's list of settings: every variable that
portal/settings.py reads must be in it, so none is discovered in production."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_variable_settings_reads_is_in_env_example():
    source = (ROOT / "portal" / "settings.py").read_text()
    read = set(re.findall(r'\benv(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', source))
    listed = set(
        re.findall(
            r"^#?\s*([A-Z][A-Z0-9_]*)=",
            (ROOT / ".env.example").read_text(),
            flags=re.MULTILINE,
        )
    )

    assert len(read) > 30  # the pattern still finds them
    assert sorted(read - listed) == []
