"""How this package finds libtrustscore: as built from the source tree.

``pip install`` with ``TRUSTSCORE_USE_SYSTEM_LIBRARY=1`` replaces this file in
the installed package (setup.py) with one where USE_SYSTEM_LIBRARY is True.
"""

#: True: load the installed libtrustscore through the dynamic loader
#: (``libtrustscore.so.1``) instead of looking in the package and the build tree.
USE_SYSTEM_LIBRARY = False
