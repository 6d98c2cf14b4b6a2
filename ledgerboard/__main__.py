import sys

from ledgerboard.cli import main

sys.exit(main())
