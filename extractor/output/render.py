"""The Jinja2 environment of the pages, and Vega-Lite charts embedded with their library inlined.

Pages are single self-contained files: CSS and scripts inline, images as data URIs, charts drawn
by the Vega libraries that ``vl-convert`` bundles (no CDN, no network), so a page can be mailed
or archived and still open offline. Autoescaping is on: every piece of report text is escaped.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from extractor.output.formats import FORMAT_LOCALE, number, percent, rupiah, whole


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("extractor.output", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters |= {"rupiah": rupiah, "number": number, "percent": percent, "year": whole}
    return env


@cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script (from the vl-convert package, offline)."""
    import vl_convert

    bundle: Any = vl_convert.javascript_bundle  # its stub wants a snippet; None is the documented default
    return str(bundle()).replace("</script", "<\\/script")


def chart_json(spec: dict[str, Any]) -> Markup:
    """A Vega-Lite spec as JSON safe inside a <script> element."""
    text = json.dumps(spec, ensure_ascii=False, default=str)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def embed_options() -> Markup:
    options = {"actions": False, "renderer": "svg", "formatLocale": FORMAT_LOCALE}
    return Markup(json.dumps(options))


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
