"""Zip files with fixed times and permissions, so the same files give the same bytes."""

from __future__ import annotations

import io
import time
import zipfile


def zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    """The timestamp for every zip entry: the clock's moment, not before 1980 (zip's start)."""
    stamp = time.gmtime(max(epoch, 315532800))
    return (stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min,
            stamp.tm_sec - stamp.tm_sec % 2)


STORED_SUFFIXES = (".png",)
"""Files zipped as they are: PNG is already compressed, so deflating it again only costs time."""


def make_zip(files: dict[str, bytes], ods_code: str, epoch: int) -> bytes:
    """A zip of the files under ``<ODS code>/``, sorted, with fixed times and permissions."""
    buffer = io.BytesIO()
    when = zip_time(epoch)
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{ods_code}/{name}", date_time=when)
            info.compress_type = (zipfile.ZIP_STORED if name.endswith(STORED_SUFFIXES)
                                  else zipfile.ZIP_DEFLATED)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[name], compresslevel=1)
    return buffer.getvalue()
