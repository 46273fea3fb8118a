"""``python -m mesosym``: the same program as the ``mesosym`` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
