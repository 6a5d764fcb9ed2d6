"""The H5 shell page and its modules, without a browser: the import map names every
module, and every import names a module that exists."""

import json
import re
from pathlib import Path

from django.conf import settings

H5 = Path(settings.BASE_DIR) / "static" / "h5"
IMPORT = re.compile(r"""(?:from\s+|import\s*\(\s*)["'](\.[^"']+)["']""")


def import_map(html: str) -> dict:
    match = re.search(r'<script type="importmap"[^>]*>(.*?)</script>', html, re.S)
    assert match, "no import map in the shell"
    return json.loads(match.group(1))["imports"]


def test_the_shell_maps_every_module_of_the_client(client):
    response = client.get("/")
    assert response.status_code == 200
    imports = import_map(response.content.decode())
    modules = {f"/static/h5/{path.name}" for path in H5.glob("*.js")}
    assert set(imports) == modules
    assert "/static/h5/app.js" in modules


def test_every_import_names_a_module_that_exists():
    for source in H5.glob("*.js"):
        for target in IMPORT.findall(source.read_text()):
            assert (source.parent / target).resolve().is_file(), (
                f"{source.name}: {target}"
            )


def test_elder_mode_is_applied_before_the_stylesheet_loads(client):
    html = client.get("/").content.decode()
    head = html.split("</head>")[0]
    assert head.index("wzw.elder") < head.index('rel="stylesheet"')
    assert head.index("wzw.contrast") < head.index('rel="stylesheet"')
    assert 'rel="modulepreload"' in head
    assert 'lang="zh-CN"' in html
