"""Evidence file checks: type by content, size limit, names, and the clamd virus scan."""

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from assurance.evidence_files import check_upload, human_size, safe_filename
from tests.assurance.conftest import (
    EICAR,
    EXECUTABLE,
    SAMPLES,
    image_bytes,
    office_zip,
    ole2,
    upload,
)
from tests.assurance.factories import PDF_BYTES

EXPECTED_TYPES = {
    "minutes.pdf": "application/pdf",
    "poster.png": "image/png",
    "photo.jpg": "image/jpeg",
    "policy.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "audit.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "old-policy.doc": "application/msword",
    "old-audit.xls": "application/vnd.ms-excel",
    "attendance.csv": "text/csv",
    "notes.txt": "text/plain",
}


@pytest.mark.parametrize("name", list(SAMPLES))
def test_allowed_types_are_accepted_with_their_content_type_and_hash(name):
    checked = check_upload(upload(name, SAMPLES[name]))
    assert checked.kind.content_type == EXPECTED_TYPES[name]
    assert checked.sha256 == hashlib.sha256(SAMPLES[name]).hexdigest()
    assert checked.size == len(SAMPLES[name]) and checked.name == name


def test_type_comes_from_the_content_not_the_name():
    checked = check_upload(upload("scan.pdf", SAMPLES["poster.png"], "application/pdf"))
    assert checked.kind.content_type == "image/png"
    assert checked.name == "scan.pdf.png"


def test_an_executable_renamed_pdf_is_refused():
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("minutes.pdf", EXECUTABLE, "application/pdf"))
    assert "“minutes.pdf” was not accepted: its content is a program" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("linux.txt", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64, "is a program"),
        ("page.txt", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "web page"),
        ("bundle.docx", office_zip({"payload/run.exe": "x"}), "it carries a program (run.exe)"),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 40, "not a readable"),
        (
            "macro.docx",
            office_zip({"word/document.xml": "<w/>", "word/vbaProject.bin": "x"}),
            "contains macros",
        ),
        ("macro.xls", ole2("Root Entry", "Workbook", "_VBA_PROJECT_CUR"), "contains macros"),
        ("installer.doc", ole2("Root Entry", "SummaryInformation"), "Office file of a kind"),
        ("blob.csv", bytes(range(256)) * 4, "not a PDF, Word"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_other_content_is_refused_with_the_reason(name, content, why):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, content))
    assert why in refused.value.messages[0]
    assert name in refused.value.messages[0]


def test_oversized_file_is_refused_naming_the_limit(settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("big.txt", b"a" * 2048))
    assert refused.value.messages == [
        "“big.txt” was not accepted: it is 2 KB; the limit is 1 KB per file."
    ]


def test_default_limit_is_20_mb(settings):
    assert settings.EVIDENCE_MAX_UPLOAD_BYTES == 20 * 1024 * 1024
    assert human_size(settings.EVIDENCE_MAX_UPLOAD_BYTES) == "20 MB"


def test_windows_1252_text_is_accepted():
    checked = check_upload(upload("notes.txt", "Caf\u00e9 \u2013 minutes\n".encode("cp1252")))
    assert checked.kind.content_type == "text/plain"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("C:\\Users\\hv\\Desktop\\audit results.pdf", "audit results.pdf"),
        ("../../etc/passwd", "passwd"),
        ("report\u202egpj.exe", "reportgpj.exe"),
        ('minutes"; filename="x.html', "minutes__ filename=_x.html"),
        ("  .hidden.  ", "hidden"),
        ("", "evidence"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_file_names_are_sanitised(raw, shown):
    assert safe_filename(raw) == shown


@pytest.mark.parametrize("fixture", ["clamd_unix", "clamd_tcp"])
def test_clean_file_passes_the_virus_scan(request, fixture):
    clamd = request.getfixturevalue(fixture)
    content = SAMPLES["minutes.pdf"] * 3000  # several INSTREAM chunks
    check_upload(upload("minutes.pdf", content))
    assert clamd.commands == [b"zINSTREAM\0"]
    assert clamd.streams == [content]


@pytest.mark.parametrize("fixture", ["clamd_unix", "clamd_tcp"])
def test_infected_file_is_refused_naming_the_signature(request, fixture):
    request.getfixturevalue(fixture)
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("notes.txt", EICAR))
    assert refused.value.messages == [
        "“notes.txt” was not accepted: the virus scanner found Eicar-Signature."
    ]


def test_unreachable_scanner_socket_refuses_the_upload(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "no-clamd-here.sock")
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("notes.txt", SAMPLES["notes.txt"]))
    assert "the virus scanner could not be reached" in refused.value.messages[0]


def test_unreachable_scanner_port_refuses_the_upload(settings):
    from tests.assurance.conftest import free_port

    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST = "127.0.0.1"
    settings.CLAMD_PORT = free_port()
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("notes.txt", SAMPLES["notes.txt"]))
    assert "the virus scanner could not be reached" in refused.value.messages[0]


def test_no_scan_without_a_configured_scanner(settings):
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST = ""
    assert check_upload(upload("notes.txt", EICAR)).kind.content_type == "text/plain"


# Hostile files that passed the signature check (issue 17, item 7): each is refused with a
# message the uploader can act on.
def _deflated_zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


WORD_PARTS = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
HOSTILE = [
    (
        "poster.png",
        b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
        "is not a whole PNG image",
    ),
    ("poster2.png", image_bytes("PNG") + b"<html><body>hi</body></html>", "after the end"),
    ("photo.jpg", image_bytes("JPEG")[:-40], "is not a whole JPEG image"),
    (
        "report.pdf",
        b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>",
        "web page with a PDF header",
    ),
    (
        "js.pdf",
        PDF_BYTES.replace(
            b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
        ),
        "contains JavaScript",
    ),
    (
        "hidden.pdf",
        PDF_BYTES.replace(b"/Type /Catalog", b"/Names << /EmbeddedFiles 2 0 R >>"),
        "contains embedded files",
    ),
    (
        "escaped.pdf",
        PDF_BYTES.replace(b"/Type /Catalog", b"/S /J#61vaScript"),
        "contains JavaScript",
    ),
    (
        "bomb.docx",
        _deflated_zip({**WORD_PARTS, "word/media/big.bin": b"\0" * (120 * 1024 * 1024)}),
        "would expand to",
    ),
    (
        "payload.docx",
        _deflated_zip({**WORD_PARTS, "word/payload.exe": b"MZ\x90\x00"}),
        "carries a program (payload.exe)",
    ),
    (
        "packaged.docx",
        _deflated_zip({**WORD_PARTS, "word/embeddings/oleObject1.bin": ole2("Ole10Native")}),
        "embedded file or program",
    ),
]


@pytest.mark.parametrize(("name", "content", "reason"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_content_behind_an_allowed_signature_is_refused(settings, name, content, reason):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, content, "application/octet-stream"))
    message = refused.value.messages[0]
    assert reason in message and name in message


def test_a_plain_pdf_a_real_image_and_a_plain_document_still_pass():
    for name, content in [
        ("plain.pdf", PDF_BYTES),
        ("poster.png", image_bytes("PNG")),
        ("photo.jpg", image_bytes("JPEG")),
        ("letter.docx", _deflated_zip({**WORD_PARTS, "word/media/image1.png": image_bytes("PNG")})),
    ]:
        assert check_upload(upload(name, content, "application/octet-stream")).name == name
