"""``python -m evals.dev_briefs``: see :mod:`evals.dev_briefs.build`."""

import sys

from evals.dev_briefs.build import main

sys.exit(main())
