import sys

from rls_stretch.cli.main import main

sys.exit(main())
