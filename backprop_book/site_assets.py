"""Gather the JavaScript the static site serves itself, from the pinned npm packages.

The book's pages load nothing from another host: require.js, the widget manager
(``@jupyter-widgets/html-manager``), anywidget's front end and MathJax come from
``node_modules`` (pinned by package-lock.json) and are copied into a static folder that
Sphinx publishes as ``_static/offline/``. MathJax is trimmed to the one combined file the
book loads (TeX input, SVG output: no web fonts to fetch, so it also works from
``file://``) and the TeX extensions its autoloader may ask for.

Usage: ``python -m backprop_book.site_assets NODE_MODULES OUT_DIR``

The module is also a Sphinx extension (listed in ``_config.yml``) that keeps every page
offline: it removes sphinx-thebe's scripts, which Jupyter Book always adds (they point at
a CDN, and the book runs no live kernels), and warns, which fails the ``-W`` build, about
any other script or stylesheet a page would load from another host.
"""

import shutil
import sys
from pathlib import Path
from urllib.parse import urlparse

from sphinx.util import logging

LOG = logging.getLogger(__name__)

#: (source inside node_modules, destination inside OUT_DIR/offline), files or folders.
ASSETS = [
    ("requirejs/require.js", "require.js"),
    ("@jupyter-widgets/html-manager/dist/embed-amd.js", "jupyter-widgets/embed-amd.js"),
    ("anywidget/dist/index.js", "anywidget/index.js"),
    ("mathjax/es5/tex-svg.js", "mathjax/tex-svg.js"),
    ("mathjax/es5/input/tex/extensions", "mathjax/input/tex/extensions"),
]
#: The widget manager's icon fonts (Font Awesome), loaded relative to embed-amd.js.
FONT_SUFFIXES = {".woff", ".woff2", ".ttf", ".eot", ".svg"}


def gather(node_modules, out_dir):
    """Copy the assets into ``out_dir/offline``; return the list of files written."""
    node_modules, target = Path(node_modules), Path(out_dir) / "offline"
    if target.exists():
        shutil.rmtree(target)
    pairs = list(ASSETS)
    fonts = node_modules / "@jupyter-widgets/html-manager/dist"
    pairs += [(str(f.relative_to(node_modules)), f"jupyter-widgets/{f.name}")
              for f in sorted(fonts.iterdir()) if f.suffix in FONT_SUFFIXES]
    for source, destination in pairs:
        source, destination = node_modules / source, target / destination
        if not source.exists():
            raise FileNotFoundError(f"{source} is missing: run `npm ci` first")
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination)
        else:
            shutil.copy2(source, destination)
    return sorted(p for p in target.rglob("*") if p.is_file())


def _is_thebe(asset):
    name = str(asset.filename or "")
    return "thebe" in name or "THEBE_JS_URL" in asset.attributes.get("body", "")


def _keep_page_offline(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        assets = [a for a in context.get(key, []) if not _is_thebe(a)]
        for asset in assets:
            if urlparse(str(asset.filename or "")).netloc:
                LOG.warning("%s would load %s from another host", pagename, asset.filename)
        context[key] = assets


def setup(app):
    app.connect("html-page-context", _keep_page_offline)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    node_modules, out_dir = args or ("node_modules", "_build/assets")
    files = gather(node_modules, out_dir)
    size = sum(f.stat().st_size for f in files)
    print(f"offline assets: {len(files)} files, {size / 1e6:.1f} MB in {Path(out_dir) / 'offline'}")


if __name__ == "__main__":
    main()
