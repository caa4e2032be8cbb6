"""The lesson as a web page: a self-contained static site built from a render's manifests and cues.

`data` turns manifests and cue files into what the page shows (chapters, beats, transcript);
`webm` makes the second rendition for browsers without H.264; `build` writes the folder.
"""

from .build import SiteError, build_site

__all__ = ["SiteError", "build_site"]
