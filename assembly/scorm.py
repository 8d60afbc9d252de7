"""The offline page as a SCORM 1.2 package (``render.py --lecture``): imsmanifest.xml, the page and its files, zipped.

The page in the package is ``index.html`` as published, byte for byte: its script looks for an LMS's SCORM API
in the frames above it and reports the lesson completed there; outside an LMS it finds none and nothing
changes (``page.js``).
"""

import html.parser
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from common.store import atomic

#: The namespaces of a SCORM 1.2 manifest: IMS Content Packaging 1.1.2 and ADL's extension.
IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (f"{IMSCP} imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 "
                   f"imsmd_rootv1p2p1.xsd {ADLCP} adlcp_rootv1p2.xsd")
#: Files already compressed, stored as they are; the rest deflated.
STORED = {".mp4", ".png"}
#: Every entry's time stamp (zip's earliest), so the same files make the same package.
STAMP = (1980, 1, 1, 0, 0, 0)


def page_files(page):
    """The files the HTML file ``page`` plays, shows or offers, as paths relative to its folder, in order."""
    collector = _Links()
    collector.feed(Path(page).read_text(encoding="utf-8"))
    files = []
    for link in collector.links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path or link.startswith(("#", "/")):
            continue
        name = unquote(parts.path)
        if name not in files:
            files.append(name)
    return files


def imsmanifest(identifier, title, files):
    """The package's ``imsmanifest.xml`` text: one organization, one item, one SCO launched at ``files[0]``."""
    ET.register_namespace("", IMSCP)
    ET.register_namespace("adlcp", ADLCP)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(f"{{{IMSCP}}}manifest", {"identifier": identifier, "version": "1.0",
                                               f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION})
    metadata = ET.SubElement(root, f"{{{IMSCP}}}metadata")
    ET.SubElement(metadata, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{IMSCP}}}schemaversion").text = "1.2"
    organizations = ET.SubElement(root, f"{{{IMSCP}}}organizations", {"default": "organization"})
    organization = ET.SubElement(organizations, f"{{{IMSCP}}}organization", {"identifier": "organization"})
    ET.SubElement(organization, f"{{{IMSCP}}}title").text = title
    item = ET.SubElement(organization, f"{{{IMSCP}}}item", {"identifier": "item", "identifierref": "page",
                                                            "isvisible": "true"})
    ET.SubElement(item, f"{{{IMSCP}}}title").text = title
    resources = ET.SubElement(root, f"{{{IMSCP}}}resources")
    resource = ET.SubElement(resources, f"{{{IMSCP}}}resource", {"identifier": "page", "type": "webcontent",
                                                                 f"{{{ADLCP}}}scormtype": "sco", "href": files[0]})
    for name in files:
        ET.SubElement(resource, f"{{{IMSCP}}}file", {"href": name})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_scorm(path, folder, manifest, page="index.html"):
    """Write the package of the page ``folder/page`` and every file it uses to ``path``; return the path.

    Raises
    ------
    AssertionError
        If the page names a file the folder lacks: the render wrote the page, so that is our bug.
    """
    folder = Path(folder)
    files = [page, *page_files(folder / page)]
    missing = [name for name in files if not (folder / name).is_file()]
    assert not missing, f"the page names files the render did not write: {missing}"
    identifier = f"membrane-explainer-{manifest['input_hash'][:16]}"
    with atomic(path) as partial, zipfile.ZipFile(partial, "w") as archive:
        _add(archive, "imsmanifest.xml", imsmanifest(identifier, manifest["title"], files).encode("utf-8"))
        for name in files:
            _add(archive, name, folder / name)
    return path


def _add(archive, name, source):
    """Add ``source`` (bytes or a file) as ``name``, stamped with :data:`STAMP`."""
    info = zipfile.ZipInfo(name, STAMP)
    info.compress_type = zipfile.ZIP_STORED if Path(name).suffix in STORED else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    if isinstance(source, bytes):
        archive.writestr(info, source)
        return
    with open(source, "rb") as reader, archive.open(info, "w", force_zip64=True) as writer:
        shutil.copyfileobj(reader, writer, 1 << 20)


class _Links(html.parser.HTMLParser):
    """The ``src``, ``href`` and ``poster`` of every element, in order."""

    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        self.links += [value for name, value in attrs if name in ("src", "href", "poster") and value]
