"""
Starts moto's server with the project's extension (extension.py) installed:
`python3 launch.py -H 127.0.0.1 -p PORT`, the arguments of `python3 -m moto.server`.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import extension  # noqa: E402

extension.install()

from moto.server import main  # noqa: E402

if __name__ == "__main__":
    main(sys.argv[1:])
