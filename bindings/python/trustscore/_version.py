"""The package version (read by setuptools and by trustscore.__version__)."""

__version__ = "0.1.0"
