"""Degraded copies of born-digital reports, as archives hold them (issue 18): photocopies, phone
photos and faxes, with stamps, signatures and turned landscape pages, each with its truth.

```python
from samples.degrade import degrade_pdf, draw_spec

result = degrade_pdf(Path("layout_00100_pdf.pdf"), Path("x_fax.pdf"), draw_spec(100, "fax"))
result.to_dict()  # kind, dpi, per page: skew, keystone / quad, stamps, signatures ...
```
"""

from samples.degrade.generate import (
    Degraded,
    DegradeResult,
    PageDegradation,
    degrade_file,
    degrade_pdf,
    degraded_truth,
    generate_many,
)
from samples.degrade.spec import KINDS, DegradeSpec, draw_spec

__all__ = [
    "KINDS",
    "DegradeResult",
    "DegradeSpec",
    "Degraded",
    "PageDegradation",
    "degrade_file",
    "degrade_pdf",
    "degraded_truth",
    "draw_spec",
    "generate_many",
]
