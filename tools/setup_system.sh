#!/usr/bin/env bash
# Installs the Debian packages Manim, the worksheet, the voice and the web page's browser tests need,
# only those missing (Chromium and its driver: the tests drive the system Chromium, never a download).
# Idempotent: a machine that has them all returns at once.
set -euo pipefail

PACKAGES=(libcairo2-dev libpango1.0-dev pkg-config texlive-latex-base texlive-latex-extra
          texlive-fonts-recommended dvisvgm cm-super poppler-utils fonts-dejavu-core espeak-ng
          chromium chromium-driver)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
else
  # Not Debian: check for the tools themselves.
  for tool in latex dvisvgm pkg-config pdftotext espeak-ng chromium; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  pkg-config --exists cairo pangocairo 2>/dev/null || missing+=("cairo/pango development files")
  if [ ${#missing[@]} -gt 0 ]; then
    echo "error: missing: ${missing[*]}." >&2
    echo "Install Cairo and Pango development files, pkg-config, a LaTeX distribution with" >&2
    echo "dvisvgm and cm-super, poppler-utils, espeak-ng and Chromium (for the page tests), then run this again." >&2
    exit 1
  fi
  exit 0
fi

[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: these Debian packages are missing and I am not root (and there is no sudo):" >&2
    echo "  apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: no apt-get. Install these packages with your system's package manager: ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages (about 90 s the first time): ${missing[*]}"
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "System packages installed in $(( $(date +%s) - start )) s."
