"""A SCORM 1.2 package of the student page, for a learning management system (Moodle, Canvas, Blackboard...).

The zip holds ``imsmanifest.xml`` at its root and the page with its files; the page finds the LMS's
``API`` object in its parent frames (`static/scorm.js`) and reports completion and the questions'
score through it, and plays as usual where there is none. Written beside the site, whole or not at all.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

LEFT_OUT = {"site.json", "worksheets.json"}  # the builder's own records, not the page's


def manifest(identifier: str, title: str, files: list[str]) -> str:
    """imsmanifest.xml: one organization with one item, whose resource is the page and every file it uses."""
    listed = "\n".join(f"      <file href={quoteattr(name)}/>" for name in files)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier={quoteattr(identifier)} version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
                        http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="lesson">
    <organization identifier="lesson">
      <title>{escape(title)}</title>
      <item identifier="lesson-item" identifierref="lesson-page" isvisible="true">
        <title>{escape(title)}</title>
        <adlcp:masteryscore>0</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="lesson-page" type="webcontent" adlcp:scormtype="sco" href="index.html">
{listed}
    </resource>
  </resources>
</manifest>
"""


def write_package(site: Path, target: Path, identifier: str, title: str) -> Path:
    """Zip the student site in ``site`` as a SCORM 1.2 package at ``target`` (written aside, then renamed)."""
    files = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file() and p.name not in LEFT_OUT
                   and not p.is_symlink())
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with zipfile.ZipFile(partial, "w") as bundle:
            bundle.writestr("imsmanifest.xml", manifest(identifier, title, files), zipfile.ZIP_DEFLATED)
            for name in files:  # videos are compressed already: stored, not deflated again
                kind = zipfile.ZIP_STORED if name.endswith((".mp4", ".webm", ".png")) else zipfile.ZIP_DEFLATED
                bundle.write(site / name, name, kind)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target
