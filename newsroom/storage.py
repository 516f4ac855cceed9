"""The media storage: a file is stored whole or not at all.

Django's FileSystemStorage writes straight to the file's name, so a disk that
fills up halfway leaves a truncated file behind, under the name a row may
point to. Here a file is written under a temporary name of its own, in the
same folder, and renamed once complete; a failed write removes its temporary
file and raises as before (OSError: ENOSPC, EROFS, EACCES…), for the upload
form to show (articles/admin.py).
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import uuid

from django.core.files.move import file_move_safe
from django.core.files.storage import FileSystemStorage


class MediaStorage(FileSystemStorage):
    """FileSystemStorage that never leaves a partial file."""

    def _save(self, name: str, content) -> str:
        folder = posixpath.dirname(name)
        # A name no other upload can have: removing it can only remove ours.
        partial = posixpath.join(folder, f".partial-{uuid.uuid4().hex}")
        try:
            partial = super()._save(partial, content)
            while True:
                try:
                    # The same folder, so a rename: the file appears complete.
                    file_move_safe(
                        self.path(partial), self.path(name), allow_overwrite=False
                    )
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(self.path(partial))
            raise
        return os.path.relpath(self.path(name), self.location).replace("\\", "/")
