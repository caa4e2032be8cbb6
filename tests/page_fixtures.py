"""What the web page's tests share: a short narrated render with questions, the system Chromium, and the three
screens a page must work on (a laptop, a tablet and a phone)."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; tools/setup_system.sh installs it
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"]
SHORT = ["title", "ws-update", "ws-chain"]  # three chapters, short segments
# The tone voice (quick), and two of the questions moved to the first chapter, so a test reaches them in seconds.
TONED = """[narration]
engine = "tone"

[quiz]
questions = ["valley-step", "most-blame"]

[quiz.chapters]
valley-step = "title"
most-blame = "title"
"""
SCREENS = {  # name: (width, height, a touch screen)
    "laptop": (1600, 900, False),
    "tablet": (768, 1024, True),
    "phone": (390, 844, True),
}
