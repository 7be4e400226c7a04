"""``python -m samples.layouts``: see ``samples.layouts.generate.main``."""

import sys

from samples.layouts.generate import main

sys.exit(main())
