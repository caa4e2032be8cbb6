"""The default lesson's segments: each file that declares ``SEGMENT`` is one; the others are their helpers.

Importing this package registers them (their declarations are read, none of them imported): the
render process, a test and a plain ``manim`` render of one file all see the lesson's order.
"""

from pathlib import Path

from scenes.folders import register_folder

FOLDER = Path(__file__).resolve().parent.parent
SEGMENTS = register_folder(FOLDER, FOLDER, __name__)
