"""The offline copy: the whole site in one zip that works opened from disk (file://)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

# A fixed timestamp keeps the zip identical for identical content.
_EPOCH = (2020, 1, 1, 0, 0, 0)


def zip_site(site: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file() and path != target and "downloads/handbook-offline.zip" not in path.as_posix():
                info = zipfile.ZipInfo(f"handbook/{path.relative_to(site).as_posix()}", _EPOCH)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    os.chmod(target, 0o644)
