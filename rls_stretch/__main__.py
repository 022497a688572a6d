import sys

from rls_stretch.cli import main

sys.exit(main())
