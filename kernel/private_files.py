"""Files that hold personal data in full (background ledger exports): readable and
writable by the service user alone, from the first byte on.

Django's FILE_UPLOAD_PERMISSIONS applies to files saved through FileSystemStorage;
ledger files are written by xlsxwriter and the csv module straight to a path, where
the process umask (usually 022: everyone may read) would decide.
"""

import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_file(path: Path | str) -> Path:
    """Create `path` empty with mode 0600 (and a missing folder with 0700), ready
    for a writer that opens it by name: reopening a file keeps its mode."""
    path = Path(path)
    path.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        # A file left by an earlier try keeps the mode it had; set it anyway.
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path
