"""Magic number detection for binary file types.

Note: ``from __future__ import annotations`` is intentionally omitted because
this module is compiled with mypyc, which does not support PEP 563 string
annotations.
"""

from chardet.pipeline import DetectionResult

# (prefix_bytes, mime_type) — longest prefix first to avoid shorter prefixes
# shadowing longer ones. All entries match at offset 0.
# Formats with sub-type logic (ftyp, RIFF, FORM, ZIP) are handled separately.
_MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    # Images
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"MM\x00\x2a", "image/tiff"),
    (b"II\x2a\x00", "image/tiff"),
    (b"8BPS", "image/vnd.adobe.photoshop"),
    (b"qoif", "image/qoi"),
    (b"BM", "image/bmp"),
    (b"\xff\xd8\xff", "image/jpeg"),
    # JPEG XL: 12-byte container signature (must precede the 2-byte codestream)
    (
        b"\x00\x00\x00\x0c\x4a\x58\x4c\x20\x0d\x0a\x87\x0a",
        "image/jxl",
    ),
    # JPEG XL: 2-byte codestream signature
    (b"\xff\x0a", "image/jxl"),
    (
        b"\x00\x00\x01\x00",
        "image/vnd.microsoft.icon",
    ),  # ICO (not TTF — TTF is \x00\x01\x00\x00)
    # Audio/Video
    (b"ID3", "audio/mpeg"),
    (b"MThd", "audio/midi"),
    (b"OggS", "audio/ogg"),
    (b"fLaC", "audio/flac"),
    (b"\x1a\x45\xdf\xa3", "video/webm"),
    # Archives (ZIP handled separately below for subtype detection)
    (b"\x1f\x8b", "application/gzip"),
    (b"BZh", "application/x-bzip2"),
    (b"\xfd7zXZ\x00", "application/x-xz"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"Rar!\x1a\x07\x01\x00", "application/vnd.rar"),
    (b"Rar!\x1a\x07\x00", "application/vnd.rar"),
    (b"\x28\xb5\x2f\xfd", "application/zstd"),
    # Documents / Data
    (b"%PDF-", "application/pdf"),
    (b"SQLite format 3\x00", "application/x-sqlite3"),
    (b"ARROW1", "application/vnd.apache.arrow.file"),
    (b"PAR1", "application/vnd.apache.parquet"),
    (b"\x00asm", "application/wasm"),
    # Executables / Bytecode (cafebabe handled separately — shared by Java
    # class files and Mach-O fat binaries, disambiguated by bytes 4-7)
    (b"dex\n", "application/vnd.android.dex"),
    (b"\x7fELF", "application/x-elf"),
    (b"\xfe\xed\xfa\xce", "application/x-mach-binary"),
    (b"\xfe\xed\xfa\xcf", "application/x-mach-binary"),
    (b"\xce\xfa\xed\xfe", "application/x-mach-binary"),
    (b"\xcf\xfa\xed\xfe", "application/x-mach-binary"),
    (b"MZ", "application/vnd.microsoft.portable-executable"),
    # Fonts
    (b"wOFF", "font/woff"),
    (b"wOF2", "font/woff2"),
    (b"OTTO", "font/otf"),
    (b"\x00\x01\x00\x00", "font/ttf"),
)

# TAR archives have "ustar" at offset 257
_TAR_OFFSET = 257
_TAR_SIGNATURES: tuple[bytes, ...] = (b"ustar\x00", b"ustar ")

# RIFF container subtypes — determined by bytes 8-11
_RIFF_SUBTYPES: dict[bytes, str] = {
    b"WEBP": "image/webp",
    b"WAVE": "audio/wav",
    b"AVI ": "video/x-msvideo",
}

# FORM container subtypes (same layout as RIFF: 4-byte tag, 4-byte size, 4-byte type)
_FORM_SUBTYPES: dict[bytes, str] = {
    b"AIFF": "audio/aiff",
    b"AIFC": "audio/aiff",
}

# ZIP-based format detection — scan the first 4 KB for local file headers
# and classify based on entry filenames or content.  Many ZIP generators
# set the data-descriptor flag on every entry, making sequential header
# walking impossible without decompression.  Instead we search for
# PK\x03\x04 signatures and inspect the filename/content fields.
_ZIP_SIGNATURE = b"PK\x03\x04"
_ZIP_SCAN_LIMIT = 4096

# Filename prefix → MIME type (checked against each entry's filename)
_ZIP_FILENAME_PREFIXES: tuple[tuple[bytes, str], ...] = (
    # Office Open XML
    (b"xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (
        b"word/",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        b"ppt/",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    # Java
    (b"META-INF/MANIFEST.MF", "application/java-archive"),
    # Android
    (b"AndroidManifest.xml", "application/vnd.android.package-archive"),
    # EPUB
    (b"META-INF/container.xml", "application/epub+zip"),
)

# Filename suffix → MIME type (checked against each entry's filename)
_ZIP_FILENAME_SUFFIXES: tuple[tuple[bytes, str], ...] = (
    # Python wheels: entries like "package-1.0.dist-info/WHEEL"
    (b".dist-info/", "application/x-wheel+zip"),
)

# OpenDocument MIME types recognized in the "mimetype" entry content.
_OPENDOCUMENT_MIMES: frozenset[bytes] = frozenset(
    {
        b"application/vnd.oasis.opendocument.text",
        b"application/vnd.oasis.opendocument.spreadsheet",
        b"application/vnd.oasis.opendocument.presentation",
        b"application/vnd.oasis.opendocument.graphics",
    }
)

# MP4/MOV/HEIC ftyp box — "ftyp" at offset 4
_FTYP_MARKER = b"ftyp"
_FTYP_OFFSET = 4
# Brand → MIME type for image ftyp brands
_FTYP_AVIF_BRANDS: frozenset[bytes] = frozenset({b"avif", b"avis"})
_FTYP_HEIC_BRANDS: frozenset[bytes] = frozenset({b"heic", b"heix"})
_FTYP_HEIF_BRANDS: frozenset[bytes] = frozenset({b"mif1", b"msf1"})
_FTYP_AUDIO_BRANDS: frozenset[bytes] = frozenset({b"M4A ", b"M4B ", b"F4A "})
_FTYP_QUICKTIME_BRANDS: frozenset[bytes] = frozenset({b"qt  "})

# Java class file vs Mach-O fat binary — both start with \xca\xfe\xba\xbe.
# Bytes 4-7 disambiguate: Mach-O fat stores nfat_arch (big-endian uint32,
# typically 2-5), while Java class stores minor_version (uint16) +
# major_version (uint16, 45+ for Java 1.1 through modern Java).
_CAFEBABE = b"\xca\xfe\xba\xbe"
_CAFEBABE_MAX_FAT_ARCHES = 20  # no real fat binary exceeds this


def _classify_zip(data: bytes) -> str:
    """Classify a ZIP file by scanning entry filenames and content.

    Scans for local file header signatures within the first
    ``_ZIP_SCAN_LIMIT`` bytes.  For each entry, checks the filename
    against known prefixes/s