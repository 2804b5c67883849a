"""Files: uploads, file_id reuse, URLs, and the objects (PhotoSize, Document) built from them."""

from __future__ import annotations

import mimetypes
from typing import Any

from .call import Call
from .errors import bad_request
from .params import UploadedFile
from .state import FileRecord
from .world import World

_EXTENSIONS = {"photo": ".jpg", "document": ""}
_PHOTO_SIZES = ((90, 90), (320, 320), (800, 800))


def register_file(
    world: World, kind: str, content: bytes | None, *, filename: str | None = None, size: int = 0
) -> FileRecord:
    file_id, unique_id = world.new_file_ids()
    extension = _EXTENSIONS.get(kind, "")
    if kind == "document" and filename:
        extension = "." + filename.rsplit(".", 1)[-1] if "." in filename else ""
    path = f"{kind}s/file_{len(world.file_paths) + 1}_{unique_id[-6:]}{extension}"
    record = FileRecord(
        file_id=file_id,
        file_unique_id=unique_id,
        kind=kind,
        file_path=path,
        file_size=len(content) if content is not None else size,
        file_name=filename,
        content=content,
    )
    world.files[file_id] = record
    world.file_paths[path] = file_id
    return record


def resolve_media(call: Call, field: str, kind: str) -> FileRecord:
    """The file a send method refers to: an upload, a URL or a known file_id."""
    value = call.params.get(field)
    if isinstance(value, str) and value.startswith("attach://"):
        value = call.params.get(value.removeprefix("attach://"))
    if isinstance(value, UploadedFile):
        if not value.data:
            raise bad_request("file must be non-empty")
        return register_file(call.world, kind, value.data, filename=value.filename)
    if not isinstance(value, str) or not value:
        raise bad_request(f"there is no {kind} in the request")
    if value.startswith(("http://", "https://")):
        name = value.rsplit("/", 1)[-1] or None
        return register_file(call.world, kind, None, filename=name, size=1024)
    record = call.world.files.get(value)
    if record is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if record.kind != kind:
        raise bad_request(
            f"can't use file of type {record.kind.capitalize()} as {kind.capitalize()}"
        )
    return record


def photo_sizes(world: World, record: FileRecord) -> list[dict[str, Any]]:
    """The PhotoSize array; the largest size is the record itself."""
    sizes: list[dict[str, Any]] = []
    for index, (width, height) in enumerate(_PHOTO_SIZES):
        if index == len(_PHOTO_SIZES) - 1:
            size = record
        else:
            share = max(record.file_size * (index + 1) // 10, 1)
            size = register_file(world, "photo", record.content, size=share)
        sizes.append(
            {
                "file_id": size.file_id,
                "file_unique_id": size.file_unique_id,
                "file_size": size.file_size,
                "width": width,
                "height": height,
            }
        )
    return sizes


def document_dict(record: FileRecord) -> dict[str, Any]:
    name = record.file_name or record.file_path.rsplit("/", 1)[-1]
    mime, _ = mimetypes.guess_type(name)
    return {
        "file_id": record.file_id,
        "file_unique_id": record.file_unique_id,
        "file_name": name,
        "mime_type": mime or "application/octet-stream",
        "file_size": record.file_size,
    }


def file_dict(record: FileRecord) -> dict[str, Any]:
    return {
        "file_id": record.file_id,
        "file_unique_id": record.file_unique_id,
        "file_size": record.file_size,
        "file_path": record.file_path,
    }
