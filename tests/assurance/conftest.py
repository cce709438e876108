"""Real servers for the workflow tests: an SMTP server (aiosmtpd) that the app delivers to, and
a fake clamd that speaks clamd's INSTREAM protocol on a unix socket or a localhost port."""

import email
import io
import socket
import socketserver
import struct
import threading
import zipfile
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.assurance.factories import PDF_BYTES

# The EICAR anti-virus test string, built in two halves so that this file is not itself flagged.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """Collects every message the SMTP server receives, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message.recipients = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for m in self.messages if address in m.recipients]

    @staticmethod
    def body(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on a free local port; the app's email settings point at it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.SITE_URL = "https://scr-tracker.example.org"
    yield inbox
    controller.stop()


def _read_exactly(connection, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = connection.recv(count - len(data))
        if not chunk:
            raise ConnectionError("client closed the stream early")
        data += chunk
    return data


class FakeClamd:
    """Answers INSTREAM as clamd does: zINSTREAM\\0, then 4-byte big-endian chunk lengths and
    chunks, ended by a zero length; replies "stream: OK" or "stream: <name> FOUND"."""

    def __init__(self):
        self.commands: list[bytes] = []
        self.streams: list[bytes] = []
        fake = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                command = b""
                while not command.endswith(b"\0"):
                    command += _read_exactly(self.request, 1)
                fake.commands.append(command)
                if command != b"zINSTREAM\0":
                    self.request.sendall(b"UNKNOWN COMMAND\0")
                    return
                data = b""
                while True:
                    (length,) = struct.unpack(">I", _read_exactly(self.request, 4))
                    if length == 0:
                        break
                    data += _read_exactly(self.request, length)
                fake.streams.append(data)
                if EICAR in data:
                    self.request.sendall(b"stream: Eicar-Signature FOUND\0")
                else:
                    self.request.sendall(b"stream: OK\0")

        self.handler = Handler

    def serve(self, server):
        self.server = server
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def clamd_unix(settings, tmp_path):
    """A fake clamd on a unix socket, configured through CLAMD_SOCKET."""
    fake = FakeClamd()
    path = str(tmp_path / "clamd.sock")
    fake.serve(socketserver.ThreadingUnixStreamServer(path, fake.handler))
    settings.CLAMD_SOCKET = path
    settings.CLAMD_HOST = ""
    yield fake
    fake.stop()


@pytest.fixture
def clamd_tcp(settings):
    """A fake clamd on a localhost port, configured through CLAMD_HOST and CLAMD_PORT."""
    fake = FakeClamd()
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), fake.handler)
    fake.serve(server)
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST = "127.0.0.1"
    settings.CLAMD_PORT = server.server_address[1]
    yield fake
    fake.stop()


@pytest.fixture
def evidence_root(settings, tmp_path):
    """A fresh, empty evidence store for the test."""
    root = tmp_path / "evidence-store"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


def image_bytes(format_: str, size=(24, 16)) -> bytes:
    """A real, whole image (Pillow), as a camera or a screenshot tool would save it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (29, 112, 184)).save(buffer, format=format_)
    return buffer.getvalue()


def office_zip(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def ole2(*streams: str) -> bytes:
    """An OLE2 compound file's signature, padding and directory entry names."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    names = b"".join((name + "\0").encode("utf-16-le").ljust(128, b"\x00") for name in streams)
    return header + b"\x00" * 512 + names


SAMPLES = {
    "minutes.pdf": PDF_BYTES,
    "poster.png": image_bytes("PNG"),
    "photo.jpg": image_bytes("JPEG"),
    "policy.docx": office_zip({"word/document.xml": "<w:document/>"}),
    "audit.xlsx": office_zip({"xl/workbook.xml": "<workbook/>"}),
    "old-policy.doc": ole2("Root Entry", "WordDocument", "1Table"),
    "old-audit.xls": ole2("Root Entry", "Workbook"),
    "attendance.csv": b"Practice,Meetings\nPractice A,3\n",
    "notes.txt": b"Audit of 40 case files, March 2018: 95% compliant.\n",
}

EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + (b"This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 64)
)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
