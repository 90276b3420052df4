"""The bundle's entry point: PyInstaller freezes this script into `wekeza-teller(.exe)`.

It only hands over to the installed command's own `main`, so the bundle and `wekeza-teller` from
a virtual environment take the same arguments (`--smoke`, `--version`, `journal verify`...).
"""

import sys

from desktop_app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
