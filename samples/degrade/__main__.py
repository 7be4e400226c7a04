"""``python -m samples.degrade``: see ``samples.degrade.generate.main``."""

import sys

from samples.degrade.generate import main

sys.exit(main())
