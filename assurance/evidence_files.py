"""Checks on every uploaded evidence file, made before anything is stored.

* Size: at most ``EVIDENCE_MAX_UPLOAD_BYTES`` (default 20 MB).
* Type, decided by the content and never by the name: PDF, Word (.docx, .doc), Excel
  (.xlsx, .xls), CSV or plain text, PNG, JPEG. puremagic reads the file's signature; on top of
  it, a .docx or .xlsx must be a zip with a ``[Content_Types].xml`` and ``word/`` or ``xl/``
  parts and no macros, a .doc or .xls an OLE2 file with a ``WordDocument`` or ``Workbook``
  stream and no macros, and text must decode (UTF-8 or Windows-1252) with no NUL or other
  control bytes. Anything else, such as a program renamed ``.pdf``, is refused.
* Content, past the signature: a .docx or .xlsx is opened as a zip with limits on its entries
  (at most ``OFFICE_MAX_ENTRIES``, ``OFFICE_MAX_EXPANDED_BYTES`` expanded, each entry at most
  ``OFFICE_MAX_RATIO`` times its compressed size) and refused when it carries a program or an
  embedded file package; a PDF is refused when it carries JavaScript, embedded files, launch
  actions or web-page markup; a PNG or JPEG is decoded with Pillow and refused unless it is
  one whole image with nothing after its end.
* Viruses: when ``CLAMD_SOCKET`` or ``CLAMD_HOST`` is set, the file is streamed to clamd with
  its INSTREAM command. If the scanner cannot be reached the file is refused (fail closed).

Each refusal is a ValidationError whose message names the file and says why, in words a lead
can act on.
"""

import codecs
import hashlib
import os
import re
import socket
import struct
import unicodedata
import zipfile
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image

ALLOWED_TYPES_TEXT = "PDF, Word, Excel, CSV, plain text, PNG or JPEG"
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("PDF", "application/pdf", (".pdf",))
DOCX = FileKind(
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
DOC = FileKind("Word 97-2003 document", "application/msword", (".doc",))
XLSX = FileKind(
    "Excel workbook",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
XLS = FileKind("Excel 97-2003 workbook", "application/vnd.ms-excel", (".xls",))
CSV = FileKind("CSV", "text/csv", (".csv",))
TEXT = FileKind("plain text", "text/plain", (".txt",))
PNG = FileKind("PNG image", "image/png", (".png",))
JPEG = FileKind("JPEG image", "image/jpeg", (".jpg", ".jpeg"))

# Text that is really markup a browser would run or render is not "plain text".
_MARKUP_TYPES = {
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/xml",
    "application/xml",
    "application/javascript",
    "text/javascript",
}
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURE = b"PK\x03\x04"
_PROGRAM_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"\xca\xfe\xba\xbe",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"#!",
)


# Limits on what an Office file (a zip) may expand to: far above any real document or workbook,
# far below what would tie up a worker or fill a disk.
OFFICE_MAX_ENTRIES = 5_000
OFFICE_MAX_EXPANDED_BYTES = 100 * 1024 * 1024
OFFICE_MAX_RATIO = 200
_EXECUTABLE_EXTENSIONS = (
    ".exe", ".dll", ".com", ".scr", ".bat", ".cmd", ".ps1", ".vbs", ".vbe", ".js", ".jse",
    ".wsf", ".wsh", ".msi", ".msp", ".jar", ".hta", ".cpl", ".lnk", ".pif", ".sh", ".app",
)  # fmt: skip
# PDF features that run code or carry other files (names compared after #xx unescaping).
_PDF_ACTIVE_NAMES = {
    b"JavaScript": "JavaScript",
    b"JS": "JavaScript",
    b"EmbeddedFile": "embedded files",
    b"EmbeddedFiles": "embedded files",
    b"Launch": "an action that starts a program",
    b"RichMedia": "embedded media that can run code",
    b"XFA": "an XML form that can run code",
}
_PDF_NAME = re.compile(rb"/([A-Za-z0-9#_.+-]{2,40})")
_HTML_MARKERS = re.compile(rb"<\s*(html|script|body|iframe|svg|object|embed)\b", re.IGNORECASE)
# The stream an OLE "package" (any file, a program included, wrapped for embedding) carries.
_OLE10_NATIVE = "Ole10Native".encode("utf-16-le")
# Decoding an image this large (pixels) is refused rather than risked.
IMAGE_MAX_PIXELS = 100_000_000


def _ole_name(name: str) -> bytes:
    """An OLE2 directory entry name as stored: UTF-16LE with its NUL terminator."""
    return (name + "\0").encode("utf-16-le")


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check, with what is recorded about it."""

    upload: object
    kind: FileKind
    name: str
    size: int
    sha256: str


class ScannerUnavailable(Exception):
    """clamd could not be reached or did not give a verdict."""


def max_upload_text() -> str:
    return human_size(settings.EVIDENCE_MAX_UPLOAD_BYTES)


def human_size(size: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def safe_filename(name: str, *, default: str = "evidence") -> str:
    """A file name fit to show and to send in Content-Disposition: the last path part only,
    no control or direction-changing characters, no characters that mean something to a
    shell or a file system, at most 150 characters with the extension kept."""
    name = unicodedata.normalize("NFKC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*;%$`]', "_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, ext = os.path.splitext(name)
    if len(name) > 150:
        ext = ext[:20]
        name = stem[: 150 - len(ext)] + ext
    return name or default


def _refuse(name: str, why: str):
    return ValidationError(f"“{name}” was not accepted: {why}", code="evidence_refused")


def _matches(head: bytes):
    try:
        return puremagic.magic_string(head)
    except puremagic.PureError:
        return []


def _check_office_entries(archive, name: str) -> None:
    """Refuse a zip that would expand too far, or that carries a program or a file package."""
    infos = archive.infolist()
    if len(infos) > OFFICE_MAX_ENTRIES:
        raise _refuse(name, f"it holds {len(infos):,} parts; a real document has far fewer.")
    expanded = sum(info.file_size for info in infos)
    if expanded > OFFICE_MAX_EXPANDED_BYTES:
        raise _refuse(
            name,
            f"it would expand to {human_size(expanded)}; the limit is "
            f"{human_size(OFFICE_MAX_EXPANDED_BYTES)}. Save a smaller copy and upload that.",
        )
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > OFFICE_MAX_RATIO:
            raise _refuse(name, "part of it expands far more than any real document does.")
        lowered = info.filename.lower()
        if lowered.endswith(_EXECUTABLE_EXTENSIONS):
            raise _refuse(
                name,
                f"it carries a program ({os.path.basename(info.filename)}). Remove it, save the "
                "document again and upload it.",
            )
        if "/embeddings/" in lowered or "/activex/" in lowered:
            with archive.open(info) as entry:
                head = entry.read(_CHUNK)
                packaged, tail = _OLE10_NATIVE in head, head[-32:]
                while not packaged and (chunk := entry.read(_CHUNK)):
                    packaged, tail = _OLE10_NATIVE in tail + chunk, chunk[-32:]
            if head.startswith(_PROGRAM_SIGNATURES) or packaged:
                raise _refuse(
                    name,
                    "it carries an embedded file or program. Remove the embedded object, "
                    "save the document again and upload it.",
                )


def _office_zip_kind(upload, name: str) -> FileKind:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            _check_office_entries(archive, name)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as error:
        raise _refuse(name, f"it is not a readable {ALLOWED_TYPES_TEXT} file.") from error
    if "[Content_Types].xml" not in names:
        raise _refuse(name, f"it is a zip archive, not a {ALLOWED_TYPES_TEXT} file.")
    if any(part.lower().endswith("vbaproject.bin") for part in names):
        raise _refuse(
            name, "it contains macros. Save it as a document without macros and upload it again."
        )
    word = any(part.startswith("word/") for part in names)
    excel = any(part.startswith("xl/") for part in names)
    if word and not excel:
        return DOCX
    if excel and not word:
        return XLSX
    raise _refuse(
        name, f"it is an Office file of a kind not allowed here; upload {ALLOWED_TYPES_TEXT}."
    )


def _pdf_problem(upload) -> str | None:
    """What makes a file that starts like a PDF unsafe to pass on, if anything."""
    found, tail = set(), b""
    for chunk in upload.chunks(_CHUNK):
        window = tail + chunk
        if _HTML_MARKERS.search(window):
            return "it is a web page with a PDF header, not a PDF"
        for match in _PDF_NAME.finditer(window):
            raw = match.group(1)
            if b"#" in raw:
                raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
            if raw in _PDF_ACTIVE_NAMES:
                found.add(_PDF_ACTIVE_NAMES[raw])
        tail = window[-64:]
    if found:
        return f"it contains {' and '.join(sorted(found))}"
    return None


def _check_image(upload, name: str, kind: "FileKind") -> None:
    """Decode the image: it must be one whole image, with nothing after its end."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise _refuse(name, "the image is too large to check. Save a smaller copy.")
            image.load()
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 - Pillow raises many kinds for a broken image
        raise _refuse(
            name, f"it is not a whole {kind.label}. Save the image again and upload it."
        ) from error
    upload.seek(max(upload.size - 16, 0))
    end = upload.read()
    upload.seek(0)
    ends = (
        end.endswith(b"IEND\xaeB`\x82")
        if kind is PNG
        else end.rstrip(b"\x00").endswith(b"\xff\xd9")
    )
    if not ends:
        raise _refuse(name, f"it has something after the end of the {kind.label}.")


def _contains(upload, needles: list[bytes]) -> set[bytes]:
    """Which of the byte strings occur anywhere in the file (read in chunks)."""
    found, overlap = set(), max(len(n) for n in needles) - 1
    tail = b""
    for chunk in upload.chunks(_CHUNK):
        window = tail + chunk
        found.update(n for n in needles if n in window)
        tail = window[-overlap:]
    return found


def _legacy_office_kind(upload, name: str) -> FileKind:
    word, workbook, vba, macros = (
        _ole_name("WordDocument"),
        _ole_name("Workbook"),
        "_VBA_PROJECT".encode("utf-16-le"),
        _ole_name("Macros"),
    )
    found = _contains(upload, [word, workbook, vba, macros])
    if vba in found or macros in found:
        raise _refuse(
            name, "it contains macros. Save it as a document without macros and upload it again."
        )
    if word in found:
        return DOC
    if workbook in found:
        return XLS
    raise _refuse(
        name, f"it is an Office file of a kind not allowed here; upload {ALLOWED_TYPES_TEXT}."
    )


_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")


def _is_text(upload) -> bool:
    """Decodes as UTF-8, or else Windows-1252, with no NUL or other control bytes."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for chunk in upload.chunks(_CHUNK):
                if _CONTROL_BYTES.search(chunk):
                    return False
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return True
    return False


def detect_kind(upload, name: str) -> FileKind:
    """The allowed kind the file's content shows it to be; ValidationError for any other."""
    upload.seek(0)
    head = upload.read(_CHUNK)
    upload.seek(0)
    types = {match.mime_type for match in _matches(head)}
    if head.startswith(b"%PDF-") and "application/pdf" in types:
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n") and "image/png" in types:
        return PNG
    if head.startswith(b"\xff\xd8\xff") and "image/jpeg" in types:
        return JPEG
    if head.startswith(_ZIP_SIGNATURE):
        return _office_zip_kind(upload, name)
    if head.startswith(_OLE2_SIGNATURE):
        return _legacy_office_kind(upload, name)
    if head.startswith(_PROGRAM_SIGNATURES):
        raise _refuse(
            name,
            f"its content is a program, not a {ALLOWED_TYPES_TEXT} file, whatever its name says.",
        )
    if types & _MARKUP_TYPES:
        raise _refuse(name, f"it is a web page or markup, not a {ALLOWED_TYPES_TEXT} file.")
    if _is_text(upload):
        return CSV if name.lower().endswith(".csv") else TEXT
    raise _refuse(name, f"its content is not a {ALLOWED_TYPES_TEXT} file, whatever its name says.")


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def scanner_configured() -> bool:
    return bool(settings.CLAMD_SOCKET or settings.CLAMD_HOST)


def _clamd_connection() -> socket.socket:
    if settings.CLAMD_SOCKET:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(settings.CLAMD_TIMEOUT)
        try:
            connection.connect(settings.CLAMD_SOCKET)
        except OSError:
            connection.close()
            raise
        return connection
    return socket.create_connection(
        (settings.CLAMD_HOST, settings.CLAMD_PORT), timeout=settings.CLAMD_TIMEOUT
    )


def clamd_scan(upload) -> str | None:
    """Stream the file to clamd (INSTREAM). None when clean, else the signature found.
    Raises ScannerUnavailable when clamd cannot be reached or gives no verdict."""
    try:
        with _clamd_connection() as connection:
            connection.sendall(b"zINSTREAM\0")
            for chunk in upload.chunks(_CHUNK):
                connection.sendall(struct.pack(">I", len(chunk)) + chunk)
            connection.sendall(struct.pack(">I", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                data = connection.recv(4096)
                if not data:
                    break
                reply += data
    except OSError as error:
        raise ScannerUnavailable(str(error)) from error
    verdict = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if verdict.endswith(" OK"):
        return None
    if verdict.endswith(" FOUND"):
        return verdict.removeprefix("stream:").removesuffix("FOUND").strip()
    raise ScannerUnavailable(verdict or "no reply")


def check_upload(upload) -> CheckedFile:
    """Run every check on one uploaded file; ValidationError explains a refusal."""
    name = safe_filename(upload.name)
    limit = settings.EVIDENCE_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise _refuse(
            name, f"it is {human_size(upload.size)}; the limit is {human_size(limit)} per file."
        )
    if upload.size == 0:
        raise _refuse(name, "the file is empty.")
    kind = detect_kind(upload, name)
    if kind is PDF:
        problem = _pdf_problem(upload)
        if problem:
            raise _refuse(
                name, f"{problem}. Save it as a plain PDF (print to PDF) and upload that."
            )
    if kind in (PNG, JPEG):
        _check_image(upload, name, kind)
    if scanner_configured():
        try:
            signature = clamd_scan(upload)
        except ScannerUnavailable as error:
            raise _refuse(
                name,
                "the virus scanner could not be reached, so the file could not be checked. "
                "Try again later; if this keeps happening, tell your administrator.",
            ) from error
        if signature:
            raise _refuse(name, f"the virus scanner found {signature}.")
    if os.path.splitext(name)[1].lower() not in kind.extensions:
        name = f"{name}{kind.extensions[0]}"
    upload.seek(0)
    return CheckedFile(
        upload=upload, kind=kind, name=name, size=upload.size, sha256=_sha256(upload)
    )
