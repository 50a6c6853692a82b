import sys

from cjm_site.cli.main import main

sys.exit(main())
